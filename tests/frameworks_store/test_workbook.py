"""The Excel criteria table: chiso's own export round trips; a table written by hand is read;
every problem is located by sheet, row and column."""

from __future__ import annotations

from fractions import Fraction

import pytest

from chiso.frameworks.canonical import canonical
from chiso.frameworks.texts import load_text, shipped_text
from chiso.frameworks.workbook import framework_xlsx, read_workbook
from chiso.scoring import score, shipped_registry
from chiso.tabular import TableError
from tests.frameworks_store.hand_table import hand_workbook


@pytest.mark.parametrize("code", [f.code for f in shipped_registry().all()])
def test_export_then_import_gives_the_same_framework_apart_from_its_code(code):
    text, extra = shipped_text(code)
    back = load_text(read_workbook(framework_xlsx(text, extra=extra), "t.xlsx", code="khac"))
    before = canonical(shipped_registry().get(code), lineage=False)
    after = canonical(back, lineage=False)
    assert after.pop("code") == "khac" and before.pop("code") == code
    assert after == before


def test_a_table_written_by_hand_is_read_with_its_groups_rules_and_merged_cells():
    framework = load_text(read_workbook(hand_workbook(), "bang.xlsx", code="lamdong-2026-xa"))
    assert framework.name == "Bộ chỉ số chuyển đổi số cấp xã năm 2026"
    assert framework.unit_kinds == ("xa", "phuong", "dac_khu")
    (section,) = framework.sections
    assert [(g.code, g.name, g.max_points) for g in section.groups] == [
        ("I", "NHẬN THỨC SỐ", 10),
        ("II", "HẠ TẦNG SỐ", 10),
    ]
    plan, trained = section.groups[0].criteria
    assert (plan.code, plan.rule.type, plan.input.kind.value) == ("I.1", "yes_no", "boolean")  # type: ignore[union-attr]
    assert plan.evidence_required and "Quyết định ban hành kế hoạch" in plan.guidance
    # The legal basis merged down two rows belongs to both criteria.
    assert trained.legal_basis.item == plan.legal_basis.item == "Điều 5 Luật 72/2025/QH15"
    assert (
        trained.rule.describe(trained)
        == "theo bậc: ≥ 80: 6,00 điểm; ≥ 50: 3,00 điểm; thấp hơn: 0 điểm"
    )
    systems = section.groups[1].criteria[1]
    assert [c.code for c in systems.children] == ["II.2.a", "II.2.b"]
    assert systems.rule.type == "sum" and systems.max_points == 4
    assert [b.name for b in section.classification.bands] == ["Tốt", "Khá", "Trung bình", "Yếu"]  # type: ignore[union-attr]


def test_the_hand_written_table_scores_as_computed_by_hand():
    framework = load_text(read_workbook(hand_workbook(), "bang.xlsx", code="lamdong-2026-xa"))
    answers = {"I.1": True, "I.2": 60, "II.1": 75, "II.2.a": True, "II.2.b": False}
    result = score(framework, answers, unit="xa-1")
    # 4 (kế hoạch) + 3 (60 % ≥ 50 %) + 6 × 75 % = 4.5 + 2 (một cửa) + 0 = 13.5 → Khá (≥ 12).
    (section,) = result.sections
    assert section.points == Fraction(27, 2) and section.level == "Khá"


def test_every_problem_of_a_hand_written_table_is_located_and_nothing_is_returned():
    with pytest.raises(TableError) as caught:
        read_workbook(hand_workbook(errors=True), "bang.xlsx", code="lamdong-2026-xa")
    found = {(p.where.sheet, p.where.row, p.where.column) for p in caught.value.problems}
    text = "\n".join(str(p) for p in caught.value.problems)
    assert ("Phu luc I", 5, "Điểm tối đa") in found, text
    assert ("Phu luc I", 6, "Cách tính điểm") in found, text
    assert ("Thong tin chung", None, "Áp dụng cho loại đơn vị") in found, text
    assert (
        "bang.xlsx, trang «Phu luc I», dòng 5, cột «Điểm tối đa»: phải là số, không phải «năm»"
        in text
    )


def test_a_group_whose_criteria_do_not_add_up_is_located_on_the_group_row():
    book = hand_workbook(errors=True)
    with pytest.raises(TableError) as caught:
        read_workbook(book, "bang.xlsx", code="x")
    rows = [(p.where.row, p.message) for p in caught.value.problems if p.where.row == 8]
    assert rows and "cộng lại 10 điểm, khác điểm tối đa 12" in rows[0][1]


def test_a_file_that_is_not_a_spreadsheet_is_refused_before_parsing():
    with pytest.raises(TableError, match="không phải là tệp Excel"):
        read_workbook(b"not a zip", "bang.xlsx")
