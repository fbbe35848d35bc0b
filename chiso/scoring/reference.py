"""The scoring core as it was before it was compiled (issue 18): the reference of the fast path.

``engine.score_cohort`` and ``ranking.rank`` must give exactly what these functions give — the
same scores, levels, ranks, texts and errors; ``tests/scoring/test_engine_differential.py``
compares the two on random cohorts of every shipped framework. The engine also falls back on
these functions for what its fast path does not cover (a unit with a problem or with something
not applicable, the 2026 rules), and builds a unit's explanation with ``_score_values`` when it
is first read. Keep this file as it is: change the rules in ``rules.py``, both paths follow.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from chiso.scoring import applicability
from chiso.scoring.answers import Parsed, read_answers
from chiso.scoring.classify import level_index, level_names
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
from chiso.scoring.numbers import ZERO, shown
from chiso.scoring.ranking import NO_LEVEL, RankEntry, Ranking, SectionRanking, _name_key
from chiso.scoring.results import CriterionScore, GroupScore, Scaling, SectionScore, UnitScore
from chiso.scoring.rules import BestOf, SumOfParts, Value, numeric_value

if TYPE_CHECKING:
    from chiso.scoring.engine import UnitAnswers


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
    parsed, who = parse_unit(framework, answers, unit, complete, kind, tags)
    if parsed.problems:
        raise AnswerError(parsed.problems)
    return _score_values(framework, parsed.values, unit, best, who)


def parse_unit(
    framework: Framework,
    answers: Mapping[str, object],
    unit: str,
    complete: bool,
    kind: str,
    tags: Collection[str],
) -> tuple[Parsed, applicability.Unit]:
    """A unit's answers read against ``framework`` (its problems, the unit's own included) and
    the unit as the applicability rules see it: what ``score`` scores, for a caller that scores
    group by group (the live form, campaigns.form_page)."""
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
        one = parse_unit(framework, entry.answers, entry.unit, complete, entry.kind, entry.tags)
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
    missing: list[str] = []
    provisional: list[str] = []
    sections = [
        section_score(framework, section, values, best, who, missing, provisional)
        for section in framework.sections
    ]
    return UnitScore(unit, framework, tuple(sections), tuple(missing), tuple(provisional))


def section_score(
    framework: Framework,
    section: Section,
    values: Mapping[str, Value],
    best: Mapping[str, Fraction] | None,
    who: applicability.Unit,
    missing: list[str],
    provisional: list[str],
    groups: tuple[GroupScore, ...] | None = None,
) -> SectionScore:
    """One section of ``_score_values``: it reads only the values of its own criteria, and
    appends its missing and provisional criteria, in order, to ``missing`` and ``provisional``.
    ``groups``: its groups' scores, when the caller holds them (``group_score`` of each, in
    order; the live form scores a group again only when its inputs changed: campaigns)."""
    if groups is None:
        groups = tuple(
            group_score(framework, g, values, best, who, missing, provisional)
            for g in section.groups
        )
    group_points = [g.points for g in groups]
    if section.plain:
        total = sum(group_points, ZERO)
        scaling = None
    else:
        scaling = _scaling(section, groups)
        total = scaling.total
    return SectionScore(section, total, groups, level_index(section, total, group_points), scaling)


def group_score(
    framework: Framework,
    group: Group,
    values: Mapping[str, Value],
    best: Mapping[str, Fraction] | None,
    who: applicability.Unit,
    missing: list[str],
    provisional: list[str],
) -> GroupScore:
    """One group of ``section_score``: it reads only the values of its own criteria, and the
    unit's kind, tags and declarations of itself and its criteria."""
    names = framework.tag_names

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

    why = not_applicable(group, "")
    criteria = tuple(criterion_score(c, why) for c in group.criteria)
    if not why and all(c.not_applicable for c in criteria):
        why = "mọi tiêu chí của nhóm không áp dụng"
    points = sum((c.points for c in criteria), ZERO)
    if group.cap is not None:
        points = min(points, group.cap)
    return GroupScore(group, points, criteria, not_applicable=why)


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


def rank(
    framework: Framework,
    scores: Sequence[UnitScore],
    *,
    names: Mapping[str, str] | None = None,
    excluded: Mapping[str, str] | None = None,
) -> Ranking:
    """Rank the cohort in every section of the framework.

    A unit's rank is 1 + the number of units with strictly more points *as published* (at the
    framework's ``precision``, half-up: two units shown as 50,00 share the rank, listed by name;
    ties share a rank and the next rank is skipped). Units without a level, or excluded with a
    reason, get no rank.
    """
    names = names or {}
    excluded = excluded or {}
    sections = []
    for index, section in enumerate(framework.sections):
        ranked: list[tuple[Fraction, str, str, str]] = []
        unranked: list[RankEntry] = []
        for unit_score in scores:
            result = unit_score.sections[index]
            unit = unit_score.unit
            name = names.get(unit, unit)
            if excluded.get(unit):
                reason = excluded[unit]
                unranked.append(RankEntry(unit, name, result.points, result.level, None, reason))
            elif not result.has_level:
                lowest = len(level_names(section)) - 1
                failed = "; ".join(
                    f"{c.code} {c.shown_actual()} < {c.shown_required()}"
                    for c in result.checks(lowest)
                    if not c.met
                )
                reason = NO_LEVEL.format(level=level_names(section)[lowest], failed=failed)
                unranked.append(RankEntry(unit, name, result.points, result.level, None, reason))
            else:
                ranked.append((result.points, name, unit, result.level))
        places = section.precision
        # Two stable sorts: by name, then by published points descending.
        ranked.sort(key=lambda r: (_name_key(r[1]), r[2]))
        ranked.sort(key=lambda r: shown(r[0], places), reverse=True)
        entries = []
        previous: Fraction | None = None
        position = 0
        for place, (points, name, unit, level) in enumerate(ranked, start=1):
            published = shown(points, places)
            if published != previous:
                position, previous = place, published
            entries.append(RankEntry(unit, name, points, level, position))
        unranked.sort(key=lambda e: (_name_key(e.name), e.unit))
        unranked.sort(key=lambda e: shown(e.points, places), reverse=True)
        sections.append(SectionRanking(section, tuple(entries + unranked)))
    return Ranking(framework, tuple(sections))
