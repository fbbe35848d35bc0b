"""The float decisions of a large cohort (``floats.py``) against the exact columns, on points
no answer would give: totals on a level's threshold or a group's minimum, a hair (10⁻¹², 10⁻²⁰,
10⁻⁴⁰) above or below it, on a half at the published precision or a hair beside it, with
denominators of 40 digits, and points beyond what a float holds. Every unit's level and
published total must be the exact one, whether the floats decided it or the unit was added up
again."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from chiso.scoring import floats, shipped_registry
from chiso.scoring.columnar import _exact_sections
from chiso.scoring.compiled import compiled
from chiso.scoring.model import Framework
from chiso.scoring.results import Pair

HAIRS = [Fraction(0), Fraction(1, 10**12), Fraction(-1, 10**12), Fraction(1, 10**20)]
HAIRS += [Fraction(-1, 10**20), Fraction(1, 10**40), Fraction(-1, 10**40)]


def _pair(value: Fraction) -> Pair:
    return value.numerator, value.denominator


def _targets(framework: Framework, index: int, places: int) -> list[Fraction]:
    """What a section's total may be aimed at: its levels' thresholds and some halves."""
    found = [Fraction(*threshold) for threshold, _ in compiled(framework).levels[index]]
    found += [Fraction(2 * k + 1, 2 * 10**places) for k in (0, 7, 4999, 12345)]
    return found


def _cohort(
    framework: Framework, rng: random.Random, count: int, places: int
) -> dict[str, list[Pair]]:
    """Points by leaf code for ``count`` units; each unit's first leaf of each section set so
    that the section's total lands on (or a hair beside) a threshold or a half."""
    plan = compiled(framework)
    codes = list(plan.parsers)
    points: dict[str, list[Pair]] = {}
    for code in codes:
        top = plan.framework.criteria_by_code[code].max_points
        column = []
        for _ in range(count):
            shape = rng.random()
            if shape < 0.2:
                value = Fraction(0)
            elif shape < 0.4:
                value = top
            elif shape < 0.8:
                value = top * Fraction(rng.randint(0, 10**6), 10**6)
            else:
                value = top * Fraction(rng.randint(1, 10**40), 10**40 + rng.randint(0, 10**9))
            column.append(_pair(value))
        points[code] = column
    for index, section in enumerate(framework.sections):
        # The section's first top-level leaf: its points move the total one for one (unless a
        # cap takes over, which only makes the case less sharp).
        first = next(
            top.code
            for group in section.groups
            for top in group.criteria
            if not top.children and top.code in points
        )
        targets = _targets(framework, index, places)
        for row in range(count):
            if rng.random() < 0.3:
                continue
            points[first][row] = (0, 1)
            total, _ = plan.unit_totals({code: column[row] for code, column in points.items()})[
                index
            ]
            aim = rng.choice(targets) + rng.choice(HAIRS)
            points[first][row] = _pair(aim - Fraction(*total))
    return points


@pytest.mark.parametrize(
    "code", ["vn-2392-xa", "vn-2392-huyen", "sonla-cqs-tinh", "danang-2392-quan-huyen"]
)
def test_float_decisions_are_the_exact_ones_on_adversarial_points(code: str) -> None:
    framework = shipped_registry().get(code)
    plan = compiled(framework)
    rng = random.Random(f"floats-{code}")  # noqa: S311 - reproducible test data
    count = 400
    for places in (0, 1, 2, 3):
        points = _cohort(framework, rng, count, places)
        quick = floats.FloatCohort(plan, points, count)
        sections, _ = _exact_sections(plan, points, count)
        factor = 10**places
        for index, (totals, _groups, levels) in enumerate(sections):
            assert quick.levels[index] == levels, f"{code} section {index}: levels"
            want = [(2 * n * factor + d) // (2 * d) for n, d in totals]
            assert quick.published(index, places) == want, f"{code} section {index}: published"
        # Most units aimed at a threshold or a half went back to the exact sums; not all did.
        assert 0 < quick.exact_rows < count


def test_points_beyond_a_float_are_decided_exactly() -> None:
    """A leaf's points too large for a float (10⁴⁰⁰): the cohort is decided on the exact
    columns (``score_cohort``'s fall-back), never on an overflowed float."""
    framework = shipped_registry().get("vn-2392-xa")
    plan = compiled(framework)
    rng = random.Random("floats-huge")  # noqa: S311
    points = _cohort(framework, rng, 80, 2)
    code = next(iter(points))
    points[code][3] = (10**400, 1)
    with pytest.raises(OverflowError):
        floats.FloatCohort(plan, points, 80)
    # Each a float, their sum not (inf): that unit is decided exactly.
    section = framework.sections[0]
    leaves = [leaf.code for group in section.groups for leaf in group.leaves()]
    first, second = [code for code in leaves if code in points][:2]
    points[code][3] = (0, 1)
    points[first][3] = points[second][3] = (10**308, 1)
    quick = floats.FloatCohort(plan, points, 80)
    assert quick.exact_rows
    sections, _ = _exact_sections(plan, points, 80)
    for index, (totals, _groups, levels) in enumerate(sections):
        assert quick.levels[index] == levels
        assert quick.published(index, 2) == [(200 * n + d) // (2 * d) for n, d in totals]
