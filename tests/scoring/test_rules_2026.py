"""The 2026 rules, hand-computed: weighted indices, không áp dụng and its scaling, thưởng/trừ.

The framework below is small enough to check every number by hand. Scale 1000; three indices
weighted 400 / 300 / 300 (index value = points / applicable maximum); a bonus group capped at
50 and a malus group capped at 100; bands Tốt ≥ 800, Khá ≥ 650, Trung bình ≥ 500, Yếu.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from chiso.scoring import AnswerError, FrameworkError, load_framework, score, score_cohort
from chiso.scoring.applicability import kind_problems
from chiso.scoring.engine import UnitAnswers
from chiso.scoring.report import unit_dict, unit_text

FRAMEWORK = """\
schema: 1
code: thu-2026
name: "Bộ chỉ số thử 2026"
version: "2026"
unit_kinds: [xa, phuong]
provenance: verified
legal_basis: {document: "QĐ thử", article: "Điều 1"}
tags:
  - {code: kinh-te-so, name: "có nhiệm vụ phát triển kinh tế số"}
na_scaling: NA_SCALING
zero_denominator: not_applicable
total_may_exceed_scale: false
total_may_fall_below_zero: false
sections:
  - code: CDS
    name: "Chuyển đổi số"
    max_points: 1000
    classification:
      type: bands
      bands:
        - {name: "Tốt", min_total: 800}
        - {name: "Khá", min_total: 650}
        - {name: "Trung bình", min_total: 500}
        - {name: "Yếu", min_total: 0}
    groups:
      - code: NT
        name: "Nhận thức số"
        max_points: 10
        weight: 400
        criteria:
          - {code: NT.1, name: "Có kế hoạch", max_points: 4, input: boolean, rule: yes_no,
             legal_basis: {item: "1.1"}}
          - {code: NT.2, name: "Tỷ lệ", max_points: 6, input: ratio, rule: proportional,
             legal_basis: {item: "1.2"}}
      - code: KT
        name: "Kinh tế số"
        max_points: 10
        weight: 300
        applies_to: {tags: [kinh-te-so]}
        criteria:
          - {code: KT.1, name: "Số sản phẩm", max_points: 10, input: count,
             rule: {type: per_item, points_per_item: 2}, legal_basis: {item: "2.1"}}
      - code: XH
        name: "Xã hội số"
        max_points: 20
        weight: 300
        allow_unit_not_applicable: true
        criteria:
          - {code: XH.1, name: "Tỷ lệ %", max_points: 12, input: percentage, rule: proportional,
             legal_basis: {item: "3.1"}}
          - {code: XH.2, name: "Chỉ cho xã", max_points: 8, input: boolean, rule: yes_no,
             applies_to: {kinds: [xa]}, legal_basis: {item: "3.2"}}
      - code: TH
        name: "Điểm thưởng"
        max_points: 60
        role: bonus
        cap: 50
        criteria:
          - {code: TH.1, name: "Giải thưởng", max_points: 60, input: count,
             rule: {type: per_item, points_per_item: 20}, legal_basis: {item: "4.1"}}
      - code: TR
        name: "Điểm trừ"
        max_points: 100
        role: malus
        cap: 100
        criteria:
          - {code: TR.1, name: "Sự cố mất an toàn thông tin", max_points: 100, input: count,
             rule: {type: per_item, points_per_item: 50}, legal_basis: {item: "5.1"}}
"""

BASE = {
    "NT.1": True,
    "NT.2": [3, 4],
    "KT.1": 4,
    "XH.1": 50,
    "XH.2": True,
    "TH.1": 0,
    "TR.1": 0,
}


@pytest.fixture
def framework(write_framework):
    return load_framework(write_framework(FRAMEWORK.replace("NA_SCALING", "proportional")))


def total(framework, answers, **unit):
    result = score(framework, answers, unit="U", **unit)
    section = result.section("CDS")
    return section.points, section.level, result


def test_weighted_index_with_everything_applicable(framework):
    # NT (4 + 3/4 × 6) / 10 = 0,85 × 400 = 340; KT 8/10 × 300 = 240; XH 14/20 × 300 = 210.
    points, level, result = total(framework, BASE, kind="xa", tags=["kinh-te-so"])
    assert points == 790 and level == "Khá"
    nt = result.section("CDS").groups[0]
    assert (nt.points, nt.value, nt.contribution) == (F(17, 2), F(17, 20), 340)


def test_framework_not_applicable_by_tag_and_kind_is_scaled_proportionally(framework):
    # Phường without the tag: KT not applicable (tag), XH.2 not applicable (kind xa only).
    # NT 340; XH 6/12 = 0,5 × 300 = 150; obtained 490 of 700 applicable → 490/700 × 1000 = 700.
    # Bonus: 3 awards × 20 = 60, capped at 50 → 750.
    answers = {**BASE, "TH.1": 3}
    del answers["KT.1"], answers["XH.2"]  # not applicable: no answer needed
    points, level, result = total(framework, answers, kind="phuong")
    assert points == 750 and level == "Khá"
    scaling = result.section("CDS").scaling
    assert (scaling.obtained, scaling.applicable, scaling.scaled) == (490, 700, 700)
    assert (scaling.bonus, scaling.malus) == (50, 0)
    text = result.section("CDS").scaling_explanation()
    assert (
        "KT Kinh tế số: không áp dụng (theo bộ tiêu chí: chỉ áp dụng cho đơn vị có nhiệm vụ" in text
    )
    assert "490,00 / 700,00 × 1000,00 = 70,00 % × 1000,00 = 700,00" in text
    assert "+ 60,00 (giới hạn 50,00) → + 50,00" in text
    assert "Tổng điểm: 750,00/1000,00" in text
    assert "XH.2" in text  # the criterion not applicable inside XH is named
    shown = unit_text(result)
    assert "không áp dụng (theo bộ tiêu chí: chỉ áp dụng cho loại đơn vị: xa)" in shown


def test_unit_declares_a_group_not_applicable_with_a_reason(framework):
    # NT 340 of 400 applicable → 850; bonus 2 × 20 = 40 → 890; malus 1 × 50 → 840: Tốt.
    answers = {**BASE, "XH": {"not_applicable": True, "reason": "Đặc khu không có dân cư"}}
    answers.update({"TH.1": 2, "TR.1": 1})
    del answers["KT.1"], answers["XH.1"], answers["XH.2"]
    points, level, result = total(framework, answers, kind="phuong")
    assert points == 840 and level == "Tốt"
    xh = result.section("CDS").groups[2]
    assert xh.not_applicable == "đơn vị khai không áp dụng: Đặc khu không có dân cư"
    data = unit_dict(result)
    section = data["sections"][0]
    assert section["scaling"]["scaled"] == "850" and section["groups"][2]["not_applicable"]
    assert "890,00 − 50,00" not in section["scaling"]["text"]
    assert "850,00 + 40,00 − 50,00 = 840,00" in section["scaling"]["text"]


def test_declaration_needs_a_reason_and_an_allowed_item(framework):
    answers = {
        **BASE,
        "XH": {"not_applicable": True},
        "NT": {"not_applicable": True, "reason": "x"},
    }
    with pytest.raises(AnswerError) as caught:
        score(framework, answers, kind="xa", tags=["kinh-te-so"])
    found = {(p.item, p.message) for p in caught.value.problems}
    assert ("XH", "khai «không áp dụng» cần lý do ('reason')") in found
    assert ("NT", "bộ tiêu chí không cho đơn vị tự khai «không áp dụng» mục này") in found


def test_zero_denominator_makes_the_criterion_not_applicable(framework):
    # NT.2 0/0: nothing to measure → NT is NT.1 alone, 4/4 = 1 × 400 = 400; KT 240; XH 210;
    # all weights still apply: 850.
    points, _, result = total(framework, {**BASE, "NT.2": [0, 0]}, kind="xa", tags=["kinh-te-so"])
    assert points == 850
    nt2 = result.criterion("NT.2")
    assert nt2.not_applicable == "mẫu số bằng 0: không có gì để đo" and nt2.applicable_max == 0
    assert "không áp dụng (mẫu số bằng 0" in nt2.arithmetic()


def test_zero_denominator_refused_when_the_framework_says_error(write_framework):
    text = FRAMEWORK.replace("NA_SCALING", "proportional").replace(
        "zero_denominator: not_applicable", "zero_denominator: error"
    )
    framework = load_framework(write_framework(text))
    with pytest.raises(AnswerError) as caught:
        score(framework, {**BASE, "NT.2": [0, 0]}, kind="xa", tags=["kinh-te-so"])
    assert [p.item for p in caught.value.problems] == ["NT.2"]
    assert "mẫu số bằng 0" in caught.value.problems[0].message


def test_clamps_keep_the_total_within_zero_and_the_scale(framework):
    full = {"NT.1": True, "NT.2": [1, 1], "KT.1": 5, "XH.1": 100, "XH.2": True}
    points, level, _ = total(
        framework, {**full, "TH.1": 3, "TR.1": 0}, kind="xa", tags=["kinh-te-so"]
    )
    assert (points, level) == (1000, "Tốt")  # 1000 + 50 kept at 1000
    nothing = {"NT.1": False, "NT.2": [0, 4], "KT.1": 0, "XH.1": 0, "XH.2": False}
    points, level, result = total(
        framework, {**nothing, "TH.1": 0, "TR.1": 2}, kind="xa", tags=["kinh-te-so"]
    )
    assert (points, level) == (0, "Yếu")  # 0 − 100 kept at 0
    assert "Tổng không dưới 0" in result.section("CDS").scaling_explanation()


def test_clamps_off_let_the_total_leave_the_scale(write_framework):
    text = FRAMEWORK.replace("NA_SCALING", "proportional").replace(": false", ": true")
    framework = load_framework(write_framework(text))
    full = {"NT.1": True, "NT.2": [1, 1], "KT.1": 5, "XH.1": 100, "XH.2": True}
    points, _, _ = total(framework, {**full, "TH.1": 1, "TR.1": 0}, kind="xa", tags=["kinh-te-so"])
    assert points == 1020
    nothing = {"NT.1": False, "NT.2": [0, 4], "KT.1": 0, "XH.1": 0, "XH.2": False}
    points, _, _ = total(
        framework, {**nothing, "TH.1": 0, "TR.1": 1}, kind="xa", tags=["kinh-te-so"]
    )
    assert points == -50


def test_na_scaling_none_keeps_the_points_obtained(write_framework):
    framework = load_framework(write_framework(FRAMEWORK.replace("NA_SCALING", "none")))
    answers = {**BASE}
    del answers["KT.1"], answers["XH.2"]
    points, level, result = total(framework, answers, kind="phuong")
    assert (points, level) == (490, "Yếu")  # 340 + 150, not rescaled
    assert "Không quy đổi (na_scaling: none)" in result.section("CDS").scaling_explanation()


def test_unit_kind_and_tags_are_checked(framework):
    with pytest.raises(AnswerError) as caught:
        score(framework, BASE, tags=["khong-co"])
    messages = [p.message for p in caught.value.problems]
    assert any("cần loại đơn vị" in m for m in messages)
    assert any("nhãn 'khong-co' không có" in m for m in messages)
    with pytest.raises(AnswerError):
        score(framework, BASE, kind="huyen")


def test_cohort_carries_kind_and_tags(framework):
    answers = {**BASE}
    del answers["KT.1"], answers["XH.2"]
    scores = score_cohort(
        framework,
        [
            UnitAnswers("A", BASE, kind="xa", tags=("kinh-te-so",)),
            UnitAnswers("B", answers, kind="phuong"),
        ],
    )
    assert [s.total for s in scores] == [790, 700]


def test_kind_problems_names_the_units_and_kinds(framework):
    assert kind_problems(framework, [("Xã A", "xa"), ("Phường B", "phuong")]) == []
    (problem,) = kind_problems(framework, [("Xã A", "xa"), ("Huyện C", "huyen")])
    assert "«thu-2026»" in problem and "«xa», «phuong»" in problem and "Huyện C" in problem
    (problem,) = kind_problems(framework, [])
    assert "không có đơn vị nào" in problem


# -- refusals -----------------------------------------------------------------------------------
def _refused(write_framework, text):
    with pytest.raises(FrameworkError) as caught:
        load_framework(write_framework(text))
    return {(p.item, p.message) for p in caught.value.problems}


def _has(found, item, fragment):
    return any(i == item and fragment in m for i, m in found), found


REFUSED = [
    (
        "weights not summing",
        ("weight: 400", "weight: 350"),
        "CDS",
        "trọng số các nhóm cộng lại 950 điểm, khác điểm tối đa 1000",
    ),
    ("bonus without cap", ("        cap: 50\n", ""), "TH", "cần 'cap'"),
    (
        "N/A without scaling rule",
        ("na_scaling: proportional\n", ""),
        "thu-2026",
        "thiếu 'na_scaling'",
    ),
    (
        "unknown kind",
        ("unit_kinds: [xa, phuong]", "unit_kinds: [xa, phuong, xom]"),
        "thu-2026",
        "loại đơn vị không có: xom",
    ),
    (
        "applies_to kind outside the framework",
        ("kinds: [xa]", "kinds: [huyen]"),
        "XH.2",
        "không thuộc 'unit_kinds'",
    ),
    (
        "undeclared tag",
        ("tags: [kinh-te-so]", "tags: [du-lich]"),
        "KT",
        "nhãn 'du-lich' chưa khai báo",
    ),
    (
        "clamp flag missing with a bonus",
        ("total_may_exceed_scale: false\n", ""),
        "CDS",
        "'total_may_exceed_scale'",
    ),
    (
        "cap on a scored group",
        ("        weight: 400\n", "        weight: 400\n        cap: 5\n"),
        "NT",
        "'cap' chỉ dùng cho nhóm điểm thưởng",
    ),
    (
        "ladder with weights",
        ("type: bands\n      bands:", "type: ladder\n      levels:"),
        "CDS",
        "thang mức (ladder)",
    ),
]


@pytest.mark.parametrize(("case", "edit", "item", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_unscorable_framework_is_refused(write_framework, case, edit, item, message):
    text = FRAMEWORK.replace("NA_SCALING", "proportional")
    assert edit[0] in text
    found = _refused(write_framework, text.replace(edit[0], edit[1], 1))
    assert any(i == item and message in m for i, m in found), found


def test_next_level_counts_points_in_the_scaled_total(framework):
    # Phường, 700 (see above) needs 100 more for Tốt. XH.1 has 6 raw points left: 6/12 × 300
    # = 150 of the 700 applicable → 150/700 × 1000 = 214,29 in the total. The malus has none.
    answers = {**BASE, "TH.1": 3, "TR.1": 1}
    del answers["KT.1"], answers["XH.2"]
    section = score(framework, answers, kind="phuong").section("CDS")
    (shortfall,) = section.next_level().shortfalls
    assert [(code, room) for code, _, room in shortfall.headroom] == [
        ("XH.1", F(1500, 7)),
        ("NT.2", F(600, 7)),
    ]
