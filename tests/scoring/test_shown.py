"""A saved answer as a person writes it (issue 14): the edit-conflict message said
"Giá trị hiện tại: ['950', '1400']"; it says "950/1.400", "Có", "Số 12/QĐ-UBND ngày …"."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.scoring import shipped_registry
from chiso.scoring.model import InputKind
from chiso.scoring.numbers import exact_text
from chiso.scoring.rules import Choice
from chiso.scoring.shown import answer_text

REGISTRY = shipped_registry()
HUYEN = REGISTRY.get("vn-2392-huyen")
LEAVES = [leaf for framework in REGISTRY.all() for leaf in framework.leaves()]
DOC = {"number": "12/QĐ-UBND", "date": "2024-02-03", "issuer": "UBND xã Thử", "summary": ""}


@pytest.mark.parametrize(
    ("code", "raw", "text"),
    [
        ("SS.HT.1", ["950", "1400"], "950/1.400"),
        ("SS.HT.1", [950, 1400], "950/1.400"),
        ("SS.HT.1", {"numerator": "40", "denominator": "50"}, "40/50"),
        ("SS.HT.3.1", True, "Có"),
        ("SS.HT.3.1", False, "Không"),
        ("SS.MT.1", DOC, "Số 12/QĐ-UBND ngày 03/02/2024 của UBND xã Thử"),
        ("SS.MT.1", False, "Chưa có văn bản"),
        ("SS.NL.3", "1250", "1.250"),
        ("SS.HT.5", "43.8", "43,8"),
        ("KQ.TT.4", "87.5", "87,5"),
        ("KQ.TT.4", None, "(trống)"),
        ("SS.HT.1", ["60", "50"], "60/50"),  # no longer valid: still written for a person
    ],
)
def test_examples(code, raw, text):
    assert answer_text(HUYEN.criteria_by_code[code], raw) == text


def test_a_choice_is_shown_by_its_label():
    criterion = next(c for c in LEAVES if isinstance(c.rule, Choice))
    option = criterion.rule.options[0]
    assert answer_text(criterion, option.value) == (option.label or option.value)


def _raw(criterion):
    kind = criterion.input.kind
    if kind is InputKind.RATIO:
        return st.integers(1, 10**6).flatmap(
            lambda d: st.tuples(st.integers(0, d), st.just(d)).map(lambda t: [str(t[0]), t[1]])
        )
    if kind in (InputKind.COUNT, InputKind.NUMBER):
        return st.integers(0, 10).map(str)
    if kind in (InputKind.PERCENTAGE, InputKind.POINTS):
        return st.integers(0, 100).map(
            lambda n: exact_text(Fraction(n, 100) * criterion.max_points)
        )
    if kind is InputKind.BOOLEAN:
        return st.booleans()
    if kind is InputKind.CHOICE:
        return st.sampled_from([o.value for o in criterion.rule.options])
    if kind is InputKind.DOCUMENT:
        return st.sampled_from([False, DOC])
    return st.just("15/01/2024")


@given(st.sampled_from(LEAVES).flatmap(lambda c: st.tuples(st.just(c), _raw(c))))
def test_no_answer_of_any_kind_reads_like_python(case):
    criterion, raw = case
    text = answer_text(criterion, raw)
    assert text and not any(mark in text for mark in ("[", "]", "{", "'", "True", "False", "None"))
    if criterion.input.kind is InputKind.RATIO:
        numerator, denominator = text.split("/")
        assert int(numerator.replace(".", "")) == int(raw[0])
        assert int(denominator.replace(".", "")) == int(raw[1])
