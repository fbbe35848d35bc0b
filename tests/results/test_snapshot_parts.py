"""What public pages show of a snapshot, stored at publication (``results.parts``): the same
page as derived from the snapshot, read without decoding it, and not used once changed."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import openpyxl
from django.http import HttpResponse, JsonResponse
from django.test import Client

from chiso.publish.unit_report import unit_report_html
from chiso.results import derived, figures_cache
from chiso.results.bundle import snapshot_bundle, unit_report_bundle
from chiso.results.documents import result_set
from chiso.results.models import Snapshot, SnapshotPart
from tests.results.test_documents import pdf_text

RANKING = "/public/67/2019/district/SS/"


def _fresh_worker() -> None:
    """A public worker that has kept nothing of the snapshot."""
    figures_cache.clear()
    derived.clear()


def ranking_rows(data: bytes) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [[c.value for c in row] for sheet in book.worksheets for row in sheet.iter_rows()]


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _made_then_kept(
    client: Client, snapshot: Snapshot, url: str, part: str
) -> tuple[HttpResponse, HttpResponse]:
    """A file's first download (made from the figures, then stored as ``part``) and a fresh
    worker's next one (sent as stored, the snapshot not decoded): the same file."""
    _fresh_worker()
    made = client.get(url)
    assert made.status_code == 200 and figures_cache._kept, url  # made from the figures
    assert snapshot.parts.filter(name=part).exists(), part
    _fresh_worker()
    kept = client.get(url)
    assert not figures_cache._kept, url  # read as stored: the figures not decoded
    assert kept.content == made.content
    assert kept["Content-Disposition"] == made["Content-Disposition"]
    assert kept["Content-Type"] == made["Content-Type"]
    return made, kept


def _forged_then_made_again(
    client: Client, snapshot: Snapshot, url: str, part: str, forge: Callable[[Any], Any]
) -> HttpResponse:
    """A fresh worker's download after ``part`` was changed in the database (``forge`` gives its
    changed data): the forgery is not used, the file is made again from the figures."""
    stored = snapshot.parts.get(name=part)
    SnapshotPart.objects.filter(pk=stored.pk).update(data=forge(stored.data))
    _fresh_worker()
    again = client.get(url)
    assert again.status_code == 200 and figures_cache._kept, url  # made again
    return again


def test_every_ranking_table_is_stored_at_publication_and_read_without_the_figures(
    published_2019: Snapshot, client: Client
) -> None:
    names = set(
        published_2019.parts.filter(name__startswith="ranking/").values_list("name", flat=True)
    )
    tables = {
        f"ranking/{cohort['level']}/{section['code']}"
        for cohort in published_2019.data["cohorts"]
        for section in cohort["sections"]
    }
    assert names == tables and len(tables) >= 2
    _fresh_worker()
    stored = _page(client, RANKING)
    assert not figures_cache._kept  # the 25 MB of a national snapshot: not decoded
    # The same page as derived from the snapshot, byte for byte.
    published_2019.parts.all().delete()
    _fresh_worker()
    assert _page(client, RANKING) == stored
    assert "Thành phố Gia Nghĩa" in stored and published_2019.sha256 in stored


def test_a_part_changed_since_publication_is_not_shown(
    published_2019: Snapshot, client: Client
) -> None:
    _fresh_worker()
    before = _page(client, RANKING)
    part = published_2019.parts.get(name="ranking/district/SS")
    forged = part.data | {"body": part.data["body"].replace("Gia Nghĩa", "Giả Mạo")}
    SnapshotPart.objects.filter(pk=part.pk).update(data=forged)
    _fresh_worker()
    page = _page(client, RANKING)
    assert "Giả Mạo" not in page and page == before


def test_a_filtered_or_earlier_version_is_derived_from_the_snapshot(
    published_2019: Snapshot, client: Client
) -> None:
    _fresh_worker()
    district = _page(client, f"{RANKING}?district=xx")
    assert figures_cache._kept  # read from the figures, as before
    assert "Thành phố Gia Nghĩa" not in district
    assert "Thành phố Gia Nghĩa" in _page(client, "/public/67/2019/v1/district/SS/")


def test_a_unit_page_is_read_from_its_stored_figures_the_same_as_derived(
    published_2019: Snapshot, client: Client
) -> None:
    url = "/public/67/2019/units/666/"
    assert published_2019.parts.filter(name__in=["cohorts", "unit/666"]).count() == 2
    _fresh_worker()
    stored = _page(client, url)
    assert not figures_cache._kept  # neither this snapshot nor another year's decoded
    assert "xếp thứ 3/3 đơn vị được xếp hạng" in stored
    unit = published_2019.parts.get(name="unit/666")
    forged = unit.data | {"unit": unit.data["unit"] | {"name": "Huyện Giả Mạo"}}
    SnapshotPart.objects.filter(pk=unit.pk).update(data=forged)
    _fresh_worker()
    assert _page(client, url) == stored  # a changed part: derived from the snapshot instead
    assert figures_cache._kept
    published_2019.parts.all().delete()
    _fresh_worker()
    assert _page(client, url) == stored
    assert client.get("/public/67/2019/units/999/").status_code == 404


def test_a_unit_report_is_made_from_its_stored_figures_the_same_as_from_the_snapshot(
    published_2019: Snapshot, client: Client
) -> None:
    snapshot = Snapshot.objects.defer("data").get(pk=published_2019.pk)
    codes = [u["unit"] for c in published_2019.data["cohorts"] for u in c["units"] if u["sections"]]
    assert len(codes) >= 3
    for code in codes:  # every unit: the same report, read from parts or from the snapshot
        bundle = unit_report_bundle(snapshot, code)
        assert bundle is not None
        stored = result_set(bundle, only=code, tables=False)
        whole = result_set(snapshot_bundle(published_2019, told=False), only=code)
        assert unit_report_html(stored, code) == unit_report_html(whole, code)
    url = "/public/67/2019/units/666/report.pdf"
    _fresh_worker()
    response = client.get(url)
    assert response.status_code == 200
    assert not figures_cache._kept  # a fresh worker's PDF: no snapshot decoded
    text = pdf_text(response.content)
    assert "xếp thứ 3/3" in text and published_2019.sha256 in text
    published_2019.parts.filter(name="unit/666").update(data={"level": "district", "unit": {}})
    _fresh_worker()
    assert pdf_text(client.get(url).content) == text  # a changed part: from the snapshot
    assert figures_cache._kept
    published_2019.parts.all().delete()
    _fresh_worker()
    assert pdf_text(client.get(url).content) == text
    assert client.get("/public/67/2019/units/999/report.pdf").status_code == 404


def test_the_ranking_workbook_is_made_once_then_read_without_the_figures(
    published_2019: Snapshot, client: Client
) -> None:
    url, part = "/public/67/2019/ranking.xlsx", "file/xep-hang.xlsx"
    made, _ = _made_then_kept(client, published_2019, url, part)
    again = _forged_then_made_again(
        client, published_2019, url, part, lambda data: data | {"base64": "AAAA"}
    )
    assert again.content != b"\x00\x00\x00"
    assert ranking_rows(again.content) == ranking_rows(made.content)


def test_the_open_data_csv_is_made_once_then_read_without_the_figures(
    published_2019: Snapshot, client: Client
) -> None:
    url, part = "/public/67/2019/results.csv", "file/ket-qua.csv"
    made, _ = _made_then_kept(client, published_2019, url, part)
    text = made.content.decode("utf-8-sig")
    assert "Thành phố Gia Nghĩa" in text and published_2019.sha256 in text
    again = _forged_then_made_again(
        client,
        published_2019,
        url,
        part,
        lambda data: {"text": data["text"].replace("Thành phố Gia Nghĩa", "Thành phố Giả Mạo")},
    )
    assert again.content == made.content  # made again, not the forgery
    assert "Giả Mạo" not in again.content.decode("utf-8-sig")


def test_the_open_data_json_keeps_its_figures_once_and_its_description_live(
    published_2019: Snapshot, client: Client
) -> None:
    url, part = "/public/67/2019/results.json", "file/ket-qua.json"
    made, _ = _made_then_kept(client, published_2019, url, part)
    body = json.loads(made.content)
    assert body["figures"] == published_2019.data and body["snapshot"]["intact"] is True
    # The same bytes as the whole body written by JsonResponse, keys sorted (as before).
    assert (
        made.content
        == JsonResponse(body, json_dumps_params={"ensure_ascii": False, "sort_keys": True}).content
    )
    # The description is read now: the publisher's name as it is today.
    publisher = published_2019.published_by
    assert publisher is not None
    publisher.first_name, publisher.last_name = "Tên", "Mới"
    publisher.save(update_fields=["first_name", "last_name"])
    _fresh_worker()
    renamed = json.loads(client.get(url).content)
    assert not figures_cache._kept
    assert renamed["snapshot"]["published_by"] == publisher.get_full_name()
    assert renamed["figures"] == body["figures"]
    again = _forged_then_made_again(
        client,
        published_2019,
        url,
        part,
        lambda data: {
            "figures": data["figures"].replace("Thành phố Gia Nghĩa", "Thành phố Giả Mạo")
        },
    )
    assert json.loads(again.content)["figures"] == published_2019.data  # not the forgery
