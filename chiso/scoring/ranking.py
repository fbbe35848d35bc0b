"""Ranking a cohort per section: by points, standard competition ranking (1, 2, 2, 4)."""

from __future__ import annotations

import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache, partial
from itertools import repeat
from operator import itemgetter
from typing import TypeVar

from chiso.scoring.classify import below_name, level_checks, level_names
from chiso.scoring.columnar import Cohort, CohortUnitScore, paused_gc
from chiso.scoring.compiled import LazyUnitScore, SectionTotal
from chiso.scoring.model import Framework, Section
from chiso.scoring.numbers import scaled
from chiso.scoring.results import SectionScore, UnitScore

NO_LEVEL = "không đạt {level}: {failed}"
_published = itemgetter(0)
_name, _unit, _place = itemgetter(1), itemgetter(2), itemgetter(3)
_Made = TypeVar("_Made", bound="RankEntry")


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


class CohortRankEntry(RankEntry):
    """A ranked unit of a column-scored cohort: its ``points`` (a ``Fraction``) made when
    first read, from the cohort's exact pair (kept by the cohort); at national scale most are
    never read.

    Equal to, hashed and shown as the ``RankEntry`` of the same values.
    """

    __slots__ = ("_cohort", "_section", "_at")
    _cohort: Cohort
    _section: int
    _at: int
    _public: type[RankEntry] = RankEntry  # what it stands for: equality and ``repr``

    @property
    def points(self) -> Fraction:
        return self._cohort.points(self._section, self._at)

    def _fields(self) -> tuple[str, str, Fraction, str, int | None, str]:
        return (self.unit, self.name, self.points, self.level, self.rank, self.reason)

    def __eq__(self, other: object) -> bool:
        if getattr(type(other), "_public", type(other)) is not self._public:
            return NotImplemented
        assert isinstance(other, RankEntry)
        return self._fields() == (
            other.unit,
            other.name,
            other.points,
            other.level,
            other.rank,
            other.reason,
        )

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"{self._public.__qualname__}(unit={self.unit!r}, name={self.name!r}, "
            f"points={self.points!r}, level={self.level!r}, rank={self.rank!r}, "
            f"reason={self.reason!r})"
        )


class CohortUnrankedEntry(CohortRankEntry):
    """An ``UnrankedEntry`` of a column-scored cohort: its points and its reason made when
    first read (the reason by the section's ``_explain``, from the unit's score kept in
    ``_why`` until then). Equal to, hashed and shown as the ``UnrankedEntry`` of the same
    values."""

    __slots__ = ("_why", "_explain")
    _why: UnitScore | str
    _explain: Callable[[UnitScore], str]
    _public = UnrankedEntry

    @property
    def reason(self) -> str:
        why = self._why
        if not isinstance(why, str):
            why = self._explain(why)
            object.__setattr__(self, "_why", why)
        return why


def _made(cls: type[_Made], count: int, slots: dict[str, Iterable[object]]) -> list[_Made]:
    """``count`` new ``cls`` objects, each slot set from its values, slot by slot (no
    ``__init__`` call per entry: a national ranking makes 22,610)."""
    made: list[_Made] = list(map(object.__new__, repeat(cls, count)))
    for slot, values in slots.items():
        deque(map(getattr(cls, slot).__set__, made, values), maxlen=0)
    return made


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
        ranked: list[tuple[int, str, str, int, str]] = []
        unranked: list[tuple[int, str, str, int, RankEntry | None]] = []
        for i in by_name:
            at = places_in[i]
            level_index = all_levels[at]
            published = all_published[at]
            unit, name = units[i], shown[i]
            if excluded and excluded.get(unit):
                level = below if level_index is None else levels[level_index]
                points = cohort.points(index, at)
                entry = RankEntry(unit, name, points, level, None, excluded[unit])
                unranked.append((published, name, unit, i, entry))
            elif level_index is None:
                unranked.append((published, name, unit, i, None))
            else:
                ranked.append((published, name, unit, at, levels[level_index]))
        # The second stable sort: by published points descending.
        ranked.sort(key=_published, reverse=True)
        unranked.sort(key=_published, reverse=True)
        entries: list[RankEntry] = []
        if ranked:
            columns = zip(*ranked, strict=True)
            published_points, ranked_names, ranked_units, ats, ranked_levels = columns
            positions = []
            previous: int | None = None
            position = 0
            for place, published in enumerate(published_points, start=1):
                if published != previous:
                    position, previous = place, published
                positions.append(position)
            slots = {
                "unit": ranked_units,
                "name": ranked_names,
                "_cohort": repeat(cohort),
                "_section": repeat(index),
                "_at": ats,
                "level": ranked_levels,
                "rank": positions,
                "reason": repeat(""),
            }
            entries += _made(CohortRankEntry, len(ranked), slots)
        rest = [row for row in unranked if row[4] is None]
        if rest:
            explain = partial(_why_not_ranked, section, lowest, levels[lowest], index)
            slots = {
                "unit": map(_unit, rest),
                "name": map(_name, rest),
                "_cohort": repeat(cohort),
                "_section": repeat(index),
                "_at": map(places_in.__getitem__, map(_place, rest)),
                "level": repeat(below),
                "rank": repeat(None),
                "_why": map(scores.__getitem__, map(_place, rest)),
                "_explain": repeat(explain),
            }
            made = iter(_made(CohortUnrankedEntry, len(rest), slots))
            entries += [next(made) if row[4] is None else row[4] for row in unranked]
        else:
            entries += [row[4] for row in unranked]  # type: ignore[misc]
        sections.append(SectionRanking(section, tuple(entries)))
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
            return _why_not_ranked(section, lowest, level, index, unit_score)
        return _no_level(section, lowest, level, result)

    return why


def _why_not_ranked(
    section: Section, lowest: int, level: str, index: int, unit_score: UnitScore
) -> str:
    """Why a unit of a cohort is not ranked in the section: its total, made now."""
    assert isinstance(unit_score, LazyUnitScore)
    return _no_level(section, lowest, level, unit_score.summary[index])


def _no_level(
    section: Section, lowest: int, level: str, result: SectionTotal | SectionScore
) -> str:
    if isinstance(result, SectionTotal):
        group_points = result.group_points
    else:
        group_points = [g.points for g in result.groups]
    checks = level_checks(section, lowest, result.points, group_points)
    failed = "; ".join(
        f"{c.code} {c.shown_actual()} < {c.shown_required()}" for c in checks if not c.met
    )
    return NO_LEVEL.format(level=level, failed=failed)
