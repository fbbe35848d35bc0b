"""Every write of notices: ``notice_emit`` (the one way to record a notice, for every event),
the hooks the campaign, appraisal and results services call (one line each), the reminders
``chiso notify`` emits, and the person's mail preference.

Notices are written in the caller's transaction: a refused or rolled-back step leaves none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse

from chiso.accounts.models import UNIT_ROLES, Role, RoleAssignment, User
from chiso.audit.services import audit_record
from chiso.campaigns.frozen import frozen_framework
from chiso.campaigns.models import UNIT_OPEN_CAMPAIGN, Campaign, Form, FormStatus
from chiso.deadlines import working_days_between
from chiso.notices.models import (
    CampaignNotices,
    Event,
    Mailbox,
    Notice,
    parse_reminder_days,
)
from chiso.notices.texts import render

__all__ = ["Event", "notice_emit"]

LINK_NOT_A_PATH = "Đường dẫn của thông báo phải là một trang của chiso (bắt đầu bằng /): {link!r}"


def _d(day: Any) -> str:
    return str(day.strftime("%d/%m/%Y"))


def campaign_context(campaign: Campaign) -> dict[str, Any]:
    schedule = campaign.schedule
    grace = schedule.grace_until
    return {
        "campaign": campaign.name,
        "deadline": _d(schedule.unit_deadline),
        "grace": f" (gia hạn đến hết ngày {_d(grace)})" if grace != schedule.unit_deadline else "",
        "department": department_name(campaign),
    }


def department_name(campaign: Campaign) -> str:
    """The department as the letter names it on its day ("Sở Khoa học và Công nghệ tỉnh …")."""
    from chiso.publish.wording import DEPARTMENT, body_on, province_parts

    title, province = province_parts(campaign.province.name)
    return f"{body_on(DEPARTMENT, campaign.request_date)} {title} {province}"


def form_context(form: Form) -> dict[str, Any]:
    return {**campaign_context(form.campaign), "unit": form.unit.name}


def notice_emit(
    event: Event | str,
    campaign: Campaign | None,
    form: Form | None = None,
    *,
    recipients: Iterable[User],
    link: str = "",
    context: dict[str, Any] | None = None,
    key: str = "",
) -> int:
    """Record ``event`` for each recipient (inbox now, e-mail by ``chiso notify``); returns how
    many were new. ``key`` names the occurrence: emitting the same key again for the same
    person records nothing (default: event, campaign and form). ``link`` is a path on chiso
    ("/forms/12/"); ``context`` fills the event's text (``texts.py``)."""
    event = Event(event)
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ValueError(LINK_NOT_A_PATH.format(link=link))
    values = {**(form_context(form) if form else {}), **(context or {})}
    if campaign is not None and form is None:
        values = {**campaign_context(campaign), **values}
    subject, body = render(event, values)
    key = key or f"{event}:{campaign.pk if campaign else ''}:{form.pk if form else ''}"
    people = {user.pk: user for user in recipients if user.is_active}
    if not people:
        return 0
    known = set(
        Notice.objects.filter(key=key, user_id__in=people).values_list("user_id", flat=True)
    )
    new = [
        Notice(
            user_id=pk,
            event=event,
            key=key,
            campaign=campaign,
            form=form,
            subject=subject,
            body=body,
            link=link,
        )
        for pk in people
        if pk not in known
    ]
    Notice.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- who receives -------------------------------------------------------------------------


def unit_people(unit_ids: Iterable[int]) -> list[User]:
    """The reporters and heads of the units (active accounts), each once."""
    users = User.objects.filter(
        is_active=True,
        role_assignments__role__in=UNIT_ROLES,
        role_assignments__unit_id__in=list(unit_ids),
    ).distinct()
    return list(users)


def form_appraisers(form: Form) -> list[User]:
    """The appraiser the form is assigned to, else every appraiser of its province."""
    if form.appraiser is not None and form.appraiser.is_active:
        return [form.appraiser]
    assignments = RoleAssignment.objects.filter(
        role=Role.APPRAISER, unit=form.campaign.province, user__is_active=True
    ).select_related("user")
    return [a.user for a in assignments]


def form_link(form: Form) -> str:
    return reverse("appraisal:show-form", args=[form.pk])


# --- hooks (called by the services of the other apps) --------------------------------------


def notices_campaign_opened(campaign: Campaign) -> None:
    """The request (công văn) to every unit of the campaign: its reporters and heads."""
    forms = Form.objects.filter(campaign=campaign).select_related("unit", "framework")
    by_unit = {form.unit_id: form for form in forms}
    people: dict[int, list[User]] = {}
    for assignment in RoleAssignment.objects.filter(
        role__in=UNIT_ROLES, unit_id__in=list(by_unit), user__is_active=True
    ).select_related("user"):
        people.setdefault(int(assignment.unit_id or 0), []).append(assignment.user)
    base = campaign_context(campaign)
    names: dict[int, str] = {}
    for unit_id, users in people.items():
        form = by_unit[unit_id]
        cf = form.framework
        if cf.pk not in names:
            names[cf.pk] = frozen_framework(cf.framework_code, cf.sha256, cf.sources).name
        name = names[cf.pk]
        notice_emit(
            Event.CAMPAIGN_OPENED,
            campaign,
            form,
            recipients=users,
            link=form_link(form),
            context={**base, "framework": name[:1].lower() + name[1:]},
        )


def _to_unit(event: Event, form: Form, context: dict[str, str], key: str) -> None:
    """Tell the reporters and heads of ``form``'s unit, with a link to their form."""
    notice_emit(
        event,
        form.campaign,
        form,
        recipients=unit_people([form.unit_id]),
        link=form_link(form),
        context=context,
        key=key,
    )


def notices_form_returned(form: Form, message: str) -> None:
    round_number = form.rounds.count()
    _to_unit(
        Event.FORM_RETURNED,
        form,
        {"message": message},
        f"{Event.FORM_RETURNED}:{form.pk}:{round_number}",
    )


def notices_question(comment: Any, *, asked: bool) -> Any:
    """A question to the unit (``asked``), or the unit's answer to the appraisers; returns the
    comment. The caller (appraisal, above notices) says which: notices knows no appraisal model.
    """
    form = comment.form
    notice_emit(
        Event.QUESTION_ASKED if asked else Event.QUESTION_ANSWERED,
        form.campaign,
        form,
        recipients=unit_people([form.unit_id]) if asked else form_appraisers(form),
        link=form_link(form) if asked else reverse("appraisal:review", args=[form.pk]),
        context={
            "criterion": f"tiêu chí {comment.criterion}" if comment.criterion else "cả phiếu",
            "text": comment.text[:500],
        },
        key=f"comment:{comment.pk}",
    )
    return comment


def notices_appraisal_finished(form: Form, total: str) -> None:
    _to_unit(
        Event.APPRAISAL_FINISHED,
        form,
        {"total": total or "…"},
        f"{Event.APPRAISAL_FINISHED}:{form.pk}:{form.version}",
    )


def notices_results_published(snapshot: Any) -> Any:
    """Every unit of the campaign hears of the publication (and of each correction)."""
    campaign = snapshot.campaign
    units = Form.objects.filter(campaign=campaign).values_list("unit_id", flat=True)
    notice_emit(
        Event.RESULTS_PUBLISHED,
        campaign,
        recipients=unit_people(units),
        link=reverse("public:year", args=[campaign.province_code, campaign.year]),
        context={"decision": snapshot.decision or "…"},
        key=f"{Event.RESULTS_PUBLISHED}:{campaign.pk}:v{snapshot.version}",
    )
    return snapshot


# --- reminders ------------------------------------------------------------------------------


REMINDER_HOUR = 7  # ``chiso notify`` records the day's reminders from 07:00 (local time)


def reminder_days(campaign: Campaign) -> list[int]:
    found = CampaignNotices.objects.filter(campaign=campaign).first()
    return parse_reminder_days(found.reminder_days if found else "5,1")


def reminder_due(deadline: Any, days: list[int], today: Any) -> int | None:
    """Which reminder is due today: N working days before ``deadline``, or 0 on the day.

    A run missed (the server was down) still reminds once: the smallest threshold not below
    the working days left, so each threshold's reminder goes out at most once."""
    left = working_days_between(today, deadline)
    if left < 0:
        return None
    thresholds = [day for day in [*days, 0] if day >= left]
    return min(thresholds) if thresholds else None


def form_deadline(form: Form) -> Any:
    """The date a draft form is reminded of: the campaign's deadline, or the later date of an
    extension (gia hạn) the unit was granted, where forms have extensions."""
    deadline = form.campaign.schedule.unit_deadline
    extension = getattr(form, "extension", None)
    later = getattr(extension, "new_deadline", None)
    return later if later is not None and later > deadline else deadline


@transaction.atomic
def reminders_emit(*, today: Any) -> int:
    """Emit the reminders due ``today`` to the units of open campaigns that have not submitted.
    Idempotent: a reminder once recorded is not recorded again."""
    created = 0
    for campaign in Campaign.objects.filter(status__in=UNIT_OPEN_CAMPAIGN).select_related(
        "province"
    ):
        days = reminder_days(campaign)
        forms = Form.objects.filter(campaign=campaign, status=FormStatus.DRAFT).select_related(
            "unit", "campaign__province"
        )
        if hasattr(Form, "extensions"):
            forms = forms.prefetch_related("extensions")
        people: dict[int, list[User]] | None = None
        for form in forms:
            deadline = form_deadline(form)
            due = reminder_due(deadline, days, today)
            if due is None:
                continue
            if people is None:
                people = _people_by_unit(campaign)
            when = (
                f"Hôm nay ({_d(today)}) là hạn nộp phiếu."
                if due == 0
                else f"Còn {due} ngày làm việc đến hạn nộp phiếu ({_d(deadline)})."
            )
            created += notice_emit(
                Event.REMINDER,
                campaign,
                form,
                recipients=people.get(form.unit_id, []),
                link=form_link(form),
                context={"when": when, "deadline": _d(deadline)},
                key=f"{Event.REMINDER}:{form.pk}:{due}:{deadline:%Y%m%d}",
            )
    return created


def _people_by_unit(campaign: Campaign) -> dict[int, list[User]]:
    """The reporters and heads of the campaign's units, by unit (one query)."""
    people: dict[int, list[User]] = {}
    for assignment in RoleAssignment.objects.filter(
        role__in=UNIT_ROLES,
        unit_id__in=Form.objects.filter(campaign=campaign).values("unit_id"),
        user__is_active=True,
    ).select_related("user"):
        people.setdefault(int(assignment.unit_id or 0), []).append(assignment.user)
    return people


# --- the person's side ------------------------------------------------------------------------


def notice_mark_read(*, user: Any, notice: Notice) -> None:
    if notice.read_at is None:
        from django.utils import timezone

        Notice.objects.filter(pk=notice.pk, read_at=None).update(read_at=timezone.now())


def notices_mark_all_read(*, user: Any) -> int:
    from django.utils import timezone

    return Notice.objects.filter(user=user, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def mailbox_set_reminders(*, actor: Any, enabled: bool) -> Mailbox:
    """The person's own choice to receive reminder e-mails (legal notices are always sent)."""
    mailbox, _ = Mailbox.objects.select_for_update().get_or_create(user=actor)
    if mailbox.reminders != enabled:
        mailbox.reminders = enabled
        mailbox.save(update_fields=["reminders"])
        audit_record(
            actor=actor,
            action="notices.preference",
            obj=actor,
            changes={"reminders": enabled},
        )
    return mailbox


@transaction.atomic
def campaign_notices_save(*, actor: Any, settings: CampaignNotices, changed: list[str]) -> None:
    """A campaign's reminder days and letter particulars, checked and audited."""
    from chiso.accounts.policy import Action, require

    require(actor, Action.CAMPAIGN_MANAGE, settings.campaign)
    settings.full_clean()
    settings.save()
    campaign = settings.campaign
    audit_record(
        actor=actor,
        action="notices.campaign_settings",
        obj=campaign,
        era=campaign.era,
        province_code=campaign.province_code,
        changes={name: str(getattr(settings, name)) for name in changed},
    )


def notices_contest_answered(objection: Any, *, accepted: bool) -> None:
    """The appraiser answered ``objection`` (``accepted`` or not, with the reason); the notice
    goes to the unit's reporters and heads, queued in the transaction that records the answer.
    """
    form = objection.form
    verdict = "Chấp nhận" if accepted else "Không chấp nhận"
    _to_unit(
        Event.CONTEST_ANSWERED,
        form,
        {"detail": f"Tiêu chí {objection.criterion}: {verdict} — {objection.answer[:400]}"},
        f"{Event.CONTEST_ANSWERED}:{objection.pk}",
    )


def notices_overdue(forms: Sequence[Form]) -> None:
    """``forms`` were just recorded as locked unsubmitted at their deadline (``overdue_at``):
    their reporters and heads are told, in the transaction that records it."""
    for form in forms:
        _to_unit(
            Event.OVERDUE,
            form,
            {
                "deadline": f"{form.deadline:%d/%m/%Y}",
                "detail": "Phiếu đã khoá. Nếu có lý do chính đáng, đề nghị Sở xem xét gia hạn.",
            },
            f"{Event.OVERDUE}:{form.pk}:{form.overdue_at:%Y%m%d%H%M%S}",
        )
