"""Open data: the published results and frameworks of a year as CSV and JSON, with the checksum."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any

import pytest
from django.test import Client

from chiso.results.models import Snapshot
from chiso.results.opendata import safe_cell


def _csv(response: Any) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Vietnamese right
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_results_json_carries_every_figure_and_a_checksum_anyone_can_verify(
    published_2019: Snapshot, client: Client
) -> None:
    body = client.get("/public/67/2019/results.json").json()

    canonical = json.dumps(
        body["figures"], ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode()
    assert hashlib.sha256(canonical).hexdigest() == body["snapshot"]["sha256"]
    assert body["snapshot"]["version"] == 1
    ranking = body["figures"]["cohorts"][0]["sections"][0]["ranking"]
    assert ranking[0] == {
        "rank": 1, "unit": "660", "name": "Thành phố Gia Nghĩa", "points": "43.80",
        "points_exact": "43.8", "level": "Mức II",
    }  # fmt: skip
    assert client.get("/public/67/2019/v1/results.json").json() == body


def test_results_csv_has_a_row_per_unit_and_section_with_the_checksum(
    published_2019: Snapshot, client: Client
) -> None:
    response = client.get("/public/67/2019/results.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="chiso-67-2019-v1-ket-qua.csv"' in response["Content-Disposition"]
    rows = _csv(response)

    assert len(rows) == 8 * 2
    gia_nghia = next(r for r in rows if r["Mã đơn vị"] == "660" and r["Mục"] == "SS")
    assert (gia_nghia["Điểm"], gia_nghia["Hạng"], gia_nghia["Mức"]) == ("43.80", "1", "Mức II")
    assert gia_nghia["Mã kiểm tra SHA-256"] == published_2019.sha256
    dakmil = next(r for r in rows if r["Mã đơn vị"] == "663" and r["Mục"] == "SS")
    assert dakmil["Hạng"] == "" and dakmil["Lý do không xếp hạng"].startswith("không đạt Mức IV")


def test_the_framework_is_open_data_with_every_criterion_points_and_legal_basis(
    published_2019: Snapshot, client: Client
) -> None:
    body = json.loads(client.get("/public/67/2019/framework.json").content)
    framework = body["frameworks"][0]
    assert (framework["level"], framework["code"]) == ("district", "vn-2392-huyen")
    assert framework["source"] == "vn-2392-huyen.yaml"
    first = framework["sections"][0]["groups"][0]["criteria"][0]
    assert (first["code"], first["max_points"]) == ("SS.HT.1", "6.00")
    assert "2392/QĐ-BTTTT" in first["legal_basis"]

    rows = _csv(client.get("/public/67/2019/framework.csv"))
    codes = [r["Mã"] for r in rows]
    assert "SS.HT.3.1" in codes and "KQ.CD.2" in codes
    assert all(r["Căn cứ"] for r in rows)


def test_open_data_is_404_before_publication(districts_2019: Any, client: Client) -> None:
    for name in ("results.json", "results.csv", "framework.json", "framework.csv"):
        assert client.get(f"/public/67/2019/{name}").status_code == 404


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-1.9", "-1.9"),  # a number stays a number
        ("+2.365", "+2.365"),
        ("Xã Nâm N'Jang", "Xã Nâm N'Jang"),
        (None, ""),
    ],
)
def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(
    cell: object, written: str
) -> None:
    assert safe_cell(cell) == written
