"""Levels: the 2392 ladder (total AND every group's share) or bands on the total."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from chiso.scoring.model import Bands, Ladder, Section
from chiso.scoring.numbers import PRECISION, ZERO, fmt_percent, fmt_points, fmt_rounded


def level_index(section: Section, total: Fraction, group_points: Sequence[Fraction]) -> int | None:
    """Position of the level reached (0 = best), or None when no level is met.

    2392 Điều 6: the best level whose minimum total AND every group's minimum share are met;
    a unit that meets Mức II's total but not one of its group shares falls to the level whose
    shares it meets. Thresholds are inclusive (≥), as the published Đắk Nông cases require.
    """
    classification = section.classification
    if isinstance(classification, Bands):
        for index, band in enumerate(classification.bands):
            if total >= band.min_total:
                return index
        return None
    for index, level in enumerate(classification.levels):
        if total >= level.min_total and all(
            group_points[g] >= minimum for g, minimum in level.requirements
        ):
            return index
    return None


def level_names(section: Section) -> tuple[str, ...]:
    classification = section.classification
    if isinstance(classification, Bands):
        return tuple(b.name for b in classification.bands)
    return tuple(level.name for level in classification.levels)


def below_name(section: Section) -> str:
    classification = section.classification
    return classification.below if isinstance(classification, Ladder) else ""


def level_name(section: Section, index: int | None) -> str:
    """The name of the level at ``index``, or the framework's 'not ranked' wording (None)."""
    return below_name(section) if index is None else level_names(section)[index]


@dataclass(frozen=True, slots=True)
class Check:
    """One condition of a level: what was needed, what the unit has."""

    code: str  # the section or group code
    label: str
    actual: Fraction
    required: Fraction
    places: int = PRECISION  # the framework's published decimals

    @property
    def met(self) -> bool:
        return self.actual >= self.required

    @property
    def gap(self) -> Fraction:
        return max(self.required - self.actual, ZERO)

    # As displayed, so that a reason is true as read: a condition not met shows what the unit
    # has rounded down and what it needs (and the gap) rounded up — never "21,00 < 21,00". A
    # condition met is shown half-up, which keeps "has ≥ needs" (rounding is monotonic).
    def shown_actual(self, *, comma: bool = True) -> str:
        rounding = "half_up" if self.met else "down"
        return fmt_rounded(self.actual, self.places, rounding=rounding, comma=comma)

    def shown_required(self, *, comma: bool = True) -> str:
        rounding = "half_up" if self.met else "up"
        return fmt_rounded(self.required, self.places, rounding=rounding, comma=comma)

    def shown_gap(self, *, comma: bool = True) -> str:
        return fmt_rounded(self.gap, self.places, rounding="up", comma=comma)

    def text(self) -> str:
        mark = "đạt" if self.met else f"thiếu {self.shown_gap()}"
        return f"{self.label}: {self.shown_actual()} / cần {self.shown_required()} ({mark})"


def level_checks(
    section: Section, index: int, total: Fraction, group_points: Sequence[Fraction]
) -> tuple[Check, ...]:
    """Every condition of the level at ``index``, met or not."""
    classification = section.classification
    if isinstance(classification, Bands):
        band = classification.bands[index]
        name = f"Tổng điểm {section.name}"
        return (Check(section.code, name, total, band.min_total, section.precision),)
    level = classification.levels[index]
    places = section.precision
    checks = [Check(section.code, f"Tổng điểm {section.name}", total, level.min_total, places)]
    for (g, minimum), label in zip(level.requirements, _labels(section, index), strict=True):
        checks.append(Check(section.groups[g].code, label, group_points[g], minimum, places))
    return tuple(checks)


@lru_cache(maxsize=1024)
def _labels(section: Section, index: int) -> tuple[str, ...]:
    """The labels of the group conditions of a level, worded once per section and level (a
    section compares by identity; frameworks are immutable)."""
    level = section.classification.levels[index]  # type: ignore[union-attr]
    shares = dict(level.min_share)
    found = []
    for g, _ in level.requirements:
        group = section.groups[g]
        label = f"{group.code} {group.name} (≥ {fmt_percent(shares[group.code])} của"
        found.append(label + f" {fmt_points(group.max_points)})")
    return tuple(found)
