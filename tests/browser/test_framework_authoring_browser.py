"""Issue 16 as a province administrator lives it in Chromium: a criteria table written by hand
in Excel (not exported by chiso) is uploaded with mistakes; the page names each one by sheet,
row and column and stores nothing; the corrected table is uploaded; a criterion is renamed in
the browser and the YAML editor flags a wrong sum as it is typed; the unit's form is previewed
on a phone; sample answers are scored in the sandbox; the version is published, a campaign for
the communes is created and opened with it, and a commune reporter opens the form."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from tests.frameworks_store.hand_table import hand_workbook

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
SHOTS = Path(tempfile.gettempdir())
CODE = "daknong-2026-xa"


def _login(page: Page, base: str, username: str) -> None:
    from tests.conftest import PASSWORD

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_label("Mật khẩu")).to_have_count(0)


def _kinds() -> str:
    """The kinds of Đắk Nông's communes, as an annex names them («Xã, Phường, Thị trấn»)."""
    from chiso.units.models import Kind, Level, Unit

    kinds = Unit.objects.filter(era="2019", province_code="67", level=Level.COMMUNE)
    return ", ".join(str(Kind(k).label) for k in sorted(set(kinds.values_list("kind", flat=True))))


def test_a_hand_written_table_is_fixed_previewed_scored_published_and_used_by_a_campaign(
    browser: Browser, live_server: LiveServer, transactional_db: None, cast: dict[str, Any]
) -> None:
    base = live_server.url
    page = browser.new_page()
    _login(page, base, cast["province_admin"].username)
    page.goto(f"{base}/frameworks/")
    page.get_by_role("link", name=re.compile("Bộ tiêu chí của tỉnh")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bộ tiêu chí của tỉnh")

    # 1. The table with mistakes: every one located, nothing stored.
    wrong = SHOTS / "bang-tieu-chi-co-loi.xlsx"
    wrong.write_bytes(hand_workbook(errors=True, kinds=_kinds()))
    page.get_by_label("Tệp", exact=True).set_input_files(str(wrong))
    page.get_by_label("Mã bộ tiêu chí").fill(CODE)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    problems = page.locator("#upload-problems")
    expect(problems).to_contain_text("trang «Phu luc I», dòng 5, cột «Điểm tối đa»: phải là số")
    expect(problems).to_contain_text("dòng 6, cột «Cách tính điểm»: không hiểu cách tính điểm")
    expect(problems).to_contain_text("dòng 8, cột «Điểm tối đa»: các tiêu chí cộng lại 10 điểm")
    expect(problems).to_contain_text("trang «Thong tin chung», cột «Áp dụng cho loại đơn vị»")
    page.screenshot(path=str(SHOTS / "fw-upload-errors.png"), full_page=True)
    expect(page.locator("#versions")).to_contain_text("Tỉnh chưa có bộ tiêu chí riêng")

    # 2. The corrected table becomes a draft.
    fixed = SHOTS / "bang-tieu-chi.xlsx"
    fixed.write_bytes(hand_workbook(kinds=_kinds()))
    page.get_by_label("Tệp", exact=True).set_input_files(str(fixed))
    page.get_by_label("Mã bộ tiêu chí").fill(CODE)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.locator("#version-status")).to_have_text("Bản nháp")
    expect(page.get_by_text(f"Đã tạo bản nháp {CODE} phiên bản 1.")).to_be_visible()

    # 3. Edit in the browser: a criterion's name; the YAML editor checks as one types.
    page.get_by_text("Sửa I.1", exact=True).click()
    page.get_by_label("Tên tiêu chí", exact=True).first.fill(
        "Ban hành kế hoạch chuyển đổi số năm 2026 của UBND xã"
    )
    page.get_by_role("button", name="Lưu I.1").click()
    expect(page.get_by_text("Đã lưu bản nháp (lần sửa 2).")).to_be_visible()
    expect(page.locator("#c-I\\.1")).to_contain_text("của UBND xã")
    editor = page.get_by_label("Nội dung YAML")
    original = editor.input_value()
    editor.fill(original.replace("max_points: 6\n", "max_points: 7\n", 1))
    expect(page.locator("#yaml-problems")).to_contain_text("cộng lại 11 điểm, khác điểm tối đa 10")
    expect(page.locator("#yaml-problems")).to_contain_text("dòng")
    page.screenshot(path=str(SHOTS / "fw-yaml-live-error.png"), full_page=False)
    editor.fill(original)
    expect(page.locator("#yaml-problems")).to_contain_text("Hợp lệ")

    # 4. The unit's form, read-only, on a phone.
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Xem trước phiếu").click()
    expect(page.locator("#c-I\\.2")).to_contain_text("Tỷ lệ cán bộ được bồi dưỡng kỹ năng số")
    expect(page.locator("#c-I\\.1").get_by_label("Có", exact=True)).to_be_disabled()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "fw-preview-phone.png"), full_page=True)

    # 5. The sandbox: 4 + 3 + 6 × 75 % + 2 = 13,5 points → Khá (≥ 12).
    page.goto(page.url.replace("/preview/", "/sandbox/"))
    page.locator("#sb-I\\.1").get_by_label("Có", exact=True).check()
    expect(page.locator(".sandbox-total")).to_have_text("4,00")
    page.locator("#sb-I\\.2 input[name=value]").fill("60")
    page.locator("#sb-II\\.1 input[name=value]").fill("75")
    page.locator("#sb-II\\.2\\.a").get_by_label("Có", exact=True).check()
    expect(page.locator(".sandbox-total")).to_have_text("13,50")
    expect(page.locator(".sandbox-level")).to_have_text("Khá")
    page.screenshot(path=str(SHOTS / "fw-sandbox-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # 6. Publish; then a campaign for the communes with it.
    page.goto(f"{base}/frameworks/versions/")
    page.get_by_role("link", name=CODE).click()
    page.get_by_role("button", name="Ban hành phiên bản này").click()
    expect(page.locator("#version-status")).to_have_text("Đã ban hành")
    page.goto(f"{base}/admin/campaigns/campaign/add/")
    page.locator("#id_province").select_option(str(cast["province"].pk))
    page.locator("#id_year").fill("2021")
    page.locator("#id_name").fill("Đánh giá chuyển đổi số cấp xã năm 2021")
    page.locator("#id_request_date").fill("01/10/2021")
    page.locator("#id_deadline_working_days").fill("15")
    page.locator("#id_framework_commune").select_option(f"{CODE}@1")
    page.locator("input[name=_save]").click()
    page.get_by_role("button", name="Mở đợt").click()
    expect(page.locator(".messagelist")).to_contain_text("phiếu")
    page.screenshot(path=str(SHOTS / "fw-campaign-opened.png"), full_page=True)

    # 7. A commune reporter opens the form made from the province's own table.
    from chiso.campaigns.models import Form

    form = Form.objects.get(unit=cast["namnjang"], campaign__year=2021)
    assert (form.framework.framework_code, form.framework.framework_version) == (CODE, "1")
    reporter = browser.new_page(viewport=PHONE)
    _login(reporter, base, cast["reporter_commune"].username)
    reporter.goto(f"{base}/forms/{form.pk}/")
    expect(reporter.locator("#c-I\\.1")).to_contain_text("của UBND xã")
    expect(reporter.locator("#c-II\\.2\\.b")).to_contain_text("Hệ thống quản lý văn bản")
    reporter.screenshot(path=str(SHOTS / "fw-reporter-form.png"), full_page=True)
