"""The request letter and the notices, as people use them: the department opens the campaign
and downloads the công văn (its text read from the .docx); a unit head on a phone sees the
notice counted in the menu, reads it in the inbox and follows its link to the form."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any

import docx
import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.test_accessibility_browser import _violations

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
SHOTS = Path(tempfile.gettempdir())  # where the screens are looked at


def _login(page: Page, url: str, username: str) -> None:
    from tests.conftest import PASSWORD

    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_the_department_opens_a_campaign_downloads_the_letter_and_a_head_follows_the_notice(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
) -> None:
    from chiso.campaigns.services import campaign_create

    campaign = campaign_create(
        actor=cast["province_admin"],
        province=cast["province"],
        year=2019,
        name="Đánh giá CQĐT năm 2019",
        request_date=dt.date(2019, 10, 1),
        deadline_working_days=15,
        frameworks={"district": "vn-2392-huyen", "commune": "vn-2392-xa"},
    )
    _login(page, live_server.url, "province.admin")
    page.goto(f"{live_server.url}/admin/campaigns/campaign/{campaign.pk}/change/")
    page.get_by_role("button", name="Mở đợt").click()
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    panel = page.locator("#notices-panel")
    expect(panel).to_contain_text("Chờ gửi 4")
    with page.expect_download() as info:
        panel.get_by_role("link", name="Tải công văn đề nghị tự đánh giá (.docx)").click()
    download = info.value
    assert download.suggested_filename == f"cong-van-67-2019-{campaign.pk}.docx"
    letter = docx.Document(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    text = "\n".join(p.text for p in letter.paragraphs)
    cells = "\n".join(c.text for t in letter.tables for r in t.rows for c in r.cells)
    campaign.refresh_from_db()
    deadline = campaign.schedule.unit_deadline.strftime("%d/%m/%Y")
    assert f"chậm nhất ngày {deadline}" in text
    assert "Thực hiện Quyết định 2392/QĐ-BTTTT" in text
    assert "/huong-dan/" in text
    assert "Huyện Đắk R'Lấp" in cells and "Xã Nâm N'Jang" in cells
    page.screenshot(path=str(SHOTS / "notices-campaign.png"), full_page=True)

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    head = phone.new_page()
    _login(head, live_server.url, "head.a")
    badge = head.locator("#unread-phone")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("1")
    head.screenshot(path=str(SHOTS / "notices-phone-home.png"))
    badge.tap()
    expect(head.get_by_role("heading", level=1)).to_have_text("Thông báo")
    notice = head.locator("[data-notice]").first
    expect(notice).to_contain_text("Đề nghị tự đánh giá: Đánh giá CQĐT năm 2019")
    expect(notice).to_contain_text(f"chậm nhất ngày {deadline}")
    expect(notice).to_contain_text("Mới")
    assert head.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    head.screenshot(path=str(SHOTS / "notices-phone-inbox.png"), full_page=True)
    assert _violations(head) == []
    notice.get_by_role("link", name="Mở trang liên quan").tap()
    form = campaign.forms.get(unit=cast["dakrlap"])
    expect(head).to_have_url(f"{live_server.url}/forms/{form.pk}/")
    expect(head.get_by_role("heading", level=1)).to_contain_text("Đắk R'Lấp")
    head.goto(f"{live_server.url}/thong-bao/")
    expect(head.locator("#unread-phone")).to_have_count(0)
    expect(head.locator("[data-notice]").first).not_to_contain_text("Mới")
    head.goto(f"{live_server.url}/accounts/me/")
    head.get_by_label("Nhận thư nhắc hạn nộp phiếu").uncheck()
    head.locator("#mail-preferences").get_by_role("button", name="Lưu").tap()
    expect(head.get_by_role("alert")).to_contain_text("không nhận thư nhắc hạn")
    expect(head.get_by_label("Nhận thư nhắc hạn nộp phiếu")).not_to_be_checked()
    assert _violations(head) == []
    head.screenshot(path=str(SHOTS / "notices-phone-account.png"), full_page=True)
    phone.close()
