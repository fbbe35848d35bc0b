"""Sở Nội vụ's page, its two workbooks and the report to the ministry: published results only,
figures equal to the public page, the ranking workbook, the unit report and the API."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client

from chiso.accounts.models import Role
from chiso.accounts.services import role_grant, user_create
from chiso.publish.home_affairs import NO_HEAD
from chiso.results.models import Snapshot
from chiso.results.services import results_publish
from tests.conftest import PASSWORD
from tests.results.conftest import SIGNED, run_districts

HEADER_ROW = 5


@pytest.fixture
def noivu(cast: dict[str, Any]) -> Any:
    user, _ = user_create(
        actor=None, username="noivu", full_name="Sở Nội vụ", email="", password=PASSWORD
    )
    role_grant(actor=None, user=user, role=Role.HOME_AFFAIRS, unit=cast["province"])
    return user


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(data: bytes) -> tuple[list[str], dict[str, dict[str, Any]], Any]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[HEADER_ROW]]
    rows = {}
    for line in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        row = dict(zip(header, line, strict=True))
        rows[row["Mã đơn vị"]] = row
    return header, rows, sheet


def _public_ranking(client: Client) -> dict[str, dict[str, Any]]:
    _, rows, _ = _rows(client.get("/public/67/2019/ranking.xlsx").content)
    return rows


def test_home_affairs_downloads_both_workbooks_with_the_published_figures(
    published_2019: Snapshot, cast: dict[str, Any], noivu: Any
) -> None:
    pk = published_2019.campaign_id
    client = _client(noivu)
    page = client.get(f"/results/{pk}/noi-vu/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "thi-dua-khen-thuong.xlsx" in html and "chi-so-cchc.xlsx" in html
    assert "bao-cao-bo.docx" not in html  # the report is the department's to send

    response = client.get(f"/results/{pk}/noi-vu/thi-dua-khen-thuong.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('thi-dua-khen-thuong-dak-nong-2019-v1.xlsx"')
    header, rows, sheet = _rows(response.content)
    assert header[:6] == ["Hạng", "Mã đơn vị", "Đơn vị", "Thủ trưởng đơn vị", "Mức độ", "Điểm"]
    assert published_2019.sha256 in sheet["A3"].value
    public = _public_ranking(Client())
    assert set(rows) == set(public)
    for code, row in rows.items():
        assert (row["Điểm"], row["Hạng"], row["Mức độ"]) == (
            public[code]["Điểm"],
            public[code]["Hạng"],
            public[code]["Mức"],
        )
    # The heads: the accounts holding the HEAD role on each unit (run_districts made them).
    assert rows["666"]["Thủ trưởng đơn vị"] == "Chủ tịch Huyện Đắk R'Lấp, head_a"
    assert all(row["Thủ trưởng đơn vị"] != NO_HEAD for row in rows.values())

    response = client.get(f"/results/{pk}/noi-vu/chi-so-cchc.xlsx")
    assert response.status_code == 200
    header, par, _ = _rows(response.content)
    assert header[:8] == [
        "Hạng",
        "Mã đơn vị",
        "Đơn vị",
        "Điểm đạt",
        "Điểm tối đa",
        "Tỷ lệ đạt",
        "Mức độ",
        "Số đơn vị xếp hạng",
    ]
    for code, row in par.items():
        assert row["Điểm đạt"] == public[code]["Điểm"]
        assert row["Tỷ lệ đạt"] == pytest.approx(row["Điểm đạt"] / row["Điểm tối đa"], abs=1e-6)
        groups = [h for h in header if h and h[0].isupper() and "(tối đa" in h]
        assert groups, header
        if row["Điểm đạt"] is not None:
            total = sum(Decimal(str(row[g])) for g in groups)
            assert total == Decimal(str(row["Điểm đạt"])), code


def test_the_figures_equal_the_public_page_and_the_api_for_one_unit(
    published_2019: Snapshot, noivu: Any
) -> None:
    pk = published_2019.campaign_id
    _, rows, _ = _rows(_client(noivu).get(f"/results/{pk}/noi-vu/thi-dua-khen-thuong.xlsx").content)
    gia_nghia = rows["660"]
    shown = f"{gia_nghia['Điểm']:.2f}".replace(".", ",")
    page = Client().get("/public/67/2019/units/660/").content.decode()
    assert shown in page
    api = Client().get("/api/v1/results/67/2019/units/660")
    assert api.status_code == 200
    assert f'"{gia_nghia["Điểm"]:.2f}"' in api.content.decode()
    pdf = Client().get("/public/67/2019/units/660/report.pdf")
    assert pdf.status_code == 200
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert shown in text


def test_home_affairs_cannot_reach_drafts_or_the_audit_trail(
    published_2019: Snapshot, noivu: Any
) -> None:
    pk = published_2019.campaign_id
    client = _client(noivu)
    for url in (
        f"/results/campaigns/{pk}/",
        f"/results/campaigns/{pk}/ranking.xlsx",
        f"/results/campaigns/{pk}/decision.docx",
        f"/results/campaigns/{pk}/bao-cao-bo.docx",
        "/audit/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Bạn không có quyền" in response.content.decode(), url


def test_an_unpublished_campaign_has_nothing_for_home_affairs(
    cast: dict[str, Any], noivu: Any
) -> None:
    campaign = run_districts(cast, 2019)
    assert _client(noivu).get(f"/results/{campaign.pk}/noi-vu/").status_code == 403
    assert _client(noivu).get(f"/results/{campaign.pk}/noi-vu/chi-so-cchc.xlsx").status_code == 403
    assert _client(cast["appraiser"]).get(f"/results/{campaign.pk}/noi-vu/").status_code == 404
    assert _client(cast["other_appraiser"]).get(f"/results/{campaign.pk}/noi-vu/").status_code == (
        404
    )


def test_other_people_get_404_or_403(published_2019: Snapshot, cast: dict[str, Any]) -> None:
    pk = published_2019.campaign_id
    assert Client().get(f"/results/{pk}/noi-vu/").status_code == 404
    assert _client(cast["other_appraiser"]).get(f"/results/{pk}/noi-vu/").status_code == 404
    assert _client(cast["reporter_a"]).get(f"/results/{pk}/noi-vu/").status_code == 403
    assert _client(cast["appraiser"]).get(f"/results/{pk}/noi-vu/").status_code == 200


def test_lam_dong_home_affairs_sees_nothing_of_dak_nong(
    published_2019: Snapshot, cast: dict[str, Any]
) -> None:
    user, _ = user_create(
        actor=None, username="noivu.lamdong", full_name="Sở Nội vụ LĐ", email="", password=PASSWORD
    )
    role_grant(actor=None, user=user, role=Role.HOME_AFFAIRS, unit=cast["lamdong"])
    pk = published_2019.campaign_id
    assert _client(user).get(f"/results/{pk}/noi-vu/thi-dua-khen-thuong.xlsx").status_code == 404


def test_the_change_from_last_year_is_the_published_one(cast: dict[str, Any], noivu: Any) -> None:
    y2018 = run_districts(cast, 2018, adjust={"660": {"SS.HT.1": ["40", "50"]}})
    results_publish(actor=cast["approver"], campaign=y2018, **SIGNED)
    y2019 = run_districts(cast, 2019)
    results_publish(actor=cast["approver"], campaign=y2019, **SIGNED)
    response = _client(noivu).get(f"/results/{y2019.pk}/noi-vu/thi-dua-khen-thuong.xlsx")
    header, rows, _ = _rows(response.content)
    assert {"Hạng 2018", "Điểm 2018", "Thay đổi điểm", "Thay đổi hạng", "Mức độ 2018"} <= set(
        header
    )
    public = _rows(Client().get("/public/67/2019/ranking.xlsx").content)[1]
    for code, row in rows.items():
        assert row["Thay đổi điểm"] == public[code]["Thay đổi điểm"]
        assert row["Điểm 2018"] == public[code]["Điểm 2018"]
    assert rows["660"]["Thay đổi điểm"] > 0


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_the_approver_downloads_the_report_to_the_ministry(
    published_2019: Snapshot, cast: dict[str, Any], noivu: Any
) -> None:
    pk = published_2019.campaign_id
    url = f"/results/campaigns/{pk}/bao-cao-bo.docx"
    for person in ("approver", "province_admin"):
        page = _client(cast[person]).get(f"/results/{pk}/noi-vu/").content.decode()
        assert "bao-cao-bo.docx" in page
    response = _client(cast["approver"]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('bao-cao-bo-dak-nong-2019-v1.docx"')
    text = _docx_text(response.content)
    assert "BÁO CÁO" in text
    assert "Kính gửi: Bộ Khoa học và Công nghệ." in text
    assert "Bộ Thông tin và Truyền thông" not in text.split("Kính gửi")[1].split("\n")[0]
    assert "…/BC-UBND" in text and "Ủy ban nhân dân tỉnh Đắk Nông" in text
    assert "Quyết định số 47/QĐ-UBND" in text
    assert "Biểu 1" in text and "Phụ lục" in text
    assert "- Sở Khoa học và Công nghệ;" in text  # the copy goes to the department of today
    assert published_2019.sha256 in text
    _, public, _ = _rows(Client().get("/public/67/2019/ranking.xlsx").content)
    gia_nghia = f"{public['660']['Điểm']:.2f}".replace(".", ",")
    assert any(
        public["660"]["Đơn vị"] in line and gia_nghia in line for line in text.splitlines()
    ), text
    # The appraiser and Sở Nội vụ do not send it; nothing before publication.
    assert _client(cast["appraiser"]).get(url).status_code == 403
    assert _client(noivu).get(url).status_code == 403


def test_no_report_to_the_ministry_before_publication(cast: dict[str, Any]) -> None:
    campaign = run_districts(cast, 2019)
    url = f"/results/campaigns/{campaign.pk}/bao-cao-bo.docx"
    assert _client(cast["approver"]).get(url).status_code == 404
