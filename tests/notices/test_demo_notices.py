"""The demo's 2026 campaign, opened by ``chiso demo``: the công văn and the notices exist, a
second ``chiso demo`` adds none and nothing is mailed by it; a reminder run then sends each unit
head exactly one e-mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from chiso.accounts.models import User
from chiso.campaigns.models import Campaign, FormStatus
from chiso.demo.load import demo_load
from chiso.notices.models import Event, MailStatus, Notice
from chiso.notices.sender import notices_send
from chiso.notices.services import reminders_emit
from tests.notices.smtp import SmtpServer

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_has_its_letter_and_notices_and_a_reminder_run_mails_each_head_once(
    smtp_server: SmtpServer, demo_world: list[str]
) -> None:
    # The demo is loaded once for the session (tests/conftest.py); loading it again below.
    campaign = Campaign.objects.get(year=2026, name__contains="CQĐT cấp xã")
    head = User.objects.get(username="thutruong.truongxuan")
    [opened] = Notice.objects.filter(user=head, event=Event.CAMPAIGN_OPENED, campaign=campaign)
    assert "Sở Khoa học và Công nghệ tỉnh Lâm Đồng" in opened.body
    count = Notice.objects.count()
    demo_load(all_units=False)
    assert Notice.objects.count() == count
    assert not Notice.objects.exclude(mail_status=MailStatus.PENDING).exists()
    assert mail.outbox == []

    department = Client()
    department.force_login(User.objects.get(username="qt.lamdong"))
    letter = department.get(f"/campaigns/{campaign.pk}/cong-van.docx")
    assert letter.status_code == 200 and letter.content[:2] == b"PK"

    Notice.objects.update(mail_status=MailStatus.SENT)  # what the demo recorded is not the test
    drafts = campaign.forms.filter(status=FormStatus.DRAFT).values("unit_id")
    heads = User.objects.filter(
        role_assignments__role="head", role_assignments__unit_id__in=drafts
    ).distinct()
    assert heads.exists()
    assert reminders_emit(today=campaign.schedule.unit_deadline) > 0
    notices_send(mail_connection=smtp_server.connection)
    # One e-mail per unit a head still has to submit (a demo account entering the archive
    # heads several units, each named in its own reminder); the usual head heads one.
    reminded = Notice.objects.filter(event=Event.REMINDER)
    for person in heads:
        to_them = [r for r in smtp_server.handler.received if r.to == [person.email]]
        units = {n.form.unit_id for n in reminded.filter(user=person).select_related("form")}
        assert len(to_them) == len(units) >= 1, person
        assert all("Hôm nay" in r.text for r in to_them)
    head = User.objects.get(username="thutruong.truongxuan")
    assert len([r for r in smtp_server.handler.received if r.to == [head.email]]) == 1
    sent = len(smtp_server.handler.received)
    reminders_emit(today=campaign.schedule.unit_deadline)  # the same day again: nothing new
    notices_send(mail_connection=smtp_server.connection)
    assert len(smtp_server.handler.received) == sent
