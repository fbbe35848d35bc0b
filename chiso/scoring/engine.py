"""Scoring: answers in, exact points per criterion, group, section and total, and levels out."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from chiso.scoring import applicability
from chiso.scoring.answers import Parsed, read_answers
from chiso.scoring.classify import level_index
from chiso.scoring.errors import AnswerError, Problem
from chiso.scoring.model import (
    Criterion,
    Framework,
    Group,
    GroupRole,
    NaScaling,
    Section,
    ZeroDenominator,
)
from chiso.scoring.numbers import ZERO
from chiso.scoring.results import CriterionScore, GroupScore, Scaling, SectionScore, UnitScore
from chiso.scoring.rules import BestOf, SumOfParts, Value, numeric_value


@dataclass(frozen=True, slots=True)
class UnitAnswers:
    """One unit's raw answers, as read from a file, a form or Excel."""

    unit: str
    answers: Mapping[str, object]
    name: str = ""
    excluded: str = ""  # why the unit is not ranked (late, not submitted…); empty if it is
    kind: str = ""  # the unit's kind (xa, phuong, so…), for what applies only to some kinds
    tags: tuple[str, ...] = ()  # the framework's tags the unit carries


def score(
    framework: Framework,
    answers: Mapping[str, object],
    *,
    unit: str = "",
    best: Mapping[str, Fraction] | None = None,
    complete: bool = True,
    kind: str = "",
    tags: Collection[str] = (),
) -> UnitScore:
    """Score one unit. ``complete`` refuses missing required answers; otherwise they score 0.

    ``best`` gives the cohort's best value of each normalised criterion; without it the unit
    is its own benchmark and those criteria are reported as provisional. ``kind`` and ``tags``
    decide what the framework makes not applicable to the unit.
    Raises ``AnswerError`` listing every problem, and computes nothing, when an answer is bad.
    """
    parsed, who = _parse(framework, answers, unit, complete, kind, tags)
    if parsed.problems:
        raise AnswerError(parsed.problems)
    return _score_values(framework, parsed.values, unit, best, who)


def _parse(
    framework: Framework,
    answers: Mapping[str, object],
    unit: str,
    complete: bool,
    kind: str,
    tags: Collection[str],
) -> tuple[Parsed, applicability.Unit]:
    where = f"đơn vị {unit}" if unit else "đơn vị"
    found = [
        Problem(where, "", message)
        for message in applicability.unit_problems(framework, kind, tags)
    ]
    parsed = read_answers(framework, answers, unit=unit, complete=complete, kind=kind, tags=tags)
    parsed.problems[:0] = found
    return parsed, applicability.Unit(kind, frozenset(tags), parsed.declared)


def score_cohort(
    framework: Framework, cohort: Sequence[UnitAnswers], *, complete: bool = True
) -> list[UnitScore]:
    """Score every unit of a cohort, normalising against its best unit (value / best, 2342).

    Excluded units are scored but do not set the cohort's best. All units' problems are
    reported together, and nothing is scored if there is any.
    """
    parsed: list[tuple[Parsed, applicability.Unit]] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for entry in cohort:
        if entry.unit in seen:
            problems.append(Problem(f"đơn vị {entry.unit}", "", "đơn vị xuất hiện hai lần"))
        seen.add(entry.unit)
        one = _parse(framework, entry.answers, entry.unit, complete, entry.kind, entry.tags)
        parsed.append(one)
        problems.extend(one[0].problems)
    if problems:
        raise AnswerError(problems)
    best = cohort_best(
        framework, [p.values for (p, _), e in zip(parsed, cohort, strict=True) if not e.excluded]
    )
    return [
        _score_values(framework, p.values, entry.unit, best, who)
        for (p, who), entry in zip(parsed, cohort, strict=True)
    ]


def cohort_best(framework: Framework, units: Sequence[Mapping[str, Value]]) -> dict[str, Fraction]:
    """The best value of each normalised criterion over the given units (0 when none answered)."""
    codes = [c.code for c in framework.leaves() if c.rule.needs_cohort]
    return {
        code: max((numeric_value(u[code]) for u in units if code in u), default=ZERO)
        for code in codes
    }


def _score_values(
    framework: Framework,
    values: Mapping[str, Value],
    unit: str,
    best: Mapping[str, Fraction] | None,
    who: applicability.Unit | None = None,
) -> UnitScore:
    who = who or applicability.Unit()
    names = framework.tag_names
    missing: list[str] = []
    provisional: list[str] = []

    def not_applicable(item: Group | Criterion, outer: str) -> str:
        return outer or who.reason(item, names)

    def criterion_score(criterion: Criterion, outer: str = "") -> CriterionScore:
        rule = criterion.rule
        why = not_applicable(criterion, outer)
        if criterion.children:
            children = tuple(criterion_score(child, why) for child in criterion.children)
            assert isinstance(rule, SumOfParts | BestOf)
            if not why and all(c.not_applicable for c in children):
                why = "mọi tiêu chí con không áp dụng"
            points = rule.combine(criterion, [c.points for c in children])
            return CriterionScore(criterion, points, children=children, not_applicable=why)
        value = values.get(criterion.code)
        if why:
            return CriterionScore(criterion, ZERO, value, not_applicable=why)
        if value is None:
            missing.append(criterion.code)
            return CriterionScore(criterion, ZERO, missing=True)
        if (
            isinstance(value, tuple)
            and value[1] == 0
            and criterion.zero_denominator is ZeroDenominator.NOT_APPLICABLE
        ):
            return CriterionScore(
                criterion, ZERO, value, not_applicable=applicability.ZERO_DENOMINATOR
            )
        benchmark = None
        if rule.needs_cohort:
            benchmark = None if best is None else best.get(criterion.code)
            if benchmark is None:
                provisional.append(criterion.code)
        return CriterionScore(criterion, rule.points(criterion, value, benchmark), value, benchmark)

    def group_score(group: Group) -> GroupScore:
        why = not_applicable(group, "")
        criteria = tuple(criterion_score(c, why) for c in group.criteria)
        if not why and all(c.not_applicable for c in criteria):
            why = "mọi tiêu chí của nhóm không áp dụng"
        points = sum((c.points for c in criteria), ZERO)
        if group.cap is not None:
            points = min(points, group.cap)
        return GroupScore(group, points, criteria, not_applicable=why)

    sections = []
    for section in framework.sections:
        groups = tuple(group_score(g) for g in section.groups)
        group_points = [g.points for g in groups]
        if section.plain:
            total = sum(group_points, ZERO)
            scaling = None
        else:
            scaling = _scaling(section, groups)
            total = scaling.total
        sections.append(
            SectionScore(section, total, groups, level_index(section, total, group_points), scaling)
        )
    return UnitScore(unit, framework, tuple(sections), tuple(missing), tuple(provisional))


def _scaling(section: Section, groups: Sequence[GroupScore]) -> Scaling:
    """The 2026 rules, in order: weights, N/A scaling, bonus, malus, clamps.

    obtained   = Σ contribution of the applicable scored groups (points, or value × weight)
    applicable = Σ what they could contribute (applicable maxima, or weights)
    scaled     = obtained / applicable × scale   (na_scaling: proportional)
               = obtained                         (none, or nothing is not applicable)
    total      = scaled + bonus − malus, then kept within [0, scale] unless the framework allows
    """
    scored = [g for g in groups if g.group.role is GroupRole.SCORED]
    obtained = sum((g.contribution for g in scored if g.applicable_max), ZERO)
    applicable = sum((g.reach for g in scored), ZERO)
    scale = section.max_points
    scaled = obtained
    if section.na_scaling is NaScaling.PROPORTIONAL and applicable != scale:
        scaled = obtained / applicable * scale if applicable else ZERO

    def extra(role: GroupRole) -> Fraction:
        return sum(
            (g.points for g in groups if g.group.role is role and not g.not_applicable), ZERO
        )

    bonus, malus = extra(GroupRole.BONUS), extra(GroupRole.MALUS)
    total = scaled + bonus - malus
    if not section.may_exceed_scale:
        total = min(total, scale)
    if not section.may_fall_below_zero:
        total = max(total, ZERO)
    return Scaling(
        obtained,
        applicable,
        scale,
        scaled,
        bonus,
        malus,
        total,
        section.na_scaling,
        section.weighted,
    )
