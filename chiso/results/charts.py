"""ECharts options built from the results data; the page's script only draws them.

Values are plain numbers rounded to 2 decimals (charts only: tables beside them carry the exact
figures); ``static/chiso/results-charts.js`` writes them with a decimal comma.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from chiso.results.display import exact, fraction
from chiso.results.portal import Row
from chiso.results.typed import Cohort, Section, Unit
from chiso.scoring import fmt_number

Data = dict[str, Any]
# One colour per level, best first (Bootstrap's success, primary, info, warning), then "none".
LEVEL_COLOURS = ("#198754", "#0d6efd", "#0dcaf0", "#ffc107", "#adb5bd")
NOT_RANKED = "Không xếp hạng"
NOT_SUBMITTED = "Chưa nộp / chưa chấm"
BINS = 10


def _num(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _bar(categories: list[str], series: list[Data], *, horizontal: bool = False) -> Data:
    # Long names (groups, units) are cut to a phone's width; the tooltip shows them whole.
    label = {"interval": 0, "width": 110, "overflow": "truncate"} if horizontal else {}
    category_axis = {"type": "category", "data": categories, "axisLabel": label}
    value_axis = {"type": "value"}
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "bottom": 8, "top": 40, "containLabel": True},
        "xAxis": value_axis if horizontal else category_axis,
        "yAxis": {**category_axis, "inverse": True} if horizontal else value_axis,
        "series": series,
    }


def units_per_level(cohort: Cohort, units: list[Unit]) -> Data:
    """Stacked bars, one per section: how many units reached each level, and the rest."""
    sections = cohort.sections
    names = list(sections[0].levels) if sections else []
    series = []
    for i, name in enumerate([*names, NOT_RANKED, NOT_SUBMITTED]):
        data = []
        for section in sections:
            count = 0
            for unit in units:
                mine = unit.section(section.code)
                if name == NOT_SUBMITTED:
                    count += mine is None
                elif mine is not None:
                    ranked = mine.rank is not None
                    count += (mine.level == name and ranked) or (name == NOT_RANKED and not ranked)
            data.append(count)
        colour = LEVEL_COLOURS[min(i, len(LEVEL_COLOURS) - 1)]
        series.append(
            {
                "name": name,
                "type": "bar",
                "stack": "n",
                "data": data,
                "itemStyle": {"color": colour},
            }
        )
    return _bar([s.name for s in sections], series)


def group_averages(section: Section, units: list[Unit]) -> Data:
    """Average share of each group's maximum over the units shown (%)."""
    shares = []
    for group in section.groups:
        top = exact(group.max_points) or Fraction(1)
        values = [
            fraction(mine.items[group.code].points_exact) / top
            for unit in units
            if (mine := unit.section(section.code)) is not None
        ]
        shares.append(_num(sum(values, Fraction(0)) / len(values) * 100) if values else None)
    series = [{"name": "Bình quân (% điểm tối đa)", "type": "bar", "data": shares}]
    return _bar([g.name for g in section.groups], series, horizontal=True)


def distribution(section: Section, units: list[Unit]) -> Data:
    """How many units score in each tenth of the section's maximum."""
    top = exact(section.max_points) or Fraction(1)
    counts = [0] * BINS
    for unit in units:
        mine = unit.section(section.code)
        if mine is not None:
            counts[min(int(fraction(mine.points_exact) / top * BINS), BINS - 1)] += 1
    labels = [
        f"{fmt_number(top * i / BINS)}–{fmt_number(top * (i + 1) / BINS)}" for i in range(BINS)
    ]
    return _bar(labels, [{"name": "Số đơn vị", "type": "bar", "data": counts}])


def ranking_bars(rows: list[Row]) -> Data:
    """The ranked units' points, coloured by level."""
    data = [
        {
            "value": _num(exact(r.points)),
            "itemStyle": {"color": LEVEL_COLOURS[min(r.level_index or 0, 3)]},
        }
        for r in rows
    ]
    labels = [f"{r.rank}. {r.name}" for r in rows]
    chart = _bar(labels, [{"name": "Điểm", "type": "bar", "data": data}], horizontal=True)
    return {**chart, "legend": {"show": False}}


def history(
    years: list[int], sections: Sequence[Section], points: dict[str, list[str | None]]
) -> Data:
    """A unit's points per section over the published years."""
    series = [
        {
            "name": s.name,
            "type": "line",
            "connectNulls": True,
            "data": [_num(exact(v)) for v in points.get(s.code, [])],
        }
        for s in sections
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "bottom": 8, "top": 56, "containLabel": True},
        "xAxis": {"type": "category", "data": [str(y) for y in years]},
        "yAxis": {"type": "value"},
        "series": series,
    }


def profile(rows: list[Any]) -> Data:
    """The unit's share of each group's maximum beside the cohort's average (%); a group that
    does not apply to the unit is not drawn (the table beside says so)."""
    rows = [r for r in rows if not r.not_applicable]
    labels = [r.name for r in rows]
    mine = [_num(r.share * 100) if r.share is not None else None for r in rows]
    mean = [_num(r.mean_share * 100) if r.mean_share is not None else None for r in rows]
    return _bar(
        labels,
        [
            {"name": "Đơn vị", "type": "bar", "data": mine},
            {"name": "Bình quân cùng cấp", "type": "bar", "data": mean},
        ],
        horizontal=True,
    )
