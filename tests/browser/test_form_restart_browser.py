"""The database restarts while a commune officer types: the save that hits it is kept on the
screen as not saved, with the server's Vietnamese message, and goes through on its own after."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from chiso.campaigns.models import Answer
from chiso.views import DATABASE_UNAVAILABLE
from tests.browser.test_form_browser import PHONE, _block, _login

pytestmark = pytest.mark.browser


def test_a_save_refused_while_the_database_restarts_is_kept_and_sent_again(
    page: Page, live_server: LiveServer, transactional_db: None, cast: dict[str, Any], form_a: Any
) -> None:
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "reporter.a")
    page.goto(f"{live_server.url}/forms/{form_a.pk}/")
    refused: list[str] = []

    def restarting_once(route: Route) -> None:
        # What chiso.views.server_error answers while PostgreSQL is down (tests/faults).
        if not refused:
            refused.append(route.request.url)
            route.fulfill(
                status=503,
                json={"ok": False, "error": DATABASE_UNAVAILABLE, "retry": True},
                headers={"Retry-After": "5"},
            )
        else:
            route.continue_()

    page.route(re.compile(r".*/answers/SS\.HT\.1/$"), restarting_once)
    ratio = _block(page, "SS.HT.1")
    ratio.locator("input[name=numerator]").fill("40")
    ratio.locator("input[name=denominator]").fill("50")
    ratio.locator("input[name=denominator]").blur()

    state = ratio.locator(".save-state")
    expect(state).to_have_text(re.compile("^Chưa lưu — máy chủ tạm gián đoạn"))
    expect(ratio.locator(".field-error")).to_have_text(DATABASE_UNAVAILABLE)
    expect(state).to_have_text(re.compile("^Đã lưu"), timeout=20_000)
    assert refused and Answer.objects.get(form=form_a, criterion="SS.HT.1").value == ["40", "50"]
