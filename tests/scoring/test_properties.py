"""Properties over random answers of the shipped 2392 district framework."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.scoring import UnitAnswers, rank, score, score_cohort, shipped_registry
from chiso.scoring.model import InputKind
from chiso.scoring.rules import Choice

FRAMEWORK = shipped_registry().get("vn-2392-huyen")
LEAVES = list(FRAMEWORK.leaves())
DOC = {"number": "1/KH-UBND", "date": "2019-01-15", "issuer": "UBND huyện"}


def answer(criterion):
    """A strategy of valid answers for one leaf, ordered so that 'more' is drawn as larger."""
    kind = criterion.input.kind
    if kind is InputKind.RATIO:
        return st.integers(1, 500).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d)))
    if kind is InputKind.PERCENTAGE:
        return st.integers(0, 100)
    if kind is InputKind.COUNT:
        return st.integers(0, 10 if criterion.input.maximum else 40)
    if kind is InputKind.NUMBER:
        return st.integers(0, 50)
    if kind is InputKind.BOOLEAN:
        return st.booleans()
    if kind is InputKind.CHOICE:
        return st.sampled_from([o.value for o in criterion.rule.options])
    if kind is InputKind.DOCUMENT:
        return st.sampled_from([False, DOC])
    if kind is InputKind.POINTS:
        return st.integers(0, 100).map(lambda n: Fraction(n, 100) * criterion.max_points)
    raise AssertionError(kind)


ANSWERS = st.fixed_dictionaries({c.code: answer(c) for c in LEAVES})


def raise_one(answers, criterion):
    """The same answers with one criterion moved to its best value."""
    kind = criterion.input.kind
    best = {
        InputKind.RATIO: [1, 1],
        InputKind.PERCENTAGE: 100,
        InputKind.BOOLEAN: True,
        InputKind.DOCUMENT: DOC,
        InputKind.POINTS: criterion.max_points,
        InputKind.COUNT: 10,
        InputKind.NUMBER: 50,
    }.get(kind)
    if kind is InputKind.CHOICE:
        assert isinstance(criterion.rule, Choice)
        best = max(criterion.rule.options, key=lambda o: o.points).value
    return {**answers, criterion.code: best}


@settings(max_examples=60, deadline=None)
@given(ANSWERS, st.sampled_from(LEAVES))
def test_raising_an_answer_never_lowers_a_score_or_a_level(answers, criterion):
    best = {"SS.HT.5": Fraction(50)}
    before = score(FRAMEWORK, answers, unit="u", best=best)
    after = score(FRAMEWORK, raise_one(answers, criterion), unit="u", best=best)
    assert after.total >= before.total
    for old, new in zip(before.sections, after.sections, strict=True):
        assert new.points >= old.points
        assert (new.level_index is not None) >= (old.level_index is not None)
        if old.level_index is not None and new.level_index is not None:
            assert new.level_index <= old.level_index  # 0 is the best level


@settings(max_examples=60, deadline=None)
@given(ANSWERS)
def test_no_score_exceeds_its_maximum(answers):
    result = score(FRAMEWORK, answers, unit="u")
    for section in result.sections:
        assert 0 <= section.points <= section.section.max_points
        for group in section.groups:
            assert 0 <= group.points <= group.group.max_points
            for top in group.criteria:
                for c in top.walk():
                    assert 0 <= c.points <= c.criterion.max_points


@settings(max_examples=25, deadline=None)
@given(st.lists(ANSWERS, min_size=1, max_size=8))
def test_ranking_is_consistent_with_scores_and_the_ties_rule(cohort):
    units = [UnitAnswers(unit=f"u{i}", answers=a) for i, a in enumerate(cohort)]
    scores = score_cohort(FRAMEWORK, units)
    for section in rank(FRAMEWORK, scores).sections:
        ranked = section.ranked
        for entry in ranked:
            higher = sum(1 for other in ranked if other.points > entry.points)
            assert entry.rank == higher + 1
        ranked_units = {e.unit for e in ranked}
        for s in scores:
            points = s.section(section.section.code)
            assert (s.unit in ranked_units) == points.has_level
