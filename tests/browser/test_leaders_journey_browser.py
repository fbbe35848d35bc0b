"""What the leaders and the appraisers do, in Chromium, deliberate and visible: the appraiser
works down a long submitted form without being thrown back to the top, the approver checks the
figures the approval page shows against the dashboard, leaves a unit out with a reason, approves
and publishes with the signed decision through confirmation pages; then every page says
«Đã công bố» and the unit's head sees the verified result beside its own and the public page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from chiso.campaigns.models import Campaign, CampaignStatus, FormStatus
from chiso.results.models import Snapshot
from chiso.results.services import DATE_MISSING, NUMBER_MISSING, SIGNER_MISSING
from tests.campaigns.test_form_services import PDF
from tests.campaigns_dept.conftest import head_of
from tests.conftest import PASSWORD, open_campaign
from tests.results.conftest import appraise, example, fill, submit

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}
DESK: ViewportSize = {"width": 1280, "height": 800}
SHOTS = "/tmp/leaders-"  # noqa: S108 (screenshots to look at, not data)


def _person(browser: Browser, base: str, username: str, viewport: ViewportSize = DESK) -> Page:
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Xin chào")).to_be_visible()
    return page


def _criterion(page: Page, code: str) -> Locator:
    return page.locator(f"section[id='c-{code}']")


@pytest.fixture
def districts(cast: dict[str, Any]) -> Campaign:
    """Đắk Nông's 2019 districts: all submit their example; all but Đắk R'Lấp (head: head.a)
    are appraised; Đắk R'Lấp's form waits for the appraiser."""
    campaign = open_campaign(cast, year=2019, frameworks={"district": "vn-2392-huyen"})
    on = dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC)
    for form in campaign.forms.select_related("unit"):
        code = form.unit.code
        head = cast["head_a"] if code == "666" else head_of(form.unit, f"head.{code}.2019")
        answers = example("daknong-2019-huyen", code)
        fill(form, head, answers)
        submit(form, head, on)
        if code != "666":
            appraise(form, cast["appraiser"], answers)
    return campaign


def _decide_in_place(page: Page, code: str) -> None:
    """Accept the unit's value of ``code``: the page comes back at the criterion, saying so."""
    block = _criterion(page, code)
    block.get_by_role("button", name="Chấp nhận").click()
    expect(page).to_have_url(re.compile(rf"#c-{re.escape(code)}$"))
    block = _criterion(page, code)
    expect(block.locator(".criterion-message")).to_contain_text(f"tiêu chí {code}")
    expect(block.locator(".criterion-message")).to_be_in_viewport()
    expect(block.locator(".decision")).to_contain_text("Chấp nhận")


def test_appraise_approve_exclude_publish_and_the_unit_sees_its_published_result(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    districts: Campaign,
) -> None:
    base = live_server.url
    campaign = districts
    form = campaign.forms.get(unit__code="666")

    # --- The appraiser works down Đắk R'Lấp's form, staying where they act. ---------------
    appraiser = _person(browser, base, "appraiser")
    appraiser.goto(f"{base}/appraisal/forms/{form.pk}/")
    for code in ("SS.HT.1", "SS.NL.2", "KQ.HD.2", "KQ.TT.2"):
        _decide_in_place(appraiser, code)
    assert appraiser.evaluate("window.scrollY") > 1000  # well down the page, not at the top

    # KQ.TT.3 adjusted: "Khác" without the explanation is refused, in the criterion, in view.
    tt3 = _criterion(appraiser, "KQ.TT.3")
    tt3.get_by_text("Điều chỉnh giá trị").click()
    tt3.locator("[id='v-KQ.TT.3-n']").fill("35")
    tt3.get_by_label("Lý do").select_option(value="other")
    tt3.get_by_role("button", name="Ghi giá trị thẩm định").click()
    tt3 = _criterion(appraiser, "KQ.TT.3")
    refusal = tt3.get_by_role("alert")
    expect(refusal).to_contain_text("lý do")
    expect(refusal).to_be_in_viewport()
    expect(tt3.locator("[id='v-KQ.TT.3-n']")).to_have_value("35")  # what was typed is kept
    appraiser.screenshot(path=f"{SHOTS}appraiser-refused.png")
    tt3.get_by_label("Lý do").select_option(label="Minh chứng không khớp với số liệu kê khai")
    tt3.get_by_label("Giải thích").fill("Báo cáo quý IV ghi 35 thủ tục")
    tt3.get_by_role("button", name="Ghi giá trị thẩm định").click()
    tt3 = _criterion(appraiser, "KQ.TT.3")
    expect(tt3.locator(".criterion-message")).to_be_in_viewport()
    expect(tt3.locator(".decision")).to_contain_text("Báo cáo quý IV ghi 35 thủ tục")
    appraiser.screenshot(path=f"{SHOTS}appraiser-saved.png")

    appraiser.get_by_role("button", name="Chấp nhận số liệu ở các tiêu chí còn lại").click()
    cd2 = _criterion(appraiser, "KQ.CD.2")
    cd2.get_by_text("Chấm điểm").click()
    cd2.locator("[id='v-KQ.CD.2']").fill("0")
    cd2.get_by_label("Lý do").select_option(value="appraiser_points")
    cd2.get_by_role("button", name="Ghi giá trị thẩm định").click()
    expect(_criterion(appraiser, "KQ.CD.2").locator(".criterion-message")).to_be_in_viewport()
    appraiser.get_by_role("button", name="Hoàn thành thẩm định").click()
    expect(appraiser.locator("#form-status")).to_have_text("Đã thẩm định")

    appraiser.goto(f"{base}/campaigns/{campaign.pk}/approval/")
    appraiser.get_by_role("button", name="Kết thúc thu thập, bắt đầu thẩm định").click()
    appraiser.get_by_role("button", name="Trình lãnh đạo phê duyệt").click()
    expect(appraiser.locator("#campaign-status")).to_have_text("Chờ phê duyệt")

    # --- The approver: the figures signed are the dashboard's. ----------------------------
    approver = _person(browser, base, "approver")
    approver.goto(f"{base}/campaigns/{campaign.pk}/approval/")
    signed = approver.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('tbody.unit-rows')].map(b => [
            b.querySelector('th a, th').textContent.trim().split('\\n')[0].trim(),
            [...b.querySelectorAll('td.verified')].map(td => td.textContent.trim())]))"""
    )
    assert len(signed) == 8 and all(len(v) == 2 for v in signed.values()), signed
    approver.screenshot(path=f"{SHOTS}approval.png", full_page=True)
    for index, section in enumerate(("SS", "KQ")):
        approver.goto(f"{base}/results/campaigns/{campaign.pk}/?level=district&section={section}")
        shown = approver.evaluate(
            """() => Object.fromEntries([
              ...[...document.querySelectorAll('#ranking tbody tr')].map(tr => [
                 tr.querySelector('a').textContent.trim(), tr.children[2].textContent.trim()]),
              ...[...document.querySelectorAll('#not-ranked li')].map(li => [
                 li.querySelector('a').textContent.trim(),
                 (li.textContent.match(/: ([\\d,]+) điểm/) || [])[1] || ''])])"""
        )
        assert {name: figures[index] for name, figures in signed.items()} == shown, section

    # Leaving a unit out: a button that says so; a reason is required, said on its row.
    approver.goto(f"{base}/campaigns/{campaign.pk}/approval/")
    milrow = approver.locator("tbody.unit-rows", has_text="Huyện Đắk Mil")
    milrow.get_by_text("Loại khỏi xếp hạng…").click()
    milrow.get_by_role("button", name="Loại khỏi xếp hạng").click()
    milrow = approver.locator("tbody.unit-rows", has_text="Huyện Đắk Mil")
    expect(milrow.locator(".unit-message")).to_contain_text("cần lý do")
    expect(milrow.locator(".unit-message")).to_be_in_viewport()
    milrow.get_by_text("Loại khỏi xếp hạng…").click()
    milrow.get_by_label("Lý do loại Huyện Đắk Mil khỏi xếp hạng").fill(
        "Số liệu không xác minh được"
    )
    milrow.get_by_role("button", name="Loại khỏi xếp hạng").click()
    milrow = approver.locator("tbody.unit-rows", has_text="Huyện Đắk Mil")
    expect(milrow).to_contain_text("Số liệu không xác minh được")
    expect(milrow.get_by_role("button", name="Đưa lại vào xếp hạng")).to_be_visible()
    # On a phone the page itself does not scroll sideways (the table scrolls in its box).
    approver.set_viewport_size(PHONE)
    assert approver.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    approver.screenshot(path=f"{SHOTS}approval-phone.png")
    approver.set_viewport_size(DESK)

    # Approving: a confirmation page first.
    approver.get_by_role("link", name="Phê duyệt kết quả…").click()
    expect(approver.locator("#confirm-units")).to_have_text("8")
    expect(approver.locator("#confirm-excluded")).to_contain_text("Huyện Đắk Mil")
    approver.screenshot(path=f"{SHOTS}approve-confirm.png")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.AWAITING_APPROVAL
    approver.get_by_role("button", name="Xác nhận phê duyệt").click()
    expect(approver.locator("#campaign-status")).to_have_text("Đã phê duyệt")

    # Publishing: without the decision, refused next to each field.
    approver.goto(f"{base}/results/campaigns/{campaign.pk}/")
    approver.get_by_role("link", name="Công bố kết quả…").click()
    approver.get_by_role("button", name="Xem lại trước khi công bố…").click()
    for field, message in (
        ("#d-number-error", NUMBER_MISSING),
        ("#d-date-error", DATE_MISSING),
        ("#d-signer-error", SIGNER_MISSING),
    ):
        expect(approver.locator(field)).to_have_text(message)
        expect(approver.locator(field)).to_be_visible()
    approver.screenshot(path=f"{SHOTS}publish-refused.png")
    approver.set_viewport_size(PHONE)
    expect(approver.locator("#d-signer-error")).to_be_visible()
    assert approver.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    approver.screenshot(path=f"{SHOTS}publish-refused-phone.png", full_page=True)
    approver.set_viewport_size(DESK)
    assert not Snapshot.objects.exists()
    approver.get_by_label("Số quyết định").fill("47/QĐ-UBND")
    approver.get_by_label("Ngày ký (ngày/tháng/năm)").fill("10/01/2020")
    approver.get_by_label("Người ký (họ tên, chức vụ)").fill("Nguyễn Văn A, Chủ tịch UBND tỉnh")
    approver.get_by_role("button", name="Xem lại trước khi công bố…").click()
    expect(approver.locator("#publish-decision")).to_have_text(
        "Quyết định số 47/QĐ-UBND ngày 10/01/2020"
    )
    expect(approver.locator("#publish-signer")).to_have_text("Nguyễn Văn A, Chủ tịch UBND tỉnh")
    expect(approver.locator("#publish-units")).to_have_text("8")
    expect(approver.locator(".publish-table")).to_have_count(2)
    expect(approver.locator(".publish-table").first).to_contain_text("Huyện Đắk Mil")
    approver.screenshot(path=f"{SHOTS}publish-confirm.png", full_page=True)
    assert not Snapshot.objects.exists()  # reading the confirmation published nothing
    approver.get_by_role("button", name="Xác nhận công bố").click()
    expect(approver.locator("#campaign-stage")).to_have_text("Đã công bố")
    expect(approver.get_by_text("Số liệu đã công bố, phiên bản 1")).to_be_visible()
    approver.screenshot(path=f"{SHOTS}dashboard-published.png")
    approver.goto(f"{base}/")
    expect(approver.locator(".list-group-item", has_text=campaign.name)).to_contain_text(
        "Đã công bố"
    )
    snapshot = Snapshot.objects.get()
    assert snapshot.decision_signer == "Nguyễn Văn A, Chủ tịch UBND tỉnh"

    # --- Đắk R'Lấp's head, on a phone: verified beside own, and the public page. ----------
    head = _person(browser, base, "head.a", PHONE)
    card = head.locator(f"a.list-group-item[href='/forms/{form.pk}/']")
    expect(card).to_contain_text("Kết quả đã công bố")
    card.click()
    result = head.locator("#unit-result")
    expect(result).to_contain_text("Kết quả đã công bố")
    kq = result.locator("[data-section='KQ']")
    expect(kq.locator(".gap")).to_contain_text("-")  # KQ.TT.3 was lowered at appraisal
    assert kq.locator(".own").inner_text() != kq.locator(".verified").inner_text()
    assert head.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    head.screenshot(path=f"{SHOTS}head-result.png")
    head.get_by_role("link", name="Xem kết quả đã công bố của đơn vị").click()
    expect(head).to_have_url(re.compile(r"/public/67/2019/units/666/$"))
    expect(head.get_by_role("heading", level=1)).to_have_text("Huyện Đắk R'Lấp")
    form.refresh_from_db()
    assert form.status == FormStatus.VERIFIED


def test_a_refused_evidence_file_is_said_in_its_criterion_on_a_phone(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    form_a: Any,
) -> None:
    base = live_server.url
    reporter = _person(browser, base, "reporter.a", PHONE)
    reporter.goto(f"{base}/forms/{form_a.pk}/")
    for name, data, said in (
        ("ke-hoach.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "Chỉ nhận PDF"),
        ("ke-hoach.png", PDF, "không khớp nội dung"),
    ):
        block = _criterion(reporter, "KQ.CD.1")
        block.locator("input[type=file]").set_input_files(
            files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
        )
        block.get_by_role("button", name="Đính kèm").click()
        expect(reporter).to_have_url(re.compile(r"#c-KQ\.CD\.1$"))
        message = _criterion(reporter, "KQ.CD.1").locator(".evidence-message")
        expect(message).to_contain_text(said)
        expect(message).to_be_in_viewport()
    reporter.screenshot(path=f"{SHOTS}evidence-refused-phone.png")
    block = _criterion(reporter, "KQ.CD.1")
    block.locator("input[type=file]").set_input_files(
        files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    block.get_by_role("button", name="Đính kèm").click()
    message = _criterion(reporter, "KQ.CD.1").locator(".evidence-message")
    expect(message).to_contain_text("Đã đính kèm «bien-ban.pdf»")
    expect(message).to_be_in_viewport()
