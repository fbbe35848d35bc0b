"""The public portal: anonymous, published snapshots only, stable URLs, versions kept."""

from __future__ import annotations

from typing import Any

from django.test import Client

from chiso.results.models import Snapshot

RANKING = "/public/67/2019/district/SS/"


def test_nothing_is_public_before_publication_whoever_asks(
    districts_2019: Any, cast: dict[str, Any], client: Client
) -> None:
    for url in (
        "/public/67/",
        "/public/67/2019/",
        RANKING,
        "/public/67/2019/units/660/",
        "/public/67/2019/results.json",
        "/public/67/2019/methodology/",
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(cast["approver"])  # approved, not published: still not public
    assert client.get(RANKING).status_code == 404
    assert "Chưa có kết quả" in client.get("/public/67/2019/").content.decode()


def test_the_published_ranking_is_public_with_levels_checksum_and_counts(
    published_2019: Snapshot, client: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(4):
        response = client.get(RANKING)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Thành phố Gia Nghĩa" in page and "43,80" in page and "Mức II" in page
    assert published_2019.sha256 in page
    assert "47/QĐ-UBND" in page
    mil = (
        "nhóm nhân lực công nghệ thông tin đạt 6,10/12,00 điểm, dưới mức tối thiểu 8,40 của Mức IV"
    )
    assert "Huyện Đắk Mil" in page and mil in page
    overview = client.get("/public/67/2019/").content.decode()
    assert "3/8 đơn vị được xếp hạng" in overview and "2/8 đơn vị được xếp hạng" in overview
    assert client.post(RANKING).status_code == 405
    assert client.get("/public/67/2019/agency/SS/").status_code == 404
    assert client.get("/public/67/2018/").status_code == 404
    assert "Tỉnh Đắk Nông" in client.get("/public/").content.decode()


def test_a_unit_page_tells_its_strengths_weaknesses_and_next_level(
    published_2019: Snapshot, client: Client
) -> None:
    page = client.get("/public/67/2019/units/666/").content.decode()

    assert '<h1 class="h3">Huyện Đắk R&#x27;Lấp</h1>' in page
    assert "xếp thứ 3/3 đơn vị được xếp hạng" in page
    assert "Điểm mạnh" in page and "Điểm yếu" in page
    assert "Để đạt Mức III:" in page and "thiếu 0,08 điểm" in page
    assert 'data-chart="profile-SS"' in page and "echarts.common.min.js" in page
    assert client.get("/public/67/2019/units/99999/").status_code == 404


def test_search_ignores_diacritics_and_the_methodology_shows_every_criterion(
    published_2019: Snapshot, client: Client
) -> None:
    found = client.get("/public/67/", {"q": "dak rlap"}).content.decode()
    assert "/public/67/2019/units/666/" in found and "Đắk R&#x27;Lấp" in found
    nothing = client.get("/public/67/", {"q": "khong co"}).content.decode()
    assert "Không tìm thấy đơn vị nào" in nothing

    method = client.get("/public/67/2019/methodology/").content.decode()
    assert "1, 2, 2, 4" in method
    assert "Tỷ lệ cán bộ, công chức được trang bị máy tính" in method
    assert "Quyết định 2392/QĐ-BTTTT" in method


def test_after_a_correction_the_first_version_stays_readable_at_its_own_address(
    published_2019: Snapshot, cast: dict[str, Any], client: Client
) -> None:
    from tests.results.test_publication import _correct_gia_nghia

    _correct_gia_nghia(published_2019.campaign, cast)

    latest = client.get(RANKING).content.decode()
    first = client.get("/public/67/2019/v1/district/SS/").content.decode()
    assert "44,04" in latest and "phiên bản 2" in latest
    assert "43,80" in first and "phiên bản 1" in first and published_2019.sha256 in first
    assert "đính chính: Sửa SS.HT.1 của Gia Nghĩa" in latest
    assert client.get("/public/67/2019/v3/").status_code == 404


def test_what_changed_in_the_criteria_is_listed_item_by_item() -> None:
    from chiso.results.methodology import framework_changes
    from chiso.scoring import shipped_registry

    registry = shipped_registry()
    changes = framework_changes(registry.get("vn-2392-xa"), registry.get("danang-2392-phuong-xa"))

    assert (
        changes[0]
        == "Bộ tiêu chí: vn-2392-xa phiên bản 2017 → danang-2392-phuong-xa phiên bản 2019."
    )
    assert any(line.startswith("SS.HT.3.2: tên «") and "(MAN)" in line for line in changes)
    districts = framework_changes(
        registry.get("vn-2392-huyen"), registry.get("danang-2392-quan-huyen")
    )
    assert "Bỏ SS.HT.5 Băng thông Internet bình quân trên một CBCC." in districts
    assert any(line.startswith("Thêm DN.SS.HT.6 ") for line in districts)
