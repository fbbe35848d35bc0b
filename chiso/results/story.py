"""A unit's results told in Vietnamese for its leader: where it stands, what changed since last
year, its strengths and weaknesses against the other units of its level, and what it takes to
reach the next level. Everything is read from the typed results (``chiso.results.typed``) of a
snapshot or a draft.

Strengths and weaknesses come from ``chiso.publish.insights`` (``strength_lines``,
``weakness_lines``), the same functions the unit's PDF report calls; the reason a unit is not
ranked from ``display.not_ranked_words``, as in every document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from chiso.publish.insights import NO_STRENGTH, NO_WEAKNESS, strength_lines, weakness_lines
from chiso.results.display import change_words, exact, not_ranked_words, show_points
from chiso.results.documents import cohort_label, section_profile
from chiso.results.typed import (
    Cohort,
    CriterionRow,
    Group,
    PreviousFigure,
    Results,
    Section,
    Stat,
    Unit,
    UnitSection,
)
from chiso.scoring import fmt_points

SHOWN = 3


@dataclass(frozen=True)
class ItemRow:
    """A group or criterion of the unit beside its cohort."""

    code: str
    name: str
    depth: int
    points: str
    max_points: str
    share: Fraction | None
    mean_share: Fraction | None
    above: int
    of: int
    previous: str | None = None
    not_applicable: bool = False  # does not apply to the unit: no points, no comparison


@dataclass(frozen=True)
class SectionStory:
    code: str
    name: str
    headline: str
    change: str = ""
    groups: tuple[ItemRow, ...] = ()
    criteria: tuple[ItemRow, ...] = ()
    strengths: tuple[str, ...] = ()
    weaknesses: tuple[str, ...] = ()
    gains: tuple[str, ...] = ()
    drops: tuple[str, ...] = ()
    next_level: tuple[str, ...] = field(default_factory=tuple)
    # Whether the criteria compare with last year at all (a figure, or why not: ``change``).
    compared: bool = False
    no_strength: str = NO_STRENGTH  # what the page and the PDF say when the list is empty
    no_weakness: str = NO_WEAKNESS


def _rows(
    frame_items: Iterable[Group | CriterionRow],
    mine: UnitSection,
    stats: Mapping[str, Stat],
    previous: PreviousFigure | None,
) -> list[ItemRow]:
    rows = []
    before = {} if previous is None else previous.items
    for item in frame_items:
        found = mine.items.get(item.code)
        if found is None:
            continue
        top = exact(item.max_points) or Fraction(0)
        stat = stats.get(item.code)
        mean = exact(None if stat is None else stat.mean)
        left_out = found.not_applicable or False
        rows.append(
            ItemRow(
                code=item.code,
                name=item.name,
                depth=item.depth if isinstance(item, CriterionRow) else 0,
                points=found.points_exact,
                max_points=item.max_points,
                share=Fraction(found.points_exact) / top if top and not left_out else None,
                mean_share=mean / top if mean is not None and top else None,
                above=found.above,
                of=found.of,
                previous=before.get(item.code),
                not_applicable=left_out,
            )
        )
    return rows


def _headline(frame: Section, mine: UnitSection) -> str:
    text = f"{frame.name}: {show_points(mine.points_exact)}/{show_points(frame.max_points)} điểm"
    if mine.rank is not None:
        ranked = None if frame.counts is None else frame.counts.ranked
        return text + f", {mine.level}, xếp thứ {mine.rank}/{ranked} đơn vị được xếp hạng"
    if mine.level and mine.level != frame.below:
        text += f", {mine.level}"
    return text + f", không xếp hạng: {not_ranked_words(frame, mine, mine.reason)}"


def _change(mine: UnitSection, previous_year: int | None) -> str:
    before = mine.previous
    note = mine.previous_note  # only when last year's framework was another one
    if note and previous_year is not None:
        return f"So với năm {previous_year}: {note}."
    if not before or previous_year is None:
        return ""
    text = f"{change_words(before.change).capitalize()} so với năm {previous_year}"
    text += f" ({show_points(before.points_exact)} điểm"
    if before.derivation:
        text += f", {before.derivation}"
    text += ")"
    if before.rank is not None and mine.rank is not None:
        text += f"; hạng {before.rank} → {mine.rank}"
    if before.level is not None:
        text += f"; {before.level or 'không xếp hạng'} → {mine.level or 'không xếp hạng'}"
    return text + "."


def _next(mine: UnitSection) -> tuple[str, ...]:
    nxt = mine.next_level
    if not nxt:
        return ()
    lines = []
    for s in nxt.shortfalls:
        where = ", ".join(
            f"{w.code} {w.name} (còn {show_points(w.points_left)} điểm)" for w in s.where
        )
        text = f"{s.label}: thiếu {show_points(s.gap)} điểm"
        lines.append(text + (f" — có thể tăng ở {where}" if where else ""))
    return (f"Để đạt {nxt.level}:", *lines)


def _moves(rows: list[ItemRow]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    moved = [(Fraction(r.points) - Fraction(r.previous), r) for r in rows if r.previous is not None]
    gains = sorted((m for m in moved if m[0] > 0), key=lambda m: (-m[0], m[1].code))[:SHOWN]
    drops = sorted((m for m in moved if m[0] < 0), key=lambda m: (m[0], m[1].code))[:SHOWN]

    def line(delta: Fraction, r: ItemRow) -> str:
        return (
            f"{r.code} {r.name}: {change_words(str(delta))} "
            f"({fmt_points(Fraction(r.previous or 0))} → {show_points(r.points)})"
        )

    return tuple(line(*g) for g in gains), tuple(line(*d) for d in drops)


def section_story(
    frame: Section, mine: UnitSection, *, label: str, previous_year: int | None
) -> SectionStory:
    """``frame``: the cohort's section (groups, criteria, stats, counts); ``mine``: the unit's;
    ``label``: who the unit is compared with ('cấp huyện', ``documents.cohort_label``)."""
    groups = _rows(frame.groups, mine, frame.stats, mine.previous)
    criteria = _rows(frame.criteria, mine, frame.stats, mine.previous)
    tops = [r for r in criteria if r.depth == 0 and r.share is not None]
    profile = section_profile(frame, mine)
    gains, drops = _moves(tops)
    return SectionStory(
        code=frame.code,
        name=frame.name,
        headline=_headline(frame, mine),
        change=_change(mine, previous_year),
        compared=previous_year is not None and bool(mine.previous or mine.previous_note),
        groups=tuple(groups),
        criteria=tuple(criteria),
        strengths=tuple(strength_lines(profile, label)),
        weaknesses=tuple(weakness_lines(profile, label)),
        gains=gains,
        drops=drops,
        next_level=_next(mine),
    )


def unit_story(results: Results, cohort: Cohort, unit: Unit) -> list[SectionStory]:
    """The story of every section the unit was scored in (none if it did not submit)."""
    year = results.previous_year
    frames = {s.code: s for s in cohort.sections}
    label = cohort_label(cohort.level, cohort.level_label)
    return [
        section_story(frames[mine.code], mine, label=label, previous_year=year)
        for mine in unit.sections
    ]
