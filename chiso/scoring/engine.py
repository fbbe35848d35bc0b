"""Scoring: answers in, exact points per criterion, group, section and total, and levels out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from chiso.scoring.answers import parse_answers
from chiso.scoring.classify import level_index
from chiso.scoring.errors import AnswerError, Problem
from chiso.scoring.model import Criterion, Framework
from chiso.scoring.numbers import ZERO
from chiso.scoring.results import CriterionScore, GroupScore, SectionScore, UnitScore
from chiso.scoring.rules import BestOf, SumOfParts, Value, numeric_value


@dataclass(frozen=True, slots=True)
class UnitAnswers:
    """One unit's raw answers, as read from a file, a form or Excel."""

    unit: str
    answers: Mapping[str, object]
    name: str = ""
    excluded: str = ""  # why the unit is not ranked (late, not submitted…); empty if it is


def score(
    framework: Framework,
    answers: Mapping[str, object],
    *,
    unit: str = "",
    best: Mapping[str, Fraction] | None = None,
    complete: bool = True,
) -> UnitScore:
    """Score one unit. ``complete`` refuses missing required answers; otherwise they score 0.

    ``best`` gives the cohort's best value of each normalised criterion; without it the unit
    is its own benchmark and those criteria are reported as provisional.
    Raises ``AnswerError`` listing every problem, and computes nothing, when an answer is bad.
    """
    values, problems = parse_answers(framework, answers, unit=unit, complete=complete)
    if problems:
        raise AnswerError(problems)
    return _score_values(framework, values, unit, best)


def score_cohort(
    framework: Framework, cohort: Sequence[UnitAnswers], *, complete: bool = True
) -> list[UnitScore]:
    """Score every unit of a cohort, normalising against its best unit (value / best, 2342).

    Excluded units are scored but do not set the cohort's best. All units' problems are
    reported together, and nothing is scored if there is any.
    """
    parsed: list[dict[str, Value]] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for entry in cohort:
        if entry.unit in seen:
            problems.append(Problem(f"đơn vị {entry.unit}", "", "đơn vị xuất hiện hai lần"))
        seen.add(entry.unit)
        values, found = parse_answers(framework, entry.answers, unit=entry.unit, complete=complete)
        parsed.append(values)
        problems.extend(found)
    if problems:
        raise AnswerError(problems)
    best = cohort_best(
        framework, [v for v, e in zip(parsed, cohort, strict=True) if not e.excluded]
    )
    return [
        _score_values(framework, values, entry.unit, best)
        for values, entry in zip(parsed, cohort, strict=True)
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
) -> UnitScore:
    missing: list[str] = []
    provisional: list[str] = []

    def criterion_score(criterion: Criterion) -> CriterionScore:
        rule = criterion.rule
        if criterion.children:
            children = tuple(criterion_score(child) for child in criterion.children)
            assert isinstance(rule, SumOfParts | BestOf)
            points = rule.combine(criterion, [c.points for c in children])
            return CriterionScore(criterion, points, children=children)
        value = values.get(criterion.code)
        if value is None:
            missing.append(criterion.code)
            return CriterionScore(criterion, ZERO, missing=True)
        benchmark = None
        if rule.needs_cohort:
            benchmark = None if best is None else best.get(criterion.code)
            if benchmark is None:
                provisional.append(criterion.code)
        return CriterionScore(criterion, rule.points(criterion, value, benchmark), value, benchmark)

    sections = []
    for section in framework.sections:
        groups = []
        for group in section.groups:
            criteria = tuple(criterion_score(c) for c in group.criteria)
            groups.append(GroupScore(group, sum((c.points for c in criteria), ZERO), criteria))
        group_points = [g.points for g in groups]
        total = sum(group_points, ZERO)
        sections.append(
            SectionScore(section, total, tuple(groups), level_index(section, total, group_points))
        )
    return UnitScore(unit, framework, tuple(sections), tuple(missing), tuple(provisional))
