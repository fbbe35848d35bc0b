"""A unit's results told in Vietnamese for its leader: where it stands, what changed since last
year, its strengths and weaknesses against the other units of its level, and what it takes to
reach the next level. Everything is read from the results data (a snapshot or a draft).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from chiso.results.display import change_words, exact, show_points, show_share
from chiso.scoring import fmt_points

Data = dict[str, Any]
SHOWN = 3
STRONG = Fraction(4, 5)  # a strength: at least 80 % of the criterion's points…
WEAK = Fraction(1, 2)  # …a weakness: points lost, and under half of the maximum or the average


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

    @property
    def lost(self) -> Fraction:
        return Fraction(self.max_points) - Fraction(self.points)

    def compared(self, noun: str) -> str:
        text = (
            f"{self.code} {self.name}: {show_points(self.points)}/{show_points(self.max_points)}"
            f" điểm ({show_share(self.share)})"
        )
        if self.mean_share is not None:
            text += f"; bình quân {noun} {show_share(self.mean_share)}"
        if self.of:
            text += f"; cao hơn {self.above}/{self.of} đơn vị"
        return text


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


def _rows(frame_items: list[Data], mine: Data, stats: Data, previous: Data | None) -> list[ItemRow]:
    rows = []
    for item in frame_items:
        found = mine["items"].get(item["code"])
        if found is None:
            continue
        top = exact(item["max_points"]) or Fraction(0)
        mean = exact(stats.get(item["code"], {}).get("mean"))
        rows.append(
            ItemRow(
                code=item["code"],
                name=item["name"],
                depth=item.get("depth", 0),
                points=found["points_exact"],
                max_points=item["max_points"],
                share=Fraction(found["points_exact"]) / top if top else None,
                mean_share=mean / top if mean is not None and top else None,
                above=found["above"],
                of=found["of"],
                previous=(previous or {}).get("items", {}).get(item["code"]),
            )
        )
    return rows


def _headline(frame: Data, mine: Data, section_counts: Data) -> str:
    text = (
        f"{frame['name']}: {show_points(mine['points_exact'])}/{show_points(frame['max_points'])}"
        f" điểm, {mine['level'] or 'chưa có mức'}"
    )
    if mine["rank"] is not None:
        return text + f", xếp thứ {mine['rank']}/{section_counts['ranked']} đơn vị được xếp hạng"
    return text + f" — không xếp hạng: {mine['reason']}"


def _change(mine: Data, previous_year: int | None) -> str:
    before = mine.get("previous")
    if not before or previous_year is None:
        return ""
    text = f"{change_words(before['change']).capitalize()} so với năm {previous_year}"
    text += f" ({show_points(before['points_exact'])} điểm"
    if before["derivation"]:
        text += f", {before['derivation']}"
    text += ")"
    if before["rank"] is not None and mine["rank"] is not None:
        text += f"; hạng {before['rank']} → {mine['rank']}"
    if before["level"] is not None:
        text += f"; {before['level'] or 'không xếp hạng'} → {mine['level'] or 'không xếp hạng'}"
    return text + "."


def _next(mine: Data) -> tuple[str, ...]:
    nxt = mine.get("next_level")
    if not nxt:
        return ()
    lines = []
    for s in nxt["shortfalls"]:
        where = ", ".join(
            f"{w['code']} {w['name']} (còn {show_points(w['points_left'])} điểm)"
            for w in s["where"]
        )
        text = f"{s['label']}: thiếu {show_points(s['gap'])} điểm"
        lines.append(text + (f" — có thể tăng ở {where}" if where else ""))
    return (f"Để đạt {nxt['level']}:", *lines)


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


def section_story(frame: Data, mine: Data, *, noun: str, previous_year: int | None) -> SectionStory:
    """``frame``: the cohort's section (groups, criteria, stats, counts); ``mine``: the unit's."""
    groups = _rows(frame["groups"], mine, frame["stats"], mine.get("previous"))
    criteria = _rows(frame["criteria"], mine, frame["stats"], mine.get("previous"))
    tops = [r for r in criteria if r.depth == 0 and r.share is not None]
    strong = sorted(
        (
            r
            for r in tops
            if r.share is not None
            and r.share >= STRONG
            and (r.mean_share is None or r.share > r.mean_share)
        ),
        key=lambda r: (-(r.share or 0) + (r.mean_share or 0), -Fraction(r.max_points), r.code),
    )
    weak = sorted(
        (
            r
            for r in tops
            if r.lost > 0
            and r.share is not None
            and (r.share < WEAK or (r.mean_share is not None and r.share < r.mean_share))
        ),
        key=lambda r: (-r.lost, r.code),
    )
    gains, drops = _moves(tops)
    return SectionStory(
        code=frame["code"],
        name=frame["name"],
        headline=_headline(frame, mine, frame["counts"]),
        change=_change(mine, previous_year),
        groups=tuple(groups),
        criteria=tuple(criteria),
        strengths=tuple(r.compared(noun) for r in strong[:SHOWN]),
        weaknesses=tuple(r.compared(noun) for r in weak[:SHOWN]),
        gains=gains,
        drops=drops,
        next_level=_next(mine),
    )


NOUNS = {"district": "cấp huyện", "commune": "cấp xã", "agency": "các sở, ban, ngành"}


def unit_story(figures: Data, cohort: Data, unit: Data) -> list[SectionStory]:
    """The story of every section the unit was scored in (none if it did not submit)."""
    previous = figures.get("previous")
    year = previous["year"] if previous else None
    frames = {s["code"]: s for s in cohort["sections"]}
    noun = NOUNS.get(cohort["level"], "cùng cấp")
    return [
        section_story(frames[mine["code"]], mine, noun=noun, previous_year=year)
        for mine in unit["sections"]
    ]
