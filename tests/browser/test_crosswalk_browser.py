"""Issue 16, year to year, in Chromium: Lâm Đồng published 2025 on vn-2392-xa and collects 2026
on its own version, where criteria changed code. The leader's page first says 2026 does not
compare with 2025; the province administrator opens the two versions' difference, reviews the
proposed crosswalk on a phone, makes a mistake the page names, fixes the pair, confirms; the
leader's page then compares the mapped criteria and says «không so sánh được» for the rest."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from chiso.accounts.policy import Target
from chiso.frameworks import services as fw_services
from tests.crosswalk.frameworks import new_text
from tests.crosswalk.test_crosswalk_results import _lamdong, _publish, approver_of_lamdong

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
SHOTS = Path(tempfile.gettempdir())


def _person(browser: Browser, base: str, username: str) -> Page:
    from tests.conftest import PASSWORD

    page = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_label("Mật khẩu")).to_have_count(0)
    return page


def _two_years(cast: dict[str, Any]) -> Any:
    cast["lamdong_approver"] = approver_of_lamdong()
    _publish(cast, _lamdong(cast, 2025, "vn-2392-xa", {"24730": {"SS.HT.1": ["5", "10"]}}))
    row = fw_services.framework_version_create(
        actor=cast["other_admin"],
        province=Target(era="2025", province_code="68"),
        text=new_text(),
        code="lamdong-xa-moi",
    )
    fw_services.framework_version_publish(actor=cast["other_admin"], version=row)
    return _lamdong(cast, 2026, "lamdong-xa-moi@1", {})


def _wide(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth") > PHONE["width"])


def test_the_admin_confirms_a_crosswalk_and_next_years_page_compares_through_it(
    browser: Browser, live_server: LiveServer, transactional_db: None, cast: dict[str, Any]
) -> None:
    base = live_server.url
    campaign = _two_years(cast)
    unit_page = f"{base}/results/campaigns/{campaign.pk}/units/24730/"

    # The leader, before any crosswalk: nothing compares, and the page says why.
    leader = _person(browser, base, "lanhdao.lamdong")
    leader.goto(unit_page)
    expect(
        leader.get_by_text("So với năm 2025: không so sánh được: bộ tiêu chí khác năm trước.").first
    ).to_be_visible()
    expect(
        leader.locator("p", has_text="không so sánh được: bộ tiêu chí khác năm trước")
    ).to_have_count(2)
    leader.get_by_text("So với năm 2025").first.scroll_into_view_if_needed()
    leader.screenshot(path=str(SHOTS / "crosswalk-results-before.png"), full_page=False)
    leader.goto(f"{base}/results/campaigns/{campaign.pk}/")
    expect(leader.get_by_role("cell", name="không so sánh được").first).to_be_visible()
    leader.get_by_role("cell", name="không so sánh được").first.scroll_into_view_if_needed()
    leader.screenshot(path=str(SHOTS / "crosswalk-dashboard-before.png"), full_page=False)

    # The administrator: the two versions' difference, then the proposed crosswalk.
    admin = _person(browser, base, cast["other_admin"].username)
    admin.goto(f"{base}/frameworks/versions/diff/")
    admin.get_by_label("Bản cũ").select_option("vn-2392-xa")
    admin.get_by_label("Bản mới").select_option("lamdong-xa-moi@1")
    admin.get_by_role("button", name="So sánh").click()
    expect(admin.locator("#differences")).to_contain_text("SS.HT.01")
    admin.get_by_role("link", name=re.compile("Đối chiếu mã")).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Đối chiếu mã: năm trước → năm nay")
    expect(admin.locator("#crosswalk-status")).to_contain_text("chưa được xác nhận")
    expect(admin.locator("#crosswalk-summary")).to_have_text(
        "29 mã năm trước: 26 giữ nguyên mã, 3 cần xem (đánh dấu viền vàng)."
    )
    expect(admin.locator("#to-SS\\.HT\\.1")).to_have_value("SS.HT.01")
    expect(admin.locator("#to-SS\\.NL\\.2")).to_have_value("SS.NL.3")
    expect(admin.locator("#to-SS\\.MT\\.2")).to_have_value("-")
    expect(admin.locator("li[data-old='SS.HT.1']")).to_contain_text("Đề xuất: cùng tên → SS.HT.01")
    assert not _wide(admin)
    admin.screenshot(path=str(SHOTS / "crosswalk-proposal.png"), full_page=False)

    # SS.HT.4 (antivirus) was measured differently this year: first onto the wrong code…
    admin.locator("#to-SS\\.HT\\.4").select_option("SS.HT.01")
    admin.get_by_role("button", name="Xác nhận bảng đối chiếu").click()
    errors = admin.locator("#crosswalk-errors")
    expect(errors).to_contain_text(
        "«SS.HT.1», «SS.HT.4» cùng ghép vào «SS.HT.01» mà không ghi là gộp"
    )
    expect(admin.locator("#to-SS\\.HT\\.4")).to_have_value("SS.HT.01")  # what was chosen stays
    admin.locator("#crosswalk-errors").scroll_into_view_if_needed()
    admin.screenshot(path=str(SHOTS / "crosswalk-error.png"), full_page=False)
    # …then as it is: no counterpart.
    admin.locator("#to-SS\\.HT\\.4").select_option("-")
    admin.get_by_role("button", name="Xác nhận bảng đối chiếu").click()
    expect(admin.get_by_text(re.compile(r"Đã xác nhận bảng đối chiếu vn-2392-xa"))).to_be_visible()
    admin.reload()
    expect(admin.locator("#crosswalk-status")).to_contain_text("Đã xác nhận")
    expect(admin.locator("#to-SS\\.HT\\.4")).to_have_value("-")

    # The leader's pages of 2026 now compare through it.
    leader.goto(f"{base}/results/campaigns/{campaign.pk}/")
    expect(leader.get_by_role("cell", name="không so sánh được")).to_have_count(0)
    expect(leader.locator("td", has_text="+1,50").first).to_be_visible()
    leader.goto(unit_page)
    expect(leader.get_by_text(re.compile("so với năm 2025", re.I)).first).to_be_visible()
    expect(leader.get_by_text("bộ tiêu chí khác năm trước")).to_have_count(0)
    leader.get_by_text("Điểm từng tiêu chí").first.click()
    expect(leader.locator("[data-previous='SS.HT.01']").first).to_have_text("2,50")
    expect(leader.locator("[data-previous='SS.MT.1']").first).to_have_text("3,00")
    expect(leader.locator("[data-previous='SS.HT.4']").first).to_have_text("không so sánh được")
    expect(leader.locator("[data-previous='SS.MT.3']").first).to_have_text("không so sánh được")
    leader.locator("[data-previous='SS.HT.4']").first.scroll_into_view_if_needed()
    leader.screenshot(path=str(SHOTS / "crosswalk-results.png"), full_page=False)
