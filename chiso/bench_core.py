"""The scoring core's floor: the same arithmetic on the same cohort, vectorised with NumPy.

``make bench`` times the core (``score_cohort`` + ``rank``, the national pre-2025 cohort) and
this floor in the same run, and prints their ratio: what the pure-Python core costs over the
arithmetic itself on this machine, whatever its load. The floor is not exact (float64, no
explanations, no errors, the answers already turned into arrays, untimed) — it is the least any
implementation of these rules could take, not a second engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from chiso.scoring import Framework, UnitAnswers
from chiso.scoring.classify import level_names
from chiso.scoring.model import Bands, Criterion, InputKind
from chiso.scoring.ranking import _name_key
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
    YesNo,
)

Array = Any  # numpy.ndarray


def _float(raw: object) -> float:
    if isinstance(raw, str):
        return float(raw.replace(",", "."))
    return float(raw)  # type: ignore[arg-type]


def _column(criterion: Criterion, answers: Sequence[dict[str, object]]) -> dict[str, Array]:
    """A leaf's answers as arrays (this part is not timed)."""
    kind = criterion.input.kind if criterion.input else None
    raws = [a.get(criterion.code) for a in answers]
    if kind is InputKind.RATIO:
        pairs = [r if isinstance(r, list) else [0, 0] for r in raws]
        return {
            "num": np.array([float(p[0]) for p in pairs]),
            "den": np.array([float(p[1]) for p in pairs]),
        }
    if kind is InputKind.BOOLEAN:
        return {"value": np.array([r is True for r in raws])}
    if kind is InputKind.CHOICE:
        options = criterion.rule.options if isinstance(criterion.rule, Choice) else ()
        index = {o.value: i for i, o in enumerate(options)}
        return {"value": np.array([index.get(str(r), 0) for r in raws])}
    if kind is InputKind.DOCUMENT:
        days = [
            dt.date.fromisoformat(str(r["date"])).toordinal() if isinstance(r, dict) else 0
            for r in raws
        ]
        return {"value": np.array([isinstance(r, dict) for r in raws]), "day": np.array(days)}
    if kind is InputKind.DATE:
        return {"day": np.array([dt.date.fromisoformat(str(r)).toordinal() for r in raws])}
    return {"value": np.array([_float(r) if r is not None else 0.0 for r in raws])}


def _leaf(criterion: Criterion, data: dict[str, Array]) -> Callable[[], Array]:
    """The leaf's points over every unit, as the rule computes them."""
    rule = criterion.rule
    full = float(criterion.max_points)
    kind = criterion.input.kind if criterion.input else None

    def numeric() -> Array:
        if "num" in data:
            den = data["den"]
            return np.divide(data["num"], den, out=np.zeros_like(den), where=den != 0)
        return data["value"]

    if isinstance(rule, Proportional):
        target = float(rule.target) if rule.target is not None else 1.0

        def proportional() -> Array:
            ratio = numeric()
            ratio = ratio / 100 if kind is InputKind.PERCENTAGE else ratio / target
            return np.minimum(ratio, 1.0) * full

        return proportional
    if isinstance(rule, Tiers):
        minima = [float(t.minimum) for t in rule.tiers]
        points = [float(t.points) for t in rule.tiers]

        def tiers() -> Array:
            measured = numeric() * (100 if "num" in data else 1)
            return np.select([measured >= m for m in minima], points, 0.0)

        return tiers
    if isinstance(rule, PerItem):
        each, limit = float(rule.points_per_item), float(rule.limit(criterion))
        return lambda: np.minimum(data["value"] * each, limit)
    if isinstance(rule, YesNo):
        yes = full if rule.points_yes is None else float(rule.points_yes)
        return lambda: np.where(data["value"], yes, 0.0)
    if isinstance(rule, Choice):
        table = np.array([float(o.points) for o in rule.options])
        return lambda: table[data["value"]]
    if isinstance(rule, Normalised):

        def normalised() -> Array:
            own = numeric()
            best = own.max() if len(own) else 0.0
            if best <= 0:
                return np.zeros_like(own)
            return np.minimum(own / best, 1.0) * full

        return normalised
    if isinstance(rule, Appraiser):
        return lambda: data["value"]
    if isinstance(rule, Document):
        return lambda: np.where(data["value"], full, 0.0)
    if isinstance(rule, ByDate):
        deadlines = [t.on_or_before.toordinal() for t in rule.tiers]
        points = [float(t.points) for t in rule.tiers]
        return lambda: np.select([data["day"] <= d for d in deadlines], points, 0.0)
    raise NotImplementedError(rule.type)


def _criterion(criterion: Criterion, columns: dict[str, dict[str, Array]]) -> Callable[[], Array]:
    if not criterion.children:
        return _leaf(criterion, columns[criterion.code])
    parts = [_criterion(c, columns) for c in criterion.children]
    top = float(criterion.max_points)
    if isinstance(criterion.rule, BestOf):
        return lambda: np.max(np.stack([p() for p in parts]), axis=0)
    if not isinstance(criterion.rule, SumOfParts):
        raise NotImplementedError(criterion.rule.type)
    return lambda: np.minimum(np.sum(np.stack([p() for p in parts]), axis=0), top)


def prepare(framework: Framework, units: Sequence[UnitAnswers]) -> Callable[[], list[Array]]:
    """The framework's arithmetic over the cohort, ready to run: scores, levels and ranks of
    every section (the answers are turned into arrays here, outside the timing)."""
    answers = [dict(u.answers) for u in units]
    columns = {leaf.code: _column(leaf, answers) for leaf in framework.leaves() if leaf.input}
    by_name = sorted(range(len(units)), key=lambda i: (_name_key(units[i].unit), units[i].unit))
    name_order = np.empty(len(units), dtype=np.int64)
    name_order[by_name] = np.arange(len(units))
    plans = []
    for section in framework.sections:
        groups = [
            ([_criterion(c, columns) for c in g.criteria], None if g.cap is None else float(g.cap))
            for g in section.groups
        ]
        classification = section.classification
        levels: list[tuple[float, list[tuple[int, float]]]]
        if isinstance(classification, Bands):
            levels = [(float(b.min_total), []) for b in classification.bands]
        else:
            levels = [
                (float(lv.min_total), [(g, float(m)) for g, m in lv.requirements])
                for lv in classification.levels
            ]
        plans.append((groups, levels, len(level_names(section)), section.precision))

    def run() -> list[Array]:
        results = []
        for groups, levels, _count, places in plans:
            group_points = []
            for criteria, cap in groups:
                points = np.sum(np.stack([c() for c in criteria]), axis=0)
                group_points.append(points if cap is None else np.minimum(points, cap))
            total = np.sum(np.stack(group_points), axis=0)
            level = np.full(len(total), -1)
            for index in range(len(levels) - 1, -1, -1):
                minimum, requirements = levels[index]
                met = total >= minimum
                for g, need in requirements:
                    met &= group_points[g] >= need
                level[met] = index
            published = np.floor(total * 10**places + 0.5)
            ranked = level >= 0
            order = np.lexsort((name_order, -published))
            order = order[ranked[order]]
            shown = published[order]
            rank = np.searchsorted(-shown, -shown, side="left") + 1
            results.append((total, level, order, rank))
        return results

    return run
