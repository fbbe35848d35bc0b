"""The province administrator edits a draft's structure on a phone (issue 16): a band added to
the section's classification, a criterion added to a group (first refused, with what was typed
kept, then accepted with the group's maximum following), an earlier edit changed again, a
criterion removed; the preview shows the unit's form as edited, and the version publishes."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.test_framework_authoring_browser import _login

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
SHOTS = Path(tempfile.gettempdir())
NEW_NAME = "Số lớp bồi dưỡng kỹ năng số cho người dân do xã tổ chức"


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_administrator_edits_bands_groups_and_criteria_on_a_phone_and_publishes(
    browser: Browser, live_server: LiveServer, transactional_db: None, cast: dict[str, Any]
) -> None:
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    _login(page, base, cast["province_admin"].username)
    page.goto(f"{base}/frameworks/versions/")
    page.get_by_label("Bộ mẫu").select_option("mau-2026-xa-phuong")
    page.get_by_label("Mã mới của tỉnh").fill("lamdong-2026-xa")
    page.get_by_role("button", name="Tạo từ mẫu").click()
    expect(page.locator("#version-status")).to_have_text("Bản nháp")

    # 1. A band «Xuất sắc» typed in the blank last row takes its place at the top.
    section = page.locator("#c-CDS")
    section.get_by_text("Sửa hạng mục CDS").click()
    section.get_by_label("Tên mức 5").fill("Xuất sắc")
    section.get_by_label("Điểm tối thiểu mức 5").fill("950")
    section.get_by_role("button", name="Lưu hạng mục CDS").click()
    expect(page.get_by_text("Đã lưu bản nháp (lần sửa 2).")).to_be_visible()
    expect(page.locator("#c-CDS")).to_contain_text("Xếp loại: Xuất sắc ≥ 950,00; Tốt ≥ 800,00; Khá")

    # 2. A criterion added without «tính lại»: refused next to the form, what was typed kept.
    group = page.locator("#c-NT")
    group.get_by_text("Thêm tiêu chí vào nhóm NT").click()
    group.get_by_label("Mã", exact=True).fill("NT.6")
    group.get_by_label("Tên tiêu chí mới").fill(NEW_NAME)
    group.get_by_label("Điểm tối đa", exact=True).last.fill("20")
    group.get_by_label("Kiểu nhập và cách tính").select_option("count")
    group.get_by_label("Điểm mỗi mục (số lượng)").fill("5")
    group.get_by_label("Đơn vị đếm (số lượng)").fill("lớp")
    group.get_by_label("Căn cứ: mục").fill("Chỉ số thành phần 1.6 (tỉnh bổ sung)")
    group.get_by_label(re.compile("^Tính lại điểm tối đa")).uncheck()
    group.get_by_role("button", name="Thêm tiêu chí vào NT").click()
    group = page.locator("#c-NT")
    expect(group.get_by_role("alert")).to_contain_text("cộng lại 120 điểm, khác điểm tối đa 100")
    expect(group.get_by_label("Tên tiêu chí mới")).to_have_value(NEW_NAME)
    expect(group.get_by_label("Kiểu nhập và cách tính")).to_have_value("count")
    page.screenshot(path=str(SHOTS / "fw-structure-refused.png"), full_page=False)
    _fits(page)

    # 3. Again with «tính lại» (ticked by default on a fresh form; here re-ticked).
    group.get_by_label(re.compile("^Tính lại điểm tối đa")).check()
    group.get_by_role("button", name="Thêm tiêu chí vào NT").click()
    expect(page.get_by_text("Đã lưu bản nháp (lần sửa 3).")).to_be_visible()
    expect(page.locator("#c-NT")).to_contain_text("(120,00 điểm; trọng số 100,00)")
    expect(page.locator("#c-NT\\.6")).to_contain_text(NEW_NAME)

    # 4. The band edited earlier changed again; the criterion removed (its group follows).
    page.reload()
    section = page.locator("#c-CDS")
    section.get_by_text("Sửa hạng mục CDS").click()
    expect(section.get_by_label("Tên mức 1")).to_have_value("Xuất sắc")
    section.get_by_label("Điểm tối thiểu mức 1").fill("900")
    section.get_by_role("button", name="Lưu hạng mục CDS").click()
    expect(page.locator("#c-CDS")).to_contain_text("Xuất sắc ≥ 900,00")
    nt5 = page.locator("#c-NT\\.5")
    nt5.get_by_text("Sửa NT.5").click()
    nt5.get_by_role("button", name="Bỏ tiêu chí NT.5").click()
    expect(page.get_by_text("Đã lưu bản nháp (lần sửa 5).")).to_be_visible()
    expect(page.locator("#c-NT\\.5")).to_have_count(0)
    expect(page.locator("#c-NT")).to_contain_text("(100,00 điểm; trọng số 100,00)")
    page.screenshot(path=str(SHOTS / "fw-structure-edited.png"), full_page=False)
    _fits(page)

    # 5. The unit's form as edited; publish.
    page.get_by_role("link", name="Xem trước phiếu").click()
    expect(page.locator("#c-NT\\.6")).to_contain_text(NEW_NAME)
    expect(page.locator("#c-NT\\.5")).to_have_count(0)
    page.go_back()
    page.get_by_role("button", name="Ban hành phiên bản này").click()
    expect(page.locator("#version-status")).to_have_text("Đã ban hành")

    from chiso.frameworks.models import FrameworkVersion
    from chiso.frameworks.services import framework_of

    version = FrameworkVersion.objects.get(code="lamdong-2026-xa")
    framework = framework_of(version)
    bands = framework.sections[0].classification.bands  # type: ignore[union-attr]
    assert [(b.name, b.min_total) for b in bands][:2] == [("Xuất sắc", 900), ("Tốt", 800)]
    codes = [c.code for c in framework.sections[0].groups[0].criteria]
    assert codes == ["NT.1", "NT.2", "NT.3", "NT.4", "NT.6"]
