"""The results of a campaign as plain JSON data: what a snapshot freezes and every page reads.

Every figure is text: ``points`` rounded to 2 decimals as published ("43.80") and
``points_exact`` ("43.8", or "26/3" when the decimal does not end). Ranks and counts are integers.
The shape (``SCHEMA``) is documented in docs/results.md, "Open data".
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from fractions import Fraction
from functools import lru_cache
from typing import Any

from django.utils import timezone

from chiso.results.official import CampaignResults, Cohort, Reason, UnitEntry
from chiso.results.previous import (
    Previous,
    compared_as,
    previous_counts,
    previous_note,
    previous_section,
)
from chiso.scoring import Framework, exact_text, fmt_points
from chiso.scoring.classify import below_name, level_names
from chiso.scoring.model import Criterion, Section
from chiso.scoring.numbers import ZERO
from chiso.scoring.results import SectionScore, UnitScore
from chiso.units.models import Level

SCHEMA = "chiso-results/1"
# Districts, then communes, then agencies: the order of the published decisions.
LEVEL_ORDER = {Level.DISTRICT: 0, Level.COMMUNE: 1, Level.AGENCY: 2}

Data = dict[str, Any]


def points(value: Fraction) -> dict[str, str]:
    return dict(_points(value.numerator, value.denominator))


@lru_cache(maxsize=65536)
def _points(numerator: int, denominator: int) -> dict[str, str]:
    """The two texts of a value, worded once per process: a national cohort has ~100,000
    values but a few thousand distinct ones (callers get a copy)."""
    value = Fraction(numerator, denominator)
    return {"points": fmt_points(value, comma=False), "points_exact": exact_text(value)}


def _walk(criteria: Iterable[Criterion], group: str, depth: int = 0) -> list[Data]:
    rows: list[Data] = []
    for c in criteria:
        rows.append(
            {
                "code": c.code,
                "name": c.name,
                "group": group,
                "depth": depth,
                "max_points": exact_text(c.max_points),
                "legal_basis": str(c.legal_basis),
            }
        )
        rows += _walk(c.children, group, depth + 1)
    return rows


def _section_frame(section: Section) -> Data:
    return {
        "code": section.code,
        "name": section.name,
        "max_points": exact_text(section.max_points),
        "levels": list(level_names(section)),
        "below": below_name(section),
        "groups": [
            {"code": g.code, "name": g.name, "max_points": exact_text(g.max_points)}
            for g in section.groups
        ],
        "criteria": [row for g in section.groups for row in _walk(g.criteria, g.code)],
    }


def _item_points(section: SectionScore) -> dict[str, Fraction]:
    found = {g.group.code: g.points for g in section.groups}
    for g in section.groups:
        for top in g.criteria:
            found.update((c.criterion.code, c.points) for c in top.walk())
    return found


def not_applicable_codes(section: SectionScore) -> frozenset[str]:
    """The groups and criteria (with everything under them) that did not apply to the unit:
    left out of the cohort's averages and percentiles, which compare the units they apply to."""
    codes: set[str] = set()
    for g in section.groups:
        if g.not_applicable:
            codes.add(g.group.code)
        for top in g.criteria:
            for c in top.walk():
                if g.not_applicable or c.not_applicable:
                    codes.update(x.criterion.code for x in c.walk())
    return frozenset(codes)


def not_applicable(section: SectionScore) -> list[Data]:
    """Every group and criterion that did not apply to the unit, with why (the framework's
    rule, the unit's declaration the appraisers did not reject, a ratio over 0): what the
    total's scaling left out of the maximum. A criterion inside a group that does not apply is
    not listed again."""
    found: list[Data] = []
    for g in section.groups:
        if g.not_applicable:
            found.append({"code": g.group.code, "name": g.group.name, "reason": g.not_applicable})
            continue
        stack = list(g.criteria)
        while stack:
            c = stack.pop(0)
            if c.not_applicable:
                item = c.criterion
                found.append({"code": item.code, "name": item.name, "reason": c.not_applicable})
            else:
                stack[0:0] = c.children
    return found


class Spread:
    """The points of every scored unit of a cohort for one item (a section, group or
    criterion): for each value found, how many units have strictly fewer points.

    Built once per item from the distinct values (a few dozen for most items; 3,321 units
    share them), so that each unit's place is a dictionary look-up: comparing ``Fraction``s
    one by one (a sort of every unit's value, then a binary search per unit and item) was
    the larger part of scoring a national cohort."""

    __slots__ = ("below", "count", "distinct", "total")

    def __init__(self, values: Iterable[Fraction]) -> None:
        # Counted by (numerator, denominator): a Fraction is always in lowest terms, so equal
        # values have equal pairs, and a pair of ints hashes far faster than a Fraction.
        counts = Counter((v.numerator, v.denominator) for v in values)
        self.distinct = sorted(Fraction(n, d) for n, d in counts)
        self.below: dict[tuple[int, int], int] = {}
        seen, total = 0, ZERO
        for value in self.distinct:
            pair = (value.numerator, value.denominator)
            self.below[pair] = seen
            seen += counts[pair]
            total += value * counts[pair]
        self.count = seen
        self.total = total

    def fewer(self, mine: Fraction) -> int:
        found = self.below.get((mine.numerator, mine.denominator))
        if found is not None:
            return found
        index = bisect_left(self.distinct, mine)  # a value no unit has
        if index == len(self.distinct):
            return self.count
        nearest = self.distinct[index]
        return self.below[(nearest.numerator, nearest.denominator)]


def _stats(spread: Spread) -> Data:
    return {
        "mean": exact_text(spread.total / spread.count) if spread.count else None,
        "best": exact_text(spread.distinct[-1]) if spread.count else None,
    }


# An item that does not apply to the unit is compared with no one.
NOT_APPLICABLE: Data = {"above": 0, "of": 0, "not_applicable": True}


def _above(mine: Fraction, everyone: Spread) -> dict[str, int]:
    """How many of the other scored units of the cohort have strictly fewer points (a look-up
    in ``Spread``, not a scan of the cohort for each unit and item, which made a national
    cohort of 3,321 communes quadratic)."""
    return {"above": everyone.fewer(mine), "of": everyone.count - 1}


def _next_level(section: SectionScore) -> Data | None:
    nxt = section.next_level()
    if nxt is None:
        return None
    return {
        "level": nxt.level,
        "shortfalls": [
            {
                "item": s.check.code,
                "label": s.check.label,
                "has": exact_text(s.check.actual),
                "needed": exact_text(s.check.required),
                "gap": exact_text(s.check.gap),
                "where": [
                    {"code": code, "name": name, "points_left": exact_text(room)}
                    for code, name, room in s.headroom
                ],
            }
            for s in nxt.shortfalls
        ],
    }


def _unit_section(
    entry: UnitEntry,
    score: UnitScore,
    index: int,
    cohort: Cohort,
    frames: list[Data],
    everyone: list[dict[str, Spread]],
    previous: Previous | None,
    ranked_by_unit: list[dict[str, Any]],
    used: tuple[str, str] | None = None,
) -> Data:
    result = score.sections[index]
    code = result.section.code
    ranked = ranked_by_unit[index][entry.code]
    items = _item_points(result)
    left_out = not_applicable_codes(result)
    data: Data = {
        "code": code,
        **points(result.points),
        "level": result.level,
        "level_index": result.level_index,
        "rank": ranked.rank,
        "reason_code": entry.reason_code or ("" if ranked.rank else Reason.BELOW_LEVEL),
        "reason": ranked.reason,
        "above": _above(result.points, everyone[index][code]),
        "items": {
            item: {**points(value), **NOT_APPLICABLE}
            if item in left_out
            else {**points(value), **_above(value, everyone[index][item])}
            for item, value in items.items()
        },
        "next_level": _next_level(result),
        "previous": None,
    }
    if left_out:  # only then: a snapshot where everything applies reads as it always did
        data["not_applicable"] = not_applicable(result)
        data["scaling"] = result.scaling_explanation()
    if previous is not None:
        note = previous_note(previous, cohort.level, code, frames[index], used)
        if note:  # only when the frameworks differ: same-framework figures are unchanged
            data["previous_note"] = note
        else:
            data["previous"] = previous_section(
                previous, cohort.level, entry.form.unit, code, data, frames[index], used
            )
    return data


def _unit(
    entry: UnitEntry,
    cohort: Cohort,
    frames: list[Data],
    everyone: list[dict[str, Spread]],
    previous: Previous | None,
    ranked_by_unit: list[dict[str, Any]],
    used: tuple[str, str] | None = None,
) -> Data:
    unit = entry.form.unit
    district = unit.parent if unit.level == Level.COMMUNE else None
    form = entry.form
    return {
        "unit": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "kind_label": unit.get_kind_display(),
        "district": {"code": district.code, "name": district.name} if district else None,
        "status": form.status,
        "verified": entry.verified,
        "late": form.late,
        "submitted_on": _local_day(form.submitted_at),
        "reason_code": entry.reason_code,
        "reason": entry.reason,
        "total": None if entry.score is None else points(entry.score.total),
        "sections": []
        if entry.score is None
        else [
            _unit_section(
                entry, entry.score, i, cohort, frames, everyone, previous, ranked_by_unit, used
            )
            for i in range(len(frames))
        ],
    }


def _local_day(at: Any) -> str | None:
    return None if at is None else timezone.localtime(at).date().isoformat()


def _everyone(cohort: Cohort) -> list[dict[str, Spread]]:
    """For each section: the points of every scored unit, by section, group and criterion code
    (the mean and the best do not depend on their order)."""
    found: list[dict[str, list[Fraction]]] = [{} for _ in cohort.framework.sections]
    for entry in cohort.entries:
        if entry.score is None:
            continue
        for index, section in enumerate(entry.score.sections):
            found[index].setdefault(section.section.code, []).append(section.points)
            left_out = not_applicable_codes(section)
            for item, value in _item_points(section).items():
                values = found[index].setdefault(item, [])
                if item not in left_out:
                    values.append(value)
    return [{item: Spread(values) for item, values in by_item.items()} for by_item in found]


def _identity(cohort: Cohort) -> tuple[str, str]:
    return (cohort.framework.code, cohort.framework.version)


def _section_summary(
    cohort: Cohort,
    index: int,
    frames: list[Data],
    everyone: list[dict[str, Spread]],
    previous: Previous | None,
    used: tuple[str, str] | None = None,
) -> Data:
    frame = frames[index]
    section = cohort.framework.sections[index]
    ranking = cohort.ranking.sections[index]
    names = level_names(section)
    per_level = {name: sum(1 for e in ranking.ranked if e.level == name) for name in names}
    not_scored = [e for e in cohort.entries if e.score is None]
    note = (
        None
        if previous is None
        else previous_note(previous, cohort.level, section.code, frame, used)
    )
    data = {
        **frame,
        "counts": {
            "units": len(cohort.entries),
            "scored": len(ranking.entries),
            "ranked": len(ranking.ranked),
            "per_level": per_level,
        },
        "previous_counts": None
        if previous is None
        else previous_counts(previous, cohort.level, section.code, frame, used),
        "ranking": [
            {"rank": e.rank, "unit": e.unit, "name": e.name, **points(e.points), "level": e.level}
            for e in ranking.ranked
        ],
        "not_ranked": [
            {
                "unit": e.unit,
                "name": e.name,
                **points(e.points),
                "level": e.level,
                "reason": e.reason,
            }
            for e in ranking.not_ranked
        ]
        + [
            {
                "unit": e.code,
                "name": e.form.unit.name,
                "points": None,
                "points_exact": None,
                "level": "",
                "reason": e.reason,
            }
            for e in not_scored
        ],
        "stats": {item: _stats(values) for item, values in everyone[index].items()},
    }
    if note:  # only when the frameworks differ
        data["previous_note"] = note
    return data


def _framework(cohort: Cohort) -> Data:
    fw: Framework = cohort.framework
    cf = cohort.campaign_framework
    return {
        "code": fw.code,
        "name": fw.name,
        "version": fw.version,
        "legal_basis": str(fw.legal_basis),
        "sha256": cf.sha256,
        "max_points": exact_text(fw.max_points),
    }


Step = Callable[[str, int], None]  # (what is being done, units done): ``draft_jobs.Progress``
STEP_EVERY = 100
WRITING = "Đang tổng hợp số liệu từng đơn vị"


def _units(
    cohort: Cohort,
    frames: list[Data],
    everyone: list[dict[str, Spread]],
    previous: Previous | None,
    ranked_by_unit: list[dict[str, Any]],
    used: tuple[str, str] | None,
    step: Step | None,
) -> list[Data]:
    found = []
    for done, entry in enumerate(cohort.entries, 1):
        found.append(_unit(entry, cohort, frames, everyone, previous, ranked_by_unit, used))
        if step is not None and done % STEP_EVERY == 0:
            step(WRITING, done)
    return found


def cohort_figures(cohort: Cohort, previous: Previous | None, step: Step | None = None) -> Data:
    everyone = _everyone(cohort)
    frames = [_section_frame(section) for section in cohort.framework.sections]
    # Each unit's ranking entry, looked up once per section rather than rebuilt for every unit.
    ranked_by_unit = [{e.unit: e for e in s.entries} for s in cohort.ranking.sections]
    # Once per cohort: whether last year compares by code or through a crosswalk.
    used = compared_as(previous, cohort.level, _identity(cohort), frames)
    return {
        "level": cohort.level,
        "level_label": Level(cohort.level).label,
        "framework": _framework(cohort),
        "sections": [
            _section_summary(cohort, i, frames, everyone, previous, used)
            for i in range(len(frames))
        ],
        "units": _units(cohort, frames, everyone, previous, ranked_by_unit, used, step),
    }


def results_figures(
    results: CampaignResults, previous: Previous | None, step: Step | None = None
) -> Data:
    """Every figure of the campaign's results, and the comparison with ``previous``; ``step``
    is told how many units are written, every ``STEP_EVERY``."""
    campaign = results.campaign
    province = campaign.province
    schedule = campaign.schedule
    cohorts = sorted(results.cohorts, key=lambda c: LEVEL_ORDER.get(Level(c.level), 9))
    return {
        "schema": SCHEMA,
        "campaign": {
            "name": campaign.name,
            "year": campaign.year,
            "province": {"era": province.era, "code": province.code, "name": province.name},
            "deadline": schedule.unit_deadline.isoformat(),
            "grace_until": schedule.grace_until.isoformat(),
            "exclude_late": campaign.exclude_late,
        },
        "provisional": results.provisional,
        "previous": None if previous is None else previous.meta,
        "cohorts": [cohort_figures(c, previous, step) for c in cohorts],
    }
