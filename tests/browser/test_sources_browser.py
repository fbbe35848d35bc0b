"""Other sources in Chromium: the department assigns a criterion to Sở TT&TT, the agency's
officer fills every district in the grid, then uploads an Excel file with one bad row (located
error, nothing saved) and fixes it; the appraiser sees both values with the difference flagged
and takes the agency's with a reason. A measured portal criterion is shown with its page."""

from __future__ import annotations

import datetime as dt
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from chiso.accounts.models import Role
from chiso.accounts.services import role_grant, user_create
from chiso.appraisal.models import Verification
from chiso.sources.measure import measure_campaign
from chiso.sources.models import ProvidedValue, UnitPortal
from chiso.units.models import Unit
from tests.measure.sites import PORTAL, html, site

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir()) / "chiso-sources"  # where the screens are looked at


def _person(browser: Browser, base: str, username: str, **context: Any) -> Page:
    from tests.conftest import PASSWORD

    page = browser.new_context(**context).new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_agency_values_in_grid_and_excel_then_the_appraiser_takes_them(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    submitted_a: Any,
    tmp_path: Path,
) -> None:
    base = live_server.url
    campaign = submitted_a.campaign
    officer, _ = user_create(
        actor=None,
        username="canbo.stttt",
        full_name="Cán bộ Sở TT&TT",
        email="stttt@example.vn",
        password="mat-khau-thu-2026",
    )
    role_grant(actor=None, user=officer, role=Role.REPORTER, unit=cast["stttt"])

    # The department gives KQ.GD.2 of the districts to Sở TT&TT.
    admin = _person(browser, base, "province.admin")
    admin.goto(f"{base}/campaigns/{campaign.pk}/")
    admin.get_by_role("link", name="Nguồn số liệu").click()
    admin.get_by_label("Tiêu chí").select_option(value="district:KQ.GD.2")
    admin.get_by_label("Cơ quan cung cấp").select_option(label="Sở Thông tin và Truyền thông")
    admin.get_by_label("Hạn cung cấp").fill("2019-11-30")
    admin.get_by_role("button", name="Giao").click()
    expect(admin.get_by_role("alert").first).to_contain_text("Đã giao tiêu chí KQ.GD.2")
    expect(admin.locator("#assignments")).to_contain_text("0/8")
    _shot(admin, "1-department-assigns")

    # The agency's officer fills all eight districts in the grid.
    agency = _person(browser, base, "canbo.stttt")
    agency.locator("#supplies").get_by_role("link", name="KQ.GD.2").click()  # on the home page
    rows = agency.locator("#grid tbody tr")
    expect(rows).to_have_count(8)
    for index in range(8):
        row = rows.nth(index)
        row.locator("input[name$=numerator]").fill(str(30 + index))
        row.locator("input[name$=denominator]").fill("100")
    agency.locator("tr[data-unit='666'] input[name$=note]").fill("Hệ thống một cửa điện tử")
    agency.get_by_role("button", name="Lưu số liệu").click()
    expect(agency.get_by_role("alert").first).to_contain_text("Đã lưu số liệu của 8 đơn vị")
    agency.reload()
    expect(agency.locator("tr[data-unit='666'] input[name$=numerator]")).to_have_value("36")
    _shot(agency, "2-agency-grid")

    # The Excel way: one bad row refuses the whole file, with its place; fixed, it is taken.
    with agency.expect_download() as download:
        agency.get_by_role("link", name="Tải bảng Excel").click()
    book = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book["Số liệu"]
    lines = {sheet.cell(r, 1).value: r for r in range(5, sheet.max_row + 1)}
    for r in lines.values():
        sheet.cell(r, 3, 20)
        sheet.cell(r, 4, 50)
    sheet.cell(lines["662"], 3, 70)  # more online than in all
    sheet.cell(lines["666"], 3, 30)
    sheet.cell(lines["666"], 4, 100)
    bad = tmp_path / "so-lieu-sai.xlsx"
    book.save(bad)
    agency.get_by_label("Tệp Excel đã điền").set_input_files(str(bad))
    agency.get_by_role("button", name="Nhập từ Excel").click()
    problems = agency.locator("#problems")
    expect(problems).to_contain_text(f"dòng {lines['662']}, cột C, Huyện Cư Jút (662)")
    expect(problems).to_contain_text("tử số (70) lớn hơn mẫu số (50)")
    _shot(agency, "3-agency-excel-refused")
    assert ProvidedValue.objects.get(unit__code="666").value == ["36", "100"]
    sheet.cell(lines["662"], 3, 45)
    good = tmp_path / "so-lieu.xlsx"
    book.save(good)
    agency.get_by_label("Tệp Excel đã điền").set_input_files(str(good))
    agency.get_by_role("button", name="Nhập từ Excel").click()
    expect(agency.get_by_role("alert").first).to_contain_text("8 đơn vị thay đổi")
    expect(agency.locator("tr[data-unit='662'] input[name$=numerator]")).to_have_value("45")

    # The appraiser sees the agency's 30/100 beside the unit's 40/100, flagged, and takes it.
    appraiser = _person(browser, base, "appraiser")
    appraiser.goto(f"{base}/appraisal/forms/{submitted_a.pk}/")
    gd2 = appraiser.locator("section[id='c-KQ.GD.2']")
    expect(gd2.locator(".unit-value")).to_have_text("40/100")
    expect(gd2.locator(".provided-value")).to_have_text("30/100")
    expect(gd2.locator(".source-flag")).to_contain_text("quá ngưỡng 5,00 %")
    gd2.get_by_label("Lý do lấy số liệu của Sở Thông tin và Truyền thông").fill(
        "Số liệu hệ thống một cửa điện tử của tỉnh, có biên bản đối chiếu"
    )
    gd2.get_by_role("button", name="Lấy số liệu của cơ quan").click()
    gd2 = appraiser.locator("section[id='c-KQ.GD.2']")
    expect(gd2.locator(".decision")).to_contain_text("30/100")
    expect(gd2.locator(".decision")).to_contain_text("biên bản đối chiếu")
    gd2.screenshot(path=str(SHOTS / "4-appraiser-took-agency-value.png"))
    v = Verification.objects.get(form=submitted_a, criterion="KQ.GD.2")
    assert v.value == ["30", "100"]
    assert submitted_a.answers.get(criterion="KQ.GD.2").value == [40, 100]


def test_a_measured_portal_criterion_is_shown_with_its_page_on_a_phone(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
) -> None:
    from chiso.campaigns.services import campaign_create, campaign_open

    campaign = campaign_create(
        actor=cast["other_admin"],
        province=cast["lamdong"],
        year=2026,
        name="CQĐT cấp xã năm 2026",
        request_date=dt.date(2026, 10, 1),
        deadline_working_days=15,
        frameworks={"commune": "lamdong-2392-xa"},
    )
    campaign_open(actor=cast["other_admin"], campaign=campaign)
    unit = Unit.objects.get(era="2025", code="24730")
    with site({"/": html(PORTAL)}) as (address, _):
        UnitPortal.objects.create(unit=unit, url=address + "/")
        report = measure_campaign(campaign=campaign, connector="portal")
    assert report.measured == 1
    form = campaign.forms.get(unit=unit)
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    appraiser = _person(browser, live_server.url, "other.appraiser", **phone)
    appraiser.goto(f"{live_server.url}/appraisal/forms/{form.pk}/#c-KQ.HD.1")
    hd1 = appraiser.locator("section[id='c-KQ.HD.1']")
    expect(hd1.locator(".source-label")).to_have_text("đo tự động")
    expect(hd1.locator(".measured-value")).to_have_text("5")
    expect(hd1.locator(".measured-detail")).to_contain_text("Có 5/5 nhóm thông tin")
    expect(hd1.locator(".source-flag")).to_have_count(0)  # the commune has not answered yet
    hd1.scroll_into_view_if_needed()
    appraiser.screenshot(path=str(SHOTS / "5-measured-phone.png"))
    with appraiser.expect_download() as download:
        hd1.get_by_role("link", name="tải bản lưu (minh chứng)").click()
    assert Path(download.value.path()).read_bytes() == PORTAL.encode()
