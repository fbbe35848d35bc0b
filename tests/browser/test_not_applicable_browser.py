"""A commune declares a criterion không áp dụng on its phone (reason, evidence), reloads, the head
submits, and the appraiser sees the declaration, accepts it, and the total is scaled (issue 16).

The form is Xã Trường Xuân's on the 2026 commune template, filled through the services except
KT.3 (tests/campaigns/not_applicable_setup.py, where the 950 is computed by hand)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.test_appraisal_browser import _criterion, _person
from tests.campaigns.not_applicable_setup import EXPECTED_TOTAL, PDF, commune_form

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
REASON = "Xã không có chợ được quy hoạch trên địa bàn"


def test_a_commune_declares_a_criterion_not_applicable_and_the_appraiser_accepts_it(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    tmp_path: Any,
) -> None:
    form, _ = commune_form(cast)
    base = live_server.url
    reporter: Page = _person(browser, base, "reporter.tx")
    reporter.set_viewport_size(PHONE)
    reporter.goto(f"{base}/forms/{form.pk}/")
    expect(_criterion(reporter, "HT.1").locator("input[name=not_applicable]")).to_have_count(0)
    kt3 = _criterion(reporter, "KT.3")
    kt3.get_by_label(re.compile("^Không áp dụng với đơn vị")).check()
    expect(kt3.locator(".field-error")).to_contain_text("cần lý do")  # ticked, no reason yet
    reason = kt3.get_by_label("Lý do không áp dụng")
    reason.fill(REASON)
    reason.blur()
    expect(kt3.locator(".save-state")).to_have_text(re.compile("^Đã lưu"))
    expect(kt3.locator(".field-error")).to_have_text("")
    evidence = tmp_path / "xac-nhan-khong-co-cho.pdf"
    evidence.write_bytes(PDF)
    kt3.locator("input[type=file]").set_input_files(str(evidence))
    kt3.get_by_role("button", name="Đính kèm").click()
    # The upload is a form post: reloading before its page is back races the navigation.
    expect(reporter.get_by_role("alert").first).to_contain_text("Đã đính kèm")

    reporter.reload()
    kt3 = _criterion(reporter, "KT.3")
    expect(kt3.get_by_label(re.compile("^Không áp dụng với đơn vị"))).to_be_checked()
    expect(kt3.get_by_label("Lý do không áp dụng")).to_have_value(REASON)
    expect(kt3.get_by_role("link", name="xac-nhan-khong-co-cho.pdf")).to_be_visible()
    summary = reporter.locator("#live-summary")
    expect(summary.locator("[data-total-for='CDS']")).to_have_text(EXPECTED_TOTAL)
    summary.locator(".scaling summary").click()
    expect(summary.locator(".scaling")).to_contain_text("không áp dụng: KT.3")
    kt3.scroll_into_view_if_needed()
    reporter.screenshot(path="/tmp/fwc/na-phone.png")  # noqa: S108 — to look at
    assert reporter.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    head = _person(browser, base, "head.tx")
    head.goto(f"{base}/forms/{form.pk}/submit/")
    head.get_by_role("button", name="Xác nhận nộp phiếu").click()
    expect(head.locator("#form-status")).to_have_text("Đã nộp")

    appraiser = _person(browser, base, "other.appraiser")
    appraiser.goto(f"{base}/appraisal/forms/{form.pk}/")
    kt3 = _criterion(appraiser, "KT.3")
    expect(kt3.locator(".unit-value")).to_have_text(f"Không áp dụng — lý do: {REASON}")
    expect(kt3.get_by_role("link", name="xac-nhan-khong-co-cho.pdf")).to_be_visible()
    kt3.get_by_role("button", name="Chấp nhận").click()
    kt3 = _criterion(appraiser, "KT.3")
    expect(kt3.locator(".decision")).to_contain_text("Chấp nhận")
    expect(appraiser.locator("#verified-total")).to_have_text(EXPECTED_TOTAL)
    expect(kt3.locator(".not-applicable")).to_contain_text("đơn vị khai không áp dụng")
    appraiser.locator(".scaling summary").click()
    expect(appraiser.locator(".scaling pre")).to_contain_text("không áp dụng: KT.3")
    kt3.scroll_into_view_if_needed()
    appraiser.screenshot(path="/tmp/fwc/na-appraiser.png")  # noqa: S108 — to look at
