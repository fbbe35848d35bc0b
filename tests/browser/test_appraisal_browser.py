"""One form's way from submission to approval in Chromium: adjust with a reason, return with a
question, the unit answers and resubmits, the appraiser verifies, the approver approves."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from chiso.appraisal.services import form_exclude
from chiso.audit.models import Entry
from chiso.campaigns.models import FormStatus

pytestmark = pytest.mark.browser


def _person(browser: Browser, base: str, username: str) -> Page:
    from tests.conftest import PASSWORD

    page = browser.new_context().new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def _criterion(page: Page, code: str) -> Any:
    return page.locator(f"section[id='c-{code}']")


def test_adjust_return_answer_resubmit_verify_approve(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    submitted_a: Any,
) -> None:
    base = live_server.url
    campaign = submitted_a.campaign
    for other in campaign.forms.exclude(pk=submitted_a.pk):
        form_exclude(actor=cast["approver"], form=other, excluded=True, reason="Không nộp phiếu")

    # The appraiser adjusts SS.HT.1 with a reason and asks about SS.HT.2, then returns the form.
    appraiser = _person(browser, base, "appraiser")
    appraiser.goto(f"{base}/campaigns/{campaign.pk}/appraisal/")
    appraiser.get_by_role("link", name="Huyện Đắk R'Lấp").click()
    ht1 = _criterion(appraiser, "SS.HT.1")
    ht1.get_by_text("Điều chỉnh giá trị").click()
    ht1.locator("input[name=numerator]").fill("30")
    ht1.get_by_label("Lý do").select_option(label="Minh chứng không khớp với số liệu kê khai")
    ht1.get_by_label("Giải thích").fill("Biên bản kiểm kê ghi 30 máy")
    ht1.get_by_role("button", name="Ghi giá trị thẩm định").click()
    saved = appraiser.locator("section[id='c-SS.HT.1'] .criterion-message")
    expect(saved).to_contain_text("SS.HT.1")
    ht1 = _criterion(appraiser, "SS.HT.1")
    expect(ht1.locator(".decision")).to_contain_text("Biên bản kiểm kê ghi 30 máy")
    expect(ht1.locator("[data-verified-for='SS.HT.1']")).to_have_text("3,60")
    expect(appraiser.locator("#gap-total")).to_contain_text("-")

    ht2 = _criterion(appraiser, "SS.HT.2")
    ht2.get_by_text("Hỏi đơn vị về tiêu chí này").click()
    ht2.get_by_label("Câu hỏi SS.HT.2").fill("Đề nghị gửi danh sách máy tính kết nối mạng")
    ht2.get_by_role("button", name="Gửi câu hỏi").click()
    appraiser.get_by_text("Trả lại đơn vị…").click()
    appraiser.get_by_label(re.compile("Ý kiến chung")).fill("Bổ sung minh chứng SS.HT.2")
    appraiser.get_by_role("button", name="Trả lại phiếu").click()
    expect(appraiser.locator("#form-status")).to_have_text("Trả lại để bổ sung")

    # The unit sees the question, answers it, corrects the value and the head resubmits.
    reporter = _person(browser, base, "reporter.a")
    reporter.goto(f"{base}/forms/{submitted_a.pk}/")
    unit_ht2 = _criterion(reporter, "SS.HT.2")
    expect(unit_ht2).to_contain_text("Đề nghị gửi danh sách máy tính kết nối mạng")
    expect(_criterion(reporter, "SS.HT.1")).to_contain_text("Sở thẩm định")
    unit_ht2.get_by_placeholder("Trả lời Sở").fill("Đã rà soát: 150 máy kết nối mạng")
    unit_ht2.get_by_role("button", name="Gửi trả lời").click()
    unit_ht2 = _criterion(reporter, "SS.HT.2")
    numerator = unit_ht2.locator("input[name=numerator]")
    numerator.fill("150")
    numerator.blur()
    expect(unit_ht2.locator(".save-state")).to_have_text(re.compile("^Đã lưu"))

    head = _person(browser, base, "head.a")
    head.goto(f"{base}/forms/{submitted_a.pk}/submit/")
    head.get_by_role("button", name="Xác nhận nộp phiếu").click()
    expect(head.locator("#form-status")).to_have_text("Đã nộp lại")

    # Round 2 shows only what changed; the appraiser decides the rest and verifies.
    appraiser.goto(f"{base}/appraisal/forms/{submitted_a.pk}/")
    expect(appraiser.get_by_text("đơn vị đã sửa 1 tiêu chí")).to_be_visible()
    expect(_criterion(appraiser, "SS.HT.2")).to_contain_text("150/400")
    expect(_criterion(appraiser, "SS.HT.1")).to_have_count(0)
    appraiser.get_by_role("button", name="Chấp nhận số liệu ở các tiêu chí còn lại").click()
    cd2 = _criterion(appraiser, "KQ.CD.2")
    cd2.get_by_text("Chấm điểm").click()
    cd2.locator("input[name=value]").fill("1,5")
    cd2.get_by_label("Lý do").select_option(value="appraiser_points")
    cd2.get_by_role("button", name="Ghi giá trị thẩm định").click()
    appraiser.get_by_role("button", name="Hoàn thành thẩm định").click()
    expect(appraiser.locator("#form-status")).to_have_text("Đã thẩm định")

    # The department sends the results up; the leader approves them.
    appraiser.goto(f"{base}/campaigns/{campaign.pk}/approval/")
    appraiser.get_by_role("button", name="Kết thúc thu thập, bắt đầu thẩm định").click()
    appraiser.get_by_role("button", name="Trình lãnh đạo phê duyệt").click()
    expect(appraiser.locator("#campaign-status")).to_have_text("Chờ phê duyệt")
    approver = _person(browser, base, "approver")
    approver.goto(f"{base}/campaigns/{campaign.pk}/approval/")
    approver.get_by_role("link", name="Phê duyệt kết quả…").click()
    approver.get_by_role("button", name="Xác nhận phê duyệt").click()
    expect(approver.locator("#campaign-status")).to_have_text("Đã phê duyệt")

    submitted_a.refresh_from_db()
    assert submitted_a.status == FormStatus.VERIFIED
    # The audit trail shows each step, with who and why, to the leader.
    approver.goto(f"{base}/audit/?unit={submitted_a.unit.code}")
    trail = approver.locator("main")
    for step in (
        "Kết quả thẩm định tiêu chí",
        "Hỏi đơn vị",
        "Trả lại phiếu",
        "Đơn vị trả lời",
        "Sửa câu trả lời",
        "Nộp phiếu",
        "Bắt đầu thẩm định phiếu",
        "Hoàn thành thẩm định phiếu",
    ):
        expect(trail).to_contain_text(step)
    expect(trail).to_contain_text("Biên bản kiểm kê ghi 30 máy")
    approver.goto(f"{base}/audit/?criterion=SS.HT.1&unit={submitted_a.unit.code}")
    expect(approver.locator("main")).to_contain_text("điều chỉnh thành")
    assert Entry.objects.filter(action="campaigns.approved", actor=cast["approver"]).exists()
