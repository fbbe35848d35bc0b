"""A large cohort's levels and published points in float64, exact where a float could be wrong.

``columnar`` reads a plain cohort column by column and holds every leaf's points as exact pairs
of integers. Adding those pairs row by row for every group and section (``_sum_rows``) was the
largest part of scoring a national cohort (issue 18), yet ranking reads only two things of a
unit's section: its level and its total as published (half-up at the section's precision). Here
both are decided on float64 arrays (NumPy), and each unit whose decision a float could get
wrong is decided again exactly, on its own pairs:

- every leaf's points become a float (``n / d``: Python's division, correctly rounded); parents,
  groups and sections add, cap and take the best of them as ``columnar._node`` does;
- the float total of a unit differs from the exact one by less than ``(N + 3) · 2⁻⁵³ · S``,
  where ``N`` is the number of additions in the section and ``S`` the sum of the unit's leaves'
  absolute points (each addition rounds once; a cap or a best-of moves no error up; a leaf's and
  a cap's conversion round once). ``TOLERANCE · (1 + S)`` is far wider (the framework's size is
  checked against it);
- a comparison with a level's threshold whose two sides are closer than that band, or a
  published figure whose scaled total is that close to a half, is not trusted: the unit is
  added up exactly (``Compiled.unit_totals``, the per-unit path's sums) and decided as
  ``Compiled.level`` and ``SectionTotal.published`` decide it. Every other decision is the
  exact one.

The exact pairs of every group, criterion and section are still there for whoever reads them
(a unit's points, summary, items, next level): ``Cohort`` adds them up, column by column, the
first time one is asked for.

Without NumPy (it is optional for the core), or for a cohort smaller than ``FROM_UNITS`` (the
exact columns are as quick there), nothing here is used.
"""

from __future__ import annotations

from itertools import starmap
from operator import truediv
from typing import TYPE_CHECKING, Any

from chiso.scoring.compiled import Compiled, Totals
from chiso.scoring.model import Criterion, Section
from chiso.scoring.rules import BestOf

try:
    import numpy as np
except ImportError:  # pragma: no cover - the exact columns stand on their own
    np = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from chiso.scoring.results import Pair

Array = Any  # numpy.ndarray (NumPy ships no precise array types for mypy to check here)

FROM_UNITS = 64  # cohorts of fewer units are added up exactly, column by column
TOLERANCE = 1e-9  # relative to 1 + the unit's sum of absolute leaf points
_UNIT_ROUNDOFF = 2.0**-53
_LARGEST = 2.0**50  # a scaled total beyond this is decided exactly (floats no longer whole)


def usable(count: int) -> bool:
    return np is not None and count >= FROM_UNITS


class FloatCohort:
    """Each section's levels (decided now) and published totals (decided when asked for)."""

    def __init__(self, plan: Compiled, points: dict[str, list[Pair]], count: int) -> None:
        self.plan = plan
        self.points = points
        self.count = count
        # ``columnar._node`` and ``_sum_rows`` add pairs; these add their float values (not
        # kept: a unit decided again is added up from its pairs).
        leaves = {code: _floats(column, count) for code, column in points.items()}
        self.totals: list[Array] = []
        self.bands: list[Array] = []  # how far from a decision a unit's total must be
        self.finite: list[Array] = []  # units whose floats overflowed are decided exactly
        self.levels: list[list[int | None]] = []
        self.exact_rows = 0  # units decided again exactly (for the tests and the bench)
        self._exact: dict[int, list[Totals]] = {}
        self._published: dict[tuple[int, int], list[int]] = {}
        with np.errstate(over="ignore", invalid="ignore"):  # overflows: decided exactly
            for index, section in enumerate(plan.framework.sections):
                total, groups, band = self._section(section, leaves)
                finite = np.isfinite(band) & np.isfinite(total)
                for column in groups:
                    finite &= np.isfinite(column)
                self.totals.append(total)
                self.bands.append(band)
                self.finite.append(finite)
                self.levels.append(self._levels(index, total, groups, band))

    def _section(
        self, section: Section, leaves: dict[str, Array]
    ) -> tuple[Array, list[Array], Array]:
        zeros = np.zeros(self.count)
        magnitude = np.zeros(self.count)
        additions = 0

        def node(criterion: Criterion) -> Array:
            nonlocal magnitude, additions
            if not criterion.children:
                column = leaves.get(criterion.code)
                if column is None:
                    return zeros
                magnitude = magnitude + np.abs(column)
                return column
            parts = [node(c) for c in criterion.children]
            if type(criterion.rule) is BestOf:
                return np.maximum.reduce(parts)
            additions += len(parts)
            return np.minimum(_sum(parts, zeros), float(criterion.max_points))

        groups = []
        for group in section.groups:
            tops = [node(top) for top in group.criteria]
            additions += len(tops)
            total = _sum(tops, zeros)
            if group.cap is not None:
                total = np.minimum(total, float(group.cap))
            groups.append(total)
        additions += len(groups)
        # The float error stays below (N + 3)·u·S; the band must be far wider, else (a
        # section of millions of criteria) the exact columns decide.
        if (additions + 3) * _UNIT_ROUNDOFF >= TOLERANCE / 1000:
            raise OverflowError("too many additions for the floats' band")
        return _sum(groups, zeros), groups, TOLERANCE * (1.0 + magnitude)

    def _levels(
        self, index: int, total: Array, groups: list[Array], band: Array
    ) -> list[int | None]:
        """``Compiled.level`` of every unit: the first level whose every check is met."""
        found = np.full(self.count, -1)
        open_ = np.ones(self.count, dtype=bool)  # no level found yet
        unsure = ~self.finite[index]
        for position, ((mn, md), requirements) in enumerate(self.plan.levels[index]):
            threshold = mn / md
            met = total >= threshold
            unsure |= ~(np.abs(total - threshold) > band + TOLERANCE * abs(threshold))
            for g, (rn, rd) in requirements:
                minimum = rn / rd
                met &= groups[g] >= minimum
                unsure |= ~(np.abs(groups[g] - minimum) > band + TOLERANCE * abs(minimum))
            found[open_ & met] = position
            open_ &= ~met
        levels: list[int | None] = [None if v < 0 else v for v in found.tolist()]
        for i in np.flatnonzero(unsure).tolist():
            exact_total, exact_groups = self.exact(index, i)
            levels[i] = self.plan.level(index, exact_total, exact_groups)
        return levels

    def published(self, index: int, places: int) -> list[int]:
        """``SectionTotal.published(places)`` of every unit (half-up, scaled to an integer)."""
        known = self._published.get((index, places))
        if known is not None:
            return known
        factor: int = 10**places
        with np.errstate(over="ignore", invalid="ignore"):  # overflows: decided exactly
            shifted = self.totals[index] * float(factor) + 0.5
            rounded = np.floor(shifted)
            distance = np.minimum(shifted - rounded, rounded + 1.0 - shifted)
            unsure = ~self.finite[index] | ~(np.abs(shifted) < _LARGEST)
            unsure |= ~(distance > 2.0 * factor * self.bands[index])
            found: list[int] = np.where(unsure, 0.0, rounded).astype(np.int64).tolist()
        for i in np.flatnonzero(unsure).tolist():
            (n, d), _ = self.exact(index, i)
            found[i] = (2 * n * factor + d) // (2 * d)
        self._published[(index, places)] = found
        return found

    def exact(self, index: int, row: int) -> Totals:
        """A unit's section total and groups' points, added up exactly."""
        known = self._exact.get(row)
        if known is None:
            self.exact_rows += 1
            known = self._exact[row] = self.plan.unit_totals(
                {code: column[row] for code, column in self.points.items()}
            )
        return known[index]


def _sum(parts: list[Array], zeros: Array) -> Array:
    if not parts:
        return zeros
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def _floats(column: list[Pair], count: int) -> Array:
    """The pairs' values as floats, each correctly rounded (Python's ``int / int``)."""
    return np.fromiter(starmap(truediv, column), np.float64, count)
