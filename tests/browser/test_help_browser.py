"""A reporter on a phone finds the help from the menu, reads their own part first and whom to
call; the same person opening the admin is told, in Vietnamese, that it is not for them."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from chiso.admin_site import ADMIN_FOR_ADMINISTRATORS

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}


def test_a_reporter_on_a_phone_opens_the_help_from_the_menu_and_reads_their_part_first(
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    campaign: Any,
) -> None:
    from tests.conftest import PASSWORD

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("reporter.commune")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_role("button", name="Mở trình đơn").click()
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Hướng dẫn"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hướng dẫn sử dụng")
    sections = page.locator("section[data-role]")
    expect(sections).to_have_count(7)  # six roles, Sở Nội vụ among them, and the public
    expect(sections.first).to_have_attribute("data-role", "reporter")
    expect(sections.first.get_by_role("heading")).to_contain_text("Vai trò của bạn")
    expect(page.locator("#chu-ky")).to_contain_text(
        campaign.schedule.unit_deadline.strftime("%d/%m/%Y")
    )
    page.get_by_role("link", name="Liên hệ").click()
    expect(page.locator("#lien-he")).to_be_in_viewport()
    expect(page.locator("#lien-he")).to_contain_text("province_admin@example.vn")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có quyền")
    expect(page.get_by_text(ADMIN_FOR_ADMINISTRATORS)).to_be_visible()
    expect(page.get_by_label("Mật khẩu")).to_have_count(0)
