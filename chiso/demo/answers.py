"""Synthetic answers that give chosen group points: the demo's criterion values.

The published Đắk Nông reports give totals only, so the demo's inputs are invented, labelled as
such, and chosen so that the scoring core computes the published figures from them. For each
group this picks, through the framework's own rules (no points are typed anywhere):
- all-or-nothing criteria (yes/no, document, choice, tiers, items counted) largest first, each at
  the highest value that still fits the group's target;
- the rest on the continuous criteria (ratios, percentages, the normalised one, the appraisers'
  points): the normalised criterion full when the target allows it (so the cohort's best unit
  sets the benchmark), the others on a plausible 5 % grid around the group's average, and one
  ratio — or the appraisers' points — takes the exact remainder.
Plain Python over the scoring core; ``DemoAnswerError`` when a target cannot be met.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from chiso.scoring import Criterion, Framework, exact_text
from chiso.scoring.answers import parse_value
from chiso.scoring.model import Group, InputKind
from chiso.scoring.rules import BestOf, Choice

STEP = Fraction(1, 20)
BENCHMARK = Fraction(2)  # the best unit's value of a normalised criterion (e.g. 2 Mbps/person)
CONTINUOUS = frozenset({InputKind.RATIO, InputKind.PERCENTAGE, InputKind.POINTS})
# Natural sizes of a ratio's denominator (officers, computers, documents…), by unit level.
BASE = {"district": 120, "commune": 25}


class DemoAnswerError(ValueError):
    pass


@dataclass(frozen=True)
class Slot:
    """A criterion the solver gives points to: a leaf, or a best-of parent through one child."""

    criterion: Criterion
    leaf: Criterion  # the leaf that carries the answer
    others: tuple[Criterion, ...] = ()  # best-of siblings, answered with nothing

    @property
    def continuous(self) -> bool:
        spec = self.leaf.input
        return spec is not None and (spec.kind in CONTINUOUS or self.leaf.rule.needs_cohort)


def _slots(group: Group) -> list[Slot]:
    slots = []

    def walk(c: Criterion) -> None:
        if isinstance(c.rule, BestOf):
            children = sorted(
                c.children, key=lambda x: x.input is None or x.input.kind not in CONTINUOUS
            )
            slots.append(Slot(c, children[0], tuple(children[1:])))
        elif c.children:
            for child in c.children:
                walk(child)
        else:
            slots.append(Slot(c, c))

    for top in group.criteria:
        walk(top)
    return slots


def _jitter(seed: str) -> Fraction:
    """A stable pseudo-random offset in [-2, 2] steps of 5 %, so units differ plausibly."""
    digest = hashlib.sha256(seed.encode()).digest()
    return STEP * (digest[0] % 5 - 2)


def _nothing(c: Criterion) -> object:
    kind = c.input.kind if c.input else None
    if kind is InputKind.BOOLEAN or kind is InputKind.DOCUMENT:
        return False
    if kind is InputKind.RATIO:
        return ["0", "1"]
    if kind is InputKind.CHOICE and isinstance(c.rule, Choice):
        return min(c.rule.options, key=lambda o: o.points).value
    return "0"


def _document(year: int, code: str, issuer: str) -> dict[str, str]:
    day = dt.date(year, 1, 10) + dt.timedelta(days=int(_jitter(code) * 20 + 40))
    return {
        "number": f"{10 + int(hashlib.sha256(code.encode()).hexdigest()[:4], 16) % 190}/KH-UBND",
        "date": day.isoformat(),
        "issuer": f"UBND {issuer}",
        "summary": "Văn bản mẫu của dữ liệu trình diễn (tự tạo)",
    }


def _discrete_options(c: Criterion, year: int, issuer: str) -> dict[Fraction, object]:
    """Points reachable by an all-or-nothing criterion -> one answer that gives them."""
    kind = c.input.kind if c.input else None
    raws: list[object]
    if kind is InputKind.BOOLEAN:
        raws = [True, False]
    elif kind is InputKind.DOCUMENT:
        raws = [_document(year, c.code, issuer), False]
    elif kind is InputKind.CHOICE and isinstance(c.rule, Choice):
        raws = [o.value for o in c.rule.options]
    else:
        raws = [str(n) for n in range(0, 41)]
    found: dict[Fraction, object] = {}
    for raw in raws:
        try:
            points = c.rule.points(c, parse_value(c, raw), None)
        except ValueError:  # beyond the input's allowed range
            continue
        found.setdefault(points, raw)
    return found


def _continuous_answer(slot: Slot, ratio: Fraction, base: int) -> object:
    c = slot.leaf
    kind = c.input.kind if c.input else None
    if kind is InputKind.POINTS:
        return exact_text(ratio * c.max_points)
    if kind is InputKind.PERCENTAGE:
        return exact_text(ratio * 100)
    if kind is InputKind.RATIO:
        scale = max(1, -(-base // ratio.denominator))
        return [str(ratio.numerator * scale), str(ratio.denominator * scale)]
    return exact_text(ratio * BENCHMARK)  # the normalised number, against the best unit's


def _absorber(slots: list[Slot]) -> Slot:
    """The criterion that takes the exact remainder: any decimal must be writable in it."""
    for kind in (InputKind.POINTS, InputKind.RATIO):
        fitting = [s for s in slots if s.leaf.input and s.leaf.input.kind is kind]
        if fitting:
            return max(fitting, key=lambda s: s.criterion.max_points)
    raise DemoAnswerError("nhóm không có tiêu chí tỷ lệ hoặc điểm thẩm định để khớp điểm")


@dataclass(frozen=True)
class _Plan:
    """What ``group_answers`` reads of a group whatever the unit: its slots, the points each
    all-or-nothing criterion can reach (and an answer giving them), and every combination of
    those points with its sum, best first. The same for every unit of a framework, worked out
    once per group and year (a national cohort asks for it thousands of times)."""

    group: Group
    slots: tuple[Slot, ...]
    continuous: tuple[Slot, ...]
    capacity: Fraction
    discrete: tuple[Slot, ...]
    options: tuple[dict[Fraction, object], ...]
    # (sum, combination) of every combination, by (sum, combination) from the largest.
    combos: tuple[tuple[Fraction, tuple[Fraction, ...]], ...]


# (id of the group, year) -> its plan; the plan holds the group, so its id is not reused while
# the entry lives. Frameworks are few: the entries are dropped past a bound rather than tracked.
_PLANS: dict[tuple[int, int], _Plan] = {}
_PLANS_MAX = 512
_ISSUER = "?"  # the issuer in the cached documents: each unit's answer names its own


def _plan(group: Group, year: int) -> _Plan:
    key = (id(group), year)
    found = _PLANS.get(key)
    if found is not None and found.group is group:
        return found
    slots = _slots(group)
    continuous = tuple(s for s in slots if s.continuous)
    discrete = tuple(
        sorted(
            (s for s in slots if not s.continuous),
            key=lambda s: (-s.criterion.max_points, s.criterion.code),
        )
    )
    # A document's points depend on its date (the year's), not on who issued it.
    options = tuple(_discrete_options(s.leaf, year, _ISSUER) for s in discrete)
    combos = sorted(
        (
            (sum(combo, Fraction(0)), combo)
            for combo in itertools.product(*(sorted(o, reverse=True) for o in options))
        ),
        reverse=True,
    )
    found = _Plan(
        group,
        tuple(slots),
        continuous,
        sum((s.criterion.max_points for s in continuous), Fraction(0)),
        discrete,
        options,
        tuple(combos),
    )
    if len(_PLANS) >= _PLANS_MAX:
        _PLANS.clear()
    _PLANS[key] = found
    return found


def _choose(plan: _Plan, target: Fraction, snap: bool, code: str) -> tuple[Fraction, ...]:
    """The all-or-nothing criteria's points: the most, at most ``target``, that leaves the
    continuous criteria no more than they can hold (with ``snap``, the most at most ``target``
    when none does)."""
    below: tuple[Fraction, ...] | None = None
    for total, combo in plan.combos:
        if total > target:
            continue
        if below is None:
            below = combo
        if target - total <= plan.capacity:
            return combo
        break  # the sums only fall from here: the rest leave even more to hold
    if not snap or below is None:
        raise DemoAnswerError(f"{code}: không đạt được {target} điểm")
    return below


def group_answers(
    group: Group,
    target: Fraction,
    *,
    seed: str,
    year: int,
    issuer: str,
    base: int,
    snap: bool = False,
) -> dict[str, object]:
    """Answers to the group's criteria whose points sum to ``target`` exactly; with ``snap``, an
    unreachable target gives the nearest reachable points below it instead of an error."""
    if not 0 <= target <= group.max_points:
        raise DemoAnswerError(f"{group.code}: {target} ngoài khoảng 0–{group.max_points}")
    plan = _plan(group, year)
    answers: dict[str, object] = {}
    for slot in plan.slots:
        for other in slot.others:
            answers[other.code] = _nothing(other)
    continuous, capacity = list(plan.continuous), plan.capacity
    chosen = _choose(plan, target, snap, group.code)
    for slot, found, points in zip(plan.discrete, plan.options, chosen, strict=True):
        raw = found[points]
        is_document = slot.leaf.input is not None and slot.leaf.input.kind is InputKind.DOCUMENT
        answers[slot.leaf.code] = (
            _document(year, slot.leaf.code, issuer) if is_document and raw is not False else raw
        )
    rest = min(target - sum(chosen, Fraction(0)), capacity)
    absorber = _absorber(continuous)
    average = rest / capacity if capacity else Fraction(0)
    ratios: dict[str, Fraction] = {}
    for slot in continuous:
        if slot is absorber:
            continue
        if slot.leaf.rule.needs_cohort and rest >= slot.criterion.max_points:
            ratios[slot.leaf.code] = Fraction(1)
            continue
        wished = (average + _jitter(seed + slot.leaf.code)) // STEP * STEP
        ratios[slot.leaf.code] = min(max(wished, Fraction(0)), Fraction(1))

    def remainder() -> Fraction:
        used = sum(
            (ratios[s.leaf.code] * s.criterion.max_points for s in continuous if s is not absorber),
            Fraction(0),
        )
        return rest - used

    adjustable = [s for s in continuous if s is not absorber and not s.leaf.rule.needs_cohort]
    for _ in range(400):
        left = remainder()
        if 0 <= left <= absorber.criterion.max_points:
            break
        grow = left > absorber.criterion.max_points
        movable = [
            s for s in adjustable if (ratios[s.leaf.code] < 1 if grow else ratios[s.leaf.code] > 0)
        ]
        if not movable:
            raise DemoAnswerError(f"{group.code}: không đạt được {target} điểm")
        pick = movable[0]
        ratios[pick.leaf.code] += STEP if grow else -STEP
    ratios[absorber.leaf.code] = remainder() / absorber.criterion.max_points
    for slot in continuous:
        answers[slot.leaf.code] = _continuous_answer(slot, ratios[slot.leaf.code], base)
    return answers


def unit_answers(
    framework: Framework,
    targets: Mapping[str, Fraction],
    *,
    seed: str,
    year: int,
    issuer: str,
    level: str,
    exact: frozenset[str] = frozenset(),
) -> dict[str, object]:
    """Answers to every criterion of the framework giving each group its target points: exactly
    for the groups in ``exact`` (the published figures), the nearest reachable below for others."""
    answers: dict[str, object] = {}
    for section in framework.sections:
        for group in section.groups:
            answers |= group_answers(
                group,
                targets[group.code],
                seed=seed,
                year=year,
                issuer=issuer,
                base=BASE.get(level, 60),
                snap=group.code not in exact,
            )
    return answers
