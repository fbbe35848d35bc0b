"""Accessibility: axe-core (axe-playwright-python) on every page of the main journeys, in
Chromium, as each person sees it: no serious or critical violation anywhere.

The journeys: the home page and login, the unit's form on a 360-px phone, the appraiser's review
screen, the approval page and the results dashboard, the public year and unit pages, the help
page and the audit trail. Each page is also checked after its scripts ran (the form's autosave,
the charts), since axe reads the page as it is then."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import open_campaign
from tests.results.conftest import publish_districts_2019

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
BLOCKING = {"serious", "critical"}
# Rules axe rates moderate or minor that a screen-reader user still trips over: the page's
# language, title, one main landmark and first-level heading, content inside landmarks, labelled
# fields, named table headers.
ALSO_REQUIRED = {
    "html-has-lang",
    "html-lang-valid",
    "document-title",
    "landmark-one-main",
    "page-has-heading-one",
    "region",
    "label",
    "empty-table-header",
}


def _login(browser: Browser, base: str, username: str | None, viewport: ViewportSize) -> Page:
    from tests.conftest import PASSWORD

    page = browser.new_context(viewport=viewport, locale="vi-VN").new_page()
    if username:
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{base}/")
    return page


def _violations(page: Page) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING or violation["id"] in ALSO_REQUIRED:
            targets = [" ".join(map(str, n["target"])) for n in violation["nodes"][:5]]
            found.append(
                f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}×): "
                f"{violation['help']} — {targets}"
            )
    return found


@pytest.fixture
def journeys(cast: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A published 2019 district campaign (review, approval, dashboard, public pages) and an open
    2020 one whose form a reporter fills."""
    published = publish_districts_2019(cast)
    open_2020 = open_campaign(
        cast, year=2020, frameworks={"district": "vn-2392-huyen", "commune": "vn-2392-xa"}
    )
    yield {
        "campaign": published.campaign,
        "reviewed": published.campaign.forms.get(unit__code="666"),
        "open_form": open_2020.forms.get(unit__code="666"),
    }


def test_no_serious_or_critical_accessibility_violation_on_the_main_journeys(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    journeys: dict[str, Any],
) -> None:
    base = live_server.url
    campaign = journeys["campaign"]
    pages: list[tuple[str, str | None, ViewportSize, str]] = [
        ("trang chủ", None, DESKTOP, "/"),
        ("đăng nhập", None, PHONE, "/accounts/login/"),
        ("hướng dẫn", None, PHONE, "/huong-dan/"),
        ("công khai: năm", None, PHONE, "/public/67/2019/"),
        ("công khai: đơn vị", None, PHONE, "/public/67/2019/units/666/"),
        ("trang chủ đầu mối", "reporter.a", PHONE, "/"),
        ("phiếu trên điện thoại", "reporter.a", PHONE, f"/forms/{journeys['open_form'].pk}/"),
        ("hướng dẫn đầu mối", "reporter.a", PHONE, "/huong-dan/"),
        ("thẩm định", "appraiser", DESKTOP, f"/appraisal/forms/{journeys['reviewed'].pk}/"),
        ("phê duyệt", "approver", DESKTOP, f"/campaigns/{campaign.pk}/approval/"),
        ("bảng điều khiển", "approver", DESKTOP, f"/results/campaigns/{campaign.pk}/"),
        ("nhật ký", "province.admin", DESKTOP, "/audit/"),
    ]
    problems: dict[str, list[str]] = {}
    sessions: dict[tuple[str | None, str], Page] = {}

    def check(name: str, page: Page) -> None:
        page.wait_for_load_state("networkidle")
        found = _violations(page)
        if found:
            problems[f"{name} ({page.url.removeprefix(base)})"] = found

    def visit(name: str, username: str | None, viewport: ViewportSize, path: str) -> Page:
        key = (username, str(viewport["width"]))
        if key not in sessions:
            sessions[key] = _login(browser, base, username, viewport)
        page = sessions[key]
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, (name, path)
        check(f"{name}, {username or 'khách'}", page)
        return page

    for name, username, viewport, path in pages:
        visit(name, username, viewport, path)

    # The same screens in the states people bring them to: an answer typed and saved, every
    # folded panel (evidence, adjust, ask, return) opened.
    form = visit("phiếu", "reporter.a", PHONE, f"/forms/{journeys['open_form'].pk}/")
    ratio = form.locator("section[id='c-SS.HT.1']")
    ratio.locator("input[name=numerator]").fill("40")
    ratio.locator("input[name=denominator]").fill("50")
    ratio.locator("input[name=denominator]").blur()
    expect(ratio.locator(".save-state")).to_have_text(re.compile("^Đã lưu"))
    form.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    check("phiếu đã nhập, mở hết các mục", form)
    reviewed = f"/appraisal/forms/{journeys['reviewed'].pk}/"
    review = visit("thẩm định", "appraiser", DESKTOP, reviewed)
    review.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    check("thẩm định, mở hết các mục", review)
    # A wrong password, and an address that does not exist.
    stranger = browser.new_context(viewport=PHONE).new_page()
    stranger.goto(f"{base}/accounts/login/")
    stranger.get_by_label("Tên đăng nhập").fill("reporter.a")
    stranger.get_by_label("Mật khẩu").fill("sai-mat-khau")
    stranger.get_by_role("button", name="Đăng nhập").click()
    expect(stranger.get_by_role("alert")).to_contain_text("không đúng")
    check("đăng nhập sai", stranger)
    assert stranger.goto(f"{base}/khong-co-trang-nay/").status == 404  # type: ignore[union-attr]
    check("không tìm thấy", stranger)
    # axe itself is live: a picture without text is a critical violation.
    stranger.set_content('<html lang="vi"><body><main><img src="data:,"></main></body></html>')
    assert any(v.startswith("image-alt (critical") for v in _violations(stranger))

    assert not problems, "\n".join(
        f"{where}:\n  " + "\n  ".join(found) for where, found in problems.items()
    )
