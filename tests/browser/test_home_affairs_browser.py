"""Sở Nội vụ in Chromium: finds the published 2019 results, downloads both workbooks and checks
them against the public page; is refused the drafts and the audit trail; then the approver
downloads the report to the ministry."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from chiso.accounts.models import Role
from chiso.accounts.services import role_grant, user_create
from tests.conftest import PASSWORD
from tests.results.conftest import publish_districts_2019

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir())  # where the screens are looked at
HEADER_ROW = 5


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def _download(page: Page, link: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(link)).click()
    path = info.value.path()
    return Path(path).read_bytes()


def _sheet_rows(data: bytes) -> dict[str, dict[str, Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in sheet[HEADER_ROW]]
    rows = {}
    for line in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        row = dict(zip(header, line, strict=True))
        rows[str(row["Mã đơn vị"])] = row
    return rows


def test_home_affairs_takes_its_exports_and_the_approver_the_ministry_report(
    page: Page, live_server: LiveServer, transactional_db: None, cast: dict[str, Any]
) -> None:
    snapshot = publish_districts_2019(cast)
    pk = snapshot.campaign_id
    noivu, _ = user_create(
        actor=None, username="noivu.daknong", full_name="Phan Thị Vụ", email="", password=PASSWORD
    )
    role_grant(actor=None, user=noivu, role=Role.HOME_AFFAIRS, unit=cast["province"])
    base = live_server.url

    _login(page, base, "noivu.daknong")
    page.screenshot(path=str(SHOTS / "ho_home.png"), full_page=True)
    page.locator("#home-affairs").get_by_role("link", name=re.compile("2019")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả đã công bố cho Sở Nội vụ")
    expect(page.locator("#edition")).to_contain_text(snapshot.sha256)
    expect(page.get_by_role("link", name=re.compile("Báo cáo Bộ"))).to_have_count(0)
    page.screenshot(path=str(SHOTS / "ho_page.png"), full_page=True)

    emulation_file = _download(page, "thi đua, khen thưởng")
    par_file = _download(page, "Chỉ số cải cách hành chính")
    (SHOTS / "ho_emulation.xlsx").write_bytes(emulation_file)  # to look at
    (SHOTS / "ho_par.xlsx").write_bytes(par_file)
    emulation, par = _sheet_rows(emulation_file), _sheet_rows(par_file)

    # One unit, checked against what the public page shows.
    page.goto(f"{base}/public/67/2019/units/660/")
    points = emulation["660"]["Điểm"]
    shown = f"{points:.2f}".replace(".", ",")
    expect(page.locator("main")).to_contain_text(shown)
    expect(page.locator("main")).to_contain_text(str(emulation["660"]["Mức độ"]))
    assert par["660"]["Điểm đạt"] == points
    assert emulation["660"]["Thủ trưởng đơn vị"]
    assert emulation["660"]["Hạng"] == 1

    # Drafts and the audit trail: 403, in Vietnamese.
    for url in (f"/results/campaigns/{pk}/", "/audit/"):
        response = page.goto(f"{base}{url}")
        assert response is not None and response.status == 403, url
        expect(page.locator("body")).to_contain_text("Bạn không có quyền")
    page.screenshot(path=str(SHOTS / "ho_refused.png"), full_page=True)
    page.get_by_role("button", name="Đăng xuất").click()

    # The approver: from the results dashboard to the report to the ministry.
    _login(page, base, "approver")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/results/campaigns/{pk}/")
    page.get_by_role("link", name="Số liệu cho Sở Nội vụ và báo cáo Bộ").click()
    page.screenshot(path=str(SHOTS / "ho_approver_phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    data = _download(page, "Báo cáo Bộ Khoa học và Công nghệ")
    (SHOTS / "ho_report.docx").write_bytes(data)  # to look at, converted to PDF
    report = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "BÁO CÁO" in text
    assert "Kính gửi: Bộ Khoa học và Công nghệ." in text
    assert f"với {shown} điểm" in text
    tables = "\n".join(c.text for t in report.tables for r in t.rows for c in r.cells)
    assert "Biểu 1" in text and shown in tables
