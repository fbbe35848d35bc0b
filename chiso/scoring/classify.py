"""Levels: the 2392 ladder (total AND every group's share) or bands on the total."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from chiso.scoring.model import Bands, Ladder, Section
from chiso.scoring.numbers import ZERO, fmt_percent, fmt_points


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


@dataclass(frozen=True, slots=True)
class Check:
    """One condition of a level: what was needed, what the unit has."""

    code: str  # the section or group code
    label: str
    actual: Fraction
    required: Fraction

    @property
    def met(self) -> bool:
        return self.actual >= self.required

    @property
    def gap(self) -> Fraction:
        return max(self.required - self.actual, ZERO)

    def text(self) -> str:
        mark = "đạt" if self.met else f"thiếu {fmt_points(self.gap)}"
        return f"{self.label}: {fmt_points(self.actual)} / cần {fmt_points(self.required)} ({mark})"


def level_checks(
    section: Section, index: int, total: Fraction, group_points: Sequence[Fraction]
) -> tuple[Check, ...]:
    """Every condition of the level at ``index``, met or not."""
    classification = section.classification
    if isinstance(classification, Bands):
        band = classification.bands[index]
        return (Check(section.code, f"Tổng điểm {section.name}", total, band.min_total),)
    level = classification.levels[index]
    checks = [Check(section.code, f"Tổng điểm {section.name}", total, level.min_total)]
    shares = dict(level.min_share)
    for g, minimum in level.requirements:
        group = section.groups[g]
        label = f"{group.code} {group.name} (≥ {fmt_percent(shares[group.code])} của"
        label += f" {fmt_points(group.max_points)})"
        checks.append(Check(group.code, label, group_points[g], minimum))
    return tuple(checks)
