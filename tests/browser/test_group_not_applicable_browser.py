"""A commune reporter on a phone fills criteria of four kinds, declares the whole group KT
không áp dụng with a reason and evidence, reloads, edits an earlier answer, withdraws and
re-declares; the head submits; the appraiser accepts the declaration; the verified total is the
hand-computed one on the review page, in the API, on the department's page and in the unit's
PDF (issue 16). The form is set up by tests/campaigns/group_na_setup.py (totals by hand there)."""

from __future__ import annotations

import io
import re
from typing import Any

import pypdf
import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from chiso.appraisal.models import VerificationState
from chiso.appraisal.services import verification_save
from tests.browser.test_appraisal_browser import _criterion, _person
from tests.campaigns.group_na_setup import DECLARED_TOTAL, PDF, SCORED_TOTAL, commune_form

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
REASON = "Xã không có hộ kinh doanh, doanh nghiệp, chợ hay điểm du lịch trên địa bàn"
SAVED = re.compile("^Đã lưu")


def _saved(block: Any) -> None:
    expect(block.locator(".save-state")).to_have_text(SAVED)


def _total(page: Page) -> Any:
    return page.locator("#live-summary [data-total-for='CDS']")


def test_a_commune_declares_a_group_not_applicable_and_the_appraiser_accepts_it(
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
    expect(reporter.locator("section[id='c-NT'] input[name=not_applicable]")).to_have_count(0)

    # Four kinds: a choice, a count, a ratio, a yes/no; and KT.2 (a ratio) inside the group.
    nt1 = _criterion(reporter, "NT.1")
    nt1.get_by_label("Lựa chọn").select_option("chu_tich")
    _saved(nt1)
    nt4 = _criterion(reporter, "NT.4")
    nt4.locator("input[name=value]").fill("10")
    nt4.locator("input[name=value]").blur()
    _saved(nt4)
    nt3 = _criterion(reporter, "NT.3")
    nt3.locator("input[name=numerator]").fill("12")
    nt3.locator("input[name=denominator]").fill("12")
    nt3.locator("input[name=denominator]").blur()
    _saved(nt3)
    ht2 = _criterion(reporter, "HT.2")
    ht2.get_by_label("Có", exact=True).check()
    _saved(ht2)
    kt2 = _criterion(reporter, "KT.2")
    kt2.locator("input[name=numerator]").fill("1")
    kt2.locator("input[name=denominator]").fill("2")
    kt2.locator("input[name=denominator]").blur()
    _saved(kt2)
    # Everything applies, NT.4 is 10: 815 + 112,5 = 927,50.
    expect(_total(reporter)).to_have_text("927,50")

    kt = _criterion(reporter, "KT")
    kt.get_by_label(re.compile("^Cả nhóm KT không áp dụng")).check()
    expect(kt.locator(".field-error")).to_contain_text("cần lý do")  # ticked, no reason yet
    reason = kt.get_by_label("Lý do nhóm KT không áp dụng")
    reason.fill(REASON)
    reason.blur()
    _saved(kt)
    expect(kt.locator(".field-error")).to_have_text("")
    # 815 / 850 × 1000 = 958,82; the group's criteria are shown as not to be answered.
    expect(_total(reporter)).to_have_text("958,82")
    expect(kt2.locator("input[name=numerator]")).to_be_disabled()
    expect(kt.locator(".group-na-note")).to_be_visible()
    evidence = tmp_path / "xac-nhan-khong-co-hoat-dong-kinh-te.pdf"
    evidence.write_bytes(PDF)
    kt.locator("input[type=file]").set_input_files(str(evidence))
    kt.get_by_role("button", name="Đính kèm").click()
    expect(reporter.get_by_role("alert").first).to_contain_text("Đã đính kèm")

    reporter.reload()
    kt = _criterion(reporter, "KT")
    expect(kt.get_by_label(re.compile("^Cả nhóm KT không áp dụng"))).to_be_checked()
    expect(kt.get_by_label("Lý do nhóm KT không áp dụng")).to_have_value(REASON)
    expect(kt.get_by_role("link", name=evidence.name)).to_be_visible()
    expect(_criterion(reporter, "NT.1").get_by_label("Lựa chọn")).to_have_value("chu_tich")
    expect(_criterion(reporter, "NT.4").locator("input[name=value]")).to_have_value("10")
    expect(_criterion(reporter, "HT.2").get_by_label("Có", exact=True)).to_be_checked()
    kt2 = _criterion(reporter, "KT.2")
    expect(kt2.locator("input[name=numerator]")).to_have_value("1")  # kept
    expect(kt2.locator("input[name=numerator]")).to_be_disabled()
    expect(_total(reporter)).to_have_text("958,82")
    kt.scroll_into_view_if_needed()
    reporter.screenshot(path="/tmp/fwc/group-na-phone.png")  # noqa: S108 — to look at
    assert reporter.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # An earlier answer edited: NT.4 10 → 20 tin, bài.
    nt4 = _criterion(reporter, "NT.4")
    nt4.locator("input[name=value]").fill("20")
    nt4.locator("input[name=value]").blur()
    _saved(nt4)
    expect(_total(reporter)).to_have_text(DECLARED_TOTAL)
    # Withdrawn: KT counts again with its kept answers; re-declared: scaled again.
    box = kt.get_by_label(re.compile("^Cả nhóm KT không áp dụng"))
    box.uncheck()
    _saved(kt)
    expect(_total(reporter)).to_have_text(SCORED_TOTAL)
    expect(kt2.locator("input[name=numerator]")).to_be_enabled()
    expect(kt2.locator("input[name=denominator]")).to_have_value("2")
    box.check()
    _saved(kt)
    expect(_total(reporter)).to_have_text(DECLARED_TOTAL)
    summary = reporter.locator("#live-summary")
    summary.locator(".scaling summary").click()
    expect(summary.locator(".scaling")).to_contain_text(
        f"KT Hoạt động kinh tế số: không áp dụng (đơn vị khai không áp dụng: {REASON})"
    )
    summary.scroll_into_view_if_needed()
    reporter.screenshot(path="/tmp/fwc/group-na-summary.png")  # noqa: S108 — to look at

    head = _person(browser, base, "head.tx")
    head.goto(f"{base}/forms/{form.pk}/submit/")
    head.get_by_role("button", name="Xác nhận nộp phiếu").click()
    expect(head.locator("#form-status")).to_have_text("Đã nộp")

    appraiser = _person(browser, base, "other.appraiser")
    appraiser.goto(f"{base}/appraisal/forms/{form.pk}/")
    kt = _criterion(appraiser, "KT")
    expect(kt.locator(".unit-value")).to_have_text(f"Không áp dụng — lý do: {REASON}")
    expect(kt.get_by_role("link", name=evidence.name)).to_be_visible()
    kt.get_by_role("button", name="Chấp nhận khai không áp dụng").click()
    kt = _criterion(appraiser, "KT")
    expect(kt.locator(".decision")).to_contain_text("Chấp nhận")
    appraiser.get_by_role("button", name="Chấp nhận số liệu ở các tiêu chí còn lại").click()
    verification_save(  # AT.4 is the appraisers' to score: 0, as the hand count has it
        actor=cast["other_appraiser"],
        form=form,
        criterion="AT.4",
        state=VerificationState.ADJUSTED,
        value="0",
        reason_code="appraiser_points",
        expected_version=None,
    )
    appraiser.goto(f"{base}/appraisal/forms/{form.pk}/")
    appraiser.get_by_role("button", name="Hoàn thành thẩm định").click()
    expect(appraiser.locator("#form-status")).to_have_text("Đã thẩm định")
    expect(appraiser.locator("#verified-total")).to_have_text(DECLARED_TOTAL)
    expect(appraiser.locator(".group-not-applicable")).to_contain_text("đơn vị khai không áp dụng")
    appraiser.locator(".scaling summary").click()
    expect(appraiser.locator(".scaling pre")).to_contain_text("KT Hoạt động kinh tế số: không áp")
    appraiser.screenshot(path="/tmp/fwc/group-na-appraiser.png", full_page=True)  # noqa: S108

    api = appraiser.request.get(f"{base}/api/v1/forms/{form.pk}/appraisal").json()
    total = next(p for p in api["points"] if p["code"] == "total")
    assert total["verified"] == DECLARED_TOTAL
    assert api["not_applicable"]["KT"] == f"đơn vị khai không áp dụng: {REASON}"
    assert "KT Hoạt động kinh tế số: không áp dụng" in api["scaling"][0]

    campaign = form.campaign.pk
    appraiser.goto(f"{base}/results/campaigns/{campaign}/units/{form.unit.code}/")
    na = appraiser.locator("[data-not-applicable='CDS']")
    expect(na).to_contain_text("Không áp dụng: KT")
    expect(appraiser.locator("main")).to_contain_text(DECLARED_TOTAL)
    # The group table says the group does not apply, not 0,00/150,00 (0 %).
    expect(appraiser.locator("[data-group-na='KT']")).to_have_text("không áp dụng")
    appraiser.screenshot(path="/tmp/fwc/group-na-department.png", full_page=True)  # noqa: S108

    pdf = appraiser.request.get(
        f"{base}/results/campaigns/{campaign}/units/{form.unit.code}/report.pdf"
    )
    assert pdf.ok
    with open("/tmp/fwc/group-na-report.pdf", "wb") as out:  # noqa: S108, PTH123 — to look at
        out.write(pdf.body())
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.body())).pages)
    flat = " ".join(text.split())
    assert DECLARED_TOTAL in flat
    assert "Không áp dụng: KT" in flat
    assert "Hoạt động kinh tế số không áp dụng 150,00" in flat  # the PDF's group table
