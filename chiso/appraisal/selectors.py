"""Reads for the appraisers: the queue of a campaign, and what one form's review screen needs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from chiso.appraisal.flags import Flag, form_flags
from chiso.appraisal.models import Comment, Verification, VerificationState
from chiso.appraisal.official import official_values
from chiso.campaigns.models import Campaign, CampaignStatus, Evidence, Form, FormStatus
from chiso.campaigns.services import form_answers, form_framework
from chiso.deadlines import add_working_days, working_days_between
from chiso.scoring.model import Framework
from chiso.units.models import Level, Unit

IN_QUEUE = (
    FormStatus.SUBMITTED,
    FormStatus.IN_REVIEW,
    FormStatus.RETURNED,
    FormStatus.RESUBMITTED,
    FormStatus.VERIFIED,
)


# 2392 Điều 4: the appraisal of each unit takes at most 120 working days from its complete
# submission; the queue warns this many working days before a unit's own date.
DUE_WARNING_DAYS = 10


@dataclass(frozen=True)
class QueueRow:
    form: Form
    district: str
    decided: int
    questions: int
    due: dt.date | None = None  # the unit's own appraisal deadline (from its first submission)
    due_left: int | None = None  # working days from today to ``due``; negative once passed

    @property
    def due_warning(self) -> bool:
        return (
            self.form.status != FormStatus.VERIFIED
            and self.due_left is not None
            and self.due_left <= DUE_WARNING_DAYS
        )


def unit_due(campaign: Campaign, first_submitted: dt.date | None) -> dt.date | None:
    """The unit's appraisal deadline: ``appraisal_working_days`` after its submission."""
    if first_submitted is None:
        return None
    return add_working_days(first_submitted, campaign.appraisal_working_days)


def _left(today: dt.date, day: dt.date) -> int:
    return working_days_between(today, day) if today <= day else -working_days_between(day, today)


def queue(
    campaign: Campaign, *, status: str = "", kind: str = "", district: str = "", mine: Any = None
) -> list[QueueRow]:
    """Submitted forms, oldest submission first, with their district and decided criteria."""
    forms: QuerySet[Form] = (
        campaign.forms.filter(status__in=IN_QUEUE)
        .select_related("unit", "appraiser")
        .annotate(
            decided=Count("verifications", distinct=True),
            questions=Count("comments", filter=Q(comments__side="appraiser"), distinct=True),
            first_submitted=Min("rounds__submitted_at"),
        )
        .order_by("submitted_at", "unit__code")
    )
    if status:
        forms = forms.filter(status=status)
    if kind:
        forms = forms.filter(unit__kind=kind)
    if mine is not None:
        forms = forms.filter(appraiser=mine)
    # Only a district is a "Huyện": in the two-tier structure (era 2025) a commune's parent is
    # the province, which is no district to filter by.
    parents = dict(
        Unit.objects.filter(
            pk__in={f.unit.parent_id for f in forms if f.unit.parent_id}, level=Level.DISTRICT
        ).values_list("pk", "name")
    )
    today = timezone.localdate()
    rows = []
    for f in forms:
        first = f.first_submitted or f.submitted_at  # type: ignore[attr-defined]
        due = unit_due(campaign, timezone.localdate(first) if first else None)
        rows.append(
            QueueRow(
                f,
                parents.get(f.unit.parent_id or 0, ""),
                f.decided,  # type: ignore[attr-defined]
                f.questions,  # type: ignore[attr-defined]
                due,
                _left(today, due) if due else None,
            )
        )
    if district:
        rows = [r for r in rows if r.district == district or r.form.unit.name == district]
    return rows


def working_days_left(campaign: Campaign, today: dt.date) -> int:
    """Working days from today to the appraisal deadline (negative once it has passed)."""
    deadline = campaign.schedule.appraisal_deadline
    if today <= deadline:
        return working_days_between(today, deadline)
    return -working_days_between(deadline, today)


def previous_form(form: Form) -> Form | None:
    """The same unit's (or its predecessor's) verified form in last year's approved campaign."""
    unit_ids = [form.unit_id] + list(
        form.unit.predecessions.filter(main=True).values_list("predecessor_id", flat=True)
    )
    return (
        Form.objects.filter(
            campaign__year=form.campaign.year - 1,
            campaign__status=CampaignStatus.APPROVED,
            unit_id__in=unit_ids,
            status=FormStatus.VERIFIED,
            framework__framework_code=form.framework.framework_code,
        )
        .select_related("unit")
        .order_by("-campaign__year")
        .first()
    )


def previous_values(form: Form) -> dict[str, object]:
    before = previous_form(form)
    if before is None:
        return {}
    framework = form_framework(before)
    verified = {v.criterion: v for v in before.verifications.all()}
    return official_values(framework, form_answers(before), verified)


def review_flags(form: Form, framework: Framework) -> dict[str, list[Flag]]:
    files: dict[str, list[str]] = defaultdict(list)
    for criterion, sha in form.evidence.filter(removed=False).values_list("criterion", "sha256"):
        files[criterion].append(sha)
    all_shas = {sha for shas in files.values() for sha in shas}
    shared: dict[str, list[str]] = defaultdict(list)
    for sha, name in (
        Evidence.objects.filter(form__campaign=form.campaign, sha256__in=all_shas, removed=False)
        .exclude(form=form)
        .values_list("sha256", "form__unit__name")
        .distinct()
    ):
        shared[sha].append(name)
    return form_flags(
        framework,
        form_answers(form),
        year=form.campaign.year,
        files=files,
        previous=previous_values(form),
        shared=shared,
    )


def form_dialogue(form: Form) -> tuple[dict[str, list[Comment]], dict[str, Verification]]:
    """What the unit sees of the appraisal on its form: questions and answers per criterion
    ("" for the whole form, with the return messages), and the values the appraisers changed."""
    comments: dict[str, list[Comment]] = defaultdict(list)
    for comment in form.comments.select_related("author"):
        comments[comment.criterion].append(comment)
    changed = {
        v.criterion: v
        for v in form.verifications.filter(state=VerificationState.ADJUSTED).select_related(
            "changed_by"
        )
    }
    return dict(comments), changed


@dataclass(frozen=True)
class OutcomeLine:
    """One section of the unit's result: its own figure and level, the verified ones, the gap,
    and once published its rank (or why it is not ranked)."""

    code: str
    name: str
    own: str
    own_level: str
    verified: str
    verified_level: str
    gap: str
    rank: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class UnitOutcome:
    lines: list[OutcomeLine]
    stage: str  # "verified" (appraised), "approved", "published"
    public_url: str = ""
    published_version: int | None = None


def unit_outcome(form: Form) -> UnitOutcome | None:
    """What the unit sees of its result on its form once the appraisers have verified it: the
    verified figures (the published ones once published, else the draft the department sees)
    beside its own, scored the same way in its cohort; after publication, its rank and the
    public page. None before appraisal ends (the figures may still change)."""
    from chiso.results.figures_cache import results_of
    from chiso.results.official import own_results
    from chiso.results.selectors import campaign_figures, snapshot_latest
    from chiso.scoring.numbers import fmt_points

    if form.status != FormStatus.VERIFIED:
        return None
    campaign = form.campaign
    code = form.unit.code
    # The latest version's figures decoded once per process (``figures_cache``), then typed once.
    snapshot = snapshot_latest(campaign)
    results = results_of(snapshot.data if snapshot is not None else campaign_figures(campaign))
    found = results.unit(code)
    unit = None if found is None else found[1]
    if unit is None or not unit.sections:
        return None
    names = {s.code: s.name for c in results.cohorts for s in c.sections}
    own = own_results(campaign, code).get(code, {})
    lines = []
    for section in unit.sections:
        verified = Fraction(section.points_exact)
        mine = own.get(section.code)
        gap = mine is not None and verified - mine.points
        lines.append(
            OutcomeLine(
                code=section.code,
                name=names.get(section.code, section.code),
                own=fmt_points(mine.points) if mine else "",
                own_level=mine.level if mine else "",
                verified=fmt_points(verified),
                verified_level=section.level,
                gap=("+" if gap > 0 else "") + fmt_points(gap) if gap else "",
                rank=section.rank if snapshot is not None else None,
                reason=section.reason if snapshot is not None else "",
            )
        )
    if snapshot is not None:
        public = f"/public/{campaign.province.code}/{campaign.year}/units/{code}/"
        return UnitOutcome(lines, "published", public, snapshot.version)
    stage = "approved" if campaign.status == CampaignStatus.APPROVED else "verified"
    return UnitOutcome(lines, stage)
