"""Reads of notices: a person's inbox and count, the department's view of a campaign's mail."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from chiso.accounts.models import UNIT_ROLES, User
from chiso.campaigns.models import Campaign, Form
from chiso.notices.models import Mailbox, Notice


def unread_count(user: Any) -> int:
    return Notice.objects.filter(user=user, read_at=None).count()


def inbox(user: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user).select_related("campaign", "form__unit")


def mailbox_of(user: Any) -> Mailbox | None:
    return Mailbox.objects.filter(user=user).first()


def bounced_people(campaign: Campaign) -> list[tuple[User, Mailbox, list[str]]]:
    """The campaign's units' people whose current address was refused, with their units."""
    units = Form.objects.filter(campaign=campaign).values("unit_id")
    users = (
        User.objects.filter(
            role_assignments__role__in=UNIT_ROLES, role_assignments__unit_id__in=units
        )
        .filter(mailbox__isnull=False)
        .exclude(mailbox__bounced_address="")
        .select_related("mailbox")
        .prefetch_related("role_assignments__unit")
        .distinct()
        .order_by("full_name", "username")
    )
    found = []
    for user in users:
        mailbox = user.mailbox
        if mailbox.bounces(user.email):
            names = sorted({a.unit.name for a in user.role_assignments.all() if a.unit})
            found.append((user, mailbox, names))
    return found


def mail_counts(campaign: Campaign) -> dict[str, int]:
    rows = Notice.objects.filter(campaign=campaign).values("mail_status").annotate(n=Count("id"))
    return {row["mail_status"]: row["n"] for row in rows}
