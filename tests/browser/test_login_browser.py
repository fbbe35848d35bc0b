"""A real person in Chromium: logs in, sees their roles, finds units without typing diacritics."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}


def _login(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_an_appraiser_logs_in_on_a_phone_and_finds_a_district_typed_without_accents(
    page: Page, live_server: LiveServer, transactional_db: None, cast: dict[str, Any]
) -> None:
    from tests.conftest import PASSWORD

    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "appraiser", PASSWORD)

    expect(page.get_by_text("Thẩm định viên – Tỉnh Đắk Nông")).to_be_visible()
    page.goto(f"{live_server.url}/units/")
    page.get_by_placeholder(re.compile("Tên hoặc mã")).fill("dak rlap")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Huyện Đắk R'Lấp").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Huyện Đắk R'Lấp")
    expect(page.get_by_role("link", name="Xã Đắk Ru")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_wrong_password_is_explained_and_logout_ends_the_session(
    page: Page, live_server: LiveServer, transactional_db: None, cast: dict[str, Any]
) -> None:
    from tests.conftest import PASSWORD

    _login(page, live_server.url, "reporter.a", "sai-mat-khau")
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")

    _login(page, live_server.url, "reporter.a", PASSWORD)
    expect(page.get_by_text("Cán bộ đầu mối – Huyện Đắk R'Lấp")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(f"{live_server.url}/units/2019/666/")

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
