"""The public results portal in Chromium on a 360-px phone: ranking, a unit, its charts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from chiso.audit.models import Entry
from chiso.results.models import Snapshot

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}


def _correct(approver: Page, timeout: float = 5_000) -> None:
    """On the dashboard: give the reason, review what becomes public (the 8 districts), then
    confirm the correction; ``timeout``: how long the reason's field may take to appear."""
    reason = approver.get_by_label("Lý do đính chính")
    expect(reason).to_be_visible(timeout=timeout)
    reason.fill("Thành phố Gia Nghĩa bổ sung biên bản kiểm kê")
    approver.get_by_role("button", name="Đính chính kết quả…").click()
    expect(approver.locator("#correct-units")).to_have_text("8")  # what becomes public, first
    approver.get_by_role("button", name="Xác nhận đính chính").click()


def test_the_public_ranking_reads_on_a_phone_and_leads_to_a_units_page(
    page: Page, live_server: LiveServer, transactional_db: None, published_2019: Any
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/public/67/2019/district/SS/")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Điều kiện sẵn sàng")
    first = page.locator("#ranking tbody tr").first
    expect(first).to_contain_text("Thành phố Gia Nghĩa")
    expect(first).to_contain_text("43,80")
    expect(first.locator(".badge")).to_have_text("Mức II")
    expect(page.locator("#ranking tbody tr")).to_have_count(3)
    expect(page.locator("#checksum")).to_have_text(published_2019.sha256)
    expect(page.locator("#not-ranked")).to_contain_text("Huyện Đắk Mil")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name="Huyện Đắk R'Lấp", exact=True).click()
    expect(page).to_have_url(re.compile(r"/public/67/2019/units/666/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Huyện Đắk R'Lấp")
    expect(page.get_by_text("Để đạt Mức III:").first).to_be_visible()
    expect(page.locator("[data-chart='profile-SS'] svg")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_published_figure_stays_after_a_value_is_edited_and_a_correction_is_a_new_version(
    browser: Any,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    published_2019: Any,
) -> None:
    from tests.browser.test_appraisal_browser import _person
    from tests.results.conftest import reapprove_gia_nghia_fixed

    base = f"{live_server.url}/public/67/2019/"
    campaign = reapprove_gia_nghia_fixed(published_2019.campaign, cast)  # SS.HT.1 now 50/50

    public = browser.new_context().new_page()
    public.goto(f"{base}district/SS/")
    gia_nghia = public.locator("#ranking tbody tr").first
    expect(gia_nghia).to_contain_text("43,80")  # the published figure did not move

    approver = _person(browser, live_server.url, "approver")
    approver.goto(f"{live_server.url}/results/campaigns/{campaign.pk}/")
    _correct(approver)
    expect(approver.locator(".alert-success[role=alert]")).to_contain_text("2")

    public.goto(f"{base}district/SS/")
    expect(public.locator("#ranking tbody tr").first).not_to_contain_text("43,80")
    expect(public.get_by_text("đính chính: Thành phố Gia Nghĩa bổ sung")).to_be_visible()
    public.get_by_role("link", name="v1", exact=True).click()
    expect(public).to_have_url(re.compile(r"/public/67/2019/v1/$"))
    public.goto(f"{base}v1/district/SS/")  # the old version stays readable, unchanged
    expect(public.locator("#ranking tbody tr").first).to_contain_text("43,80")


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=1)
def test_a_large_campaigns_correction_runs_in_the_background_with_its_progress(
    browser: Any,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    published_2019: Any,
) -> None:
    """From the background threshold (here: every campaign) the confirmed correction only
    starts in the request: the leader sees «Đang đính chính…», then the dashboard says the new
    version, and the public reads it."""
    from tests.browser.test_appraisal_browser import _person
    from tests.results.conftest import reapprove_gia_nghia_fixed

    campaign = reapprove_gia_nghia_fixed(published_2019.campaign, cast)
    approver = _person(browser, live_server.url, "approver")
    approver.set_viewport_size(PHONE)
    approver.goto(f"{live_server.url}/results/campaigns/{campaign.pk}/")
    # The draft is computed in the background too: the dashboard shows its figures in a while.
    _correct(approver, timeout=30_000)
    said = approver.locator(".alert-success[role=alert]")
    expect(said).to_contain_text("Đã đính chính: phiên bản 2", timeout=30_000)
    latest = Snapshot.objects.get(campaign=campaign, version=2)
    expect(said).to_contain_text(f"mã kiểm tra {latest.sha256[:12]}")
    assert Entry.objects.get(action="results.correct").actor == cast["approver"]
    assert approver.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    public = browser.new_context().new_page()
    public.goto(f"{live_server.url}/public/67/2019/district/SS/")
    expect(public.locator("#checksum")).to_have_text(latest.sha256)
    expect(public.get_by_text("đính chính: Thành phố Gia Nghĩa bổ sung")).to_be_visible()
