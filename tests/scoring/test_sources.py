"""A criterion's source (unit, agency, measured, appraiser) in the framework file, and when two
sources' values differ enough to be flagged."""

from __future__ import annotations

from fractions import Fraction

import pytest

from chiso.scoring import FrameworkError, load_framework, shipped_registry
from chiso.scoring.model import Measure, ValueSource
from chiso.scoring.sources import differs, tolerance_of

from .conftest import one_group


def leaf(kind: str, extra: str = "", code: str = "A", rule: str = "yes_no") -> str:
    return f"""
- code: {code}
  name: "Tiêu chí"
  max_points: 5
  input: {kind}
  rule: {rule}
  legal_basis: {{item: "1"}}
{extra}"""


def test_existing_frameworks_keep_the_unit_as_the_source_of_every_value():
    for framework in shipped_registry().all():
        if framework.code == "lamdong-2392-xa":
            continue
        assert {c.source for c in framework.leaves()} == {ValueSource.UNIT}, framework.code


def test_lam_dong_declares_an_agency_criterion_and_a_measured_portal_criterion():
    framework = shipped_registry().get("lamdong-2392-xa")
    agency = framework.criteria_by_code["KQ.GD.2"]
    measured = framework.criteria_by_code["KQ.HD.1"]
    assert agency.source is ValueSource.AGENCY and agency.tolerance == Fraction(5, 100)
    assert measured.source is ValueSource.MEASURED
    assert measured.measure == Measure("portal", "sections")
    assert framework.criteria_by_code["SS.HT.1"].source is ValueSource.UNIT


def test_source_measure_and_tolerance_load(write_framework):
    text = one_group(
        leaf("boolean", '  source: measured\n  measure: "portal.https"')
        + leaf(
            "count",
            "  source: agency\n  tolerance: 10",
            code="B",
            rule="{type: per_item, points_per_item: 1, cap: 5}",
        ),
        max_points="10",
    )
    framework = load_framework(write_framework(text))
    a, b = framework.criteria_by_code["A"], framework.criteria_by_code["B"]
    assert (a.source, a.measure) == (ValueSource.MEASURED, Measure("portal", "https"))
    assert (b.source, b.tolerance) == (ValueSource.AGENCY, Fraction(1, 10))


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("  source: neighbour", "'source' không hợp lệ 'neighbour'"),
        ("  source: measured", "'source: measured' cần 'measure'"),
        ("  source: measured\n  measure: {connector: ftp, what: x}", "connector đo không có 'ftp'"),
        ("  source: measured\n  measure: portal.speed", "connector portal không đo 'speed'"),
        ("  source: measured\n  measure: portal.updated", "không điền được kiểu nhập boolean"),
        ("  measure: portal.https", "'measure' chỉ dùng với 'source: measured'"),
        ("  source: agency\n  tolerance: 150", "'tolerance' là phần trăm"),
    ],
)
def test_a_bad_source_is_refused_naming_file_criterion_and_problem(write_framework, extra, message):
    path = write_framework(one_group(leaf("boolean", extra), max_points="5"))
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    assert any(
        p.where == str(path) and p.item == "A" and message in p.message
        for p in caught.value.problems
    ), [str(p) for p in caught.value.problems]


def test_numbers_differ_beyond_five_percent_and_booleans_on_any_difference():
    framework = shipped_registry().get("lamdong-2392-xa")
    ratio = framework.criteria_by_code["KQ.GD.2"]  # tolerance 5 %
    assert not differs(ratio, [95, 100], [100, 100])
    assert differs(ratio, [94, 100], [100, 100])
    assert not differs(ratio, {"numerator": 1, "denominator": 2}, [50, 100])
    boolean = framework.criteria_by_code["SS.NL.1"]
    assert tolerance_of(boolean) == 0
    assert differs(boolean, True, False) and not differs(boolean, True, True)
    count = framework.criteria_by_code["KQ.HD.1"]
    assert tolerance_of(count) == Fraction(5, 100)
    assert differs(count, 5, None) and not differs(count, None, None)
    assert differs(count, 5, "không đọc được")
