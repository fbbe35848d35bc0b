"""A step clicked twice, or from a page left open, in Chromium: the second click says in
Vietnamese why nothing happened (409), with the way back. A campaign not yet opened shows no
document links."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from chiso.campaigns.models import CampaignStatus

pytestmark = pytest.mark.browser


def _person(browser: Browser, base: str, username: str, **context: Any) -> Page:
    from tests.conftest import PASSWORD

    page = browser.new_context(**context).new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def test_a_stale_step_says_why_and_changes_nothing(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    submitted_a: Any,
) -> None:
    base = live_server.url
    campaign = submitted_a.campaign
    appraiser = _person(browser, base, "appraiser")
    approval = f"{base}/campaigns/{campaign.pk}/approval/"
    appraiser.goto(approval)
    stale = appraiser.context.new_page()  # a second tab, opened before the click
    stale.goto(approval)
    appraiser.get_by_role("button", name="Kết thúc thu thập, bắt đầu thẩm định").click()
    expect(appraiser.locator(".alert-success")).to_contain_text("giai đoạn thẩm định")
    stale.get_by_role("button", name="Kết thúc thu thập, bắt đầu thẩm định").click()
    expect(stale.locator("h1")).to_have_text("Không thực hiện được")
    expect(stale.get_by_role("alert")).to_contain_text(
        "Đợt đánh giá đang ở trạng thái «Đang thẩm định»: không thể chuyển sang thẩm định."
    )
    stale.screenshot(path="/tmp/workflow-stale-start.png", full_page=True)  # noqa: S108 - looked at by hand
    stale.get_by_role("link", name="Quay lại trang trước").click()
    expect(stale.get_by_role("button", name="Trình lãnh đạo phê duyệt")).to_be_visible()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.APPRAISING


def test_the_dashboard_of_a_campaign_not_yet_opened_offers_no_documents_on_a_phone(
    browser: Browser, live_server: LiveServer, transactional_db: None, cast: dict[str, Any]
) -> None:
    from chiso.campaigns.services import campaign_create

    campaign = campaign_create(
        actor=cast["province_admin"],
        province=cast["province"],
        year=2027,
        name="Đợt năm sau",
        request_date=dt.date(2027, 10, 1),
        deadline_working_days=15,
        frameworks={"district": "vn-2392-huyen"},
    )
    approver = _person(browser, live_server.url, "approver", viewport={"width": 360, "height": 740})
    approver.goto(f"{live_server.url}/results/campaigns/{campaign.pk}/")
    expect(approver.locator("#documents")).to_contain_text("Đợt chưa có kết quả")
    assert approver.locator("a[href$='ranking.xlsx']").count() == 0
    approver.screenshot(path="/tmp/workflow-no-documents.png", full_page=True)  # noqa: S108 - looked at by hand
    approver.goto(f"{live_server.url}/results/campaigns/{campaign.pk}/decision.docx")
    expect(approver.locator("body")).to_contain_text("chưa có kết quả")
