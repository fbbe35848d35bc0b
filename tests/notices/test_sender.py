"""``notices_send`` against a real SMTP server: what arrives, to whom, with which link; a
temporary refusal retried later; a permanent one marking the address bounced; reminders the
person switched off; nothing sent twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chiso.notices.letter import letter_attachments
from chiso.notices.models import Event, Mailbox, MailStatus, Notice
from chiso.notices.sender import ADDRESS_BOUNCED, REMINDERS_OFF, backoff, notices_send
from chiso.notices.services import mailbox_set_reminders, notice_emit, reminders_emit
from tests.notices.smtp import SmtpServer

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2019, 10, 2, 8, 0, tzinfo=dt.UTC)


def _send(server: SmtpServer, now: dt.datetime = NOW) -> Any:
    return notices_send(
        now=now, mail_connection=server.connection, attachments=letter_attachments()
    )


def test_campaign_opened_reaches_each_unit_person_once_with_the_letter_and_an_absolute_link(
    campaign: Any, cast: dict[str, Any], smtp_server: SmtpServer, settings: Any
) -> None:
    settings.CHISO_BASE_URL = "https://chiso.example.gov.vn"
    report = _send(smtp_server)
    assert report.sent == 4
    got = smtp_server.handler.received
    assert sorted(r.to[0] for r in got) == [
        "head_a@example.vn",
        "reporter_a@example.vn",
        "reporter_b@example.vn",
        "reporter_commune@example.vn",
    ]
    mine = next(r for r in got if r.to == ["head_a@example.vn"])
    notice = Notice.objects.get(pk=mine.notice)
    assert notice.user == cast["head_a"]
    assert mine.message["Subject"].strip() == f"[chiso] Đề nghị tự đánh giá: {campaign.name}"
    assert f"https://chiso.example.gov.vn/thong-bao/{notice.pk}/" in mine.text
    assert "Kính gửi head_a" in mine.text
    [letter] = [p for p in mine.message.iter_attachments()]
    assert letter.get_filename().startswith("cong-van-67-2019-")
    assert Notice.objects.filter(mail_status=MailStatus.SENT).count() == 4
    again = _send(smtp_server)
    assert again.sent == 0 and len(smtp_server.handler.received) == 4


def test_a_server_that_refuses_then_accepts_gets_the_notice_later_once(
    campaign: Any, smtp_server: SmtpServer
) -> None:
    smtp_server.handler.refuse = ["451 4.3.0 Thu lai sau"]
    first = _send(smtp_server)
    assert (first.sent, first.retry) == (3, 1)
    [waiting] = Notice.objects.filter(mail_status=MailStatus.PENDING)
    assert waiting.attempts == 1
    assert waiting.next_attempt_at == NOW + backoff(1)
    assert "451" in waiting.last_error
    assert _send(smtp_server).sent == 0  # not yet due
    later = _send(smtp_server, NOW + backoff(1))
    assert later.sent == 1
    waiting.refresh_from_db()
    assert waiting.mail_status == MailStatus.SENT
    assert [len(v) for v in smtp_server.by_notice().values()] == [1, 1, 1, 1]


def test_a_5xx_refusal_marks_the_address_bounced_shown_to_the_person_and_the_department(
    campaign: Any, cast: dict[str, Any], smtp_server: SmtpServer
) -> None:
    smtp_server.handler.refuse_address["reporter_b@example.vn"] = "550 5.1.1 No such user"
    report = _send(smtp_server)
    assert (report.sent, report.bounced) == (3, 1)
    box = Mailbox.objects.get(user=cast["reporter_b"])
    assert box.bounced_address == "reporter_b@example.vn" and "550" in box.bounce_reason
    form = campaign.forms.get(unit=cast["cujut"])
    notice_emit(Event.OVERDUE, campaign, form, recipients=[cast["reporter_b"]], key="late")
    _send(smtp_server)
    late = Notice.objects.get(key="late")
    assert late.mail_status == MailStatus.SKIPPED
    assert late.last_error.startswith(ADDRESS_BOUNCED.split("{")[0])
    person = Client()
    person.force_login(cast["reporter_b"])
    page = person.get("/accounts/me/").content.decode()
    assert "Máy chủ thư đã từ chối địa chỉ" in page and "reporter_b@example.vn" in page
    department = Client()
    department.force_login(cast["province_admin"])
    page = department.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "Địa chỉ thư bị từ chối (1)" in page and "reporter_b (Huyện Cư Jút)" in page


def test_a_person_who_switched_reminders_off_still_gets_the_legal_notices(
    campaign: Any, cast: dict[str, Any], smtp_server: SmtpServer
) -> None:
    mailbox_set_reminders(actor=cast["head_a"], enabled=False)
    assert reminders_emit(today=campaign.schedule.unit_deadline) > 0
    report = _send(smtp_server)
    reminder = Notice.objects.get(user=cast["head_a"], event=Event.REMINDER)
    assert reminder.mail_status == MailStatus.SKIPPED and reminder.last_error == REMINDERS_OFF
    opened = Notice.objects.get(user=cast["head_a"], event=Event.CAMPAIGN_OPENED)
    assert opened.mail_status == MailStatus.SENT
    assert report.skipped == 1
    to_head = [r for r in smtp_server.handler.received if r.to == ["head_a@example.vn"]]
    assert len(to_head) == 1


def test_an_unreachable_server_is_retried_with_growing_delays_then_given_up(
    campaign: Any, cast: dict[str, Any]
) -> None:
    from django.core.mail import get_connection

    def nowhere() -> Any:
        return get_connection(
            "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=9, timeout=5
        )

    Notice.objects.exclude(user=cast["head_a"]).delete()
    now = NOW
    for attempt in range(1, 9):
        report = notices_send(now=now, mail_connection=nowhere)
        notice = Notice.objects.get()
        assert notice.attempts == attempt
        if attempt < 8:
            assert report.retry == 1 and notice.next_attempt_at == now + backoff(attempt)
            now = notice.next_attempt_at
    assert notice.mail_status == MailStatus.FAILED
    assert [backoff(n) for n in (1, 2, 3)] == [dt.timedelta(minutes=m) for m in (1, 2, 4)]
    assert backoff(20) == dt.timedelta(hours=6)
    assert timezone.is_aware(now)
