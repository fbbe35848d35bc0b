"""Reads for the department: campaigns a person can see, every unit's progress in one campaign.

Each selector runs a fixed number of queries whatever the number of units.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q, QuerySet, TextChoices

from chiso.accounts.models import PROVINCE_ROLES, Role, RoleAssignment
from chiso.accounts.policy import grants_of
from chiso.campaigns.models import HANDED_IN, Campaign, CampaignFramework, Form, FormStatus
from chiso.campaigns.services import form_framework
from chiso.deadlines import working_days_between
from chiso.excel.form_layout import is_form_input
from chiso.units.models import Level, Unit
from chiso.units.selectors import unit_search

LATE_REASON = "nộp sau hạn"
NOT_RANKED = "không xếp hạng"
OVERDUE_REASON = "chưa nộp, đã hết hạn"
LOCKED_NOTE = "phiếu đã khóa, không xếp hạng"
EXTENDED_NOTE = "gia hạn đến {day}"
DAYS_LEFT = "còn {days} ngày làm việc"
DEADLINE_TODAY = "hôm nay là hạn nộp"
DAYS_PAST = "đã quá hạn {days} ngày làm việc"
LEVEL_ORDER: dict[str, int] = {Level.DISTRICT: 0, Level.COMMUNE: 1, Level.AGENCY: 2}


class Progress(TextChoices):
    """What the department sees of a form; derived from its status and flags, never stored."""

    NOT_STARTED = "not_started", "Chưa bắt đầu"
    IN_PROGRESS = "in_progress", "Đang nhập"
    WITHDRAWN = "withdrawn", "Đã rút lại"
    RETURNED = "returned", "Trả lại để bổ sung"
    SUBMITTED = "submitted", "Đã nộp"
    LATE = "late", "Nộp muộn"


NOT_HANDED_IN = frozenset(
    {Progress.NOT_STARTED, Progress.IN_PROGRESS, Progress.WITHDRAWN, Progress.RETURNED}
)


def form_progress(form: Form) -> Progress:
    if form.status in HANDED_IN:
        return Progress.LATE if form.late else Progress.SUBMITTED
    if form.status == FormStatus.RETURNED:
        return Progress.RETURNED
    if form.withdrawn_count > 0:
        return Progress.WITHDRAWN
    return Progress.IN_PROGRESS if form.answered else Progress.NOT_STARTED


@dataclass(frozen=True, slots=True)
class FormRow:
    form: Form
    unit: Unit
    progress: Progress
    inputs: int  # criteria the unit answers in its framework
    notes: tuple[str, ...]  # "nộp sau hạn", "không xếp hạng"

    @property
    def answered(self) -> int:
        return self.form.answered

    @property
    def completeness(self) -> str:
        return f"{self.form.answered}/{self.inputs}"

    @property
    def handed_in(self) -> bool:
        return self.progress not in NOT_HANDED_IN


@dataclass(frozen=True, slots=True)
class CampaignProgress:
    campaign: Campaign
    today: dt.date
    rows: list[FormRow]  # every unit, filters not applied
    working_days_left: int  # until the unit deadline; negative once it has passed

    @property
    def counts(self) -> list[tuple[Progress, int]]:
        counted = Counter(row.progress for row in self.rows)
        return [(p, counted[p]) for p in Progress]

    @property
    def handed_in(self) -> int:
        return sum(row.handed_in for row in self.rows)

    @property
    def days_left_text(self) -> str:
        days = self.working_days_left
        if days > 0:
            return DAYS_LEFT.format(days=days)
        return DEADLINE_TODAY if days == 0 else DAYS_PAST.format(days=-days)

    def filtered(
        self, *, progress: str = "", level: str = "", unit_ids: set[int] | None = None
    ) -> list[FormRow]:
        return [
            row
            for row in self.rows
            if (not progress or row.progress == progress)
            and (not level or row.unit.level == level)
            and (unit_ids is None or row.unit.pk in unit_ids)
        ]

    def missing(self) -> list[FormRow]:
        return [row for row in self.rows if not row.handed_in]


def campaigns_for_user(user: Any) -> QuerySet[Campaign]:
    """Campaigns of the person's provinces (province roles), or holding a form of their unit."""
    g = grants_of(user)
    campaigns = Campaign.objects.select_related("province")
    if g.system_admin:
        return campaigns.all()
    scope = Q(pk__in=[])
    unit_ids = [x.unit_id for x in g.grants if x.unit_id is not None]
    if unit_ids:
        scope |= Q(pk__in=Form.objects.filter(unit_id__in=unit_ids).values("campaign_id"))
    for x in g.grants:
        if x.role in PROVINCE_ROLES:
            scope |= Q(province__era=x.era, province__code=x.province_code)
    return campaigns.filter(scope)


def own_forms(user: Any, campaigns: Sequence[Campaign]) -> dict[int, list[Form]]:
    """The forms of the person's own units in these campaigns, by campaign id (one query)."""
    unit_ids = [x.unit_id for x in grants_of(user).grants if x.unit_id is not None]
    forms: dict[int, list[Form]] = defaultdict(list)
    if not unit_ids or not campaigns:
        return forms
    for form in Form.objects.filter(campaign__in=campaigns, unit_id__in=unit_ids).select_related(
        "unit"
    ):
        forms[form.campaign_id].append(form)
    return forms


def campaign_progress(campaign: Campaign, *, today: dt.date) -> CampaignProgress:
    """Every unit's form with its progress and completeness (two queries)."""
    frameworks = {cf.pk: cf for cf in CampaignFramework.objects.filter(campaign=campaign)}
    forms = list(
        Form.objects.filter(campaign=campaign)
        .select_related("unit", "changed_by")
        .annotate(extended_until=Max("extensions__new_deadline"))
        .order_by("unit__code")
    )
    forms.sort(key=lambda f: (LEVEL_ORDER.get(f.unit.level, len(LEVEL_ORDER)), f.unit.code))
    inputs: dict[int, int] = {}
    rows = []
    schedule = campaign.schedule
    for form in forms:
        # Share the campaign and its frameworks: no query per form, one framework per hash.
        form.campaign = campaign
        form.framework = frameworks[form.framework_id]
        if form.framework_id not in inputs:
            framework = form_framework(form)
            inputs[form.framework_id] = sum(1 for c in framework.leaves() if is_form_input(c))
        progress = form_progress(form)
        notes: list[str] = []
        if progress == Progress.LATE:
            notes.append(LATE_REASON)
        elif progress in NOT_HANDED_IN and today > form.deadline:
            notes.append(OVERDUE_REASON)
            if campaign.lock_at_deadline and form.status == FormStatus.DRAFT:
                notes.append(LOCKED_NOTE)
        if notes and campaign.exclude_late and LOCKED_NOTE not in notes:
            notes.append(NOT_RANKED)
        extended = form.extended_until
        if extended is not None:
            notes.append(EXTENDED_NOTE.format(day=f"{extended:%d/%m/%Y}"))
        rows.append(FormRow(form, form.unit, progress, inputs[form.framework_id], tuple(notes)))
    return CampaignProgress(
        campaign=campaign,
        today=today,
        rows=rows,
        working_days_left=working_days_between(today, schedule.unit_deadline),
    )


def matching_unit_ids(campaign: Campaign, text: str) -> set[int] | None:
    """Units of the campaign whose name (without diacritics) or code matches; None: no search."""
    if not text.strip():
        return None
    units = Unit.objects.filter(forms__campaign=campaign)
    return set(unit_search(units, text).values_list("pk", flat=True))


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    email: str


def unit_contacts(unit_ids: list[int]) -> dict[int, dict[Role, list[Contact]]]:
    """Active reporters and heads of these units, to send reminders (one query)."""
    contacts: dict[int, dict[Role, list[Contact]]] = defaultdict(lambda: defaultdict(list))
    assignments = (
        RoleAssignment.objects.filter(
            unit_id__in=unit_ids, role__in=[Role.REPORTER, Role.HEAD], user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    for a in assignments:
        if a.unit_id is not None:
            contacts[a.unit_id][Role(a.role)].append(Contact(a.user.get_full_name(), a.user.email))
    return contacts
