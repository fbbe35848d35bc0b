"""Every scoring rule against hand-computed points (exact fractions)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from chiso.scoring import AnswerError, score

RULES = """
- code: R
  name: "Tỷ lệ"
  max_points: 6
  input: {kind: ratio}
  rule: proportional
  legal_basis: {item: "1"}
- code: P
  name: "Phần trăm"
  max_points: 5
  input: percentage
  rule: proportional
  legal_basis: {item: "2"}
- code: T
  name: "Số cuộc họp"
  max_points: 20
  input: count
  rule: {type: tiers, tiers: [{min: 4, points: 20}, {min: 3, points: 15}, {min: 2, points: 10}, {min: 1, points: 5}]}
  legal_basis: {item: "3"}
- code: Y
  name: "Có trung tâm dữ liệu"
  max_points: 3
  input: boolean
  rule: yes_no
  legal_basis: {item: "4"}
- code: I
  name: "Số ứng dụng"
  max_points: 5
  input: count
  rule: {type: per_item, points_per_item: 1}
  legal_basis: {item: "5"}
- code: C
  name: "Trưởng ban chỉ đạo"
  max_points: 10
  input: choice
  rule: {type: choice, options: [{value: chu_tich, label: "Chủ tịch", points: 10}, {value: pho, label: "Phó chủ tịch", points: 5}, {value: khong, label: "Không có", points: 0}]}
  legal_basis: {item: "6"}
- code: N
  name: "Băng thông"
  max_points: 8
  input: number
  rule: normalised
  legal_basis: {item: "7"}
- code: S
  name: "Tổng phần"
  max_points: 4
  rule: sum
  legal_basis: {item: "8"}
  criteria:
    - {code: S.1, name: "Phần 1", max_points: 3, input: boolean, rule: yes_no, legal_basis: {item: "8.1"}}
    - {code: S.2, name: "Phần 2", max_points: 3, input: boolean, rule: yes_no, legal_basis: {item: "8.2"}}
- code: B
  name: "Phương án tốt nhất"
  max_points: 6
  rule: best_of
  legal_basis: {item: "9"}
  criteria:
    - {code: B.1, name: "Tỷ lệ", max_points: 6, input: ratio, rule: proportional, legal_basis: {item: "9.1"}}
    - {code: B.2, name: "Có giải pháp", max_points: 4, input: boolean, rule: yes_no, legal_basis: {item: "9.2"}}
- code: A
  name: "Thẩm định viên chấm"
  max_points: 2
  input: points
  rule: appraiser
  legal_basis: {item: "10"}
- code: D
  name: "Kế hoạch"
  max_points: 4
  input: date
  rule: {type: by_date, tiers: [{on_or_before: 2024-01-31, points: 4}, {on_or_before: 2024-03-31, points: 2}]}
  legal_basis: {item: "11"}
- code: V
  name: "Quy chế"
  max_points: 3
  input: document
  rule: document
  legal_basis: {item: "12"}
"""
MAX = "76"  # 6+5+20+3+5+10+8+4+6+2+4+3

FULL = {
    "R": [1, 1],
    "P": 100,
    "T": 4,
    "Y": True,
    "I": 5,
    "C": "chu_tich",
    "N": 10,
    "S.1": True,
    "S.2": True,
    "B.1": [1, 1],
    "B.2": True,
    "A": 2,
    "D": "2024-01-01",
    "V": {"number": "1/QĐ-UBND", "date": "2024-02-01", "issuer": "UBND xã"},
}

CASES = [
    # (criterion, answer, expected points)
    ("R", [1, 3], Fraction(2)),  # 1/3 × 6 = 2 exactly, not 1.9999…
    ("R", [45, 50], Fraction(27, 5)),
    ("R", [0, 0], Fraction(0)),  # an empty denominator earns nothing
    ("P", 87.5, Fraction(35, 8)),  # 87,5 % × 5 = 4,375
    ("P", "43,8", Fraction(219, 100)),  # Vietnamese decimal comma
    ("T", 4, Fraction(20)),
    ("T", 3, Fraction(15)),
    ("T", 1, Fraction(5)),
    ("T", 0, Fraction(0)),
    ("T", 9, Fraction(20)),
    ("Y", True, Fraction(3)),
    ("Y", "không", Fraction(0)),
    ("I", 3, Fraction(3)),
    ("I", 9, Fraction(5)),  # capped at the maximum
    ("C", "pho", Fraction(5)),
    ("C", "khong", Fraction(0)),
    ("A", "1,25", Fraction(5, 4)),
    ("D", "31/01/2024", Fraction(4)),
    ("D", "2024-02-01", Fraction(2)),
    ("D", "2024-04-01", Fraction(0)),
    ("V", False, Fraction(0)),
]


@pytest.fixture
def rules_framework(framework_of):
    return framework_of(RULES, max_points=MAX)


@pytest.mark.parametrize(("code", "answer", "expected"), CASES)
def test_rule_gives_hand_computed_points(rules_framework, code, answer, expected):
    result = score(rules_framework, {**FULL, code: answer}, unit="u")
    assert result.criterion(code).points == expected


def test_full_answers_reach_exactly_the_maximum(rules_framework):
    assert score(rules_framework, FULL, unit="u").total == Fraction(76)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [((True, True), Fraction(4)), ((True, False), Fraction(3)), ((False, False), Fraction(0))],
)
def test_sum_of_parts_is_capped_at_the_parent_maximum(rules_framework, parts, expected):
    answers = {**FULL, "S.1": parts[0], "S.2": parts[1]}
    assert score(rules_framework, answers, unit="u").criterion("S").points == expected


@pytest.mark.parametrize(
    ("ratio", "central", "expected"),
    [([1, 2], True, Fraction(4)), ([5, 6], True, Fraction(5)), ([1, 2], False, Fraction(3))],
)
def test_best_of_alternatives_takes_the_highest(rules_framework, ratio, central, expected):
    answers = {**FULL, "B.1": ratio, "B.2": central}
    assert score(rules_framework, answers, unit="u").criterion("B").points == expected


def test_normalised_uses_the_cohort_best_not_min_max(rules_framework):
    result = score(rules_framework, {**FULL, "N": 5}, unit="u", best={"N": Fraction(20)})
    assert result.criterion("N").points == Fraction(2)  # 5 / 20 × 8, not (5 − min)/(max − min)
    assert "5 / 20" in result.criterion("N").arithmetic()


def test_normalised_without_cohort_is_provisional_and_says_so(rules_framework):
    result = score(rules_framework, {**FULL, "N": 5}, unit="u")
    assert result.provisional == ("N",)
    assert "tạm tính" in result.criterion("N").arithmetic()


def test_explanation_shows_input_rule_arithmetic_and_legal_basis(rules_framework):
    text = score(rules_framework, {**FULL, "R": [45, 50]}, unit="u").criterion("R").explain()
    assert "45/50" in text
    assert "tỷ lệ × điểm tối đa" in text
    assert "45/50 = 90,00 % × 6,00 = 5,40 điểm" in text
    assert "QĐ thử, Điều 1, 1" in text


BAD_ANSWERS = [
    ("R", [6, 5], "tử số (6) lớn hơn mẫu số (5)"),
    ("P", 120, "từ 0 đến 100"),
    ("T", 2.5, "số nguyên không âm"),
    ("Y", "có lẽ", "có/không"),
    ("C", "truong_phong", "lựa chọn"),
    ("A", 3, "điểm phải từ 0 đến 2"),
    ("D", "32/01/2024", "ngày không hợp lệ"),
    ("V", {"number": "1/QĐ"}, "thiếu ngày ban hành, cơ quan ban hành"),
    ("N", "nhiều", "không phải số"),
    ("S", True, "được tính từ các tiêu chí con"),
    ("ZZ", 1, "không có tiêu chí mã này"),
]


@pytest.mark.parametrize(("code", "answer", "message"), BAD_ANSWERS)
def test_bad_answer_is_refused_naming_unit_and_criterion(rules_framework, code, answer, message):
    with pytest.raises(AnswerError) as caught:
        score(rules_framework, {**FULL, code: answer}, unit="xã Đắk Lao")
    (problem,) = caught.value.problems
    assert problem.where == "đơn vị xã Đắk Lao"
    assert problem.item == code
    assert message in problem.message


def test_missing_required_answer_is_refused_unless_partial(rules_framework):
    answers = {k: v for k, v in FULL.items() if k != "R"}
    with pytest.raises(AnswerError, match=r"\[R\]: thiếu câu trả lời"):
        score(rules_framework, answers, unit="u")
    partial = score(rules_framework, answers, unit="u", complete=False)
    assert partial.missing == ("R",)
    assert partial.criterion("R").points == 0


def test_appraiser_points_are_optional_until_set(rules_framework):
    answers = {k: v for k, v in FULL.items() if k != "A"}
    result = score(rules_framework, answers, unit="u")
    assert result.criterion("A").points == 0
    assert "chưa có câu trả lời" in result.criterion("A").arithmetic()
