"""Figures of the results data as people read them: 43,80 points, +2,37, 87,50 %.

Points and changes are shown rounded to 2 decimals, as the decisions and the tables publish
them, with a true minus sign (−1,90); the exact figures stay in the data and the API.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Any

from chiso.publish.wording import Shortfall, below_level_words, signed
from chiso.publish.wording import change_words as _change_words
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


def not_ranked_reason(frame: dict[str, Any], mine: dict[str, Any] | None, raw: str) -> str:
    """Why a unit is not ranked in a section, in words: for a unit below the lowest level, each
    unmet condition with its points, maximum and minimum (``wording.below_level_words``, read
    from the figures' ``next_level``); any other reason (late, excluded, not submitted) is
    already words and is ``raw``, the figures' reason."""
    if mine is None or mine.get("reason_code") != BELOW_LEVEL or mine.get("rank") is not None:
        return raw
    nxt = mine.get("next_level")
    if not nxt:
        return raw
    groups = {g["code"]: g for g in frame["groups"]}
    shortfalls = []
    for s in nxt["shortfalls"]:
        total = s["item"] == frame["code"]
        item = frame if total else groups.get(s["item"])
        if item is None:
            return raw
        shortfalls.append(
            Shortfall(
                item["name"], total, fraction(s["has"]), fraction(item["max_points"]),
                fraction(s["needed"]),
            )
        )  # fmt: skip
    return below_level_words(nxt["level"], shortfalls)


def share(points: str | None, maximum: str | None) -> Fraction | None:
    value, top = exact(points), exact(maximum)
    if value is None or not top:
        return None
    return value / top


def show_share(value: Fraction | None) -> str:
    return "" if value is None else fmt_percent(value)
