"""Scoring: answers in, exact points per criterion, group, section and total, and levels out.

``score_cohort`` runs on the framework compiled once (``compiled.py``); what its fast path does
not cover, and ``score`` for one unit, is the reference (``reference.py``), which the fast path
must match exactly (tests/scoring/test_engine_differential.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from chiso.scoring import applicability, columnar, reference
from chiso.scoring.compiled import Compiled, LazyUnitScore, Read, SectionTotal, Slow, compiled
from chiso.scoring.errors import AnswerError, Problem
from chiso.scoring.model import Framework
from chiso.scoring.results import UnitScore
from chiso.scoring.rules import Value

# The reference's single-unit scoring and cohort best are the engine's (one unit is cheap).
score = reference.score
cohort_best = reference.cohort_best


@dataclass(frozen=True, slots=True)
class UnitAnswers:
    """One unit's raw answers, as read from a file, a form or Excel."""

    unit: str
    answers: Mapping[str, object]
    name: str = ""
    excluded: str = ""  # why the unit is not ranked (late, not submitted…); empty if it is
    kind: str = ""  # the unit's kind (xa, phuong, so…), for what applies only to some kinds
    tags: tuple[str, ...] = ()  # the framework's tags the unit carries


def score_cohort(
    framework: Framework, cohort: Sequence[UnitAnswers], *, complete: bool = True
) -> list[UnitScore]:
    """Score every unit of a cohort, normalising against its best unit (value / best, 2342).

    Excluded units are scored but do not set the cohort's best. All units' problems are
    reported together, and nothing is scored if there is any. Exactly
    ``reference.score_cohort``; each unit's criterion scores are built when first read.
    """
    with columnar.paused_gc():
        return _score_cohort(framework, cohort, complete)


def _score_cohort(
    framework: Framework, cohort: Sequence[UnitAnswers], complete: bool
) -> list[UnitScore]:
    plan = compiled(framework)
    if not plan.fast:
        return reference.score_cohort(framework, cohort, complete=complete)
    # The whole cohort column by column (columnar.py), when every unit is plain; else unit by
    # unit below.
    scores = columnar.columns(plan, cohort, complete)
    if scores is not None:
        return scores
    # Each unit: its parsed answers, and their points (fast path) or who it is (reference).
    rows: list[tuple[dict[str, Value], Read | applicability.Unit]] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for entry in cohort:
        if entry.unit in seen:
            problems.append(Problem(f"đơn vị {entry.unit}", "", "đơn vị xuất hiện hai lần"))
        seen.add(entry.unit)
        if plan.plain_unit(entry.kind, entry.tags):
            try:
                rows.append(plan.read(entry.answers, complete))
                continue
            except Slow:
                pass
        parsed, who = reference.parse_unit(
            framework, entry.answers, entry.unit, complete, entry.kind, entry.tags
        )
        rows.append((parsed.values, who))
        problems.extend(parsed.problems)
    if problems:
        raise AnswerError(problems)
    counted = [row for row, entry in zip(rows, cohort, strict=True) if not entry.excluded]
    if plan.cohort:
        # The best number over every counted unit, read by the reference or not.
        numbers = [
            how[0] if isinstance(how, tuple) else plan.numbers(values) for values, how in counted
        ]
        best = {code: Fraction(*top) for code, top in plan.best(numbers).items()}
    else:
        best = {}
    return [
        _unit_score(framework, plan, values, how, entry, best)
        for (values, how), entry in zip(rows, cohort, strict=True)
    ]


def _unit_score(
    framework: Framework,
    plan: Compiled,
    values: dict[str, Value],
    how: Read | applicability.Unit,
    entry: UnitAnswers,
    best: dict[str, Fraction],
) -> UnitScore:
    if isinstance(how, applicability.Unit):
        return reference._score_values(framework, values, entry.unit, best, how)
    plan.normalise(how, best)
    sections, missing = plan.totals(values, how)
    summary = [
        SectionTotal(section, total, plan.level(i, total, groups), groups)
        for i, (section, (total, groups)) in enumerate(
            zip(framework.sections, sections, strict=True)
        )
    ]
    who = applicability.Unit(entry.kind, frozenset(entry.tags), {})
    return LazyUnitScore(
        entry.unit,
        framework,
        summary,
        missing,
        lambda: reference._score_values(framework, values, entry.unit, best, who),
    )
