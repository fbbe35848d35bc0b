"""A whole cohort scored column by column: the fast path of ``score_cohort`` (issue 18).

``Compiled.read`` walks each unit's answers one by one (a dict of parsed values, points added
as they are read). Here the cohort is read per criterion instead: each leaf's answers of every
unit form a column; a column of one plain type (ints, texts, yes/no, Fractions, pairs of ints,
documents' fields as texts) is looked up in the leaf's memo of parsed answers in one pass
(``parse_value`` and the rules are pure functions of the answer, so a remembered result is the
result); the points are exact pairs of integers added row by row (cross-multiplication, no
``Fraction`` until a section's total is read). Nothing here is approximate: the same pairs,
compared and added exactly, as ``Compiled.read`` and ``Compiled.totals``.

It takes a cohort only as a whole: every unit plain (no problem, nothing not applicable to it),
each unit once, every answer known and accepted, every required answer there when the cohort
must be complete. Otherwise ``columns`` returns ``None`` and ``score_cohort`` reads unit by
unit (then the reference finds the problems and writes them).

Each unit's parsed values (for its explanations, built when read) are taken from the columns
when first asked for.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from functools import partial
from itertools import chain, repeat
from math import gcd
from operator import itemgetter
from typing import TYPE_CHECKING

from chiso.scoring import applicability, floats
from chiso.scoring.compiled import (
    MEMO_LIMIT,
    PAIR_ZERO,
    Compiled,
    LazyUnitScore,
    Scored,
    SectionTotal,
    Slow,
    _over,
    at_least,
    smaller,
)
from chiso.scoring.model import Criterion, Framework
from chiso.scoring.results import NextLevel, Pair, SectionScore, UnitScore, next_level_of
from chiso.scoring.rules import BestOf, Value

if TYPE_CHECKING:
    from chiso.scoring.engine import UnitAnswers

MISSING: Scored = (None, PAIR_ZERO)  # type: ignore[assignment]  # no answer: no points
_NONE = type(None)
_PLAIN = (int, str, bool, Fraction)
_second = itemgetter(1)


class paused_gc:  # noqa: N801 - used as ``with paused_gc():``, like a function
    """The cyclic garbage collector paused while a cohort is scored or ranked.

    Scoring a national cohort allocates millions of small tuples (pairs, rows); each
    700 allocations the collector would walk the young objects, and the older generations
    again and again — half the time of ``score_cohort`` + ``rank`` (issue 18). What is made
    here holds no reference cycle; reference counting frees it. The collector's state is put
    back as it was (another thread pausing it meanwhile only delays a collection). A plain
    class, not a ``contextmanager`` generator: entered twice per cohort, it costs nothing.
    """

    __slots__ = ("_was_enabled",)

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was_enabled:
            gc.enable()


def columns(
    plan: Compiled, cohort: Sequence[UnitAnswers], complete: bool
) -> list[UnitScore] | None:
    """Every unit's score, or ``None`` when the cohort is not for this path."""
    count = len(cohort)
    if not count:
        return None
    units = [entry.unit for entry in cohort]
    if len(set(units)) != count:
        return None  # a unit twice: the reference's error
    plain = plan.plain_unit
    if not all(plain(entry.kind, entry.tags) for entry in cohort):
        return None
    answers = [entry.answers for entry in cohort]
    if not all(map(plan.input_codes.issuperset, answers)):
        return None  # an unknown code, a group's or a parent's declaration
    required = plan.required if complete else ()
    found: dict[str, list[Scored]] = {}
    gaps: list[str] = []  # the codes some unit did not answer
    try:
        for code in plan.parsers:
            column = [a.get(code) for a in answers]
            kinds = set(map(type, column))  # (``None in column`` would call ``__eq__``)
            if _NONE in kinds:
                if code in required:
                    return None  # a required answer missing: the reference's error
                gaps.append(code)
                kinds.discard(_NONE)
            found[code] = _parsed(plan, code, column, kinds)
    except Slow:
        return None
    return _scores(plan, cohort, units, found, gaps)


def _parsed(plan: Compiled, code: str, column: list[object], kinds: set[type]) -> list[Scored]:
    """The column's parsed answers and their points, ``MISSING`` where there is none."""
    memos, parse = plan.parsers[code]
    keys: Sequence[object] | None = None
    seen: dict[object, Scored] | None = None
    if len(kinds) == 1:
        kind = kinds.pop()
        if kind in _PLAIN:
            keys, seen = column, memos[kind]
        elif kind is list:
            rows = [r for r in column if r is not None]
            if set(map(len, rows)) == {2} and set(map(type, chain.from_iterable(rows))) == {int}:  # type: ignore[arg-type]
                keys = [None if r is None else (r[0], r[1]) for r in column]  # type: ignore[index]
                seen = memos[list]
        elif kind is dict:
            rows = [r for r in column if r is not None]
            texts: Iterable[object] = chain.from_iterable(map(dict.values, rows))  # type: ignore[arg-type]
            if set(map(type, texts)) <= {str}:
                # A document's fields, all texts: remembered by its items (any order).
                keys = [None if r is None else tuple(r.items()) for r in column]  # type: ignore[attr-defined]
                seen = plan.document_memo[code]
    if keys is None or seen is None:
        return [MISSING if raw is None else parse(raw) for raw in column]
    got: list[Scored | None] = list(map(seen.get, keys))
    if None in got:
        for i, scored in enumerate(got):
            if scored is None:
                raw = column[i]
                if raw is None:
                    got[i] = MISSING
                    continue
                result = parse(raw)
                if len(seen) >= MEMO_LIMIT:
                    seen.clear()
                seen[keys[i]] = result
                got[i] = result
    return got  # type: ignore[return-value]


def _sum_rows(parts: list[list[Pair]]) -> list[Pair]:
    """Row by row, the exact sum of the columns' pairs."""
    if len(parts) == 1:
        return parts[0]
    sums = []
    for row in zip(*parts, strict=True):
        n, d = 0, 1
        for pn, pd in row:
            if pd == d:
                n += pn
            else:
                g = gcd(d, pd)
                n, d = n * (pd // g) + pn * (d // g), d // g * pd
        sums.append((n, d))
    return sums


def _node(
    criterion: Criterion, points: dict[str, list[Pair]], count: int, kept: dict[str, list[Pair]]
) -> list[Pair]:
    """A criterion's points over the cohort: a leaf's column, a parent's by its rule; each
    criterion's column is also put in ``kept`` (parents before their children)."""
    if not criterion.children:
        column = kept[criterion.code] = points.get(criterion.code) or [PAIR_ZERO] * count
        return column
    kept[criterion.code] = []  # its place, before its children's
    parts = [_node(c, points, count, kept) for c in criterion.children]
    if type(criterion.rule) is BestOf:  # max(parts, default=0)
        best = []
        for row in zip(*parts, strict=True):
            top = row[0] if row else PAIR_ZERO
            for part in row:
                if not at_least(top, part):
                    top = part
            best.append(top)
        kept[criterion.code] = best
        return best
    cap = (criterion.max_points.numerator, criterion.max_points.denominator)
    column = kept[criterion.code] = [smaller(total, cap) for total in _sum_rows(parts)]
    return column


def _scores(
    plan: Compiled,
    cohort: Sequence[UnitAnswers],
    units: list[str],
    found: dict[str, list[Scored]],
    gaps: list[str],
) -> list[UnitScore]:
    count = len(units)
    points = {code: list(map(_second, column)) for code, column in found.items()}
    # Normalised criteria: each unit's number against the best of the counted units.
    best: dict[str, Fraction] = {}
    if plan.cohort:
        counted = [not entry.excluded for entry in cohort]
        for code, (rule_points, common) in plan.cohort.items():
            numbers = points[code]
            present = [s is not MISSING for s in found[code]]
            top: Pair | None = None
            for number, there, counts in zip(numbers, present, counted, strict=True):
                if there and counts and (top is None or not at_least(top, number)):
                    top = number
            best[code] = Fraction(*(PAIR_ZERO if top is None else top))
            against = best[code]
            points[code] = [
                _over(rule_points(Fraction(*number), against), common) if there else PAIR_ZERO
                for number, there in zip(numbers, present, strict=True)
            ]
    quick = None
    if floats.usable(count):
        try:
            quick = floats.FloatCohort(plan, points, count)
        except OverflowError:  # points beyond a float, or too many: the exact columns decide
            quick = None
    exact = partial(_exact_sections, plan, points, count)
    table = Cohort(plan, cohort, found, gaps, best, exact, quick)
    return CohortUnitScore.many(units, table)


Sections = list[tuple[list[Pair], list[list[Pair]], list[int | None]]]


def _exact_sections(
    plan: Compiled, points: dict[str, list[Pair]], count: int
) -> tuple[Sections, list[dict[str, list[Pair]]]]:
    """Each section's totals, groups' points and levels of every unit, and its groups' and
    criteria's columns, added up exactly."""
    framework = plan.framework
    sections: Sections = []
    items: list[dict[str, list[Pair]]] = []
    for index, section in enumerate(framework.sections):
        group_columns = []
        criteria: dict[str, list[Pair]] = {}
        for group in section.groups:
            total = _sum_rows([_node(top, points, count, criteria) for top in group.criteria])
            if group.cap is not None:
                cap = (group.cap.numerator, group.cap.denominator)
                cn, cd = cap
                total = [cap if n * cd > cn * d else (n, d) for n, d in total]
            group_columns.append(total)
        totals = _sum_rows(group_columns)
        level = partial(plan.level, index)
        levels = list(map(level, totals, zip(*group_columns, strict=True)))
        sections.append((totals, group_columns, levels))
        # Every group's column, then every criterion's, in the order ``section_items`` reads.
        columns = {g.code: column for g, column in zip(section.groups, group_columns, strict=True)}
        items.append(columns | criteria)
    return sections, items


def _missing(
    plan: Compiled, found: dict[str, list[Scored]], gaps: list[str], count: int
) -> list[tuple[str, ...]]:
    """Each unit's leaves without an answer, in the framework's order."""
    if not gaps and len(found) == len(plan.leaves):
        return [()] * count
    without = {code: [s is MISSING for s in found[code]] for code in gaps}
    never = [False] * count
    none = [True] * count
    flags = [without.get(c.code, never if c.code in found else none) for c in plan.leaves]
    codes = [leaf.code for leaf in plan.leaves]
    return [
        tuple(code for code, unit_flags in zip(codes, flags, strict=True) if unit_flags[i])
        for i in range(count)
    ]


class Cohort:
    """A cohort scored column by column: each section's levels per unit, the parsed answers and
    the leaves' points; each section's totals, groups' and criteria's points (exact pairs) added
    up when first read. A large cohort's levels and published totals are decided on floats,
    exactly (``floats.py``); a unit's ``SectionTotal``s, missing leaves and criterion scores
    are made from the columns when first read."""

    def __init__(
        self,
        plan: Compiled,
        entries: Sequence[UnitAnswers],
        found: dict[str, list[Scored]],
        gaps: list[str],
        best: dict[str, Fraction],
        exact: Callable[[], tuple[Sections, list[dict[str, list[Pair]]]]],
        quick: floats.FloatCohort | None,
    ) -> None:
        self.plan = plan
        self.framework = plan.framework
        self.entries = entries
        self.found = found
        self.gaps = gaps
        self.best = best
        self.quick = quick
        self._exact = exact
        self._sections: Sections | None = None
        self._totals: list[list[Pair]] = []
        self._groups: list[list[list[Pair]]] = []
        self._items: list[dict[str, list[Pair]]] = []
        self.levels = quick.levels if quick is not None else [s[2] for s in self._columns()]
        self._points: list[list[Fraction | None]] = [[None] * len(entries) for _ in self.levels]
        self._missing: list[tuple[str, ...]] | None = None

    def _columns(self) -> Sections:
        sections = self._sections
        if sections is None:
            sections, items = self._exact()
            self._totals = [totals for totals, _, _ in sections]
            self._groups = [groups for _, groups, _ in sections]
            self._items = items
            self._sections = sections
        return sections

    @property
    def totals(self) -> list[list[Pair]]:
        """Each section's total of every unit (exact pairs)."""
        self._columns()
        return self._totals

    @property
    def groups(self) -> list[list[list[Pair]]]:
        """Each section's groups' points of every unit (exact pairs)."""
        self._columns()
        return self._groups

    @property
    def items(self) -> list[dict[str, list[Pair]]]:
        """Each section's columns of its groups, then its criteria (exact pairs)."""
        self._columns()
        return self._items

    def points(self, section: int, index: int) -> Fraction:
        """A unit's section total as a ``Fraction`` (made once)."""
        known = self._points[section]
        points = known[index]
        if points is None:
            points = known[index] = Fraction(*self.totals[section][index])
        return points

    def all_points(self, section: int) -> list[Fraction]:
        """Every unit's section total as a ``Fraction`` (those not made yet made now, in one
        pass)."""
        known = self._points[section]
        made = [
            Fraction(n, d) if points is None else points
            for points, (n, d) in zip(known, self.totals[section], strict=True)
        ]
        known[:] = made
        return made

    def published(self, section: int, places: int) -> list[int]:
        """``numbers.scaled(total, places)`` (half-up) of every unit: integer divisions (on
        floats, exactly, for a large cohort)."""
        if self.quick is not None:
            return self.quick.published(section, places)
        factor: int = 10**places
        return [(2 * n * factor + d) // (2 * d) for n, d in self.totals[section]]

    def summary(self, index: int) -> list[SectionTotal]:
        found = []
        for section, (totals, groups, levels) in enumerate(
            zip(self.totals, self.groups, self.levels, strict=True)
        ):
            total = SectionTotal(
                self.framework.sections[section],
                totals[index],
                levels[index],
                [column[index] for column in groups],
            )
            total._points = self.points(section, index)
            found.append(total)
        return found

    def section_items(self, section: int, index: int) -> dict[str, Pair]:
        """A unit's points of each group and criterion of a section (``section_items``)."""
        return {code: column[index] for code, column in self.items[section].items()}

    def next_level(self, section: int, index: int) -> NextLevel | None:
        """``SectionScore.next_level`` of a unit's section, from the columns: the cohort is
        plain (every section sums its groups, nothing is not applicable), so a criterion's room
        is its headroom."""
        part = self.framework.sections[section]
        columns = self.items[section]

        def rooms() -> Iterator[tuple[str, Criterion, Fraction]]:
            for group in part.groups:
                for top in group.criteria:
                    n, d = columns[top.code][index]
                    most = top.max_points
                    mn, md = most.numerator, most.denominator
                    yield group.code, top, Fraction(mn * d - n * md, md * d)  # most - n/d

        groups = [Fraction(n, d) for n, d in (column[index] for column in self.groups[section])]
        level = self.levels[section][index]
        return next_level_of(part, level, self.points(section, index), groups, rooms)

    def missing(self, index: int) -> tuple[str, ...]:
        if self._missing is None:
            self._missing = _missing(self.plan, self.found, self.gaps, len(self.entries))
        return self._missing[index]

    def values(self, index: int) -> dict[str, Value]:
        values: dict[str, Value] = {}
        for code, column in self.found.items():
            scored = column[index]
            if scored is not MISSING:
                values[code] = scored[0]
        return values

    def score(self, index: int) -> UnitScore:
        """The reference's ``_score_values`` on the unit's parsed answers (its explanations)."""
        from chiso.scoring import reference

        entry = self.entries[index]
        who = applicability.Unit(entry.kind, frozenset(entry.tags), {})
        return reference._score_values(
            self.framework, self.values(index), entry.unit, self.best, who
        )


class CohortUnitScore(LazyUnitScore):
    """A unit of a ``Cohort``: its unit and place; everything else read from the cohort (and
    kept) when asked for. ``rank`` reads the cohort's columns directly."""

    __slots__ = ("_cohort", "_index", "_sections", "_summary")
    _cohort: Cohort
    _index: int
    _sections: tuple[SectionScore, ...]
    _summary: list[SectionTotal]
    provisional = ()

    def __init__(self, unit: str, cohort: Cohort, index: int) -> None:
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "_cohort", cohort)
        object.__setattr__(self, "_index", index)

    @classmethod
    def many(cls, units: list[str], cohort: Cohort) -> list[UnitScore]:
        """``[CohortUnitScore(unit, cohort, i) for i, unit in enumerate(units)]``, each slot of
        every unit set in one pass (no ``__init__`` call per unit: a national cohort has
        11,305)."""
        made: list[UnitScore] = list(map(object.__new__, repeat(cls, len(units))))
        slots: tuple[tuple[str, Iterable[object]], ...] = (
            ("unit", units),
            ("_cohort", repeat(cohort)),
            ("_index", range(len(units))),
        )
        for slot, values in slots:
            deque(map(getattr(cls, slot).__set__, made, values), maxlen=0)
        return made

    @property
    def framework(self) -> Framework:
        return self._cohort.framework

    @property
    def missing(self) -> tuple[str, ...]:
        return self._cohort.missing(self._index)

    @property
    def summary(self) -> list[SectionTotal]:  # type: ignore[override]
        try:
            return self._summary
        except AttributeError:
            found = self._cohort.summary(self._index)
            object.__setattr__(self, "_summary", found)
            return found

    @property
    def sections(self) -> tuple[SectionScore, ...]:
        try:
            return self._sections
        except AttributeError:
            found = self._cohort.score(self._index).sections
            object.__setattr__(self, "_sections", found)
            return found

    # What the cohort's figures read (``UnitScore.section_items`` and the others), from the
    # columns: no criterion score is built for them.

    def section_points(self, index: int) -> Fraction:
        return self._cohort.points(index, self._index)

    def section_level(self, index: int) -> int | None:
        return self._cohort.levels[index][self._index]

    def section_items(self, index: int) -> dict[str, Pair]:
        return self._cohort.section_items(index, self._index)

    def section_not_applicable(self, index: int) -> frozenset[str]:
        return frozenset()  # a plain cohort: nothing is not applicable to any unit

    def section_next_level(self, index: int) -> NextLevel | None:
        return self._cohort.next_level(index, self._index)

    def __repr__(self) -> str:
        return f"CohortUnitScore(unit={self.unit!r}, framework={self.framework.code!r})"
