"""Numbers typed the Vietnamese way in Chromium on a 360-px phone (issue 14): "950 / 1.400" and
"1.250" saved as meant and shown back as typed after a reload, an ambiguous percentage refused
with both readings, and a colleague's edit conflict quoting "950/1.400", not a Python list."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.test_form_browser import PHONE, _block, _open_form, _saved

pytestmark = pytest.mark.browser


def test_numbers_typed_with_thousands_dots_and_decimal_commas(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    form_a: Any,
) -> None:
    # The head opens the form first: they have seen SS.HT.1 empty.
    head = browser.new_context(viewport=PHONE).new_page()
    _open_form(head, live_server.url, "head.a")
    _open_form(page, live_server.url, "reporter.a")

    ratio = _block(page, "SS.HT.1")
    ratio.locator("input[name=numerator]").fill("950")
    ratio.locator("input[name=denominator]").fill("1.400")
    ratio.locator("input[name=denominator]").blur()
    _saved(page, "SS.HT.1")  # was refused: "tử số (950) lớn hơn mẫu số (1,4)"
    expect(ratio.locator("[data-points-for='SS.HT.1']")).to_have_text("4,07")  # 6 × 950/1400

    count = _block(page, "SS.NL.3").locator("input[name=value]")
    count.fill("1.250")
    count.blur()
    _saved(page, "SS.NL.3")

    share = _block(page, "KQ.TT.4")
    share.locator("input[name=value]").fill("1.250")
    share.locator("input[name=value]").blur()
    expect(share.locator(".save-state")).to_have_text("Chưa lưu")
    expect(share.locator(".field-error")).to_contain_text(
        "“1.250” có hai cách hiểu: 1250 (nếu là dấu chấm ngăn cách hàng nghìn) hoặc 1,25"
    )
    share.locator("input[name=value]").fill("87,5")
    share.locator("input[name=value]").blur()
    _saved(page, "KQ.TT.4")

    page.reload()
    expect(_block(page, "SS.HT.1").locator("input[name=denominator]")).to_have_value("1.400")
    expect(_block(page, "SS.NL.3").locator("input[name=value]")).to_have_value("1.250")
    expect(_block(page, "KQ.TT.4").locator("input[name=value]")).to_have_value("87,5")
    # Saving the shown value again keeps the number: 1.400 is still 1400 (points unchanged).
    again = _block(page, "SS.HT.1").locator("input[name=numerator]")
    again.fill("951")
    again.blur()
    _saved(page, "SS.HT.1")
    expect(_block(page, "SS.HT.1").locator("[data-points-for='SS.HT.1']")).to_have_text("4,08")

    # The head, still on the old page, types into SS.HT.1: the conflict quotes the saved value.
    stale = _block(head, "SS.HT.1")
    stale.locator("input[name=numerator]").fill("900")
    stale.locator("input[name=denominator]").fill("1.000")
    stale.locator("input[name=denominator]").blur()
    expect(stale.locator(".save-state")).to_have_text("Chưa lưu")
    expect(stale.locator(".field-error")).to_contain_text("Giá trị hiện tại: 951/1.400.")
    expect(stale.locator(".field-error")).not_to_contain_text("[")
    head.context.close()
