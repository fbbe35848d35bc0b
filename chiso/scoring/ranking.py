"""Ranking a cohort per section: by points, standard competition ranking (1, 2, 2, 4)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from operator import itemgetter

from chiso.scoring.classify import below_name, level_checks, level_names
from chiso.scoring.columnar import Cohort, CohortUnitScore, paused_gc
from chiso.scoring.compiled import LazyUnitScore, SectionTotal
from chiso.scoring.model import Framework, Section
from chiso.scoring.numbers import scaled
from chiso.scoring.results import SectionScore, UnitScore

NO_LEVEL = "không đạt {level}: {failed}"
_published = itemgetter(0)


@dataclass(frozen=True, slots=True)
class RankEntry:
    unit: str
    name: str
    points: Fraction
    level: str
    rank: int | None  # None: listed without a rank, for ``reason``
    reason: str = ""


class UnrankedEntry(RankEntry):
    """A unit without a level: its reason ("không đạt Mức I: …") is written when first read.

    At national scale most of these texts are never read; they are the reference's texts.
    """

    __slots__ = ("_why",)
    _why: Callable[[], str] | str

    def __init__(
        self, unit: str, name: str, points: Fraction, level: str, why: Callable[[], str]
    ) -> None:
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "rank", None)
        object.__setattr__(self, "_why", why)

    @property
    def reason(self) -> str:
        why = self._why
        if not isinstance(why, str):
            why = why()
            object.__setattr__(self, "_why", why)
        return why


@dataclass(frozen=True, slots=True)
class SectionRanking:
    section: Section
    entries: tuple[RankEntry, ...]  # ranked units by rank, then the rest

    @property
    def ranked(self) -> tuple[RankEntry, ...]:
        return tuple(e for e in self.entries if e.rank is not None)

    @property
    def not_ranked(self) -> tuple[RankEntry, ...]:
        return tuple(e for e in self.entries if e.rank is None)


@dataclass(frozen=True, slots=True)
class Ranking:
    framework: Framework
    sections: tuple[SectionRanking, ...]

    def section(self, code: str) -> SectionRanking:
        for ranking in self.sections:
            if ranking.section.code == code:
                return ranking
        raise KeyError(code)


@lru_cache(maxsize=65536)
def _name_key(name: str) -> str:
    # Ties are listed by name; folding diacritics keeps "Đắk" next to "Dak", not after "Yên".
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


def rank(
    framework: Framework,
    scores: Sequence[UnitScore],
    *,
    names: Mapping[str, str] | None = None,
    excluded: Mapping[str, str] | None = None,
) -> Ranking:
    """Rank the cohort in every section of the framework.

    A unit's rank is 1 + the number of units with strictly more points *as published* (at the
    framework's ``precision``, half-up: two units shown as 50,00 share the rank, listed by name;
    ties share a rank and the next rank is skipped). Units without a level, or excluded with a
    reason, get no rank. Exactly ``reference.rank``; it reads the compiled totals of a
    ``LazyUnitScore`` (not its criterion scores) and writes a "why not ranked" when it is read.
    """
    with paused_gc():
        return _rank(framework, scores, names or {}, excluded or {})


def _rank(
    framework: Framework,
    scores: Sequence[UnitScore],
    names: Mapping[str, str],
    excluded: Mapping[str, str],
) -> Ranking:
    # Scored column by column (columnar.py): the totals and levels are read from the columns.
    cohort = _one_cohort(scores)
    if cohort is not None:
        return _rank_cohort(framework, scores, cohort, names, excluded)
    sections = []
    for index, section in enumerate(framework.sections):
        levels = level_names(section)
        below = below_name(section)
        lowest = len(levels) - 1
        places = section.precision
        ranked: list[tuple[int, str, str, Fraction, str]] = []
        unranked: list[tuple[int, RankEntry]] = []
        for unit_score in scores:
            result: SectionTotal | SectionScore
            if isinstance(unit_score, LazyUnitScore):
                result = unit_score.summary[index]
                published = result.published(places)
            else:
                result = unit_score.sections[index]
                published = scaled(result.points, places)
            points, level_index = result.points, result.level_index
            unit = unit_score.unit
            name = names.get(unit, unit)
            level = below if level_index is None else levels[level_index]
            if excluded.get(unit):
                entry = RankEntry(unit, name, points, level, None, excluded[unit])
                unranked.append((published, entry))
            elif level_index is None:
                why = _not_ranked(section, lowest, levels[lowest], result)
                unranked.append((published, UnrankedEntry(unit, name, points, level, why)))
            else:
                ranked.append((published, name, unit, points, level))
        # Two stable sorts: by name, then by published points descending.
        ranked.sort(key=lambda r: (_name_key(r[1]), r[2]))
        ranked.sort(key=_published, reverse=True)
        unranked.sort(key=lambda e: (_name_key(e[1].name), e[1].unit))
        unranked.sort(key=_published, reverse=True)
        sections.append(_section_ranking(section, ranked, unranked))
    return Ranking(framework, tuple(sections))


def _rank_cohort(
    framework: Framework,
    scores: Sequence[UnitScore],
    cohort: Cohort,
    names: Mapping[str, str],
    excluded: Mapping[str, str],
) -> Ranking:
    """``_rank`` on a cohort's columns: the units put in name order once (the first of the
    two stable sorts, the same in every section), each section's totals and levels read by
    the units' places in the cohort."""
    units = [unit_score.unit for unit_score in scores]
    places_in = [unit_score._index for unit_score in scores]  # type: ignore[attr-defined]
    shown = [names.get(unit, unit) for unit in units] if names else units
    by_name = sorted(range(len(units)), key=lambda i: (_name_key(shown[i]), units[i]))
    sections = []
    for index, section in enumerate(framework.sections):
        levels = level_names(section)
        below = below_name(section)
        lowest = len(levels) - 1
        all_published = cohort.published(index, section.precision)
        all_levels = cohort.levels[index]
        all_points = cohort.all_points(index)
        ranked: list[tuple[int, str, str, Fraction, str]] = []
        unranked: list[tuple[int, RankEntry]] = []
        for i in by_name:
            at = places_in[i]
            level_index = all_levels[at]
            published, points = all_published[at], all_points[at]
            unit, name = units[i], shown[i]
            if excluded and excluded.get(unit):
                level = below if level_index is None else levels[level_index]
                entry = RankEntry(unit, name, points, level, None, excluded[unit])
                unranked.append((published, entry))
            elif level_index is None:
                why = _not_ranked(section, lowest, levels[lowest], (scores[i], index))
                unranked.append((published, UnrankedEntry(unit, name, points, below, why)))
            else:
                ranked.append((published, name, unit, points, levels[level_index]))
        # The second stable sort: by published points descending.
        ranked.sort(key=_published, reverse=True)
        unranked.sort(key=_published, reverse=True)
        sections.append(_section_ranking(section, ranked, unranked))
    return Ranking(framework, tuple(sections))


def _section_ranking(
    section: Section,
    ranked: list[tuple[int, str, str, Fraction, str]],
    unranked: list[tuple[int, RankEntry]],
) -> SectionRanking:
    """The ranked units (sorted) with their ranks, then the rest."""
    entries = []
    previous: int | None = None
    position = 0
    for place, (published, name, unit, points, level) in enumerate(ranked, start=1):
        if published != previous:
            position, previous = place, published
        entries.append(RankEntry(unit, name, points, level, position))
    return SectionRanking(section, tuple(entries + [e for _, e in unranked]))


def _one_cohort(scores: Sequence[UnitScore]) -> Cohort | None:
    """The cohort all the scores come from, when they were scored column by column together."""
    first = scores[0] if scores else None
    if not isinstance(first, CohortUnitScore):
        return None
    cohort = first._cohort
    for unit_score in scores:
        if type(unit_score) is not CohortUnitScore or unit_score._cohort is not cohort:
            return None
    return cohort


def _not_ranked(
    section: Section,
    lowest: int,
    level: str,
    found: SectionTotal | SectionScore | tuple[UnitScore, int],
) -> Callable[[], str]:
    def why() -> str:
        result = found
        if isinstance(result, tuple):  # a unit of a cohort: its total, made now
            unit_score, index = result
            assert isinstance(unit_score, LazyUnitScore)
            result = unit_score.summary[index]
        if isinstance(result, SectionTotal):
            group_points = result.group_points
        else:
            group_points = [g.points for g in result.groups]
        checks = level_checks(section, lowest, result.points, group_points)
        failed = "; ".join(
            f"{c.code} {c.shown_actual()} < {c.shown_required()}" for c in checks if not c.met
        )
        return NO_LEVEL.format(level=level, failed=failed)

    return why
