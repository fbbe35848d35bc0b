"""The results data shaped for pages: ranking rows with their change, counts per level, a
unit's place. Pure functions over the figures (a snapshot's or a draft's), no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from chiso.results.display import not_ranked_reason

Data = dict[str, Any]
NO_COHORT = "Không có kết quả {what} trong năm này."
NO_UNIT = "Đơn vị mã {code} không có trong kết quả năm này."


def cohort_of(figures: Data, level: str) -> Data:
    for cohort in figures["cohorts"]:
        if cohort["level"] == level:
            return dict(cohort)
    raise Http404(NO_COHORT.format(what=f"cấp «{level}»"))


def section_of(cohort: Data, code: str) -> Data:
    for section in cohort["sections"]:
        if section["code"] == code:
            return dict(section)
    raise Http404(NO_COHORT.format(what=f"mục «{code}»"))


def unit_of(figures: Data, code: str) -> tuple[Data, Data]:
    for cohort in figures["cohorts"]:
        for unit in cohort["units"]:
            if unit["unit"] == code:
                return cohort, unit
    raise Http404(NO_UNIT.format(code=code))


def unit_section(unit: Data, code: str) -> Data | None:
    return next((s for s in unit["sections"] if s["code"] == code), None)


def in_district(unit: Data, district: str) -> bool:
    """Whether the unit is a commune of ``district`` (always, when no district is chosen)."""
    return not district or (unit["district"] or {}).get("code") == district


def places_gained(previous: Data | None, rank: int | None) -> int | None:
    """Places gained (positive) since last year, for the same unit ranked both years."""
    before = (previous or {}).get("rank")
    if before is None or rank is None:
        return None
    return int(before) - rank


@dataclass(frozen=True)
class Row:
    """One line of a ranking table: the unit, its figure and how it moved since last year."""

    rank: int | None
    unit: str
    name: str
    district: str
    points: str | None
    level: str
    level_index: int | None
    reason: str
    previous: Data | None
    # Why last year does not compare (another framework, no confirmed crosswalk); "" otherwise.
    previous_note: str = ""

    @property
    def rank_change(self) -> int | None:
        return places_gained(self.previous, self.rank)


def ranking_rows(cohort: Data, section: Data, district: str = "") -> tuple[list[Row], list[Row]]:
    """(ranked, not ranked) rows of a section, optionally of one district's communes."""
    units = {u["unit"]: u for u in cohort["units"]}

    def row(entry: Data, rank: int | None, reason: str) -> Row:
        unit = units[entry["unit"]]
        mine = unit_section(unit, section["code"]) or {}
        return Row(
            rank=rank,
            unit=entry["unit"],
            name=entry["name"],
            district=(unit["district"] or {}).get("name", ""),
            points=entry["points_exact"],
            level=entry["level"],
            level_index=mine.get("level_index"),
            reason=not_ranked_reason(section, mine, reason) if reason else "",
            previous=mine.get("previous"),
            previous_note=mine.get("previous_note") or "",
        )

    def keep(entry: Data) -> bool:
        return in_district(units[entry["unit"]], district)

    ranked = [row(e, e["rank"], "") for e in section["ranking"] if keep(e)]
    rest = [row(e, None, e["reason"]) for e in section["not_ranked"] if keep(e)]
    return ranked, rest


@dataclass(frozen=True)
class LevelCount:
    level: str
    now: int
    before: int | None


def level_counts(section: Data) -> tuple[list[LevelCount], int, int | None]:
    """Units per level now and last year, the number ranked now and last year."""
    before = section.get("previous_counts")
    per_level = section["counts"]["per_level"]
    # In the framework's order ("levels"), not the dict's: PostgreSQL's jsonb gives the keys
    # back in its own order, so a snapshot restored across engines would list them otherwise.
    names = [n for n in section.get("levels", []) if n in per_level]
    names += [n for n in per_level if n not in names]
    rows = [
        LevelCount(
            name, per_level[name], None if before is None else before["per_level"].get(name, 0)
        )
        for name in names
    ]
    return rows, section["counts"]["ranked"], None if before is None else before["ranked"]


def ranked_change(now: int, before: int | None, year: int | None) -> str:
    """ "tăng 2 đơn vị so với năm 2018" — the count of ranked units against last year."""
    if before is None or year is None:
        return ""
    if now == before:
        return f"bằng năm {year}"
    return f"{'tăng' if now > before else 'giảm'} {abs(now - before):02d} đơn vị so với năm {year}"


@dataclass(frozen=True)
class Table:
    """One ranking table of the year (a level of unit and a section) and its counts."""

    cohort: Data
    section: Data
    counts: list[LevelCount]
    ranked: int
    before: int | None
    change: str


def sections_overview(figures: Data) -> list[Table]:
    """Every ranking table of the year with its counts per level, now and last year."""
    year = (figures.get("previous") or {}).get("year")
    found = []
    for cohort in figures["cohorts"]:
        for section in cohort["sections"]:
            counts, ranked, before = level_counts(section)
            found.append(
                Table(cohort, section, counts, ranked, before, ranked_change(ranked, before, year))
            )
    return found


def districts_of(cohort: Data) -> list[tuple[str, str]]:
    """(code, name) of the districts the cohort's communes belong to, for the filter."""
    seen = {u["district"]["code"]: u["district"]["name"] for u in cohort["units"] if u["district"]}
    return sorted(seen.items())


def preview_tables(figures: Data) -> list[tuple[Table, list[Row], list[Row]]]:
    """Every ranking table of the figures with its ranked and other units: what approval
    locks and what publication makes public."""
    return [(t, *ranking_rows(t.cohort, t.section)) for t in sections_overview(figures)]
