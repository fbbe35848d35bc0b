"""Figures of the results data as people read them: 43,80 points, +2,37, 87,50 %.

Points and changes are shown rounded to 2 decimals, as the decisions and the tables publish
them, with a true minus sign (−1,90); the exact figures stay in the data and the API.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from chiso.publish.wording import Shortfall, below_level_words, signed
from chiso.publish.wording import change_words as _change_words
from chiso.results import typed
from chiso.scoring import fmt_percent, fmt_points

BELOW_LEVEL = "below_level"  # results.official.Reason.BELOW_LEVEL (no Django here)


@lru_cache(maxsize=65536)
def fraction(text: str) -> Fraction:
    """The exact figure a text gives ("43.8", "26/3"), parsed once per process: a national
    ranking reads the same few thousand texts on every page and document, and parsing a
    ``Fraction`` from text costs more than the rest of a table row (``Fraction`` is immutable,
    so one may be shared)."""
    return Fraction(text)


def exact(text: str | None) -> Fraction | None:
    return None if text is None or text == "" else fraction(text)


@lru_cache(maxsize=65536)
def show_points(text: str | None) -> str:
    value = exact(text)
    return "" if value is None else fmt_points(value)


def show_change(text: str | None) -> str:
    """+2,37 / −1,90 / 0,00 (a change, signed, as the tables show it)."""
    value = exact(text)
    return "" if value is None else signed(value)


def change_words(text: str) -> str:
    """tăng 2,37 điểm / giảm 1,90 điểm / không đổi."""
    return _change_words(Fraction(text))


def not_ranked_words(section: typed.Section, mine: typed.UnitSection | None, raw: str) -> str:
    """Why a unit is not ranked in a section, in words: for a unit below the lowest level, each
    unmet condition with its points, maximum and minimum (``wording.below_level_words``, read
    from the results' ``next_level``); any other reason (late, excluded, not submitted) is
    already words and is ``raw``, the results' reason."""
    if mine is None or mine.reason_code != BELOW_LEVEL or mine.rank is not None:
        return raw
    nxt = mine.next_level
    if not nxt:
        return raw
    groups = {g.code: (g.name, g.max_points) for g in section.groups}
    top = (section.code, section.name, section.max_points)
    gaps = [(s.item, s.has, s.needed) for s in nxt.shortfalls]
    return _below_words(top, groups, nxt.level, gaps, raw)


def _below_words(
    top: tuple[str, str, str],
    groups: dict[str, tuple[str, str]],
    level: str,
    gaps: list[tuple[str, str, str]],
    raw: str,
) -> str:
    """The words of a unit below ``level``: each (item, has, needed) of ``gaps`` against the
    section ``top`` (code, name, maximum) or its ``groups`` (code -> name, maximum)."""
    shortfalls = []
    for item, has, needed in gaps:
        total = item == top[0]
        found = top[1:] if total else groups.get(item)
        if found is None:
            return raw
        name, maximum = found
        shortfalls.append(
            Shortfall(name, total, fraction(has), fraction(maximum), fraction(needed))
        )
    return below_level_words(level, shortfalls)


def share(points: str | None, maximum: str | None) -> Fraction | None:
    value, top = exact(points), exact(maximum)
    if value is None or not top:
        return None
    return value / top


def show_share(value: Fraction | None) -> str:
    return "" if value is None else fmt_percent(value)
