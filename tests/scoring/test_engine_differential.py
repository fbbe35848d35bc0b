"""The compiled engine against the reference: identical results on random cohorts (issue 18).

For every shipped framework, random cohorts whose answers sit on and beside the rules'
thresholds (tier minima, deadlines, 100 %), with ties (units answering alike), missing,
refused and không áp dụng answers, excluded units, kinds and tags. ``score_cohort`` and
``rank`` must give what ``reference.score_cohort`` and ``reference.rank`` give: the same
points, levels, ranks, missing and provisional lists, texts (explanations, arithmetic, the
"why not ranked") and the same errors, problem by problem.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from fractions import Fraction
from functools import partial

import pytest

from chiso.scoring import (
    AnswerError,
    Framework,
    UnitAnswers,
    floats,
    rank,
    reference,
    score_cohort,
    shipped_registry,
)
from chiso.scoring.model import Band, Bands, Criterion, InputKind, Ladder, Level, Section
from chiso.scoring.results import CriterionScore, NextLevel, UnitScore
from chiso.scoring.rules import ByDate, Choice, Proportional, Tiers

COHORTS = 160  # per framework
FULL_TEXTS = 30  # of which the explanations of every criterion are compared too


def _decimal_text(value: Fraction, comma: bool) -> str:
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if comma else text


def _thresholds(criterion: Criterion) -> list[Fraction]:
    """The values at which the criterion's points change."""
    rule = criterion.rule
    found = [Fraction(0)]
    if isinstance(rule, Tiers):
        found += [t.minimum for t in rule.tiers]
    if isinstance(rule, Proportional) and rule.target is not None:
        found.append(rule.target)
    return found


def _number(rng: random.Random, criterion: Criterion, top: Fraction, faults: bool) -> object:
    """A number on or beside a threshold, as an int, a text or a Fraction."""
    base = rng.choice(_thresholds(criterion) + [top])
    shift = rng.choice([Fraction(0), Fraction(0), Fraction(1, 100), Fraction(-1, 100), 1, -1])
    value = max(base + shift, Fraction(0))
    spec = criterion.input
    assert spec is not None
    highest = Fraction(100) if spec.kind is InputKind.PERCENTAGE else spec.maximum
    if highest is not None and value > highest and (not faults or rng.random() < 0.9):
        value = highest  # over the maximum is refused: now and then
    if value.denominator == 1 and rng.random() < 0.6:
        return int(value)
    if rng.random() < 0.5:
        return _decimal_text(value, comma=rng.random() < 0.5)
    return value


def _answer(rng: random.Random, criterion: Criterion, faults: bool) -> object:
    spec = criterion.input
    assert spec is not None
    kind = spec.kind
    rule = criterion.rule
    if faults and rng.random() < 0.01:
        return rng.choice(["???", -3, [1], {"x": 1}, True])  # refused (mostly)
    if kind is InputKind.BOOLEAN:
        return rng.choice([True, False, True, "có", "không", 1, 0])
    if kind is InputKind.CHOICE:
        assert isinstance(rule, Choice)
        return rng.choice(rule.options).value
    if kind in (InputKind.DATE, InputKind.DOCUMENT):
        day = dt.date(2024, rng.randint(1, 12), rng.randint(1, 28))
        if isinstance(rule, ByDate):
            deadline = rng.choice(rule.tiers).on_or_before
            day = deadline + dt.timedelta(days=rng.choice([-1, 0, 0, 1]))
        text = day.isoformat() if rng.random() < 0.7 else f"{day:%d/%m/%Y}"
        if kind is InputKind.DATE:
            return text
        if rng.random() < 0.15:
            return False
        return {"number": f"{rng.randint(1, 99)}/KH-UBND", "date": text, "issuer": "UBND"}
    if kind is InputKind.RATIO:
        denominator = rng.choice([0, 1, 3, 7, 10, 100, 120, 200])
        if isinstance(rule, Tiers) and denominator and rng.random() < 0.5:
            share = rng.choice(rule.tiers).minimum / 100  # exactly on the tier
            denominator = share.denominator * rng.randint(1, 3)
            numerator = share * denominator
        else:
            numerator = Fraction(rng.randint(0, denominator))
        if spec.allow_over and rng.random() < 0.2:
            numerator += rng.randint(1, 5)
        pair = [int(numerator), denominator]
        shape = rng.random()
        if shape < 0.6:
            return pair
        if shape < 0.8:
            return f"{pair[0]}/{pair[1]}"
        return {"numerator": pair[0], "denominator": pair[1]}
    if kind is InputKind.PERCENTAGE:
        return _number(rng, criterion, Fraction(100), faults)
    if kind is InputKind.COUNT:
        value = _number(rng, criterion, Fraction(rng.randint(0, 12)), faults)
        if (not faults or rng.random() < 0.97) and not isinstance(value, int):
            return int(Fraction(str(value).replace(",", ".")))  # counts are whole, mostly
        return value
    if kind is InputKind.POINTS:
        return Fraction(rng.randint(0, 4), 4) * criterion.max_points
    maximum = spec.maximum if spec.maximum is not None else Fraction(rng.randint(1, 400))
    return _number(rng, criterion, maximum, faults)


def _units(
    rng: random.Random, framework: Framework, size: int, faults: bool, complete: bool
) -> list[UnitAnswers]:
    """A cohort; ``faults``: with refused answers now and then (else only valid ones)."""
    leaves = [leaf for leaf in framework.leaves() if leaf.input is not None]
    declarable = [
        item.code
        for section in framework.sections
        for group in section.groups
        for item in (group, *(c for top in group.criteria for c in top.walk()))
        if item.allow_unit_not_applicable
    ]
    tags = [t.code for t in framework.tags]
    units: list[UnitAnswers] = []
    for i in range(size):
        if units and rng.random() < 0.25:  # a tie: the same answers as another unit
            answers = dict(rng.choice(units).answers)
        else:
            answers = {leaf.code: _answer(rng, leaf, faults) for leaf in leaves}
            if (faults or not complete) and rng.random() < 0.1:
                del answers[rng.choice(leaves).code]  # a missing answer
        if declarable and rng.random() < 0.3:
            answers[rng.choice(declarable)] = {"not_applicable": True, "reason": "không có"}
        if faults and rng.random() < 0.02:
            answers["KHONG-CO"] = 1
        unit_tags = tuple(t for t in tags if rng.random() < 0.5)
        if faults and rng.random() < 0.02:
            unit_tags += ("nhan-la",)
        units.append(
            UnitAnswers(
                unit=f"u{i}",
                answers=answers,
                name=rng.choice(["Xã Đắk Mil", "Xã Dak Mil", f"Xã {i}", "Phường Yên"]),
                excluded="nộp muộn" if rng.random() < 0.05 else "",
                kind=rng.choice(framework.unit_kinds),
                tags=unit_tags,
            )
        )
    if faults and size > 1 and rng.random() < 0.05:
        units.append(units[0])  # the same unit twice
    return units


def _criterion(score: CriterionScore, texts: bool) -> tuple[object, ...]:
    found: tuple[object, ...] = (
        score.criterion.code,
        score.points,
        score.value,
        score.best,
        score.missing,
        score.not_applicable,
        tuple(_criterion(c, texts) for c in score.children),
    )
    if texts:
        found += (score.arithmetic(), score.explain(), score.headroom, score.applicable_max)
    return found


def _next(found: NextLevel | None) -> tuple[object, ...] | None:
    if found is None:
        return None
    return (
        found.level,
        found.text(),
        tuple(
            (s.check.code, s.check.label, s.check.actual, s.check.required, s.headroom)
            for s in found.shortfalls
        ),
    )


def _read(score: UnitScore) -> tuple[object, ...]:
    """What a cohort's figures read of each section (``UnitScore.section_items`` and the
    others): from the columns for a unit scored column by column, from its criterion scores
    otherwise. Items in order, each value as a Fraction (the columns hold pairs)."""
    return tuple(
        (
            score.section_points(i),
            score.section_level(i),
            [(code, Fraction(*pair)) for code, pair in score.section_items(i).items()],
            score.section_not_applicable(i),
            _next(score.section_next_level(i)),
        )
        for i in range(len(score.framework.sections))
    )


def _unit(score: UnitScore, texts: bool) -> tuple[object, ...]:
    # Read first, before the criterion scores are built (``CohortUnitScore`` does not build them).
    read = _read(score)
    sections = []
    for s in score.sections:
        found: tuple[object, ...] = (
            s.section.code,
            s.points,
            s.level_index,
            s.level,
            s.has_level,
            s.scaling,
            tuple((g.group.code, g.points, g.not_applicable) for g in s.groups),
        )
        if texts:
            found += (
                s.level_explanation(),
                s.scaling_explanation(),
                None if s.next_level() is None else s.next_level().text(),  # type: ignore[union-attr]
                tuple(_criterion(c, True) for g in s.groups for c in g.criteria),
            )
        else:
            found += (tuple(_criterion(c, False) for g in s.groups for c in g.criteria),)
        sections.append(found)
    return (score.unit, score.missing, score.provisional, score.total, read, tuple(sections))


def _outcome(engine: object, framework: Framework, units: list[UnitAnswers], **options: object):
    try:
        return engine.score_cohort(framework, units, **options)  # type: ignore[attr-defined]
    except AnswerError as error:
        return error.problems


def _ranking(engine: object, framework: Framework, scores, units: list[UnitAnswers]):
    names = {u.unit: u.name for u in units}
    excluded = {u.unit: u.excluded for u in units if u.excluded}
    ranking = engine.rank(framework, scores, names=names, excluded=excluded)  # type: ignore[attr-defined]
    return [
        (s.section.code, [(e.unit, e.name, e.points, e.level, e.rank, e.reason) for e in s.entries])
        for s in ranking.sections
    ]


class _New:
    score_cohort = staticmethod(score_cohort)
    rank = staticmethod(rank)


@pytest.mark.parametrize("code", sorted(f.code for f in shipped_registry().all()))
def test_same_results_as_the_reference(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    framework = shipped_registry().get(code)
    rng = random.Random(f"differential-{code}")  # noqa: S311 - reproducible test data
    refused = 0
    for number in range(COHORTS):
        # Every other cohort's levels and published totals decided on floats (``floats.py``,
        # used from 64 units), the others' on the exact columns.
        monkeypatch.setattr(floats, "FROM_UNITS", 1 if number % 2 else 10**9)
        complete = rng.random() < 0.7
        faults = rng.random() < 0.3
        units = _units(rng, framework, rng.choice([1, 2, 3, 5, 8, 12, 20]), faults, complete)
        expected = _outcome(reference, framework, units, complete=complete)
        got = _outcome(_New, framework, units, complete=complete)
        if isinstance(expected, tuple):
            refused += 1
            assert got == expected, f"{code} cohort {number}: errors differ"
            continue
        assert isinstance(got, list)
        # Ranking first: it must not need the criterion scores of the compiled results.
        assert _ranking(_New, framework, got, units) == _ranking(
            reference, framework, expected, units
        ), f"{code} cohort {number}: ranking differs"
        texts = number < FULL_TEXTS
        assert [_unit(s, texts) for s in got] == [_unit(s, texts) for s in expected], (
            f"{code} cohort {number}: scores differ"
        )
    assert 0 < refused < COHORTS // 2, "both outcomes, scored and refused, are compared"


def test_fast_path_is_taken() -> None:
    """The national frameworks score plain units without the reference (else no speed)."""
    from chiso.bench import synthetic_answers
    from chiso.scoring.compiled import LazyUnitScore

    framework = shipped_registry().get("vn-2392-huyen")
    rng = random.Random(7)  # noqa: S311
    units = [UnitAnswers(f"u{i}", synthetic_answers(framework, rng)) for i in range(30)]
    assert all(isinstance(s, LazyUnitScore) for s in score_cohort(framework, units))


def test_plain_cohorts_are_scored_column_by_column() -> None:
    """A cohort of plain units (no fault, every answer there) takes the columnar path."""
    from chiso.scoring.columnar import CohortUnitScore

    for code in ("vn-2392-xa", "vn-2392-huyen", "sonla-cqs-tinh"):
        framework = shipped_registry().get(code)
        rng = random.Random(f"columns-{code}")  # noqa: S311
        units = [
            UnitAnswers(
                f"u{i}", {leaf.code: _answer(rng, leaf, False) for leaf in _inputs(framework)}
            )
            for i in range(40)
        ]
        scores = score_cohort(framework, units)
        assert all(type(s) is CohortUnitScore for s in scores), code
        # The figures' readers answer from the columns: no unit's criterion scores are built.
        assert all(_read(s) for s in scores)
        assert not any(hasattr(s, "_sections") for s in scores), code


def _inputs(framework: Framework) -> list[Criterion]:
    return [leaf for leaf in framework.leaves() if leaf.input is not None]


@pytest.mark.parametrize("code", ["vn-2392-xa", "vn-2392-huyen", "danang-2392-quan-huyen"])
def test_rank_of_a_reordered_or_mixed_cohort(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``rank`` reads a cohort's columns only when every score comes from that one cohort;
    a subset in another order, or scores of two cohorts together, rank as the reference."""
    framework = shipped_registry().get(code)
    rng = random.Random(f"mixed-{code}")  # noqa: S311
    for number in range(40):
        monkeypatch.setattr(floats, "FROM_UNITS", 1 if number % 2 else 10**9)
        first = _units(rng, framework, rng.choice([3, 8, 20]), False, True)
        second = [
            UnitAnswers(f"v{i}", u.answers, u.name, u.excluded, u.kind, u.tags)
            for i, u in enumerate(_units(rng, framework, rng.choice([2, 5]), False, True))
        ]
        new = [_outcome(_New, framework, c) for c in (first, second)]
        old = [_outcome(reference, framework, c) for c in (first, second)]
        if any(isinstance(o, tuple) for o in old):
            continue
        pick = rng.sample(range(len(first)), rng.randint(1, len(first)))
        cases = [
            ([new[0][i] for i in pick], [old[0][i] for i in pick], [first[i] for i in pick]),
            (new[0] + new[1], old[0] + old[1], first + second),
        ]
        for got, expected, units in cases:
            assert _ranking(_New, framework, got, units) == _ranking(
                reference, framework, expected, units
            ), f"{code} cohort {number}: ranking differs"
            assert [_unit(s, True) for s in got] == [_unit(s, True) for s in expected]


@pytest.mark.parametrize("code", ["vn-2392-xa", "vn-2392-huyen", "sonla-cqs-tinh"])
def test_float_decisions_beside_and_on_the_thresholds(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large cohort's levels and published totals are decided on floats, and again exactly
    for the units a float could get wrong: here the framework's levels are moved onto units'
    own totals (and a group's minimum onto a unit's group points) and its precision to where
    totals fall on halves. The same scores, levels and ranking as the reference, with NumPy
    and without it."""
    shipped = shipped_registry().get(code)
    rng = random.Random(f"floats-{code}")  # noqa: S311
    units = _units(rng, shipped, 300, False, True)
    framework = _on_the_totals(shipped, reference.score_cohort(shipped, units))
    expected = reference.score_cohort(framework, units)
    on_a_threshold = sum(
        s.points == level.min_total
        for score in expected
        for s in score.sections
        for level in _levels(s.section)
    )
    halves = sum(
        (s.points * 10**s.section.precision).denominator == 2
        for score in expected
        for s in score.sections
    )
    assert on_a_threshold and halves, "the cohort puts units on thresholds and on halves"
    want = _ranking(reference, framework, expected, units)
    got = score_cohort(framework, units)
    quick = got[0]._cohort.quick  # type: ignore[attr-defined]
    assert quick is not None, "decided on floats"
    assert _ranking(_New, framework, got, units) == want
    assert 0 < quick.exact_rows < len(units), "some units decided again, not all"
    assert [_unit(s, False) for s in got] == [_unit(s, False) for s in expected]
    monkeypatch.setattr(floats, "np", None)  # the core without NumPy: the exact columns
    plain = score_cohort(framework, units)
    assert plain[0]._cohort.quick is None  # type: ignore[attr-defined]
    assert _ranking(_New, framework, plain, units) == want
    assert [_unit(s, False) for s in plain] == [_unit(s, False) for s in expected]


def _levels(section: Section) -> tuple[Level | Band, ...]:
    classification = section.classification
    return classification.bands if isinstance(classification, Bands) else classification.levels


def _halves(totals: list[Fraction], places: int) -> int:
    """How many totals are n + 1/2 at this precision."""
    return sum((total * 10**places).denominator == 2 for total in totals)


def _on_the_totals(framework: Framework, scores: list[UnitScore]) -> Framework:
    """The framework with each section's thresholds on units' totals (best level highest), a
    ladder's first group minimum on a unit's group points, and the precision at which the most
    totals fall on a half."""
    sections = []
    for index, section in enumerate(framework.sections):
        results = [score.sections[index] for score in scores]
        totals = sorted({r.points for r in results}, reverse=True)
        rungs = _levels(section)
        picks = [totals[len(totals) * (j + 1) // (len(rungs) + 1)] for j in range(len(rungs))]
        classification: Bands | Ladder
        if isinstance(section.classification, Bands):
            bands = [dataclasses.replace(b, min_total=t) for b, t in zip(rungs, picks, strict=True)]
            bands[-1] = dataclasses.replace(bands[-1], min_total=Fraction(0))
            classification = dataclasses.replace(section.classification, bands=tuple(bands))
        else:
            groups = sorted({r.groups[0].points for r in results})
            levels = []
            for level, total in zip(section.classification.levels, picks, strict=True):
                assert isinstance(level, Level)
                requirements = ((0, groups[len(groups) // 2]),) + level.requirements[1:]
                levels.append(
                    dataclasses.replace(level, min_total=total, requirements=requirements)
                )
            classification = dataclasses.replace(section.classification, levels=tuple(levels))

        precision = max(range(4), key=partial(_halves, [r.points for r in results]))
        sections.append(
            dataclasses.replace(section, classification=classification, precision=precision)
        )
    return dataclasses.replace(framework, sections=tuple(sections))
