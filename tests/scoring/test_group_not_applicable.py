"""A unit declares a whole group không áp dụng (issue 16): the core scales the total by the
framework's ``na_scaling`` and says so; a declaration the appraisers reject (left out of the
verified values) scores the group from its criteria's kept answers. Totals computed by hand."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from chiso.frameworks.texts import load_text
from chiso.scoring import AnswerError, score
from chiso.scoring.answers import NOT_DECLARABLE, REASON_NEEDED
from tests.campaigns.group_na_setup import VERSION_TEXT
from tests.scoring.test_templates_2026 import full

REASON = "Đặc khu không có hộ kinh doanh, doanh nghiệp, chợ trên địa bàn"


@pytest.fixture(scope="module")
def framework():
    return load_text(VERSION_TEXT)


def _answers(framework, **changes):
    # Every criterion at its maximum except NT.4 (10 of 20) and KT.2 (1 of 2 → 12,5 of 25).
    return full(framework, **{"NT.4": 10, "KT.2": [1, 2], "AT.4": None, **changes})


def test_the_group_may_be_declared_only_where_the_framework_says_so(framework):
    assert framework.groups_by_code["KT"].allow_unit_not_applicable
    assert not framework.groups_by_code["NT"].allow_unit_not_applicable
    with pytest.raises(AnswerError) as caught:
        score(
            framework, {"NT": {"not_applicable": True, "reason": REASON}}, complete=False, kind="xa"
        )
    assert [p.message for p in caught.value.problems] == [NOT_DECLARABLE]
    with pytest.raises(AnswerError) as caught:
        score(framework, {"KT": {"not_applicable": True}}, complete=False, kind="xa")
    assert [p.message for p in caught.value.problems] == [REASON_NEEDED]


def test_a_declared_group_leaves_the_maximum_and_the_total_is_scaled(framework):
    # Weighted groups, value = points / max × weight: NT 90/100 × 100 = 90; TC, HT, NL 100 each;
    # AT 75/100 × 100 = 75 (AT.4 is the appraisers'); HD 200; XH 150; KT declared not applicable.
    # Obtained 90 + 300 + 75 + 200 + 150 = 815 of the applicable 1000 − 150 = 850:
    # 815 / 850 × 1000 = 958,8235… (TH, TR answered 0).
    declared = _answers(framework, KT={"not_applicable": True, "reason": REASON})
    result = score(framework, declared, unit="24730", kind="xa")
    (section,) = result.sections
    assert section.scaling.obtained == 815
    assert section.scaling.applicable == 850
    assert result.total == F(815 * 1000, 850)
    kt = next(g for g in section.groups if g.group.code == "KT")
    assert kt.not_applicable == f"đơn vị khai không áp dụng: {REASON}"
    assert kt.points == 0  # its kept answers are not scored
    assert all(c.not_applicable for c in kt.criteria)
    explanation = section.scaling_explanation()
    assert f"KT Hoạt động kinh tế số: không áp dụng (đơn vị khai không áp dụng: {REASON})" in (
        explanation
    )
    assert "815,00 / 850,00 × 1.000,00" in explanation or "815,00 / 850,00 × 1000,00" in (
        explanation
    )


def test_the_kept_answers_need_not_be_complete_inside_a_declared_group(framework):
    declared = _answers(
        framework, KT={"not_applicable": True, "reason": REASON}, **{"KT.3": None, "KT.6": None}
    )
    assert score(framework, declared, kind="xa").total == F(815 * 1000, 850)
    with pytest.raises(AnswerError):  # the same answers without the declaration: KT.3 missing
        score(framework, {k: v for k, v in declared.items() if k != "KT"}, kind="xa")


def test_without_the_declaration_the_group_is_scored_from_its_answers(framework):
    # The declaration rejected (or withdrawn): KT 30 + 12,5 + 25 + 25 + 20 + 25 = 137,5 of 150
    # → 137,5; nothing is not applicable: 815 + 137,5 = 952,5, not rescaled.
    result = score(framework, _answers(framework), kind="xa")
    assert result.total == F(9525, 10)
    assert result.sections[0].scaling.applicable == 1000
