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
from chiso.scoring.results import Pair, SectionScore, UnitScore, pair
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

LeafPoints = Callable[[Value, Fraction | None], Pair]
PAIR_ZERO: Pair = (0, 1)
MEMO_LIMIT = 50_000  # remembered answers per leaf and answer type, then forgotten


class Slow(Exception):
    """This unit leaves the fast path: the reference scores it (and finds its problems)."""


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


Totals = tuple[Pair, list[Pair]]
Missing = tuple[str, ...]
# What ``read`` leaves for ``totals``: points by code (parents' leaves, normalised leaves) and
# each group's sum of its own leaves so far (numerators and their denominators).
Read = tuple[dict[str, Pair], list[int], list[int]]  # a section's total and its groups' points
Scored = tuple[Value, Pair]  # a parsed answer and its points (a normalised one: its number)
DOCUMENT_KEYS = frozenset({"number", "date", "issuer", "summary"})


Memo = dict[type, dict[object, "Scored"]]


def _parser(criterion: Criterion, common: int) -> tuple[Memo, Callable[[object], Scored]]:
    """``parse_value`` for this leaf and the answer's points, remembered for plain answers (an
    int, a text, yes/no, a Fraction, two ints, a document's fields as texts); ``Slow`` when the
    answer is refused, is a không áp dụng declaration, or makes the criterion not applicable.

    Returns the memo by the answer's type (1 and True are different answers; a list's key is
    the tuple of its two ints), which ``Compiled.read`` looks into first, and the parser."""
    memo: Memo = {int: {}, str: {}, bool: {}, Fraction: {}, list: {}, dict: {}}
    points = _leaf_points(criterion)
    cohort = criterion.rule.needs_cohort
    zero_na = criterion.zero_denominator is ZeroDenominator.NOT_APPLICABLE

    def parse(raw: object) -> Scored:
        kind = type(raw)
        key: object
        if kind is list or kind is tuple:
            assert isinstance(raw, list | tuple)
            if len(raw) != 2 or type(raw[0]) is not int or type(raw[1]) is not int:
                return plain(raw)
            key, kind = (raw[0], raw[1]), list
        elif kind is int or kind is str or kind is bool or kind is Fraction:
            key = raw
        elif kind is dict:
            assert isinstance(raw, dict)
            if not raw.keys() <= DOCUMENT_KEYS or not all(type(v) is str for v in raw.values()):
                return plain(raw)
            key = (raw.get("number"), raw.get("date"), raw.get("issuer"), raw.get("summary"))
        else:
            return plain(raw)
        seen = memo[kind]
        found = seen.get(key)
        if found is None:
            found = plain(raw)
            if len(seen) >= MEMO_LIMIT:
                seen.clear()
            seen[key] = found
        return found

    def plain(raw: object) -> Scored:
        if isinstance(raw, Mapping):
            try:
                if declaration(raw) is not None:
                    raise Slow
            except ValueError:
                raise Slow from None
        try:
            value = parse_value(criterion, raw)
        except ValueError:
            raise Slow from None
        if zero_na and isinstance(value, tuple) and value[1] == 0:
            raise Slow  # nothing to measure: not applicable to this unit
        if cohort:
            return value, numeric_pair(value)
        return value, _over(points(value, None), common)

    return {k: memo[k] for k in (int, str, bool, Fraction, list)}, parse


def _over(value: Pair, common: int) -> Pair:
    """The same number over the common denominator when it divides it (sums add numerators),
    else in lowest terms (smaller integers to add and compare)."""
    n, d = value
    g = gcd(n, d)
    if g > 1:
        n, d = n // g, d // g
    if common % d == 0:
        return n * (common // d), common
    return n, d


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


class Compiled:
    """What ``score_cohort`` and ``rank`` need of a framework, worked out once."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.leaves: tuple[Criterion, ...] = tuple(framework.leaves())
        self.common = _common_denominator(framework)
        self.parsers = {leaf.code: _parser(leaf, self.common) for leaf in self.leaves if leaf.input}
        self.input_codes = frozenset(self.parsers)
        self.document_memo: dict[str, dict[object, Scored]] = {code: {} for code in self.parsers}
        self.required = tuple(leaf.code for leaf in self.leaves if leaf.required)
        self.cohort = {
            c.code: (_leaf_points(c), self.common) for c in self.leaves if c.rule.needs_cohort
        }
        self.fast = all(_fast_section(s) for s in framework.sections)
        # Each group: its cap, the slot adding up its top-level leaves' points as they are read,
        # and what is added afterwards (parent criteria, normalised leaves).
        self.sections: list[list[tuple[Pair | None, int, list[str | Evaluate]]]] = []
        slots: dict[str, int] = {}
        for section in framework.sections:
            groups: list[tuple[Pair | None, int, list[str | Evaluate]]] = []
            for group in section.groups:
                slot = sum(len(g) for g in self.sections) + len(groups)
                rest: list[str | Evaluate] = []
                for top in group.criteria:
                    if top.children or top.rule.needs_cohort:
                        rest.append(_node(top))
                    else:
                        slots[top.code] = slot
                groups.append((None if group.cap is None else pair(group.cap), slot, rest))
            self.sections.append(groups)
        self.slots = sum(len(g) for g in self.sections)
        self.readers = {
            code: (memo, parse, slots.get(code, -1)) for code, (memo, parse) in self.parsers.items()
        }
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

    def read(self, answers: Mapping[str, object], complete: bool) -> tuple[dict[str, Value], Read]:
        """The parsed answers of a plain unit, the points of its groups' own leaves added up as
        they are read, and the others' points (a normalised criterion's: its number until
        ``normalise``); ``Slow`` for anything the reference must see."""
        readers = self.readers
        common = self.common
        values: dict[str, Value] = {}
        scored: dict[str, Pair] = {}
        sums = [0] * self.slots
        over = [common] * self.slots
        for code, raw in answers.items():
            reader = readers.get(code)
            if reader is None:
                raise Slow  # unknown code, a group's or a parent criterion's
            if raw is None:
                continue
            # Inline: this loop runs for every answer of the cohort.
            kind = type(raw)
            if kind is list:  # a ratio [numerator, denominator]
                assert isinstance(raw, list)
                found = None
                if len(raw) == 2 and type(raw[0]) is int and type(raw[1]) is int:
                    found = reader[0][list].get((raw[0], raw[1]))
            else:
                memo = reader[0].get(kind)
                found = None if memo is None else memo.get(raw)
            if found is None:
                found = reader[1](raw)
            values[code] = found[0]
            slot = reader[2]
            if slot < 0:
                scored[code] = found[1]
                continue
            pn, pd = found[1]
            d = over[slot]
            if pd == d:
                sums[slot] += pn
            else:
                g = gcd(d, pd)
                sums[slot] = sums[slot] * (pd // g) + pn * (d // g)
                over[slot] = d // g * pd
        if complete:
            for code in self.required:
                if code not in values:
                    raise Slow
        return values, (scored, sums, over)

    def best(self, units: Sequence[Mapping[str, Pair]]) -> dict[str, Pair]:
        """``reference.cohort_best``: each normalised criterion's best number (0 when none)."""
        found: dict[str, Pair] = {}
        for code in self.cohort:
            top: Pair | None = None
            for scored in units:
                candidate = scored.get(code)
                if candidate is not None and (top is None or not at_least(top, candidate)):
                    top = candidate
            found[code] = PAIR_ZERO if top is None else top
        return found

    def numbers(self, values: Mapping[str, Value]) -> dict[str, Pair]:
        """The numbers of the normalised criteria of a unit the reference read."""
        return {code: numeric_pair(values[code]) for code in self.cohort if code in values}

    def normalise(self, read: Read, best: Mapping[str, Fraction]) -> None:
        """The points of the normalised criteria, against the cohort's best."""
        scored = read[0]
        for code, (points, common) in self.cohort.items():
            own = scored.get(code)
            if own is not None:
                scored[code] = _over(points(Fraction(*own), best[code]), common)

    def totals(self, values: Collection[str], read: Read) -> tuple[list[Totals], Missing]:
        """Each section's total and its groups' points, and the leaves without an answer
        (``values``: the codes answered)."""
        scored, sums, over = read
        sections = []
        common = self.common
        for groups in self.sections:
            group_points = []
            sn, sd = 0, common
            for cap, slot, rest in groups:
                n, d = sums[slot], over[slot]
                for node in rest:
                    if isinstance(node, str):
                        part = scored.get(node)
                        if part is None:
                            continue
                    else:
                        part = node(scored)
                    pn, pd = part
                    if pd == d:
                        n += pn
                    else:
                        g = gcd(d, pd)
                        n, d = n * (pd // g) + pn * (d // g), d // g * pd
                if cap is not None and n * cap[1] > cap[0] * d:
                    n, d = cap
                group_points.append((n, d))
                if d == sd:
                    sn += n
                else:
                    g = gcd(d, sd)
                    sn, sd = sn * (d // g) + n * (sd // g), sd // g * d
            sections.append(((sn, sd), group_points))
        if len(values) == len(self.leaves):
            return sections, ()
        return sections, tuple(c.code for c in self.leaves if c.code not in values)

    def unit_totals(self, points: Mapping[str, Pair]) -> list[Totals]:
        """``totals`` of one unit given every leaf's points (normalised ones included): what
        ``read`` and ``normalise`` leave, made from points already known (``floats.py``
        decides a unit again with it)."""
        sums = [0] * self.slots
        over = [self.common] * self.slots
        readers = self.readers
        for code, points_of in points.items():
            slot = readers[code][2]
            if slot >= 0:
                sums[slot], over[slot] = add((sums[slot], over[slot]), points_of)
        sections, _ = self.totals(points, (dict(points), sums, over))
        return sections

    def level(self, index: int, total: Pair, group_points: Sequence[Pair]) -> int | None:
        """``classify.level_index`` on pairs."""
        tn, td = total
        for position, ((mn, md), requirements) in enumerate(self.levels[index]):
            if tn * md < mn * td:
                continue
            for g, (rn, rd) in requirements:
                gn, gd = group_points[g]
                if gn * rd < rn * gd:
                    break
            else:
                return position
        return None


Evaluate = Callable[[Mapping[str, Pair]], Pair]


def _node(criterion: Criterion) -> str | Evaluate:
    """A leaf: its code (its points are read); a parent: its children's combined by its rule."""
    if not criterion.children:
        return criterion.code
    children = [_node(c) for c in criterion.children]
    best_of = type(criterion.rule) is BestOf
    cap = pair(criterion.max_points)

    def combined(scored: Mapping[str, Pair]) -> Pair:
        parts = []
        for child in children:
            parts.append(scored.get(child, PAIR_ZERO) if isinstance(child, str) else child(scored))
        if best_of:  # max(parts, default=0)
            top = parts[0] if parts else PAIR_ZERO
            for part in parts:
                if not at_least(top, part):
                    top = part
            return top
        total = PAIR_ZERO
        for part in parts:
            total = add(total, part)
        return smaller(total, cap)

    return combined


def _common_denominator(framework: Framework) -> int:
    """The least common denominator of the framework's maxima (most points are over it)."""
    common = 1
    for criterion in framework.criteria_by_code.values():
        d = criterion.max_points.denominator
        common = common * d // gcd(common, d)
    return common


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

    __slots__ = ("_group_pairs", "_group_points", "_points", "level_index", "pair", "section")

    def __init__(
        self, section: Section, total: Pair, level: int | None, groups: list[Pair]
    ) -> None:
        self.section = section
        self.pair = total  # the total as a pair (not reduced); ``points`` when read
        self._points: Fraction | None = None
        self.level_index = level
        self._group_pairs = groups
        self._group_points: list[Fraction] | None = None

    @property
    def points(self) -> Fraction:
        points = self._points
        if points is None:
            points = self._points = Fraction(*self.pair)
        return points

    def published(self, places: int) -> int:
        """``numbers.scaled(points, places)`` (half-up) on the pair: one integer division."""
        n, d = self.pair
        factor: int = 10**places
        return (2 * n * factor + d) // (2 * d)

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

    def section_points(self, index: int) -> Fraction:
        return self.summary[index].points

    def section_level(self, index: int) -> int | None:
        return self.summary[index].level_index

    def __repr__(self) -> str:
        return f"LazyUnitScore(unit={self.unit!r}, framework={self.framework.code!r})"
