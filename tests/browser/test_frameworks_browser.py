"""The framework pages in a real browser, at a commune officer's phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from chiso.scoring import shipped_registry

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}


def test_framework_list_and_a_click_opens_one_on_a_phone(
    page: Page, live_server: LiveServer, transactional_db: None
) -> None:
    frameworks = shipped_registry().all()
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/frameworks/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Bộ tiêu chí đánh giá")
    for framework in frameworks:
        expect(page.get_by_role("link", name=framework.name, exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    chosen = frameworks[0]
    page.get_by_role("link", name=chosen.name, exact=True).click()

    expect(page).to_have_url(re.compile(rf"/frameworks/{re.escape(chosen.code)}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(chosen.name)
    expect(page.get_by_text("Căn cứ pháp lý", exact=True)).to_be_visible()
    criterion = chosen.sections[0].groups[0].criteria[0]
    expect(page.get_by_role("cell", name=criterion.name, exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
