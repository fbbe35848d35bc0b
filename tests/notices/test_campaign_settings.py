"""A campaign's reminder days and công văn particulars, set in the admin by its province's
administrators: checked, audited, used by the reminders and the letter."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.test import Client

from chiso.audit.models import Entry
from chiso.deadlines import add_working_days
from chiso.notices.models import REMINDER_DAYS_INVALID, CampaignNotices, Event, Notice
from chiso.notices.services import reminders_emit

pytestmark = pytest.mark.django_db
ADD = "/admin/notices/campaignnotices/add/"


def _data(campaign: Any, **changes: str) -> dict[str, str]:
    return {
        "campaign": str(campaign.pk),
        "reminder_days": "3",
        "letter_number": "125/STTTT-CĐS",
        "contact_name": "Bà Nguyễn Thị Liên, Phòng Chuyển đổi số",
        "contact_phone": "0261 3544 444",
        "contact_email": "lien@daknong.gov.vn",
        **changes,
    }


def test_the_province_admin_sets_reminder_days_and_the_letter_uses_the_contact(
    campaign: Any, cast: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(cast["province_admin"])
    response = client.post(ADD, _data(campaign))
    assert response.status_code == 302
    assert CampaignNotices.objects.get(campaign=campaign).reminder_days == "3"
    entry = Entry.objects.get(action="notices.campaign_settings")
    assert entry.changes["reminder_days"] == "3"
    three_before = add_working_days(campaign.request_date, 12)
    assert reminders_emit(today=three_before) > 0
    assert Notice.objects.filter(event=Event.REMINDER, key__contains=":3:").exists()
    letter = client.get(f"/campaigns/{campaign.pk}/cong-van.docx").content
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter)).paragraphs)
    assert "Bà Nguyễn Thị Liên, Phòng Chuyển đổi số, điện thoại 0261 3544 444" in text
    assert "125/STTTT-CĐS" in "\n".join(
        c.text for t in docx.Document(io.BytesIO(letter)).tables for r in t.rows for c in r.cells
    )


def test_bad_reminder_days_are_refused_in_vietnamese(campaign: Any, cast: dict[str, Any]) -> None:
    client = Client()
    client.force_login(cast["province_admin"])
    response = client.post(ADD, _data(campaign, reminder_days="năm"))
    assert response.status_code == 200
    assert REMINDER_DAYS_INVALID in response.content.decode()
    assert not CampaignNotices.objects.exists()


def test_another_provinces_admin_cannot_choose_the_campaign(
    campaign: Any, cast: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(cast["other_admin"])
    client.post(ADD, _data(campaign))
    assert not CampaignNotices.objects.exists()
