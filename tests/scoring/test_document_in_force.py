"""A document still in force during the assessment year (issued earlier) is accepted where the
framework says "còn hiệu lực trong năm đánh giá" (rule option ``issued: in_force``); elsewhere a
document must be dated in the year (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.scoring import FrameworkError, shipped_registry
from chiso.scoring.answers import parse_value
from chiso.scoring.rules import ISSUED_IN_FORCE, Document, date_problem
from chiso.scoring.vi_numbers import InputKind

REGISTRY = shipped_registry()
SONLA = REGISTRY.get("sonla-cqs-huyen")
IN_FORCE = "còn hiệu lực trong năm đánh giá"


def _doc(criterion, day: dt.date):
    return parse_value(
        criterion, {"number": "09-NQ/HU", "date": day.isoformat(), "issuer": "Huyện ủy Mộc Châu"}
    )


def test_a_2022_resolution_still_in_force_counts_in_2024():
    tc3 = SONLA.criteria_by_code["TC.3"]
    assert date_problem(tc3, _doc(tc3, dt.date(2022, 6, 15)), 2024) is None
    assert "ban hành sau năm đánh giá 2024" in date_problem(
        tc3, _doc(tc3, dt.date(2025, 1, 2)), 2024
    )
    assert "còn hiệu lực trong năm đánh giá" in tc3.rule.describe(tc3)


def test_a_plan_of_the_year_must_still_be_dated_in_the_year():
    plan = REGISTRY.get("vn-2392-huyen").criteria_by_code["SS.MT.1"]
    assert date_problem(plan, _doc(plan, dt.date(2022, 6, 15)), 2024) == (
        "ngày 15/06/2022 nằm ngoài năm đánh giá 2024"
    )


@given(st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)), st.integers(2010, 2030))
def test_in_force_takes_every_date_up_to_the_end_of_the_year_and_in_year_only_the_year(day, year):
    assert (Document(ISSUED_IN_FORCE).date_problem(day, year) is None) == (day.year <= year)
    assert (Document().date_problem(day, year) is None) == (day.year == year)


def test_the_criteria_whose_wording_says_so_use_the_option_and_no_other():
    for framework in REGISTRY.all():
        for leaf in framework.leaves():
            if leaf.input.kind is not InputKind.DOCUMENT:
                continue
            says = IN_FORCE in leaf.guidance or IN_FORCE in leaf.name
            issued = getattr(leaf.rule, "issued", None)
            assert (issued == ISSUED_IN_FORCE) == says, (framework.code, leaf.code)


def test_an_unknown_option_is_refused(write_framework):
    from tests.scoring.conftest import one_group

    text = one_group(
        """
        - code: A
          name: "Văn bản"
          max_points: 1
          input: document
          rule: {type: document, issued: forever}
          legal_basis: {item: "1"}
        """,
        max_points="1",
    )
    from chiso.scoring import load_framework

    with pytest.raises(FrameworkError, match="issued"):
        load_framework(write_framework(text))
