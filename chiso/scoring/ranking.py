"""Ranking a cohort per section: by points, standard competition ranking (1, 2, 2, 4)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from chiso.scoring.classify import level_names
from chiso.scoring.model import Framework, Section
from chiso.scoring.numbers import shown
from chiso.scoring.results import UnitScore

NO_LEVEL = "không đạt {level}: {failed}"


@dataclass(frozen=True, slots=True)
class RankEntry:
    unit: str
    name: str
    points: Fraction
    level: str
    rank: int | None  # None: listed without a rank, for ``reason``
    reason: str = ""


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
    reason, get no rank.
    """
    names = names or {}
    excluded = excluded or {}
    sections = []
    for index, section in enumerate(framework.sections):
        ranked: list[tuple[Fraction, str, str, str]] = []
        unranked: list[RankEntry] = []
        for unit_score in scores:
            result = unit_score.sections[index]
            unit = unit_score.unit
            name = names.get(unit, unit)
            if excluded.get(unit):
                reason = excluded[unit]
                unranked.append(RankEntry(unit, name, result.points, result.level, None, reason))
            elif not result.has_level:
                lowest = len(level_names(section)) - 1
                failed = "; ".join(
                    f"{c.code} {c.shown_actual()} < {c.shown_required()}"
                    for c in result.checks(lowest)
                    if not c.met
                )
                reason = NO_LEVEL.format(level=level_names(section)[lowest], failed=failed)
                unranked.append(RankEntry(unit, name, result.points, result.level, None, reason))
            else:
                ranked.append((result.points, name, unit, result.level))
        places = section.precision
        # Two stable sorts: by name, then by published points descending.
        ranked.sort(key=lambda r: (_name_key(r[1]), r[2]))
        ranked.sort(key=lambda r: shown(r[0], places), reverse=True)
        entries = []
        previous: Fraction | None = None
        position = 0
        for place, (points, name, unit, level) in enumerate(ranked, start=1):
            published = shown(points, places)
            if published != previous:
                position, previous = place, published
            entries.append(RankEntry(unit, name, points, level, position))
        unranked.sort(key=lambda e: (_name_key(e.name), e.unit))
        unranked.sort(key=lambda e: shown(e.points, places), reverse=True)
        sections.append(SectionRanking(section, tuple(entries + unranked)))
    return Ranking(framework, tuple(sections))
