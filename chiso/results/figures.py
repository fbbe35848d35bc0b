"""The results of a campaign: built as the typed object (``chiso.results.typed``), whose
``to_figures()`` is the plain JSON data a snapshot freezes and every page reads.

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
from typing import Any, cast

from django.utils import timezone

from chiso.results import typed
from chiso.results.official import CampaignResults, Cohort, Reason, UnitEntry
from chiso.results.previous import (
    Previous,
    compared_as,
    previous_counts,
    previous_note,
    previous_section,
)
from chiso.scoring import Framework, exact_text, fmt_points
from chiso.scoring.classify import below_name, level_name, level_names
from chiso.scoring.model import Criterion, Section
from chiso.scoring.numbers import ZERO
from chiso.scoring.ranking import RankEntry
from chiso.scoring.results import NextLevel, Pair, SectionScore, UnitScore, pair
from chiso.units.models import Level

SCHEMA = "chiso-results/1"
# Districts, then communes, then agencies: the order of the published decisions.
LEVEL_ORDER = {Level.DISTRICT: 0, Level.COMMUNE: 1, Level.AGENCY: 2}

Data = dict[str, Any]


@lru_cache(maxsize=65536)
def _texts_of(numerator: int, denominator: int) -> tuple[str, str]:
    """The two texts of a value, worded once per process: a national cohort has ~100,000
    values but a few thousand distinct ones."""
    value = Fraction(numerator, denominator)
    return fmt_points(value, comma=False), exact_text(value)


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


def not_applicable(section: SectionScore) -> list[typed.NotApplicable]:
    """Every group and criterion that did not apply to the unit, with why (the framework's
    rule, the unit's declaration the appraisers did not reject, a ratio over 0): what the
    total's scaling left out of the maximum. A criterion inside a group that does not apply is
    not listed again."""
    found: list[typed.NotApplicable] = []
    for g in section.groups:
        if g.not_applicable:
            found.append(typed.NotApplicable(g.group.code, g.group.name, g.not_applicable))
            continue
        stack = list(g.criteria)
        while stack:
            c = stack.pop(0)
            if c.not_applicable:
                item = c.criterion
                found.append(typed.NotApplicable(item.code, item.name, c.not_applicable))
            else:
                stack[0:0] = c.children
    return found


class Spread:
    """The points of every scored unit of a cohort for one item (a section, group or
    criterion): for each value found, how many units have strictly fewer points.

    Built once per item from the distinct values (a few dozen for most items; 3,321 units
    share them), so that each unit's place is a dictionary look-up: comparing ``Fraction``s
    one by one (a sort of every unit's value, then a binary search per unit and item) was
    the larger part of scoring a national cohort. The values come as (numerator, denominator)
    pairs, not necessarily in lowest terms (a cohort scored column by column adds its points
    as pairs): each pair found is looked up as it is, its value made once."""

    __slots__ = ("below", "count", "distinct", "total")

    def __init__(self, values: Iterable[Pair]) -> None:
        # Counted by pair: a pair of ints hashes far faster than a Fraction.
        counts = Counter(values)
        per_value: Counter[Fraction] = Counter()
        pairs: dict[Fraction, list[Pair]] = {}
        for (n, d), count in counts.items():
            value = Fraction(n, d)
            per_value[value] += count
            pairs.setdefault(value, []).append((n, d))
        self.distinct = sorted(per_value)
        self.below: dict[Pair, int] = {}
        seen, total = 0, ZERO
        for value in self.distinct:
            for found in pairs[value]:
                self.below[found] = seen
            self.below[(value.numerator, value.denominator)] = seen
            seen += per_value[value]
            total += value * per_value[value]
        self.count = seen
        self.total = total

    def fewer(self, mine: Pair) -> int:
        found = self.below.get(mine)
        if found is not None:
            return found
        index = bisect_left(self.distinct, Fraction(*mine))  # a value no unit has
        if index == len(self.distinct):
            return self.count
        nearest = self.distinct[index]
        return self.below[(nearest.numerator, nearest.denominator)]


def _stats(spread: Spread) -> Data:
    return {
        "mean": exact_text(spread.total / spread.count) if spread.count else None,
        "best": exact_text(spread.distinct[-1]) if spread.count else None,
    }


def _exact(value: Fraction) -> str:
    """``exact_text``, worded once per process per value (``_texts_of``)."""
    return _texts_of(value.numerator, value.denominator)[1]


def _texts(value: Fraction) -> tuple[str, str]:
    """``points`` and ``points_exact`` of a value (``_texts_of``)."""
    return _texts_of(value.numerator, value.denominator)


# An item's record written without ``not_applicable``: the key is there only when it is true.
APPLIES = typed.Shape(frozenset({"not_applicable"}))


def _item(value: Pair, everyone: Spread | None) -> typed.Item:
    """A group's or criterion's points and place in the cohort; ``everyone`` None: the item
    does not apply to the unit, so it is compared with no one (``above`` and ``of`` 0)."""
    text, exact = _texts_of(*value)
    if everyone is None:
        return typed.Item(text, exact, 0, 0, True)
    place = _above(value, everyone)
    return typed.Item(text, exact, place["above"], place["of"], None, APPLIES)


def _place(mine: Pair, everyone: Spread) -> typed.Above:
    place = _above(mine, everyone)
    return typed.Above(place["above"], place["of"])


def _above(mine: Pair, everyone: Spread) -> dict[str, int]:
    """How many of the other scored units of the cohort have strictly fewer points (a look-up
    in ``Spread``, not a scan of the cohort for each unit and item, which made a national
    cohort of 3,321 communes quadratic)."""
    return {"above": everyone.fewer(mine), "of": everyone.count - 1}


def _next_level(nxt: NextLevel | None) -> typed.NextLevel | None:
    if nxt is None:
        return None
    return typed.NextLevel(
        nxt.level,
        tuple(
            typed.Shortfall(
                s.check.code,
                s.check.label,
                _exact(s.check.actual),
                _exact(s.check.required),
                _exact(s.check.gap),
                tuple(typed.Room(code, name, _exact(room)) for code, name, room in s.headroom),
            )
            for s in nxt.shortfalls
        ),
    )


# The keys of a unit's section written only when they say something.
SOMETIMES = ("not_applicable", "scaling", "previous_note")


@lru_cache(maxsize=8)
def _written(*present: str) -> typed.Shape:
    """The shape of a unit's section that has, of ``SOMETIMES``, only the keys ``present``."""
    absent = frozenset(k for k in SOMETIMES if k not in present)
    return typed.Shape(absent) if absent else typed.PLAIN


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
) -> typed.UnitSection:
    section = cohort.framework.sections[index]
    code = section.code
    ranked = ranked_by_unit[index][entry.code]
    spreads = everyone[index]
    # Read through the score's section readers: a unit scored column by column builds no
    # criterion score for them (``UnitScore.section_items``).
    points = score.section_points(index)
    level_index = score.section_level(index)
    left_out = score.section_not_applicable(index)
    text, exact = _texts(points)
    present: list[str] = []
    missing: tuple[typed.NotApplicable, ...] | None = None
    scaling = None
    if left_out:  # only then: a snapshot where everything applies reads as it always did
        result = score.sections[index]
        missing, scaling = tuple(not_applicable(result)), result.scaling_explanation()
        present += ["not_applicable", "scaling"]
    note = None
    before = None
    if previous is not None:
        note = previous_note(previous, cohort.level, code, frames[index], used)
        if note:  # only when the frameworks differ: same-framework figures are unchanged
            present.append("previous_note")
        else:
            now = {"points_exact": exact, "level_index": level_index}
            found = previous_section(
                previous, cohort.level, entry.form.unit, code, now, frames[index], used
            )
            before = None if found is None else typed.PreviousFigure.read(found)
    return typed.UnitSection(
        code,
        text,
        exact,
        level_name(section, level_index),
        level_index,
        ranked.rank,
        entry.reason_code or ("" if ranked.rank else Reason.BELOW_LEVEL),
        ranked.reason,
        _place(pair(points), spreads[code]),
        {
            item: _item(value, None if item in left_out else spreads[item])
            for item, value in score.section_items(index).items()
        },
        _next_level(score.section_next_level(index)),
        before,
        missing,
        scaling,
        note or None,
        _written(*present),
    )


def _unit(
    entry: UnitEntry,
    cohort: Cohort,
    frames: list[Data],
    everyone: list[dict[str, Spread]],
    previous: Previous | None,
    ranked_by_unit: list[dict[str, Any]],
    used: tuple[str, str] | None = None,
) -> typed.Unit:
    unit = entry.form.unit
    # A commune's district: since 1 July 2025 a commune's parent is the province itself (two
    # tiers, no districts), which is no district to show or to filter by.
    parent = unit.parent if unit.level == Level.COMMUNE else None
    district = parent if parent is not None and parent.level == Level.DISTRICT else None
    form = entry.form
    score = entry.score
    return typed.Unit(
        unit.code,
        unit.name,
        unit.kind,
        unit.get_kind_display(),
        typed.District(district.code, district.name) if district else None,
        form.status,
        entry.verified,
        form.late,
        _local_day(form.submitted_at),
        entry.reason_code,
        entry.reason,
        None if score is None else typed.Points(*_texts(score.total)),
        ()
        if score is None
        else tuple(
            _unit_section(entry, score, i, cohort, frames, everyone, previous, ranked_by_unit, used)
            for i in range(len(frames))
        ),
    )


def _local_day(at: Any) -> str | None:
    return None if at is None else timezone.localtime(at).date().isoformat()


def _everyone(cohort: Cohort) -> list[dict[str, Spread]]:
    """For each section: the points of every scored unit, by section, group and criterion code
    (the mean and the best do not depend on their order)."""
    sections = cohort.framework.sections
    found: list[dict[str, list[Pair]]] = [{} for _ in sections]
    for entry in cohort.entries:
        score = entry.score
        if score is None:
            continue
        for index, section in enumerate(sections):
            found[index].setdefault(section.code, []).append(pair(score.section_points(index)))
            left_out = score.section_not_applicable(index)
            for item, value in score.section_items(index).items():
                values = found[index].setdefault(item, [])
                if item not in left_out:
                    values.append(value)
    return [{item: Spread(values) for item, values in by_item.items()} for by_item in found]


def _identity(cohort: Cohort) -> tuple[str, str]:
    return (cohort.framework.code, cohort.framework.version)


# Last year's counts have no ``scored``; a section says ``previous_note`` only when it has one.
NO_SCORED = typed.Shape(frozenset({"scored"}))
NO_NOTE = typed.Shape(frozenset({"previous_note"}))


def _previous_counts(found: Data | None) -> typed.Counts | None:
    """Last year's counts (``previous.previous_counts``: units, ranked and per level)."""
    if found is None:
        return None
    return typed.Counts(found["units"], None, found["ranked"], dict(found["per_level"]), NO_SCORED)


def _ranked(entry: RankEntry) -> typed.RankedEntry:
    """A ranked unit of the section (``SectionRanking.ranked``: every one has its rank)."""
    rank = cast(int, entry.rank)
    return typed.RankedEntry(rank, entry.unit, entry.name, *_texts(entry.points), entry.level)


def _section_summary(
    cohort: Cohort,
    index: int,
    frames: list[Data],
    everyone: list[dict[str, Spread]],
    previous: Previous | None,
    used: tuple[str, str] | None = None,
) -> typed.Section:
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
    stats = {item: _stats(values) for item, values in everyone[index].items()}
    return typed.Section(
        frame["code"],
        frame["name"],
        frame["max_points"],
        tuple(frame["levels"]),
        frame["below"],
        tuple(typed.Group(**g) for g in frame["groups"]),
        tuple(typed.CriterionRow(**row) for row in frame["criteria"]),
        typed.Counts(len(cohort.entries), len(ranking.entries), len(ranking.ranked), per_level),
        None
        if previous is None
        else _previous_counts(previous_counts(previous, cohort.level, section.code, frame, used)),
        tuple(_ranked(e) for e in ranking.ranked),
        tuple(
            typed.NotRankedEntry(e.unit, e.name, *_texts(e.points), e.level, e.reason)
            for e in ranking.not_ranked
        )
        + tuple(
            typed.NotRankedEntry(e.code, e.form.unit.name, None, None, "", e.reason)
            for e in not_scored
        ),
        {item: typed.Stat(found["mean"], found["best"]) for item, found in stats.items()},
        note or None,
        # Only when the frameworks differ does a section say why it does not compare.
        typed.PLAIN if note else NO_NOTE,
    )


def _framework(cohort: Cohort) -> typed.FrameworkInfo:
    fw: Framework = cohort.framework
    cf = cohort.campaign_framework
    return typed.FrameworkInfo(
        fw.code, fw.name, fw.version, str(fw.legal_basis), cf.sha256, exact_text(fw.max_points)
    )


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
) -> tuple[typed.Unit, ...]:
    found = []
    for done, entry in enumerate(cohort.entries, 1):
        found.append(_unit(entry, cohort, frames, everyone, previous, ranked_by_unit, used))
        if step is not None and done % STEP_EVERY == 0:
            step(WRITING, done)
    return tuple(found)


# A cohort's ``unit_count`` is only in the heads a unit's report reads (``parts.report_heads``).
NO_UNIT_COUNT = typed.Shape(frozenset({"unit_count"}))


def typed_cohort(
    cohort: Cohort, previous: Previous | None, step: Step | None = None
) -> typed.Cohort:
    """The cohort's results as the typed record the snapshot is written from."""
    everyone = _everyone(cohort)
    frames = [_section_frame(section) for section in cohort.framework.sections]
    # Each unit's ranking entry, looked up once per section rather than rebuilt for every unit.
    ranked_by_unit = [{e.unit: e for e in s.entries} for s in cohort.ranking.sections]
    # Once per cohort: whether last year compares by code or through a crosswalk.
    used = compared_as(previous, cohort.level, _identity(cohort), frames)
    return typed.Cohort(
        cohort.level,
        Level(cohort.level).label,
        _framework(cohort),
        tuple(
            _section_summary(cohort, i, frames, everyone, previous, used)
            for i in range(len(frames))
        ),
        _units(cohort, frames, everyone, previous, ranked_by_unit, used, step),
        None,
        NO_UNIT_COUNT,
    )


def cohort_figures(cohort: Cohort, previous: Previous | None, step: Step | None = None) -> Data:
    """The cohort's figures as JSON data (``typed_cohort`` written)."""
    return typed_cohort(cohort, previous, step).write()


def typed_results(
    results: CampaignResults, previous: Previous | None, step: Step | None = None
) -> typed.Results:
    """Every figure of the campaign's results, and the comparison with ``previous``, as the
    typed object (``to_figures()`` is the snapshot); ``step`` is told how many units are
    written, every ``STEP_EVERY``."""
    campaign = results.campaign
    province = campaign.province
    schedule = campaign.schedule
    cohorts = sorted(results.cohorts, key=lambda c: LEVEL_ORDER.get(Level(c.level), 9))
    return typed.Results(
        SCHEMA,
        typed.Campaign(
            campaign.name,
            campaign.year,
            typed.Province(province.era, province.code, province.name),
            schedule.unit_deadline.isoformat(),
            schedule.grace_until.isoformat(),
            campaign.exclude_late,
        ),
        results.provisional,
        None if previous is None else typed.PreviousYear.read(previous.meta),
        tuple(typed_cohort(c, previous, step) for c in cohorts),
    )


def results_figures(
    results: CampaignResults, previous: Previous | None, step: Step | None = None
) -> Data:
    """The JSON data a snapshot freezes: ``typed_results`` written (``to_figures``)."""
    return typed_results(results, previous, step).to_figures()
