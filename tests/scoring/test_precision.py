"""Ties and reasons as they are shown (issue 14): ranking compares the points as published (the
framework's ``precision``, default 2 decimals), a reason for a missed level is true as displayed,
and ``exact_text`` is exact for any terminating denominator."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.scoring import FrameworkError, UnitAnswers, load_framework, rank, score_cohort
from chiso.scoring.numbers import exact_text, fmt_points, fmt_rounded
from tests.scoring.conftest import one_group

CRITERIA = """
- code: A
  name: "Tỷ lệ"
  max_points: {max_points}
  input: ratio
  rule: proportional
  legal_basis: {{item: "1"}}
"""
LADDER = "{type: ladder, levels: [{name: Mức I, min_total: 21, min_share_all: 0.7}]}"


def build(*, max_points="100", classification=None, precision=None):
    text = one_group(
        CRITERIA.format(max_points=max_points),
        max_points=max_points,
        classification=classification or "{type: bands, bands: [{name: Đạt, min_total: 0}]}",
    )
    if precision is not None:
        text = text.replace("version:", f"precision: {precision}\nversion:", 1)
    path = Path(tempfile.mkdtemp(prefix="chiso-precision-")) / "thu.yaml"
    path.write_text(text, encoding="utf-8")
    return load_framework(path)


PLAIN = build()
LADDER_30 = build(max_points="30", classification=LADDER)


def section_of(framework, ratios):
    cohort = [UnitAnswers(unit=n, name=n, answers={"A": r}) for n, r in ratios.items()]
    return rank(framework, score_cohort(framework, cohort)).sections[0]


def test_units_shown_with_the_same_points_share_the_rank():
    framework = PLAIN
    # 50,00049 and 50 are both published as 50,00; 50,005 is published as 50,01.
    section = section_of(
        framework,
        {"Bình": [5000049, 10000000], "An": [1, 2], "Chi": [10001, 20000], "Dũng": [49, 100]},
    )
    assert [(e.name, fmt_points(e.points), e.rank) for e in section.ranked] == [
        ("Chi", "50,01", 1),
        ("An", "50,00", 2),
        ("Bình", "50,00", 2),  # was ranked 2nd alone, above An's "50,00"
        ("Dũng", "49,00", 4),
    ]


def test_a_framework_may_publish_another_precision():
    framework = build(precision=1)
    assert framework.precision == 1 and framework.sections[0].precision == 1
    section = section_of(framework, {"An": [5004, 10000], "Bình": [4996, 10000]})
    assert [e.rank for e in section.ranked] == [1, 1]  # both published as 50,0


@pytest.mark.parametrize("precision", ["hai", "-1", "7", "true"])
def test_a_wrong_precision_is_refused(precision):
    with pytest.raises(FrameworkError, match="precision"):
        build(precision=precision)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=2, max_size=8))
def test_ranks_follow_the_points_as_shown(numerators):
    framework = PLAIN
    ratios = {f"Đơn vị {i}": [n, 10**6] for i, n in enumerate(numerators)}
    entries = section_of(framework, ratios).ranked
    for above, below in zip(entries, entries[1:], strict=False):
        shown_above, shown_below = (
            Decimal(fmt_points(e.points, comma=False)) for e in (above, below)
        )
        assert shown_above >= shown_below
        assert (above.rank == below.rank) == (shown_above == shown_below)


def test_a_missed_level_never_reads_21_00_below_21_00():
    framework = LADDER_30
    # 30 × 69997/100000 = 20,9991: shown half-up it is 21,00, yet it misses 21.
    (entry,) = section_of(framework, {"An": [69997, 100000]}).not_ranked
    assert entry.reason == "không đạt Mức I: HM 20,99 < 21,00; HM.G 20,99 < 21,00"


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_every_reason_and_shortfall_is_true_as_displayed(numerator, extra):
    framework = LADDER_30
    ratio = [numerator, numerator + extra]
    scores = score_cohort(framework, [UnitAnswers(unit="X", name="X", answers={"A": ratio})])
    result = scores[0].sections[0]
    for check in result.checks(0):
        has, needs = (
            Decimal(t) for t in (check.shown_actual(comma=False), check.shown_required(comma=False))
        )
        gap = Decimal(check.shown_gap(comma=False))
        if check.met:
            assert has >= needs and gap == 0
        else:
            assert has < needs and has + gap >= needs
    nxt = result.next_level()
    if nxt is not None:
        for shortfall in nxt.shortfalls:
            assert f"thiếu {shortfall.check.shown_gap()} điểm" in shortfall.text()


@given(st.integers(-(10**40), 10**40), st.integers(0, 120), st.integers(0, 120))
def test_exact_text_is_exact_for_any_terminating_denominator(numerator, twos, fives):
    value = Fraction(numerator, 2**twos * 5**fives)
    text = exact_text(value)
    assert "/" not in text and Fraction(Decimal(text)) == value


@given(st.integers(-(10**12), 10**12), st.integers(1, 10**6))
def test_exact_text_of_any_fraction_reads_back(numerator, denominator):
    value = Fraction(numerator, denominator)
    text = exact_text(value)
    assert (Fraction(text) if "/" in text else Fraction(Decimal(text))) == value
    if value.denominator == 3:
        assert text == f"{value.numerator}/3"


@given(st.fractions(min_value=0, max_value=10**6), st.integers(0, 4))
def test_rounding_down_and_up_bracket_the_value(value, places):
    down = Decimal(fmt_rounded(value, places, rounding="down", comma=False))
    up = Decimal(fmt_rounded(value, places, rounding="up", comma=False))
    assert Fraction(down) <= value <= Fraction(up) and up - down in (0, Decimal(1).scaleb(-places))
