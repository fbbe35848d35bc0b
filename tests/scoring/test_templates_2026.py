"""The two shipped 2026 templates: structure from the 2025 provincial indices, scored by hand."""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import pytest

from chiso.scoring import AnswerError, score, shipped_registry
from chiso.scoring.model import Criterion, Framework, GroupRole, InputKind, Provenance
from chiso.scoring.rules import Choice

SO = "mau-2026-so-ban-nganh"
XA = "mau-2026-xa-phuong"


def full_answer(criterion: Criterion) -> Any:
    """The answer that earns a leaf's maximum."""
    assert criterion.input is not None
    kind = criterion.input.kind
    if kind is InputKind.BOOLEAN:
        return True
    if kind is InputKind.RATIO:
        return [10, 10]
    if kind is InputKind.PERCENTAGE:
        return 100
    if kind is InputKind.COUNT:
        return 100
    if kind is InputKind.POINTS:
        return str(criterion.max_points)
    if kind is InputKind.CHOICE:
        assert isinstance(criterion.rule, Choice)
        return max(criterion.rule.options, key=lambda o: o.points).value
    if kind is InputKind.DOCUMENT:
        return {"number": "01/KH-UBND", "date": "2026-01-15", "issuer": "UBND"}
    raise AssertionError(kind)


def full(framework: Framework, **changes: Any) -> dict[str, Any]:
    answers = {c.code: full_answer(c) for c in framework.leaves()}
    for group in framework.sections[0].groups:
        if group.role is not GroupRole.SCORED:
            for c in group.leaves():
                answers[c.code] = 0
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


@pytest.mark.parametrize(
    ("code", "counts", "weights"),
    [
        (SO, [3, 4, 2, 3, 5, 11, 1, 3, 2], [100, 100, 100, 100, 100, 200, 100, 100, 100]),
        (XA, [5, 3, 5, 6, 4, 10, 6, 8], [100, 100, 100, 100, 100, 200, 150, 150]),
    ],
)
def test_structure_follows_the_2025_provincial_indices(code, counts, weights):
    framework = shipped_registry().get(code)
    (section,) = framework.sections
    scored = section.scored_groups
    assert [len(g.criteria) for g in scored] == counts  # 34 in 9 groups; 47 in 8 groups
    assert [g.weight for g in scored] == weights and section.max_points == 1000
    assert [g.name for g in scored][:6] == [
        "Nhận thức số",
        "Thể chế số",
        "Hạ tầng số",
        "Nhân lực số",
        "An toàn thông tin mạng",
        "Hoạt động chính quyền số",
    ]
    roles = {g.code: (g.role, g.cap) for g in section.groups if g.role is not GroupRole.SCORED}
    assert roles == {"TH": (GroupRole.BONUS, 50), "TR": (GroupRole.MALUS, 100)}
    assert all(c.provenance is Provenance.RECONSTRUCTED for c in framework.leaves())
    basis = f"{framework.legal_basis} {framework.notes}"
    for cited in ("72/2025/QH15", "405/QĐ-BKHCN", "922/QĐ-BTTTT", "Sở Khoa học và Công nghệ"):
        assert cited in basis
    assert "5279/QĐ-UBND" in basis and "2386/QĐ-UBND" in basis


def test_agency_template_is_for_agencies_and_the_commune_one_has_no_district():
    registry = shipped_registry()
    assert registry.get(SO).unit_kinds == ("so", "ban", "nganh")
    assert registry.get(XA).unit_kinds == ("xa", "phuong", "dac_khu")
    assert registry.get(SO).section("CDS").group("HD").name == "Hoạt động chính quyền số"
    assert registry.get(SO).section("CDS").group("KH").name.startswith("Mức độ hoàn thành kế hoạch")


def test_agency_without_digital_economy_task_is_scaled_on_900():
    # Sở without the tag kinh-te-so: KT (weight 100) does not apply. HD.1 half: HD 190/200;
    # XH.1 0/0 does not apply: XH 60/60 × 100 = 100; KH.1 3/4 × 60 = 45: KH 85.
    # obtained 100 × 5 + 190 + 100 + 85 = 875 of 900 → 875/900 × 1000 = 8750/9 (972,22);
    # bonus 1 × 25, malus 2 × 10 → 8750/9 + 5 = 8795/9 (977,78), Tốt.
    framework = shipped_registry().get(SO)
    answers = full(framework, **{"HD.1": [1, 2], "XH.1": [0, 0], "KH.1": [3, 4]})
    answers.update({"TH.1": 1, "TR.2": 2})
    del answers["KT.1"]
    result = score(framework, answers, unit="S", kind="so")
    section = result.section("CDS")
    assert section.scaling.scaled == F(8750, 9)
    assert section.points == F(8795, 9) and section.level == "Tốt"
    text = section.scaling_explanation()
    assert "875,00 / 900,00 × 1000,00" in text and "KT Hoạt động kinh tế số: không áp dụng" in text


def test_agency_without_procedures_skips_the_procedure_criteria():
    framework = shipped_registry().get(SO)
    answers = full(framework)
    for code in ("HD.3", "HD.4", "HD.5", "HD.6", "HD.7"):
        del answers[code]
    result = score(framework, answers, kind="ban", tags=["kinh-te-so", "khong-tthc"])
    assert result.section("CDS").points == 1000
    assert result.criterion("HD.3").not_applicable.startswith("theo bộ tiêu chí: không áp dụng")


def test_ward_with_a_declared_not_applicable_criterion():
    # Phường: KT.1 (xã, đặc khu only) does not apply; KT.3 declared not applicable (no market).
    # KT.2 half: 12,5. KT applicable max 150 − 30 − 25 = 95, value 82,5/95 = 33/38,
    # × 150 = 2475/19. Total 850 + 2475/19 = 18625/19 (980,26); every weight still applies.
    framework = shipped_registry().get(XA)
    answers = full(framework, **{"KT.2": [1, 2]})
    del answers["KT.1"]
    answers["KT.3"] = {"not_applicable": True, "reason": "Phường không có chợ"}
    section = score(framework, answers, kind="phuong").section("CDS")
    assert section.points == F(18625, 19) and section.level == "Tốt"
    assert section.scaling.applicable == 1000 and not section.scaling.rescaled
    kt = next(g for g in section.groups if g.group.code == "KT")
    assert kt.applicable_max == 95 and kt.value == F(33, 38)


def test_commune_template_refuses_a_district():
    framework = shipped_registry().get(XA)
    with pytest.raises(AnswerError) as caught:
        score(framework, full(framework), kind="huyen")
    assert "không dành cho loại đơn vị 'huyen'" in caught.value.problems[0].message
