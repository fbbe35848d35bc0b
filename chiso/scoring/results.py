"""Scores that explain themselves: inputs, rule, arithmetic, legal basis, level, next level."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from chiso.scoring.classify import Check, below_name, level_checks, level_names
from chiso.scoring.model import Criterion, Framework, Group, Section
from chiso.scoring.numbers import ZERO, fmt_points
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

    @property
    def headroom(self) -> Fraction:
        return self.criterion.max_points - self.points

    def arithmetic(self) -> str:
        """How the points were obtained, in one line of Vietnamese."""
        rule = self.criterion.rule
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
        if c.is_leaf:
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
    points: Fraction
    criteria: tuple[CriterionScore, ...]

    @property
    def share(self) -> Fraction:
        return self.points / self.group.max_points if self.group.max_points else ZERO


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

    @property
    def level(self) -> str:
        """The level reached, or the framework's 'not ranked' wording."""
        if self.level_index is None:
            return below_name(self.section)
        return level_names(self.section)[self.level_index]

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
        names = level_names(self.section)
        if self.level_index == 0:
            return None
        target = len(names) - 1 if self.level_index is None else self.level_index - 1
        shortfalls = []
        for check in self.checks(target):
            if check.met:
                continue
            if check.code == self.section.code:
                candidates = [c for g in self.groups for c in g.criteria]
            else:
                candidates = [
                    c for g in self.groups if g.group.code == check.code for c in g.criteria
                ]
            room = sorted(
                (c for c in candidates if c.headroom > 0),
                key=lambda c: (-c.headroom, c.criterion.code),
            )[:HEADROOM_SHOWN]
            shortfalls.append(
                Shortfall(
                    check, tuple((c.criterion.code, c.criterion.name, c.headroom) for c in room)
                )
            )
        return NextLevel(names[target], tuple(shortfalls))


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
