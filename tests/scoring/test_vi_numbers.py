"""Numbers as Vietnamese officials type them (issue 14): "1.400" is 1400, "1,5" is 1.5, and a
text with two readings is refused with both, never silently stored as the other number."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.scoring import shipped_registry
from chiso.scoring.answers import parse_value
from chiso.scoring.model import InputKind
from chiso.scoring.numbers import exact_text, to_fraction
from chiso.scoring.vi_numbers import (
    NUMERIC_KINDS,
    WHOLE_KINDS,
    field_text,
    fmt_typed,
    parse_typed,
    typed_answer,
)

FRAMEWORK = shipped_registry().get("vn-2392-huyen")
RATIO = FRAMEWORK.criteria_by_code["SS.HT.1"]
COUNT = FRAMEWORK.criteria_by_code["SS.NL.3"]  # no maximum
PERCENT = FRAMEWORK.criteria_by_code["KQ.TT.4"]

decimals = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False
).map(Fraction)
counts = st.integers(min_value=0, max_value=10**15)


@given(decimals, st.booleans())
def test_a_decimal_written_the_vietnamese_way_reads_back_as_itself(
    value: Fraction, whole: bool
) -> None:
    # Ungrouped ("1234,5") reads back in every context; grouped ("1.234,5") too, except a
    # whole number with one dot ("1.250") where a decimal quantity refuses to guess.
    assert parse_typed(fmt_typed(value, group=False), whole=whole) == value
    one_dot_group = value.denominator == 1 and 1000 <= abs(value) < 10**6
    if whole or not one_dot_group:
        assert parse_typed(fmt_typed(value), whole=whole) == value
    else:
        with pytest.raises(ValueError, match="có hai cách hiểu"):
            parse_typed(fmt_typed(value), whole=whole)


@given(counts)
def test_a_count_written_with_thousands_dots_reads_back_as_itself(value: int) -> None:
    assert parse_typed(fmt_typed(value), whole=True) == value
    assert parse_typed(f"{value:,}".replace(",", " "), whole=True) == value


@given(st.integers(1, 999), st.integers(0, 999))
def test_one_dot_and_three_digits_is_thousands_in_a_count_and_refused_in_a_decimal(
    high: int, low: int
) -> None:
    text = f"{high}.{low:03d}"
    assert parse_typed(text, whole=True) == high * 1000 + low
    with pytest.raises(ValueError) as refused:
        parse_typed(text, whole=False)
    message = str(refused.value)  # both readings, each written without doubt
    assert f" {high * 1000 + low} " in message
    assert f" {fmt_typed(high + Fraction(low, 1000), group=False)} " in message


@given(st.integers(0, 999), st.integers(0, 999), st.booleans())
def test_the_comma_is_always_the_decimal_mark(high: int, low: int, whole: bool) -> None:
    assert parse_typed(f"{high},{low:03d}", whole=whole) == high + Fraction(low, 1000)


@pytest.mark.parametrize(
    ("text", "whole", "value"),
    [
        ("1.400", True, 1400),
        ("1,5", False, Fraction(3, 2)),
        ("1,5", True, Fraction(3, 2)),
        ("43,80", False, Fraction(438, 10)),
        ("43.80", False, Fraction(438, 10)),  # a decimal dot: "80" is no thousands group
        ("0.125", False, Fraction(1, 8)),  # "0" cannot start a thousands group
        ("0,125", False, Fraction(1, 8)),
        ("1.234.567", False, 1234567),
        ("1.234.567,25", False, Fraction(123456725, 100)),
        ("1,250", False, Fraction(5, 4)),
        ("1 400", True, 1400),
        ("1\u00a0400,5", False, Fraction(28010, 20)),
        ("-2,5", False, Fraction(-5, 2)),
        (" 950 ", True, 950),
    ],
)
def test_examples(text: str, whole: bool, value: Fraction) -> None:
    assert parse_typed(text, whole=whole) == value


@pytest.mark.parametrize(
    "text", ["", "abc", "1.2.3", "1,2,3", "1,234,567", "1,234.5", "1 4", "1.23.456", "1e5", "1..2"]
)
def test_what_is_no_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="không phải số"):
        parse_typed(text, whole=True)


def test_the_issue_examples_through_the_scoring_core() -> None:
    # "950 / 1.400" was refused as "950 > 1,4"; "1.250" in a count became 1,25.
    assert parse_value(RATIO, typed_answer(InputKind.RATIO, ["950", "1.400"])) == (950, 1400)
    assert parse_value(RATIO, typed_answer(InputKind.RATIO, "950 / 1.400")) == (950, 1400)
    assert parse_value(COUNT, typed_answer(InputKind.COUNT, "1.250")) == 1250
    with pytest.raises(ValueError, match="1250 .*1,25 "):
        typed_answer(InputKind.PERCENTAGE, "1.250")
    assert parse_value(PERCENT, typed_answer(InputKind.PERCENTAGE, "87,5")) == Fraction(175, 2)


@given(decimals.filter(lambda v: v >= 0), st.sampled_from(sorted(NUMERIC_KINDS)))
def test_a_stored_value_shown_in_its_field_saves_back_to_the_same_number(
    value: Fraction, kind: InputKind
) -> None:
    if kind in WHOLE_KINDS:
        value = Fraction(value.numerator // value.denominator)
    stored = exact_text(value)
    shown = field_text(kind, stored)
    assert isinstance(shown, str)
    saved = typed_answer(kind, [shown, shown] if kind is InputKind.RATIO else shown)
    assert to_fraction(saved[0] if isinstance(saved, list) else saved) == value


def test_values_that_are_not_text_pass_unchanged() -> None:
    assert typed_answer(InputKind.COUNT, 1250) == 1250
    assert typed_answer(InputKind.RATIO, [950, 1400]) == [950, 1400]
    assert typed_answer(InputKind.BOOLEAN, "1.250") == "1.250"
    assert typed_answer(InputKind.RATIO, {"numerator": "950", "denominator": "1.400"}) == {
        "numerator": "950",
        "denominator": "1400",
    }
