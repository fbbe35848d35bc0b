"""Figures of the results data as people read them: 43,80 points, +2,365, 87,50 %.

Points are shown rounded to 2 decimals as the decisions publish them; a change is shown exactly
(up to 4 decimals, no trailing zeros), as the Đắk Nông report writes "tăng 2,365 điểm".
"""

from __future__ import annotations

from fractions import Fraction

from chiso.scoring import fmt_number, fmt_percent, fmt_points

MINUS = "−"


def exact(text: str | None) -> Fraction | None:
    return None if text is None or text == "" else Fraction(text)


def show_points(text: str | None) -> str:
    value = exact(text)
    return "" if value is None else fmt_points(value)


def show_change(text: str | None) -> str:
    """+2,365 / −1,9 / 0 (a signed exact change)."""
    value = exact(text)
    if value is None:
        return ""
    if value == 0:
        return "0"
    return ("+" if value > 0 else MINUS) + fmt_number(abs(value))


def change_words(text: str) -> str:
    """tăng 2,365 điểm / giảm 1,9 điểm / không đổi."""
    value = Fraction(text)
    if value == 0:
        return "không đổi"
    return f"{'tăng' if value > 0 else 'giảm'} {fmt_number(abs(value))} điểm"


def share(points: str | None, maximum: str | None) -> Fraction | None:
    value, top = exact(points), exact(maximum)
    if value is None or not top:
        return None
    return value / top


def show_share(value: Fraction | None) -> str:
    return "" if value is None else fmt_percent(value)
