"""The results shaped for pages: ranking rows with their change, counts per level, a unit's
place. Pure functions over the typed results (``chiso.results.typed``: a snapshot's or a draft's,
read once per snapshot or draft by ``figures_cache.results_of``), no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from chiso.results.display import not_ranked_words
from chiso.results.typed import Cohort, PreviousFigure, Results, Section, Unit, UnitSection

NO_COHORT = "Không có kết quả {what} trong năm này."
NO_UNIT = "Đơn vị mã {code} không có trong kết quả năm này."


def cohort_of(results: Results, level: str) -> Cohort:
    found = results.cohort(level)
    if found is None:
        raise Http404(NO_COHORT.format(what=f"cấp «{level}»"))
    return found


def section_of(cohort: Cohort, code: str) -> Section:
    found = cohort.section(code)
    if found is None:
        raise Http404(NO_COHORT.format(what=f"mục «{code}»"))
    return found


def unit_of(results: Results, code: str) -> tuple[Cohort, Unit]:
    found = results.unit(code)
    if found is None:
        raise Http404(NO_UNIT.format(code=code))
    return found


def unit_section(unit: Unit, code: str) -> UnitSection | None:
    return unit.section(code)


def in_district(unit: Unit, district: str) -> bool:
    """Whether the unit is a commune of ``district`` (always, when no district is chosen)."""
    return not district or (unit.district is not None and unit.district.code == district)


def places_gained(previous: PreviousFigure | None, rank: int | None) -> int | None:
    """Places gained (positive) since last year, for the same unit ranked both years."""
    before = None if previous is None else previous.rank
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
    previous: PreviousFigure | None
    # Why last year does not compare (another framework, no confirmed crosswalk); "" otherwise.
    previous_note: str = ""

    @property
    def rank_change(self) -> int | None:
        return places_gained(self.previous, self.rank)


def ranking_rows(
    cohort: Cohort, section: Section, district: str = ""
) -> tuple[list[Row], list[Row]]:
    """(ranked, not ranked) rows of a section, optionally of one district's communes."""
    units = {u.unit: u for u in cohort.units}

    def row(unit_code: str, name: str, points: str | None, level: str, rank: int | None,
            reason: str) -> Row:  # fmt: skip
        unit = units[unit_code]
        mine = unit.section(section.code)
        return Row(
            rank=rank,
            unit=unit_code,
            name=name,
            district="" if unit.district is None else unit.district.name,
            points=points,
            level=level,
            level_index=None if mine is None else mine.level_index,
            reason=not_ranked_words(section, mine, reason) if reason else "",
            previous=None if mine is None else mine.previous,
            previous_note=(None if mine is None else mine.previous_note) or "",
        )

    def keep(code: str) -> bool:
        return in_district(units[code], district)

    ranked = [
        row(e.unit, e.name, e.points_exact, e.level, e.rank, "")
        for e in section.ranking
        if keep(e.unit)
    ]
    rest = [
        row(e.unit, e.name, e.points_exact, e.level, None, e.reason)
        for e in section.not_ranked
        if keep(e.unit)
    ]
    return ranked, rest


@dataclass(frozen=True)
class LevelCount:
    level: str
    now: int
    before: int | None


def level_counts(section: Section) -> tuple[list[LevelCount], int, int | None]:
    """Units per level now and last year, the number ranked now and last year."""
    before = section.previous_counts
    counts = section.counts
    per_level = {} if counts is None else counts.per_level
    # In the framework's order ("levels"), not the dict's: PostgreSQL's jsonb gives the keys
    # back in its own order, so a snapshot restored across engines would list them otherwise.
    names = [n for n in section.levels if n in per_level]
    names += [n for n in per_level if n not in names]
    rows = [
        LevelCount(name, per_level[name], None if before is None else before.per_level.get(name, 0))
        for name in names
    ]
    ranked = counts.ranked if counts is not None else 0
    return rows, ranked, None if before is None else before.ranked


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

    cohort: Cohort
    section: Section
    counts: list[LevelCount]
    ranked: int
    before: int | None
    change: str


def sections_overview(results: Results) -> list[Table]:
    """Every ranking table of the year with its counts per level, now and last year."""
    year = results.previous_year
    found = []
    for cohort in results.cohorts:
        for section in cohort.sections:
            counts, ranked, before = level_counts(section)
            found.append(
                Table(cohort, section, counts, ranked, before, ranked_change(ranked, before, year))
            )
    return found


def districts_of(cohort: Cohort) -> list[tuple[str, str]]:
    """(code, name) of the districts the cohort's communes belong to, for the filter."""
    seen = {u.district.code: u.district.name for u in cohort.units if u.district}
    return sorted(seen.items())


def preview_tables(results: Results) -> list[tuple[Table, list[Row], list[Row]]]:
    """Every ranking table of the results with its ranked and other units: what approval
    locks and what publication makes public."""
    return [(t, *ranking_rows(t.cohort, t.section)) for t in sections_overview(results)]
