"""Small SVG charts drawn in Python (no chart library): a radar of shares per group, and a
line of points over the years. Text is escaped; numbers use the decimal comma.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape

from chiso.scoring import fmt_points

UNIT_COLOR = "#1f5fa8"
COHORT_COLOR = "#d9822b"
GRID_COLOR = "#c8c8c8"
FONT_FAMILY = "ChisoVN, DejaVu Sans, sans-serif"  # the report's embedded font first


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: Sequence[Fraction]  # shares, 0..1
    color: str


def _wrap(text: str, width: int = 18, lines: int = 3) -> list[str]:
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])[: width - 1] + "…"]
    return out


def radar_svg(axes: Sequence[str], series: Sequence[Series], height: int = 280) -> str:
    """A radar chart: one axis per group (3 or more), 25 % rings, one polygon per series."""
    if len(axes) < 3:
        return ""
    width = height + 200  # room for the labels on both sides
    cx, cy, radius = width / 2, height / 2, height / 2 - 36
    angles = [-math.pi / 2 + 2 * math.pi * i / len(axes) for i in range(len(axes))]

    def point(angle: float, share: float) -> tuple[float, float]:
        return cx + radius * share * math.cos(angle), cy + radius * share * math.sin(angle)

    def polygon(shares: Sequence[float]) -> str:
        return " ".join(
            f"{x:.1f},{y:.1f}"
            for x, y in (point(a, s) for a, s in zip(angles, shares, strict=True))
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 24}" '
        f'viewBox="0 0 {width} {height + 24}" role="img" '
        f'font-family="{FONT_FAMILY}">'
    ]
    for ring in (0.25, 0.5, 0.75, 1.0):
        parts.append(
            f'<polygon points="{polygon([ring] * len(axes))}" fill="none" '
            f'stroke="{GRID_COLOR}" stroke-width="0.8"/>'
        )
    for angle, label in zip(angles, axes, strict=True):
        x, y = point(angle, 1.0)
        parts.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOR}" stroke-width="0.8"/>'
        )
        lx, ly = point(angle, 1.12)
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        lines = _wrap(label, 24)
        sin = math.sin(angle)
        top = ly - (len(lines) - 1) * 11 if sin < -0.3 else ly + (8 if sin > 0.3 else 0)
        spans = "".join(
            f'<tspan x="{lx:.1f}" y="{top + 11 * n:.1f}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(f'<text font-size="9" text-anchor="{anchor}">{spans}</text>')
    for item in series:
        shares = [min(max(float(v), 0.0), 1.0) for v in item.values]
        parts.append(
            f'<polygon points="{polygon(shares)}" fill="{item.color}" fill-opacity="0.18" '
            f'stroke="{item.color}" stroke-width="2"/>'
        )
    for n, item in enumerate(series):
        x = width / 2 - 150 + n * 160
        parts.append(
            f'<rect x="{x:.1f}" y="{height + 6}" width="12" height="12" fill="{item.color}"/>'
            f'<text x="{x + 16:.1f}" y="{height + 16}" font-size="10">{escape(item.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def history_svg(
    points: Sequence[tuple[int, Fraction | None]],
    maximum: Fraction,
    width: int = 420,
    height: int = 170,
) -> str:
    """Points per year as a line with labelled dots; a year without a figure breaks the line."""
    known = [(year, value) for year, value in points if value is not None]
    if not known or maximum <= 0:
        return ""
    left, right, top, bottom = 40, 20, 18, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    inset = 28  # keeps the first and last labels clear of the axis labels
    step = (plot_w - 2 * inset) / max(len(points) - 1, 1)

    def y_of(value: Fraction) -> float:
        return top + plot_h * (1 - float(value / maximum))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'font-family="{FONT_FAMILY}">'
    ]
    for share in (Fraction(0), Fraction(1, 2), Fraction(1)):
        y = y_of(share * maximum)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOR}" stroke-width="0.8"/>'
            f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end">'
            f"{fmt_points(share * maximum)}</text>"
        )
    segment: list[str] = []
    for index, (year, value) in enumerate(points):
        x = left + inset + step * index if len(points) > 1 else left + plot_w / 2
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" font-size="10" text-anchor="middle">{year}</text>'
        )
        if value is None:
            segment = _flush(parts, segment)
            continue
        y = y_of(value)
        segment.append(f"{x:.1f},{y:.1f}")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{UNIT_COLOR}"/>'
            f'<text x="{x:.1f}" y="{y - 7:.1f}" font-size="10" text-anchor="middle">'
            f"{fmt_points(value)}</text>"
        )
    _flush(parts, segment)
    parts.append("</svg>")
    return "".join(parts)


def _flush(parts: list[str], segment: list[str]) -> list[str]:
    if len(segment) > 1:
        parts.insert(
            1,
            f'<polyline points="{" ".join(segment)}" fill="none" stroke="{UNIT_COLOR}" '
            'stroke-width="2"/>',
        )
    return []
