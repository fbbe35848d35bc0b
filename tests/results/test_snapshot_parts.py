"""What public pages show of a snapshot, stored at publication (``results.parts``): the same
page as derived from the snapshot, read without decoding it, and not used once changed."""

from __future__ import annotations

import io
import json

import openpyxl
from django.http import JsonResponse
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
    url = "/public/67/2019/ranking.xlsx"
    _fresh_worker()
    made = client.get(url)
    assert made.status_code == 200 and figures_cache._kept
    assert published_2019.parts.filter(name="file/xep-hang.xlsx").exists()
    _fresh_worker()
    kept = client.get(url)
    assert not figures_cache._kept  # read as stored: the figures not decoded
    assert kept.content == made.content
    assert kept["Content-Disposition"] == made["Content-Disposition"]
    forged = published_2019.parts.get(name="file/xep-hang.xlsx")
    SnapshotPart.objects.filter(pk=forged.pk).update(data=forged.data | {"base64": "AAAA"})
    _fresh_worker()
    again = client.get(url)
    assert again.content != b"\x00\x00\x00" and figures_cache._kept  # made again
    assert ranking_rows(again.content) == ranking_rows(made.content)


def test_the_open_data_csv_is_made_once_then_read_without_the_figures(
    published_2019: Snapshot, client: Client
) -> None:
    url = "/public/67/2019/results.csv"
    _fresh_worker()
    made = client.get(url)
    assert made.status_code == 200 and figures_cache._kept  # made from the figures
    text = made.content.decode("utf-8-sig")
    assert "Thành phố Gia Nghĩa" in text and published_2019.sha256 in text
    assert published_2019.parts.filter(name="file/ket-qua.csv").exists()
    _fresh_worker()
    kept = client.get(url)
    assert not figures_cache._kept  # sent as stored: the snapshot not decoded
    assert kept.content == made.content
    assert kept["Content-Disposition"] == made["Content-Disposition"]
    assert kept["Content-Type"] == made["Content-Type"]
    stored = published_2019.parts.get(name="file/ket-qua.csv")
    forged = stored.data["text"].replace("Thành phố Gia Nghĩa", "Thành phố Giả Mạo")
    SnapshotPart.objects.filter(pk=stored.pk).update(data={"text": forged})
    _fresh_worker()
    again = client.get(url)
    assert figures_cache._kept and again.content == made.content  # made again, not the forgery
    assert "Giả Mạo" not in again.content.decode("utf-8-sig")


def test_the_open_data_json_keeps_its_figures_once_and_its_description_live(
    published_2019: Snapshot, client: Client
) -> None:
    url = "/public/67/2019/results.json"
    _fresh_worker()
    made = client.get(url)
    assert made.status_code == 200 and figures_cache._kept
    body = json.loads(made.content)
    assert body["figures"] == published_2019.data and body["snapshot"]["intact"] is True
    # The same bytes as the whole body written by JsonResponse, keys sorted (as before).
    assert (
        made.content
        == JsonResponse(body, json_dumps_params={"ensure_ascii": False, "sort_keys": True}).content
    )
    assert published_2019.parts.filter(name="file/ket-qua.json").exists()
    _fresh_worker()
    kept = client.get(url)
    assert not figures_cache._kept and kept.content == made.content
    assert kept["Content-Disposition"] == made["Content-Disposition"]
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
    stored = published_2019.parts.get(name="file/ket-qua.json")
    forged = stored.data["figures"].replace("Thành phố Gia Nghĩa", "Thành phố Giả Mạo")
    SnapshotPart.objects.filter(pk=stored.pk).update(data={"figures": forged})
    _fresh_worker()
    again = json.loads(client.get(url).content)
    assert figures_cache._kept and again["figures"] == published_2019.data  # made again
