"""Official results of a campaign: each cohort (one framework, one level of unit) scored from
the verified values through the scoring core, ranked per section, every unranked unit with why.

Before approval the same computation is the department's draft: forms still under appraisal are
scored on their current official values and marked provisional.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils import timezone

from chiso.appraisal.official import official_values
from chiso.campaigns.frozen import frozen_framework
from chiso.campaigns.models import Campaign, CampaignFramework, Form, FormStatus
from chiso.scoring import (
    Framework,
    Ranking,
    ScoringError,
    UnitAnswers,
    UnitScore,
    rank,
    score_cohort,
)

# Why a unit is not ranked, besides falling below the lowest level (ranking.NO_LEVEL).
NOT_SUBMITTED = "Không nộp phiếu tự đánh giá"
LATE = "Nộp muộn (ngày {day}, hạn cuối {until}): không xếp hạng theo quy định của đợt"
EXCLUDED = "Lãnh đạo quyết định không xếp hạng: {reason}"


class Reason:
    """Codes of the reasons a unit is not ranked (stable: open data carries them)."""

    NOT_SUBMITTED = "not_submitted"
    LATE = "late"
    EXCLUDED = "excluded"
    BELOW_LEVEL = "below_level"


@dataclass(frozen=True, slots=True)
class UnitEntry:
    """One unit of a cohort: who it is, where its form stands, and its score if it has one."""

    form: Form
    score: UnitScore | None
    reason_code: str  # "" unless the unit is left out before the levels are looked at
    reason: str
    verified: bool

    @property
    def code(self) -> str:
        return self.form.unit.code


@dataclass(frozen=True, slots=True)
class Cohort:
    """The units ranked together: one level of unit under one framework."""

    campaign_framework: CampaignFramework
    framework: Framework
    entries: tuple[UnitEntry, ...]
    ranking: Ranking  # of the scored units; the unscored are in ``entries`` only

    @property
    def level(self) -> str:
        return str(self.campaign_framework.level)


@dataclass(frozen=True, slots=True)
class CampaignResults:
    campaign: Campaign
    cohorts: tuple[Cohort, ...]

    @property
    def provisional(self) -> bool:
        """True while any counted form is not yet verified (a draft, not official results)."""
        return any(not e.verified and e.score is not None for c in self.cohorts for e in c.entries)


def _exclusion(form: Form, campaign: Campaign) -> tuple[str, str]:
    if form.status == FormStatus.DRAFT:
        return Reason.NOT_SUBMITTED, NOT_SUBMITTED
    if form.late and campaign.exclude_late and form.submitted_at is not None:
        until = campaign.schedule.grace_until
        day = timezone.localtime(form.submitted_at).date()
        return Reason.LATE, LATE.format(day=f"{day:%d/%m/%Y}", until=f"{until:%d/%m/%Y}")
    if form.excluded:
        return Reason.EXCLUDED, EXCLUDED.format(reason=form.exclusion_reason)
    return "", ""


@dataclass(frozen=True, slots=True)
class Decided:
    """What ``official_values`` reads of a verification: its state and value."""

    state: str
    value: object


@dataclass
class Read:
    """Every form's answers and verifications, read as plain rows (``campaign_results``):
    ~40 answers and decisions a form, 130,000 at national scale, where building a model
    instance for each cost more than scoring them."""

    answers: dict[int, dict[str, object]]
    decided: dict[int, dict[str, Decided]]


def _read(campaign: Campaign) -> Read:
    from chiso.appraisal.models import Verification
    from chiso.campaigns.models import Answer

    answers: dict[int, dict[str, object]] = defaultdict(dict)
    rows: Any = Answer.objects.filter(form__campaign=campaign, value__isnull=False)
    for form_id, criterion, value in rows.values_list("form_id", "criterion", "value"):
        if value is not None:
            answers[form_id][criterion] = value
    decided: dict[int, dict[str, Decided]] = defaultdict(dict)
    rows = Verification.objects.filter(form__campaign=campaign)
    for form_id, criterion, state, value in rows.values_list(
        "form_id", "criterion", "state", "value"
    ):
        decided[form_id][criterion] = Decided(state, value)
    return Read(answers, decided)


def _values(form: Form, framework: Framework, read: Read) -> dict[str, object]:
    decided: Any = read.decided.get(form.pk, {})
    return official_values(framework, read.answers.get(form.pk, {}), decided)


def _cohort(campaign: Campaign, cf: CampaignFramework, forms: list[Form], read: Read) -> Cohort:
    framework = frozen_framework(cf.framework_code, cf.sha256, cf.sources)
    reasons = {form.pk: _exclusion(form, campaign) for form in forms}
    counted = [f for f in forms if reasons[f.pk][0] != Reason.NOT_SUBMITTED]
    scores = score_cohort(
        framework,
        [
            UnitAnswers(
                f.unit.code,
                _values(f, framework, read),
                f.unit.name,
                reasons[f.pk][1],
                f.unit.kind,
                tuple(f.tags),
            )
            for f in counted
        ],
        complete=False,
    )
    by_code = {s.unit: s for s in scores}
    ranking = rank(
        framework,
        scores,
        names={f.unit.code: f.unit.name for f in counted},
        excluded={f.unit.code: reasons[f.pk][1] for f in counted if reasons[f.pk][1]},
    )
    entries = tuple(
        UnitEntry(
            form=f,
            score=by_code.get(f.unit.code),
            reason_code=reasons[f.pk][0],
            reason=reasons[f.pk][1],
            verified=f.status == FormStatus.VERIFIED,
        )
        for f in forms
    )
    return Cohort(cf, framework, entries, ranking)


def campaign_results(campaign: Campaign) -> CampaignResults:
    """Score and rank every cohort of the campaign from the official values (one query each)."""
    forms: dict[int, list[Form]] = defaultdict(list)
    queryset: Any = campaign.forms.select_related("unit", "unit__parent", "framework").order_by(
        "unit__code"
    )
    for form in queryset:
        forms[form.framework_id].append(form)
    read = _read(campaign)
    cohorts = tuple(
        _cohort(campaign, cf, forms[cf.pk], read)
        for cf in campaign.frameworks.order_by("level")
        if forms.get(cf.pk)
    )
    return CampaignResults(campaign, cohorts)


@dataclass(frozen=True, slots=True)
class OwnSection:
    points: Fraction
    level: str


def own_results(campaign: Campaign, unit_code: str = "") -> dict[str, dict[str, OwnSection]]:
    """Each counted unit's self-assessed points and level per section, scored in its cohort the
    way the official ones are (a criterion relative to the cohort's best is measured against the
    best self-assessed value), so that the gap to the verified figures is the appraisal's alone.
    ``unit_code``: only that unit's cohort is scored."""
    queryset: Any = campaign.forms.select_related("unit", "framework").prefetch_related("answers")
    forms: dict[int, list[Form]] = defaultdict(list)
    for form in queryset:
        forms[form.framework_id].append(form)
    found: dict[str, dict[str, OwnSection]] = {}
    for cf in campaign.frameworks.all():
        group = forms.get(cf.pk, [])
        if not group or (unit_code and all(f.unit.code != unit_code for f in group)):
            continue
        framework = frozen_framework(cf.framework_code, cf.sha256, cf.sources)
        reasons = {form.pk: _exclusion(form, campaign) for form in group}
        cohort = [
            UnitAnswers(
                f.unit.code,
                {a.criterion: a.value for a in f.answers.all() if a.value is not None},
                f.unit.name,
                reasons[f.pk][1],
                f.unit.kind,
                tuple(f.tags),
            )
            for f in group
            if reasons[f.pk][0] != Reason.NOT_SUBMITTED
        ]
        try:
            scores = score_cohort(framework, cohort, complete=False)
        except ScoringError:  # an answer the core refuses: no self-assessed figures to show
            continue
        for unit in scores:
            found[unit.unit] = {
                s.section.code: OwnSection(s.points, s.level) for s in unit.sections
            }
    return found
