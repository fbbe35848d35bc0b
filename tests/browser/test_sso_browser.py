"""A person signs in through the province's single sign-on (a test provider on 127.0.0.1)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from chiso.accounts import sso
from tests.oidc_provider import Provider

pytestmark = pytest.mark.browser

SHOTS = Path(tempfile.gettempdir())  # where the screens are looked at


@pytest.fixture
def provider(settings: Any) -> Iterator[Provider]:
    p = Provider(
        people={
            "thamdinh": {"sub": "td-1", "email": "appraiser@example.vn"},
            "nguoila": {"sub": "x-2", "email": "nguoi.la@example.vn"},
        }
    ).start()
    settings.CHISO_OIDC_DISCOVERY_URL = p.discovery_url
    settings.CHISO_OIDC_CLIENT_ID = p.client_id
    settings.CHISO_OIDC_CLIENT_SECRET = p.client_secret
    settings.CHISO_OIDC_MATCH = "email"
    sso._clients.clear()
    yield p
    p.stop()
    sso._clients.clear()


def test_a_person_clicks_the_sign_on_button_and_lands_logged_in_at_home(
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    provider: Provider,
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Đăng nhập bằng tài khoản một cửa của tỉnh").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("hệ thống một cửa")
    page.screenshot(path=str(SHOTS / "ho_sso_provider.png"))
    page.get_by_label("Tài khoản").fill("thamdinh")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    page.screenshot(path=str(SHOTS / "ho_sso_home.png"), full_page=True)
    page.goto(f"{live_server.url}/accounts/me/")
    expect(page.get_by_text("Thẩm định viên – Tỉnh Đắk Nông")).to_be_visible()

    # Someone the province's service knows but chiso does not: a Vietnamese refusal, no account.
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.screenshot(path=str(SHOTS / "ho_sso_login.png"))
    page.get_by_role("link", name="Đăng nhập bằng tài khoản một cửa của tỉnh").click()
    page.get_by_label("Tài khoản").fill("nguoila")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Chưa có tài khoản nào")
    page.screenshot(path=str(SHOTS / "ho_sso_refused.png"))
