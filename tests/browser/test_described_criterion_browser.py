"""On a phone, a reporter describes what the unit did for a criterion the appraisers score
(KQ.CD.2) and attaches its evidence; after a reload both are there, and there is no value to
type."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.test_form_browser import PDF, PHONE, _block, _login, _saved

pytestmark = pytest.mark.browser


def test_a_reporter_describes_an_appraiser_scored_criterion_and_attaches_evidence(
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    form_a: Any,
    tmp_path: Path,
) -> None:
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "reporter.a")
    page.goto(f"{live_server.url}/forms/{form_a.pk}/")
    block = _block(page, "KQ.CD.2")
    expect(block.locator("[data-scored-by='appraiser']")).to_contain_text("Tổ thẩm định chấm")
    expect(block.locator("input[name=value]")).to_have_count(0)
    note = block.get_by_label("Ghi chú KQ.CD.2")
    note.fill("Mô hình «Một cửa số» thí điểm tại 3 xã từ tháng 5/2019")
    note.blur()
    _saved(page, "KQ.CD.2")

    evidence = tmp_path / "mo-hinh-mot-cua-so.pdf"
    evidence.write_bytes(PDF)
    block.locator("input[type=file]").set_input_files(str(evidence))
    block.get_by_role("button", name="Đính kèm").click()
    # The upload is a form post: reloading before its page is back races the navigation.
    expect(page.get_by_role("alert").first).to_contain_text("Đã đính kèm")

    page.reload()
    block = _block(page, "KQ.CD.2")
    expect(block.get_by_label("Ghi chú KQ.CD.2")).to_have_value(
        re.compile("^Mô hình «Một cửa số» thí điểm")
    )
    expect(block.get_by_role("link", name="mo-hinh-mot-cua-so.pdf")).to_be_visible()
    expect(page.locator("#live-summary")).to_contain_text("0/23 tiêu chí đã trả lời")
    block.scroll_into_view_if_needed()
    page.screenshot(path=f"{tmp_path}/described.png")
    Path("/tmp/words-public-described.png").write_bytes(  # noqa: S108 — to look at
        Path(f"{tmp_path}/described.png").read_bytes()
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
