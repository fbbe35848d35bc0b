"""The scoring core compiled once per framework: the fast path of ``score_cohort`` and ``rank``.

The reference (``reference.py``) walks the framework's tree for every unit, parses every answer
through ``Decimal`` and ``Fraction`` and builds every explanation object. At national scale
(10,600 communes) that is most of the time, and most of it is never read. Here, once per
framework:

- the leaves, the required codes and, for each leaf, a parser that remembers what each plain
  answer (an int, a text, yes/no, a pair of ints) parsed to — ``parse_value`` is a pure function
  of the answer, so a remembered value is the value it gives;
- for each leaf, its rule as a function of the answer giving the points as a pair of integers
  (numerator, denominator > 0, not reduced); groups, criteria and sections add pairs, compare
  them by cross-multiplication (exact) and make one ``Fraction`` per section total;
- the levels' thresholds as pairs.

A unit's result is a ``LazyUnitScore``: its section totals and levels, computed; its tree of
criterion scores (what explanations read) is built by the reference ``_score_values`` when
first read, from the same parsed answers, so it is the reference's. What the fast path does not
cover goes to the reference as a whole: a unit with a problem or with anything not applicable
(then the errors and reasons are the reference's own), and frameworks with the 2026 rules
(weights, N/A scaling, bonus/malus).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from fractions import Fraction
from functools import lru_cache
from math import gcd

from chiso.scoring import applicability
from chiso.scoring.answers import declaration, parse_value
from chiso.scoring.model import (
    Bands,
    Criterion,
    DocumentRef,
    Framework,
    InputKind,
    Section,
    ZeroDenominator,
)
from chiso.scoring.results import SectionScore, UnitScore
from chiso.scoring.rules import (
    Appraiser,
    BestOf,
    ByDate,
    Choice,
    Document,
    Normalised,
    PerItem,
    Proportional,
    SumOfParts,
    Tiers,
    Value,
    YesNo,
)

Pair = tuple[int, int]  # an exact number: numerator, denominator > 0 (not necessarily reduced)
LeafPoints = Callable[[Value, Fraction | None], Pair]
PAIR_ZERO: Pair = (0, 1)
MEMO_LIMIT = 50_000  # remembered answers per leaf and answer type, then forgotten


class Slow(Exception):
    """This unit leaves the fast path: the reference scores it (and finds its problems)."""


def pair(value: Fraction) -> Pair:
    return value.numerator, value.denominator


def add(a: Pair, b: Pair) -> Pair:
    an, ad = a
    bn, bd = b
    if ad == bd:
        return an + bn, ad
    g = gcd(ad, bd)
    return an * (bd // g) + bn * (ad // g), ad // g * bd


def at_least(a: Pair, b: Pair) -> bool:
    """a ≥ b, exactly."""
    return a[0] * b[1] >= b[0] * a[1]


def smaller(a: Pair, b: Pair) -> Pair:
    return a if a[0] * b[1] <= b[0] * a[1] else b


def numeric_pair(value: Value) -> Pair:
    """``rules.numeric_value`` as a pair: a ratio's quotient (0 when its denominator is 0)."""
    if isinstance(value, tuple):
        numerator, denominator = value
        if not denominator:
            return PAIR_ZERO
        n = numerator.numerator * denominator.denominator
        d = numerator.denominator * denominator.numerator
        return (n, d) if d > 0 else (-n, -d)
    assert isinstance(value, Fraction)
    return value.numerator, value.denominator


# --- answers -------------------------------------------------------------------------------


def _parser(criterion: Criterion) -> Callable[[object], Value]:
    """``parse_value`` for this leaf, remembering the values of plain answers; ``Slow`` when
    the answer is refused or is a không áp dụng declaration (the reference says why)."""
    memo: dict[type, dict[object, Value]] = {int: {}, str: {}, bool: {}, list: {}}

    def parse(raw: object) -> Value:
        kind = type(raw)
        if kind is list or kind is tuple:
            assert isinstance(raw, list | tuple)
            if len(raw) != 2 or type(raw[0]) is not int or type(raw[1]) is not int:
                return _plain(raw)
            key: object = (raw[0], raw[1])
            kind = list
        elif kind is int or kind is str or kind is bool:
            key = raw
        else:
            return _plain(raw)
        seen = memo[kind]
        try:
            return seen[key]
        except KeyError:
            pass
        value = _plain(raw)
        if len(seen) >= MEMO_LIMIT:
            seen.clear()
        seen[key] = value
        return value

    def _plain(raw: object) -> Value:
        if isinstance(raw, Mapping):
            try:
                if declaration(raw) is not None:
                    raise Slow
            except ValueError:
                raise Slow from None
        try:
            return parse_value(criterion, raw)
        except ValueError:
            raise Slow from None

    return parse


# --- rules ---------------------------------------------------------------------------------


def _leaf_points(criterion: Criterion) -> LeafPoints:
    """The criterion's ``rule.points`` on pairs of integers (the rules of ``rules.py``)."""
    rule = criterion.rule
    full = pair(criterion.max_points)
    full_n, full_d = full
    kind = criterion.input.kind if criterion.input is not None else None

    if type(rule) is YesNo:
        yes = full if rule.points_yes is None else pair(rule.points_yes)
        return lambda value, best: yes if value is True else PAIR_ZERO

    if type(rule) is Proportional:
        target = None if rule.target is None else pair(rule.target)
        percentage = kind is InputKind.PERCENTAGE

        def proportional(value: Value, best: Fraction | None) -> Pair:
            n, d = numeric_pair(value)
            if percentage:
                d *= 100
            elif not isinstance(value, tuple):
                assert target is not None
                n, d = n * target[1], d * target[0]
            if n >= d:
                return full
            return n * full_n, d * full_d

        return proportional

    if type(rule) is Tiers:
        tiers = [(pair(t.minimum), pair(t.points)) for t in rule.tiers]

        def tiered(value: Value, best: Fraction | None) -> Pair:
            n, d = numeric_pair(value)
            if isinstance(value, tuple):
                n *= 100
            for (low_n, low_d), points in tiers:
                if n * low_d >= low_n * d:
                    return points
            return PAIR_ZERO

        return tiered

    if type(rule) is PerItem:
        each_n, each_d = pair(rule.points_per_item)
        limit = pair(rule.limit(criterion))

        def per_item(value: Value, best: Fraction | None) -> Pair:
            n, d = numeric_pair(value)
            return smaller((n * each_n, d * each_d), limit)

        return per_item

    if type(rule) is Choice:
        options = {o.value: pair(o.points) for o in reversed(rule.options)}
        return lambda value, best: options[value]  # type: ignore[index]

    if type(rule) is Normalised:

        def normalised(value: Value, best: Fraction | None) -> Pair:
            n, d = numeric_pair(value)
            top = (n, d) if best is None else pair(best)
            if top[0] <= 0:
                return PAIR_ZERO
            n, d = n * top[1], d * top[0]
            if n >= d:
                return full
            return n * full_n, d * full_d

        return normalised

    if type(rule) is Appraiser:
        return lambda value, best: numeric_pair(value)

    if type(rule) is Document:
        return lambda value, best: full if isinstance(value, DocumentRef) else PAIR_ZERO

    if type(rule) is ByDate:
        dates = [(t.on_or_before, pair(t.points)) for t in rule.tiers]

        def by_date(value: Value, best: Fraction | None) -> Pair:
            if value is False:
                return PAIR_ZERO
            day = value.date if isinstance(value, DocumentRef) else value
            assert isinstance(day, dt.date)
            for deadline, points in dates:
                if day <= deadline:
                    return points
            return PAIR_ZERO

        return by_date

    return lambda value, best: pair(rule.points(criterion, value, best))


# --- the framework, compiled ----------------------------------------------------------------


class Node:
    """A criterion of the tree: a leaf's points, or its children's combined by its rule."""

    __slots__ = ("best_of", "cap", "children", "code", "cohort", "points", "zero_na")

    def __init__(self, criterion: Criterion) -> None:
        self.code = criterion.code
        self.children = tuple(Node(c) for c in criterion.children)
        self.best_of = type(criterion.rule) is BestOf
        self.cap = pair(criterion.max_points)
        self.points = None if self.children else _leaf_points(criterion)
        self.cohort = criterion.rule.needs_cohort
        self.zero_na = criterion.zero_denominator is ZeroDenominator.NOT_APPLICABLE


class Compiled:
    """What ``score_cohort`` and ``rank`` need of a framework, worked out once."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.leaves: tuple[Criterion, ...] = tuple(framework.leaves())
        self.parsers = {leaf.code: _parser(leaf) for leaf in self.leaves if leaf.input}
        self.required = tuple(leaf.code for leaf in self.leaves if leaf.required)
        self.cohort_codes = tuple(c.code for c in self.leaves if c.rule.needs_cohort)
        self.fast = all(_fast_section(s) for s in framework.sections)
        self.sections = [
            [(pair(g.cap) if g.cap is not None else None, [Node(c) for c in g.criteria])
             for g in s.groups]
            for s in framework.sections
        ]  # fmt: skip
        self.levels = [_thresholds(s) for s in framework.sections]
        self._units: dict[tuple[str, frozenset[str]], bool] = {}

    def plain_unit(self, kind: str, tags: Collection[str]) -> bool:
        """A unit of this kind and tags has no problem and nothing the framework makes not
        applicable to it (then the reference handles it)."""
        key = (kind, frozenset(tags))
        known = self._units.get(key)
        if known is None:
            framework = self.framework
            who = applicability.Unit(kind, key[1])
            names = framework.tag_names
            known = not applicability.unit_problems(framework, kind, tags) and not any(
                item.applies_to is not None and who.reason(item, names)
                for item in applicability.applicable_items(framework)
            )
            self._units[key] = known
        return known

    def read(self, answers: Mapping[str, object], complete: bool) -> dict[str, Value]:
        """The parsed answers of a plain unit; ``Slow`` for anything the reference must see."""
        parsers = self.parsers
        values: dict[str, Value] = {}
        for code, raw in answers.items():
            parse = parsers.get(code)
            if parse is None:
                raise Slow  # unknown code, a group's or a parent criterion's
            if raw is not None:
                values[code] = parse(raw)
        if complete:
            for code in self.required:
                if code not in values:
                    raise Slow
        return values

    def best(self, units: Sequence[Mapping[str, Value]]) -> dict[str, Fraction]:
        """``reference.cohort_best``: each normalised criterion's best value (0 when none)."""
        found: dict[str, Fraction] = {}
        for code in self.cohort_codes:
            top: Pair | None = None
            for values in units:
                value = values.get(code)
                if value is not None:
                    candidate = numeric_pair(value)
                    if top is None or not at_least(top, candidate):
                        top = candidate
            found[code] = Fraction(0) if top is None else Fraction(*top)
        return found

    def totals(
        self, values: Mapping[str, Value], best: Mapping[str, Fraction]
    ) -> tuple[list[tuple[Pair, list[Pair]]], tuple[str, ...]]:
        """Each section's total and its groups' points, and the leaves without an answer."""
        missing: list[str] = []

        def points(node: Node) -> Pair:
            if node.children:
                parts = [points(child) for child in node.children]
                if node.best_of:  # max(parts, default=0)
                    if not parts:
                        return PAIR_ZERO
                    top = parts[0]
                    for part in parts:
                        if not at_least(top, part):
                            top = part
                    return top
                total = PAIR_ZERO
                for part in parts:
                    total = add(total, part)
                return smaller(total, node.cap)
            value = values.get(node.code)
            if value is None:
                missing.append(node.code)
                return PAIR_ZERO
            if node.zero_na and isinstance(value, tuple) and value[1] == 0:
                raise Slow  # not applicable to this unit: the reference explains it
            assert node.points is not None
            return node.points(value, best.get(node.code) if node.cohort else None)

        sections = []
        for groups in self.sections:
            group_points = []
            section_total = PAIR_ZERO
            for cap, nodes in groups:
                group_total = PAIR_ZERO
                for node in nodes:
                    group_total = add(group_total, points(node))
                if cap is not None:
                    group_total = smaller(group_total, cap)
                group_points.append(group_total)
                section_total = add(section_total, group_total)
            sections.append((section_total, group_points))
        return sections, tuple(missing)

    def level(self, index: int, total: Pair, group_points: Sequence[Pair]) -> int | None:
        """``classify.level_index`` on pairs."""
        for position, (minimum, requirements) in enumerate(self.levels[index]):
            if at_least(total, minimum) and all(
                at_least(group_points[g], need) for g, need in requirements
            ):
                return position
        return None


def _fast_section(section: Section) -> bool:
    if not section.plain:
        return False
    return all(
        type(c.rule) in (SumOfParts, BestOf)
        for g in section.groups
        for top in g.criteria
        for c in top.walk()
        if c.children
    )


def _thresholds(section: Section) -> list[tuple[Pair, list[tuple[int, Pair]]]]:
    classification = section.classification
    if isinstance(classification, Bands):
        return [(pair(b.min_total), []) for b in classification.bands]
    return [
        (pair(level.min_total), [(g, pair(m)) for g, m in level.requirements])
        for level in classification.levels
    ]


@lru_cache(maxsize=64)
def compiled(framework: Framework) -> Compiled:
    """The framework compiled (frameworks are immutable; compared by identity)."""
    return Compiled(framework)


# --- results that build their explanations when read ---------------------------------------


class SectionTotal:
    """What ranking needs of a unit's section: its total, level and groups' points."""

    __slots__ = ("_group_pairs", "_group_points", "level_index", "points", "section")

    def __init__(
        self, section: Section, points: Fraction, level: int | None, groups: list[Pair]
    ) -> None:
        self.section = section
        self.points = points
        self.level_index = level
        self._group_pairs = groups
        self._group_points: list[Fraction] | None = None

    @property
    def group_points(self) -> list[Fraction]:
        if self._group_points is None:
            self._group_points = [Fraction(n, d) for n, d in self._group_pairs]
        return self._group_points


class LazyUnitScore(UnitScore):
    """A ``UnitScore`` whose sections (criterion scores, explanations) are built when read.

    The totals and levels are computed by the compiled framework; ``sections`` is the
    reference's ``_score_values`` on the same answers, the first time it is read.
    """

    __slots__ = ("_build", "_built", "summary")
    _build: Callable[[], UnitScore] | None
    _built: tuple[SectionScore, ...] | None
    summary: list[SectionTotal]

    def __init__(
        self,
        unit: str,
        framework: Framework,
        summary: list[SectionTotal],
        missing: tuple[str, ...],
        build: Callable[[], UnitScore],
    ) -> None:
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "framework", framework)
        object.__setattr__(self, "missing", missing)
        object.__setattr__(self, "provisional", ())
        object.__setattr__(self, "summary", summary)
        object.__setattr__(self, "_build", build)
        object.__setattr__(self, "_built", None)

    @property
    def sections(self) -> tuple[SectionScore, ...]:
        built = self._built
        if built is None:
            assert self._build is not None
            built = self._build().sections
            object.__setattr__(self, "_built", built)
            object.__setattr__(self, "_build", None)
        return built

    @property
    def total(self) -> Fraction:
        return sum((s.points for s in self.summary), Fraction(0))

    def __repr__(self) -> str:
        return f"LazyUnitScore(unit={self.unit!r}, framework={self.framework.code!r})"
