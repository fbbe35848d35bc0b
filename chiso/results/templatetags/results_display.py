"""Template filters for the results data: exact figures shown the Vietnamese way, level badges."""

from __future__ import annotations

from fractions import Fraction

from django import template

from chiso.results.display import show_change, show_points, show_share

register = template.Library()

_LEVEL_BADGES = ("text-bg-success", "text-bg-primary", "text-bg-info", "text-bg-warning")


@register.filter
def points(text: str | None) -> str:
    """ "43.8" → 43,80."""
    return show_points(text)


@register.filter
def change(text: str | None) -> str:
    """ "2.365" → +2,365; "-1.9" → −1,9."""
    return show_change(text)


@register.filter
def share(value: Fraction | None) -> str:
    return show_share(value)


@register.filter
def level_badge(index: int | None) -> str:
    """Bootstrap badge class of a level (0 = best); grey when not ranked."""
    if index is None:
        return "text-bg-secondary"
    return _LEVEL_BADGES[min(int(index), len(_LEVEL_BADGES) - 1)]


@register.filter
def rank_move(places: int | None) -> str:
    """▲2 / ▼1 / = for places gained or lost since last year."""
    if places is None:
        return ""
    if places == 0:
        return "="
    return f"▲{places}" if places > 0 else f"▼{-places}"
