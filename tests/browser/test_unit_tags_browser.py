"""Unit tags in a browser (issue 16): the province administrator tags two sở «có nhiệm vụ phát
triển kinh tế số» on the campaign's page; the reporter of a tagged sở and of an untagged one each
see the right criteria on a phone, fill several, reload; the appraiser sees the same totals, and
so does the API.

Lâm Đồng's 2026 agencies' campaign; both forms filled through the services except NT.3, XH.3 and
KT.1, which the reporters type here. Totals hand-computed in tests/campaigns/tags_setup.py:
910,00 with the tag, 955,56 (= 860 / 900 × 1000) without.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from chiso.campaigns.models import Form
from chiso.campaigns.services import evidence_add, form_submit
from tests.api.conftest import Api, token_for
from tests.browser.test_appraisal_browser import _criterion, _person
from tests.campaigns.tags_setup import (
    PDF,
    TAGGED,
    UNTAGGED,
    WITH_TAG,
    WITHOUT_TAG,
    agencies_campaign,
    fill,
    people_of,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TYPED = frozenset({"NT.3", "XH.3", "KT.1"})
NA_TEXT = (
    "Không áp dụng với đơn vị (theo bộ tiêu chí: chỉ áp dụng cho đơn vị có nhiệm vụ phát triển"
    " kinh tế số)"
)


def _ratio(page: Page, code: str, numerator: str, denominator: str) -> None:
    card = _criterion(page, code)
    card.locator("input[name=numerator]").fill(numerator)
    card.locator("input[name=denominator]").fill(denominator)
    card.locator("input[name=denominator]").blur()
    expect(card.locator(".save-state")).to_have_text(re.compile("^Đã lưu"))


def _value(page: Page, code: str, value: str) -> None:
    card = _criterion(page, code)
    card.locator("input[name=value]").fill(value)
    card.locator("input[name=value]").blur()
    expect(card.locator(".save-state")).to_have_text(re.compile("^Đã lưu"))


def test_the_department_tags_two_so_and_each_reporter_sees_the_right_criteria(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
) -> None:
    campaign = agencies_campaign(cast)
    forms = {code: campaign.forms.get(unit__code=code) for code in (TAGGED, UNTAGGED)}
    people = {TAGGED: people_of(forms[TAGGED], "sct"), UNTAGGED: people_of(forms[UNTAGGED], "stp")}
    for code, form in forms.items():
        fill(form, people[code]["reporter"], skip=TYPED)
    base = live_server.url

    # The province administrator ticks Sở Công Thương and Sở Khoa học và Công nghệ at once.
    admin = _person(browser, base, "other.admin")
    admin.goto(f"{base}/campaigns/{campaign.pk}/")
    admin.locator("#tags-link").click()
    expect(admin.get_by_role("heading", name="Nhãn đơn vị")).to_be_visible()
    for unit in ("Sở Công Thương", "Sở Khoa học và Công nghệ"):
        admin.get_by_label(f"{unit}: có nhiệm vụ phát triển kinh tế số").check()
    admin.get_by_role("button", name="Lưu nhãn").click()
    expect(admin.get_by_role("alert").first).to_contain_text("Đã cập nhật nhãn của 2 đơn vị.")
    expect(admin.get_by_label("Sở Công Thương: có nhiệm vụ phát triển kinh tế số")).to_be_checked()
    expect(admin.get_by_label("Sở Tư pháp: có nhiệm vụ phát triển kinh tế số")).not_to_be_checked()
    admin.screenshot(path="/tmp/fwc/tags-admin.png", full_page=True)  # noqa: S108 — to look at

    # The tagged sở on a phone: KT.1 is an ordinary criterion to answer.
    sct = _person(browser, base, "reporter.sct")
    sct.set_viewport_size(PHONE)
    sct.goto(f"{base}/forms/{forms[TAGGED].pk}/")
    expect(sct.locator("#unit-tags")).to_contain_text("có nhiệm vụ phát triển kinh tế số")
    expect(_criterion(sct, "KT.1").locator(".na-by-framework")).to_have_count(0)
    _ratio(sct, "NT.3", "1", "2")
    _value(sct, "XH.3", "100")
    _ratio(sct, "KT.1", "3", "6")
    sct.reload()
    expect(_criterion(sct, "KT.1").locator("input[name=numerator]")).to_have_value("3")
    expect(sct.locator("#live-summary [data-total-for='CDS']")).to_have_text(WITH_TAG)
    _criterion(sct, "KT.1").scroll_into_view_if_needed()
    sct.screenshot(path="/tmp/fwc/tags-tagged-phone.png")  # noqa: S108 — to look at
    assert sct.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The untagged sở: KT.1 says why it does not apply and asks nothing.
    stp = _person(browser, base, "reporter.stp")
    stp.set_viewport_size(PHONE)
    stp.goto(f"{base}/forms/{forms[UNTAGGED].pk}/")
    expect(stp.locator("#unit-tags")).to_contain_text("không có")
    kt1 = _criterion(stp, "KT.1")
    expect(kt1.locator(".na-by-framework")).to_have_text(re.compile("^" + re.escape(NA_TEXT)))
    expect(kt1.locator("input")).to_have_count(0)
    expect(stp.locator("[data-group-na='KT']")).to_contain_text("Cả nhóm không áp dụng")
    _ratio(stp, "NT.3", "1", "2")
    _value(stp, "XH.3", "100")
    stp.reload()
    expect(_criterion(stp, "NT.3").locator("input[name=numerator]")).to_have_value("1")
    expect(stp.locator("#live-summary [data-total-for='CDS']")).to_have_text(WITHOUT_TAG)
    stp.locator("#live-summary .scaling summary").click()
    expect(stp.locator("#live-summary .scaling")).to_contain_text("860,00 / 900,00 × 1000,00")
    _criterion(stp, "KT.1").scroll_into_view_if_needed()
    stp.screenshot(path="/tmp/fwc/tags-untagged-phone.png")  # noqa: S108 — to look at
    assert stp.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The heads submit (the untagged sở needs no KT.1); the appraiser sees the same totals.
    evidence_add(
        actor=people[TAGGED]["reporter"],
        form=forms[TAGGED],
        criterion="KT.1",
        name="kt.pdf",
        data=PDF,
    )
    for code, form in forms.items():
        fresh = Form.objects.get(pk=form.pk)
        form_submit(actor=people[code]["head"], form=fresh, expected_version=fresh.version)
    appraiser = _person(browser, base, "other.appraiser")
    for code, total in ((TAGGED, WITH_TAG), (UNTAGGED, WITHOUT_TAG)):
        appraiser.goto(f"{base}/appraisal/forms/{forms[code].pk}/")
        expect(appraiser.locator("#verified-total")).to_have_text(total)
    expect(_criterion(appraiser, "KT.1").locator(".not-applicable")).to_contain_text(
        "chỉ áp dụng cho đơn vị có nhiệm vụ phát triển kinh tế số"
    )
    appraiser.screenshot(path="/tmp/fwc/tags-appraiser.png")  # noqa: S108 — to look at

    # The same figures through the API.
    api = Api(token_for(cast["other_appraiser"]))
    assert api.get(f"/forms/{forms[TAGGED].pk}").json()["total"] == "910.00"
    assert api.get(f"/forms/{forms[UNTAGGED].pk}").json()["total"] == "955.56"
