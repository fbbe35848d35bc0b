"""Deadlines and the contest window in Chromium: a late form locks at the deadline, an extension
granted with its decision reopens it, the head submits, the appraiser verifies, the department
opens a contest window, the unit objects on a phone, the appraiser answers, the approval page
shows the objection and its outcome.

No clock is moved: the 2019 campaign's deadline (22/10/2019) is long past, and the campaign is
switched to «khóa phiếu chưa nộp khi hết hạn» once the unit has filled its form, so the lock
takes effect the way it does when the day passes.
"""

from __future__ import annotations

import tempfile
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from chiso.appraisal import approval
from chiso.audit.models import Entry
from chiso.campaigns.models import Campaign, FormStatus
from tests.appraisal.test_contest import _verified
from tests.campaigns.test_form_services import _fill

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SHOTS = f"{tempfile.gettempdir()}/chiso-deadlines"  # looked at by hand, not kept


def _person(browser: Browser, base: str, username: str, **context: Any) -> Page:
    from tests.conftest import PASSWORD

    page = browser.new_context(**context).new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def test_lock_extend_submit_verify_contest_answer_approve_page(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    form_a: Any,
) -> None:
    base = live_server.url
    campaign = form_a.campaign
    _fill(form_a, cast["reporter_a"])  # filled in time, never submitted
    Campaign.objects.filter(pk=campaign.pk).update(lock_at_deadline=True)

    # The head opens the form after the deadline: locked, with the date and whom to ask.
    head = _person(browser, base, "head.a")
    head.goto(f"{base}/forms/{form_a.pk}/")
    locked = head.locator("#form-locked")
    expect(locked).to_contain_text("22/10/2019")
    expect(locked).to_contain_text("province_admin@example.vn")
    expect(head.get_by_role("link", name="Nộp phiếu…")).to_have_count(0)
    head.screenshot(path=f"{SHOTS}-1-locked.png", full_page=False)

    # The department records the extension decision for Đắk R'Lấp and Cư Jút.
    today = timezone.localdate()
    new_day = today + timezone.timedelta(days=14)
    dept = _person(browser, base, "appraiser")
    dept.goto(f"{base}/campaigns/{campaign.pk}/")
    expect(dept.locator("body")).to_contain_text("phiếu đã khóa")
    dept.get_by_role("link", name="Gia hạn nộp phiếu").click()
    dept.get_by_label("Số văn bản").fill("125/STTTT-BCVT")
    dept.get_by_label("Ngày văn bản").fill(f"{today:%Y-%m-%d}")
    dept.get_by_label("Hạn nộp mới (hết ngày)").fill(f"{new_day:%Y-%m-%d}")
    dept.get_by_label("Người ký").fill("Phó Giám đốc Nguyễn Văn An")
    dept.get_by_label("Lý do").fill("Mất điện kéo dài do bão")
    dept.get_by_label("Huyện Đắk R'Lấp").check()
    dept.get_by_label("Huyện Cư Jút").check()
    dept.get_by_role("button", name="Ghi nhận gia hạn").click()
    expect(dept.locator("body")).to_contain_text("cho 2 đơn vị")
    expect(dept.locator("#extensions")).to_contain_text("125/STTTT-BCVT")
    dept.screenshot(path=f"{SHOTS}-2-extension.png", full_page=True)

    # The head reloads: the form is open until the new date, with the decision; submits.
    head.reload()
    expect(head.locator("#form-locked")).to_have_count(0)
    expect(head.locator("#form-extension")).to_contain_text("125/STTTT-BCVT")
    head.get_by_role("link", name="Nộp phiếu…").click()
    head.get_by_role("button", name="Xác nhận nộp phiếu").click()
    expect(head.locator("#form-status")).to_have_text("Đã nộp")
    expect(head.locator("body")).not_to_contain_text("nộp muộn")
    form_a.refresh_from_db()
    assert form_a.status == FormStatus.SUBMITTED and not form_a.late

    # The appraiser verifies (the review screen has its own journey test), then the
    # department opens a contest window of 5 working days from the approval page.
    approval.campaign_start_appraisal(actor=cast["appraiser"], campaign=campaign)
    _verified(form_a, cast["appraiser"])
    dept.goto(f"{base}/campaigns/{campaign.pk}/approval/")
    dept.get_by_role("button", name="Mở thời hạn khiếu nại").click()
    expect(dept.locator("#contest-window")).to_contain_text("5 ngày làm việc")

    # On the phone, the unit reads SS.HT.1 beside its own and objects with a file.
    phone = _person(browser, base, "head.a", viewport=PHONE)
    phone.goto(f"{base}/forms/{form_a.pk}/#contest")
    line = phone.locator("#contest-SS\\.HT\\.1")
    expect(line).to_contain_text("Biên bản chỉ ghi 30 máy")
    line.get_by_text("Khiếu nại tiêu chí này…").click()
    line.get_by_label("Giải trình của đơn vị về SS.HT.1").fill(
        "Biên bản kiểm kê bổ sung ngày 20/12/2019 ghi 40 máy tính"
    )
    line.get_by_role("button", name="Gửi khiếu nại").click()
    expect(phone.locator("body")).to_contain_text("Đã gửi khiếu nại về tiêu chí SS.HT.1")
    line = phone.locator("#contest-SS\\.HT\\.1")
    expect(line.locator(".objection")).to_contain_text("Chờ trả lời")
    line.scroll_into_view_if_needed()
    phone.screenshot(path=f"{SHOTS}-3-objection-phone.png", full_page=False)

    # The appraiser accepts it with the new value; the approval page shows the outcome.
    dept.goto(f"{base}/campaigns/{campaign.pk}/objections/")
    card = dept.locator(".objection-card[data-criterion='SS.HT.1']")
    card.get_by_label("Chấp nhận", exact=True).check()
    card.get_by_text("Khi chấp nhận: giá trị thẩm định mới").click()
    card.locator("input[name=numerator]").fill("40")
    card.get_by_label("Trả lời của Sở (lý do)").fill("Biên bản bổ sung hợp lệ")
    card.get_by_role("button", name="Gửi trả lời").click()
    expect(dept.locator("#pending-count")).to_have_text("0")
    dept.goto(f"{base}/campaigns/{campaign.pk}/approval/")
    listed = dept.locator("#objection-list")
    expect(listed).to_contain_text("Chấp nhận, đã điều chỉnh")
    expect(listed).to_contain_text("Biên bản bổ sung hợp lệ")
    expect(dept.locator(".overdue").first).to_contain_text("Không nộp đến hết hạn")
    dept.screenshot(path=f"{SHOTS}-4-approval.png", full_page=False)
    assert Entry.objects.filter(action="contest.answer", unit_code="666").count() == 1
    assert Entry.objects.filter(action="forms.extension", unit_code="666").count() == 1
