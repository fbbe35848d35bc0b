"""A unit against its cohort, in sentences a leader can read: strengths, weaknesses, the way
to the next level, and the biggest gains and drops since last year.

``strength_lines`` and ``weakness_lines`` are the only source of a unit's strengths and
weaknesses: its PDF report and its public page (``chiso.results.story``) both call them, so the
two always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from chiso.publish.model import UnitSection
from chiso.publish.wording import change_words, lower_first
from chiso.scoring import fmt_percent, fmt_points

# "Well above / below the cohort": 10 percentage points of the item's maximum.
MARGIN = Fraction(1, 10)
SHOWN = 5
ROOM_SHOWN = 3  # criteria named where points remain, the most room first
NO_STRENGTH = "Không có nhóm, tiêu chí nào cao hơn hẳn bình quân (từ 10 % số điểm tối đa)."
NO_WEAKNESS = "Không có nhóm, tiêu chí nào thấp hơn hẳn bình quân (từ 10 % số điểm tối đa)."


@dataclass(frozen=True, slots=True)
class Insight:
    code: str
    name: str
    is_group: bool
    share: Fraction
    cohort_share: Fraction

    @property
    def difference(self) -> Fraction:
        return self.share - self.cohort_share

    def text(self, cohort: str) -> str:
        what = f"Nhóm {lower_first(self.name)}" if self.is_group else f"{self.code} {self.name}"
        side = "cao hơn" if self.difference > 0 else "thấp hơn"
        return (
            f"{what}: đạt {fmt_percent(self.share)} số điểm tối đa, {side} bình quân "
            f"{cohort} ({fmt_percent(self.cohort_share)})"
        )


def _compared(section: UnitSection) -> list[Insight]:
    """Every group and top criterion that applies to the unit (one that does not is compared
    with no one: neither a strength nor a weakness)."""
    found = [
        Insight(g.code, g.name, True, g.share, g.cohort_share)
        for g in section.groups
        if not g.not_applicable
    ]
    found += [
        Insight(c.code, c.name, False, c.share, c.cohort_share)
        for c in section.criteria
        if not c.not_applicable
    ]
    return found


def strengths(section: UnitSection, limit: int = SHOWN) -> list[Insight]:
    """Groups and criteria at least ``MARGIN`` of their maximum above the cohort's average."""
    found = [i for i in _compared(section) if i.difference >= MARGIN]
    return sorted(found, key=lambda i: (-i.difference, not i.is_group, i.code))[:limit]


def weaknesses(section: UnitSection, limit: int = SHOWN) -> list[Insight]:
    """Groups and criteria at least ``MARGIN`` of their maximum below the cohort's average."""
    found = [i for i in _compared(section) if i.difference <= -MARGIN]
    return sorted(found, key=lambda i: (i.difference, not i.is_group, i.code))[:limit]


def cohort_words(label: str) -> str:
    """Who a unit is compared with: 'các đơn vị cấp huyện'."""
    return f"các đơn vị {label}"


def strength_lines(section: UnitSection, label: str) -> list[str]:
    """The unit's strengths in sentences, against the units of ``label`` ('cấp huyện')."""
    return [i.text(cohort_words(label)) for i in strengths(section)]


def weakness_lines(section: UnitSection, label: str) -> list[str]:
    """The unit's weaknesses in sentences, against the units of ``label``."""
    return [i.text(cohort_words(label)) for i in weaknesses(section)]


def next_step_lines(section: UnitSection) -> list[str]:
    """What it takes to reach the next level, one sentence per condition not yet met."""
    step = section.next_step
    if step is None:
        return [f"Đơn vị đã đạt mức cao nhất ({section.level}); cần giữ vững các nhóm tiêu chí."]
    lines = [f"Để đạt {step.level}, đơn vị cần:"]
    for gap in step.gaps:
        what = "tổng điểm" if gap.is_total else f"điểm nhóm {lower_first(gap.name)}"
        line = (
            f"nâng {what} thêm ít nhất {fmt_points(gap.missing)} điểm "
            f"(hiện {fmt_points(gap.has)}, cần {fmt_points(gap.needs)})"
        )
        if gap.room:
            where = "; ".join(
                f"{r.code} {r.name} (còn {fmt_points(r.points_left)} điểm)" for r in gap.room
            )
            line += f"; có thể tăng ở: {where}"
        lines.append(line)
    return lines


def group_changes(section: UnitSection) -> list[str]:
    """Each group's change against last year, the biggest first; empty without last year."""
    if len(section.history) < 2:
        return []
    year = section.history[-2].year
    moved = [
        (g.points - g.previous_points, g)
        for g in section.groups
        if not g.not_applicable and g.previous_points is not None and g.points != g.previous_points
    ]
    moved.sort(key=lambda pair: (-abs(pair[0]), pair[1].code))
    return [
        f"Nhóm {lower_first(g.name)}: {change_words(delta)} so với {year} "
        f"({fmt_points(g.previous_points or Fraction(0))} → {fmt_points(g.points)})"
        for delta, g in moved
    ]


def percent(share: Fraction | None) -> str:
    """A whole percentage for a reader ('71 %'); '—' when there is nothing to compare with."""
    if share is None:
        return "—"
    value = (Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return f"{value} %"
