"""Scores that explain themselves: inputs, rule, arithmetic, legal basis, level, next level."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from chiso.scoring.classify import Check, level_checks, level_name, level_names
from chiso.scoring.model import Criterion, Framework, Group, GroupRole, NaScaling, Section
from chiso.scoring.numbers import ZERO, fmt_number, fmt_percent, fmt_points
from chiso.scoring.rules import Value, describe_value

HEADROOM_SHOWN = 5


@dataclass(frozen=True, slots=True, eq=False)
class CriterionScore:
    criterion: Criterion
    points: Fraction
    value: Value | None = None
    best: Fraction | None = None  # the cohort's best value, for a normalised criterion
    children: tuple[CriterionScore, ...] = ()
    missing: bool = False
    not_applicable: str = ""  # why it does not apply to this unit; empty when it applies

    @property
    def headroom(self) -> Fraction:
        if self.not_applicable:
            return ZERO
        return self.criterion.max_points - self.points

    @property
    def applicable_max(self) -> Fraction:
        """The maximum this unit could earn here: 0 when not applicable, less when a part is."""
        if self.not_applicable:
            return ZERO
        if not self.children:
            return self.criterion.max_points
        parts = [c.applicable_max for c in self.children]
        if self.criterion.rule.type == "best_of":
            return max(parts, default=ZERO)
        return min(sum(parts, ZERO), self.criterion.max_points)

    def arithmetic(self) -> str:
        """How the points were obtained, in one line of Vietnamese."""
        rule = self.criterion.rule
        if self.not_applicable:
            return f"không áp dụng ({self.not_applicable}) → không tính vào điểm tối đa"
        if self.children:
            parts = " + ".join(fmt_points(c.points) for c in self.children)
            if rule.type == "best_of":
                parts = "max(" + ", ".join(fmt_points(c.points) for c in self.children) + ")"
            return f"{parts} → {fmt_points(self.points)} điểm ({rule.describe(self.criterion)})"
        if self.missing or self.value is None:
            return "chưa có câu trả lời → 0,00 điểm"
        return rule.arithmetic(self.criterion, self.value, self.best, self.points)

    def explain(self, indent: str = "") -> str:
        c = self.criterion
        lines = [
            f"{indent}{c.code} {c.name}: {fmt_points(self.points)}/{fmt_points(c.max_points)} điểm",
            f"{indent}  Quy tắc: {c.rule.describe(c)}",
        ]
        if self.not_applicable:
            lines.append(f"{indent}  Không áp dụng: {self.not_applicable}")
        elif c.is_leaf:
            lines.append(f"{indent}  Giá trị nhập: {describe_value(self.value)}")
        lines.append(f"{indent}  Tính: {self.arithmetic()}")
        lines.append(f"{indent}  Căn cứ: {c.legal_basis} ({c.provenance.label_vi})")
        for child in self.children:
            lines.append(child.explain(indent + "    "))
        return "\n".join(lines)

    def walk(self) -> list[CriterionScore]:
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


@dataclass(frozen=True, slots=True, eq=False)
class GroupScore:
    group: Group
    points: Fraction  # bonus/malus: the points added or taken off, after the cap
    criteria: tuple[CriterionScore, ...]
    not_applicable: str = ""

    @property
    def share(self) -> Fraction:
        return self.points / self.group.max_points if self.group.max_points else ZERO

    @property
    def applicable_max(self) -> Fraction:
        if self.not_applicable:
            return ZERO
        return sum((c.applicable_max for c in self.criteria), ZERO)

    @property
    def value(self) -> Fraction:
        """Index value (giá trị chỉ số): points / applicable maximum, in [0, 1]."""
        applicable = self.applicable_max
        return self.points / applicable if applicable else ZERO

    @property
    def contribution(self) -> Fraction:
        """What the group adds to the section before N/A scaling: its points, or value × weight."""
        if self.group.weight is None:
            return self.points
        return self.value * self.group.weight

    @property
    def reach(self) -> Fraction:
        """What the group could add when everything applicable earns full points."""
        if not self.applicable_max:
            return ZERO
        return self.group.max_points if self.group.weight is None else self.group.weight


@dataclass(frozen=True, slots=True)
class Scaling:
    """How a section's total was obtained from its groups (sections with 2026 rules)."""

    obtained: Fraction  # Σ contributions of the applicable scored groups
    applicable: Fraction  # Σ what they could contribute
    scale: Fraction  # the section's maximum
    scaled: Fraction  # after N/A scaling
    bonus: Fraction
    malus: Fraction
    total: Fraction  # after bonus, malus and the clamps
    method: NaScaling | None
    weighted: bool

    @property
    def rescaled(self) -> bool:
        return self.method is NaScaling.PROPORTIONAL and self.applicable != self.scale


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A condition of the next level not yet met, and the criteria that still have points."""

    check: Check
    headroom: tuple[tuple[str, str, Fraction], ...]  # (code, name, points still available)

    def text(self) -> str:
        where = ", ".join(f"{code} còn {fmt_points(room)} điểm" for code, _, room in self.headroom)
        advice = f" — có thể tăng ở: {where}" if where else ""
        return f"{self.check.label} thiếu {self.check.shown_gap()} điểm{advice}"


@dataclass(frozen=True, slots=True)
class NextLevel:
    level: str
    shortfalls: tuple[Shortfall, ...]

    def text(self) -> str:
        lines = [f"Để đạt {self.level}:"]
        lines += [f"  - {s.text()}" for s in self.shortfalls]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True, eq=False)
class SectionScore:
    section: Section
    points: Fraction
    groups: tuple[GroupScore, ...]
    level_index: int | None
    scaling: Scaling | None = None  # None: the groups' points added (frameworks before 2026)

    def scaling_explanation(self) -> str:
        """How the total was obtained: N/A, weights, scaling, bonus, malus and clamps."""
        if self.scaling is None:
            return ""
        s = self.scaling
        sec = self.section
        lines = [f"Cách tính tổng điểm {sec.name}:"]
        for g in self.groups:
            group = g.group
            if group.role is not GroupRole.SCORED:
                continue
            if g.not_applicable:
                lines.append(f"  - {group.code} {group.name}: không áp dụng ({g.not_applicable})")
                continue
            partial = [c for cs in g.criteria for c in cs.walk() if c.not_applicable]
            detail = ""
            if partial:
                detail = "; không áp dụng: " + ", ".join(c.criterion.code for c in partial)
            if s.weighted:
                assert group.weight is not None
                lines.append(
                    f"  - {group.code} {group.name}: giá trị {fmt_points(g.points)}"
                    f"/{fmt_points(g.applicable_max)} = {fmt_number(g.value)}"
                    f" × trọng số {fmt_number(group.weight)}"
                    f" = {fmt_points(g.contribution)}{detail}"
                )
            else:
                lines.append(
                    f"  - {group.code} {group.name}: {fmt_points(g.points)}"
                    f"/{fmt_points(g.applicable_max)} điểm áp dụng{detail}"
                )
        what = "trọng số" if s.weighted else "điểm tối đa"
        lines.append(
            f"  Điểm đạt {fmt_points(s.obtained)} trên {fmt_points(s.applicable)}"
            f" ({what} của các mục áp dụng; thang {fmt_points(s.scale)})"
        )
        if s.rescaled:
            share = s.obtained / s.applicable if s.applicable else ZERO
            lines.append(
                f"  Quy đổi theo tỷ lệ (na_scaling: proportional): {fmt_points(s.obtained)}"
                f" / {fmt_points(s.applicable)} × {fmt_points(s.scale)}"
                f" = {fmt_percent(share)} × {fmt_points(s.scale)} = {fmt_points(s.scaled)}"
            )
        elif s.applicable != s.scale:
            lines.append(
                "  Không quy đổi (na_scaling: none): mục không áp dụng không được điểm,"
                f" tổng giữ {fmt_points(s.scaled)}"
            )
        for g in self.groups:
            group = g.group
            if group.role is GroupRole.SCORED:
                continue
            bonus = group.role is GroupRole.BONUS
            sign, label = ("+", "Điểm thưởng") if bonus else ("−", "Điểm trừ")
            raw = sum((c.points for c in g.criteria), ZERO)
            if g.not_applicable:
                lines.append(f"  {label} {group.code}: không áp dụng ({g.not_applicable})")
                continue
            capped = f" (giới hạn {fmt_points(group.cap or ZERO)})" if raw > g.points else ""
            lines.append(
                f"  {label} {group.code} {group.name}: {sign} {fmt_points(raw)}{capped}"
                f" → {sign} {fmt_points(g.points)}"
            )
        before = s.scaled + s.bonus - s.malus
        if s.bonus or s.malus:
            lines.append(
                f"  {fmt_points(s.scaled)} + {fmt_points(s.bonus)} − {fmt_points(s.malus)}"
                f" = {fmt_points(before)}"
            )
        if before > s.total:
            lines.append(
                f"  Tổng không vượt thang {fmt_points(s.scale)} (total_may_exceed_scale: false)"
            )
        elif before < s.total:
            lines.append("  Tổng không dưới 0 (total_may_fall_below_zero: false)")
        lines.append(f"  Tổng điểm: {fmt_points(s.total)}/{fmt_points(s.scale)}")
        return "\n".join(lines)

    @property
    def level(self) -> str:
        """The level reached, or the framework's 'not ranked' wording."""
        return level_name(self.section, self.level_index)

    @property
    def has_level(self) -> bool:
        return self.level_index is not None

    def checks(self, index: int) -> tuple[Check, ...]:
        return level_checks(self.section, index, self.points, [g.points for g in self.groups])

    def level_explanation(self) -> str:
        """Why this level and not the one above."""
        names = level_names(self.section)
        lines = []
        if self.level_index is not None:
            lines.append(f"Đạt {names[self.level_index]}:")
            lines += [f"  - {c.text()}" for c in self.checks(self.level_index)]
        if self.level_index is not None and self.level_index > 0:
            above = self.level_index - 1
            failed = [c for c in self.checks(above) if not c.met]
            lines.append(f"Chưa đạt {names[above]}: " + "; ".join(c.text() for c in failed))
        if self.level_index is None:
            lowest = len(names) - 1
            failed = [c for c in self.checks(lowest) if not c.met]
            lines.append(
                f"{self.level}: chưa đạt {names[lowest]} — " + "; ".join(c.text() for c in failed)
            )
        return "\n".join(lines)

    def next_level(self) -> NextLevel | None:
        """What it takes to reach the level above: each unmet condition and where points remain."""
        return next_level_of(
            self.section,
            self.level_index,
            self.points,
            [g.points for g in self.groups],
            lambda: (
                (g.group.code, c.criterion, self.room(g, c))
                for g in self.groups
                for c in g.criteria
            ),
        )

    def room(self, group: GroupScore, criterion: CriterionScore) -> Fraction:
        """How much the section total can still rise through ``criterion``, in total points.

        Plain sections: the criterion's headroom. With the 2026 rules it goes through the
        index weight and the N/A scaling; a malus criterion has none, a bonus one its cap's.
        """
        s = self.scaling
        if s is None:
            return criterion.headroom
        role = group.group.role
        if role is GroupRole.MALUS:
            return ZERO
        if role is GroupRole.BONUS:
            cap = group.group.cap if group.group.cap is not None else group.group.max_points
            return min(criterion.headroom, cap - group.points, max(s.scale - s.total, ZERO))
        room = criterion.headroom
        if group.group.weight is not None:
            applicable = group.applicable_max
            room = room / applicable * group.group.weight if applicable else ZERO
        if s.rescaled and s.applicable:
            room = room / s.applicable * s.scale
        return room


Rooms = Callable[[], Iterable[tuple[str, Criterion, Fraction]]]


def next_level_of(
    section: Section,
    level_index: int | None,
    points: Fraction,
    group_points: Sequence[Fraction],
    rooms: Rooms,
) -> NextLevel | None:
    """What it takes a section at ``level_index`` with these points to reach the level above:
    each unmet condition and, for each, the criteria where points remain. ``rooms``: each
    top-level criterion's room (its group's code, the criterion, how much the section's total
    can still rise through it), in group order; asked only when a condition is unmet."""
    names = level_names(section)
    if level_index == 0:
        return None
    target = len(names) - 1 if level_index is None else level_index - 1
    checks = level_checks(section, target, points, group_points)
    unmet = [check for check in checks if not check.met]
    # Sorted once for every condition: a condition's criteria in this order are the ones
    # sorting them alone would give (the sort is stable and keeps the group order of ties).
    # By room, largest first, compared as integers over the rooms' common denominator (the
    # same order as the Fractions', without a Fraction made or compared per key).
    ordered: list[tuple[str, Criterion, Fraction]] = []
    if unmet:
        ordered = [(code, c, r) for code, c, r in rooms() if r.numerator > 0]
        common = lcm(*(r.denominator for _, _, r in ordered))
        ordered.sort(
            key=lambda gcr: (-gcr[2].numerator * (common // gcr[2].denominator), gcr[1].code)
        )
    shortfalls = []
    for check in unmet:
        room = [(c, r) for code, c, r in ordered if check.code in (section.code, code)]
        shortfalls.append(
            Shortfall(check, tuple((c.code, c.name, r) for c, r in room[:HEADROOM_SHOWN]))
        )
    return NextLevel(names[target], tuple(shortfalls))


Pair = tuple[int, int]  # an exact number: numerator, denominator > 0 (not necessarily reduced)


def pair(value: Fraction) -> Pair:
    return value.numerator, value.denominator


@dataclass(frozen=True, slots=True, eq=False)
class UnitScore:
    unit: str
    framework: Framework
    sections: tuple[SectionScore, ...]
    missing: tuple[str, ...] = ()  # leaf criteria without an answer (scored 0)
    provisional: tuple[str, ...] = ()  # normalised criteria scored without a cohort

    @property
    def total(self) -> Fraction:
        return sum((s.points for s in self.sections), ZERO)

    # What a cohort's figures read of each section (``results.figures``): from ``sections``
    # here; a unit scored column by column (``columnar.CohortUnitScore``) reads them from the
    # columns, without building its criterion scores.

    def section_points(self, index: int) -> Fraction:
        return self.sections[index].points

    def section_level(self, index: int) -> int | None:
        return self.sections[index].level_index

    def section_items(self, index: int) -> dict[str, Pair]:
        """The points of each group, then of each criterion (every level, in order) of the
        section at ``index``."""
        section = self.sections[index]
        found = {g.group.code: pair(g.points) for g in section.groups}
        for g in section.groups:
            for top in g.criteria:
                found.update((c.criterion.code, pair(c.points)) for c in top.walk())
        return found

    def section_not_applicable(self, index: int) -> frozenset[str]:
        """The groups and criteria (with everything under them) of the section at ``index`` that
        did not apply to the unit."""
        codes: set[str] = set()
        section = self.sections[index]
        for g in section.groups:
            if g.not_applicable:
                codes.add(g.group.code)
            for top in g.criteria:
                for c in top.walk():
                    if g.not_applicable or c.not_applicable:
                        codes.update(x.criterion.code for x in c.walk())
        return frozenset(codes)

    def section_next_level(self, index: int) -> NextLevel | None:
        return self.sections[index].next_level()

    def section(self, code: str) -> SectionScore:
        for section in self.sections:
            if section.section.code == code:
                return section
        raise KeyError(code)

    def criterion(self, code: str) -> CriterionScore:
        for section in self.sections:
            for group in section.groups:
                for top in group.criteria:
                    for found in top.walk():
                        if found.criterion.code == code:
                            return found
        raise KeyError(code)
