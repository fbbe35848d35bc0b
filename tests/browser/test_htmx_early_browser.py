"""A slow connection on the framework pages: the administrator types into the YAML editor and
the sandbox before htmx has started. htmx heard nothing, so the live check and the sandbox's
score did not run for what was typed; once htmx has started they do (``htmx_early.js``)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Route, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

HTMX = re.compile(r".*/django_htmx/htmx-2\.min(\.[0-9a-f]+)?\.js$")
CODE = "daknong-2026-huyen"


def test_what_is_typed_before_htmx_starts_is_checked_and_scored_once_it_starts(
    browser: Browser, live_server: LiveServer, transactional_db: None, cast: dict[str, Any]
) -> None:
    from chiso.accounts.policy import target_of
    from chiso.frameworks.services import framework_version_create
    from chiso.frameworks.texts import shipped_text
    from tests.conftest import PASSWORD

    text, _ = shipped_text("vn-2392-huyen")
    version = framework_version_create(
        actor=cast["province_admin"],
        province=target_of(cast["province"]),
        text=text,
        code=CODE,
        based_on="mẫu vn-2392-huyen",
    )
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(cast["province_admin"].username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_label("Mật khẩu")).to_have_count(0)

    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    # The YAML editor: a wrong maximum typed while htmx is still on its way.
    page.route(HTMX, hold)
    page.goto(f"{live_server.url}/frameworks/versions/{version.pk}/", wait_until="commit")
    editor = page.get_by_label("Nội dung YAML")
    expect(editor).to_be_editable()
    assert len(held) == 1  # the page is there; htmx is not
    editor.fill(text.replace("max_points: 30", "max_points: 31", 1))
    page.wait_for_timeout(800)  # longer than the check's delay: nothing was checked
    expect(page.locator("#yaml-problems")).not_to_contain_text("khác điểm tối đa")
    held.pop().continue_()
    expect(page.locator("#yaml-problems")).to_contain_text("khác điểm tối đa")

    # The sandbox: an answer given before htmx started is scored once it has.
    page.goto(f"{live_server.url}/frameworks/versions/{version.pk}/sandbox/", wait_until="commit")
    first = page.locator("section[id^='sb-']").filter(has=page.get_by_label("Có", exact=True))
    expect(first.first).to_be_visible()
    assert len(held) == 1
    total = page.locator(".sandbox-total").first
    before = total.inner_text()
    first.first.get_by_label("Có", exact=True).check()
    page.wait_for_timeout(300)
    expect(total).to_have_text(before)  # nobody scored it yet
    held.pop().continue_()
    expect(total).not_to_have_text(before)

    # Nothing typed before htmx started: nothing is sent by itself.
    page.unroute(HTMX)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(f"{live_server.url}/frameworks/versions/{version.pk}/")
    page.wait_for_timeout(800)
    assert posts == []
