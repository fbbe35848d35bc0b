"""The form workbook as built: rows, pre-filled cells, locks, validations, hidden sheet, print."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest

from chiso.excel import build_form_workbook
from chiso.excel.form_layout import (
    COL_NOTE,
    FORM_SHEET,
    FORMAT,
    HEADERS,
    ID_SHEET,
    VALUE_COLUMNS,
    column_letter,
    value_columns,
)
from chiso.excel.form_workbook import META_OF_OTHER_FRAMEWORK, NOTE_WITHOUT_ROW
from chiso.scoring import AnswerError, Framework
from chiso.scoring.answers import UNKNOWN_CRITERION
from tests.excel.builders import KIND_ANSWERS, YEAR, build, meta_for, row_map

INPUT_CODES = [
    "A.N",
    "A.C",
    "A.R",
    "A.O",
    "A.P",
    "A.B",
    "B.CH",
    "B.D",
    "B.V",
    "B.S.1",
    "B.S.2",
    "B.X",
]


@pytest.fixture(scope="module")
def workbook(kind_form: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(kind_form))


@pytest.fixture(scope="module")
def rows(kind_form: bytes) -> dict[str, int]:
    return row_map(kind_form)


def test_form_has_one_row_per_criterion_the_unit_answers_in_framework_order(
    rows: dict[str, int],
) -> None:
    assert sorted(rows, key=rows.__getitem__) == INPUT_CODES


def test_appraiser_and_computed_criteria_get_no_input_row(rows: dict[str, int]) -> None:
    assert "B.T" not in rows
    assert "B.S" not in rows


def test_sections_groups_and_parents_are_heading_rows_between_criteria(
    workbook: Any, rows: dict[str, int]
) -> None:
    sheet = workbook[FORM_SHEET]
    codes = {sheet.cell(row=row, column=1).value: row for row in range(1, sheet.max_row + 1)}
    assert codes["HM"] < codes["HM.A"] < rows["A.N"] < codes["HM.B"] < rows["B.CH"]
    assert rows["B.V"] < codes["B.S"] < rows["B.S.1"]
    assert sheet.cell(row=codes["B.S"], column=5).value.startswith("Tính từ các tiêu chí con")


def test_header_block_names_unit_campaign_framework_and_deadline(workbook: Any) -> None:
    sheet = workbook[FORM_SHEET]
    text = "\n".join(str(sheet.cell(row=row, column=1).value) for row in range(1, 8))
    assert "Đơn vị: Phường Nghĩa Thành (mã 24612)" in text
    assert "Đợt đánh giá: Đánh giá năm 2024 — năm 2024" in text
    assert "mã thu-excel, phiên bản 2024" in text
    assert "Hạn nộp: 17 giờ ngày 25/10/2024" in text
    assert "Hướng dẫn:" in text


def test_table_header_has_the_vietnamese_column_titles(workbook: Any, rows: dict[str, int]) -> None:
    sheet = workbook[FORM_SHEET]
    header_row = min(rows.values()) - 3  # the header, then the section and group headings
    titles = [sheet.cell(row=header_row, column=column).value for column in HEADERS]
    assert titles[:5] == ["Mã tiêu chí", "Tiêu chí", "Căn cứ", "Điểm tối đa", "Cách nhập"]
    assert titles[-1] == "Ghi chú"


@pytest.mark.parametrize(
    ("code", "cells"),
    [
        ("A.N", {"F": 43.5}),
        ("A.C", {"F": 3}),
        ("A.R", {"G": 40, "H": 50, "M": "Số liệu ngày 30/9"}),
        ("A.O", {"G": 120, "H": 100}),
        ("A.P", {"F": 87.5}),
        ("A.B", {"F": "Có"}),
        ("B.CH", {"F": "Chủ tịch, Bí thư"}),
        ("B.D", {"F": dt.datetime(2024, 1, 15)}),  # noqa: DTZ001 - a calendar day
        (
            "B.V",
            {
                "F": "Có",
                "I": "12/QĐ-UBND",
                "J": dt.datetime(2024, 2, 1),  # noqa: DTZ001 - a calendar day
                "K": "UBND xã Thử",
                "L": "Quy chế bảo đảm an toàn thông tin",
            },
        ),
        ("B.S.1", {"F": "Không"}),
        ("B.S.2", {"F": "Không", "I": None}),
        ("B.X", {"F": 2}),
    ],
)
def test_answers_are_prefilled_in_the_cells_of_their_input_kind(
    workbook: Any, rows: dict[str, int], code: str, cells: dict[str, object]
) -> None:
    sheet = workbook[FORM_SHEET]
    found = {letter: sheet[f"{letter}{rows[code]}"].value for letter in cells}
    assert found == cells


def test_date_cells_show_day_month_year(workbook: Any, rows: dict[str, int]) -> None:
    sheet = workbook[FORM_SHEET]
    assert sheet[f"F{rows['B.D']}"].number_format == "dd/mm/yyyy"
    assert sheet[f"J{rows['B.V']}"].number_format == "dd/mm/yyyy"
    assert sheet[f"I{rows['B.V']}"].number_format == "@"  # "3/5" must stay a document number


def test_input_cells_are_unlocked_and_every_other_cell_is_locked(
    workbook: Any, every_kind: Framework, rows: dict[str, int]
) -> None:
    sheet = workbook[FORM_SHEET]
    unlocked = set()
    for code, row in rows.items():
        criterion = every_kind.criteria_by_code[code]
        assert criterion.input is not None
        for column in (*value_columns(criterion.input.kind), COL_NOTE):
            unlocked.add(f"{column_letter(column)}{row}")
    found = {
        cell.coordinate
        for line in sheet.iter_rows(min_row=1, max_row=sheet.max_row + 5, max_col=20)
        for cell in line
        if not cell.protection.locked
    }
    assert found == unlocked


def test_form_sheet_is_protected_without_password_and_structure_locked(workbook: Any) -> None:
    sheet = workbook[FORM_SHEET]
    assert sheet.protection.sheet is True
    assert not sheet.protection.password
    assert workbook.security.lockStructure is True


def test_hidden_sheet_is_very_hidden_and_identifies_the_form(workbook: Any) -> None:
    hidden = workbook[ID_SHEET]
    identity = {
        hidden.cell(row=row, column=1).value: hidden.cell(row=row, column=2).value
        for row in range(1, 12)
    }
    assert hidden.sheet_state == "veryHidden"
    assert identity["format"] == FORMAT
    assert {k: identity[k] for k in ("campaign_id", "unit_era", "unit_code")} == {
        "campaign_id": "dot-2024",
        "unit_era": "2019",
        "unit_code": "24612",
    }
    assert (identity["framework_code"], identity["framework_version"]) == ("thu-excel", "2024")


def test_hidden_row_map_points_at_the_rows_holding_each_code(
    workbook: Any, rows: dict[str, int]
) -> None:
    sheet = workbook[FORM_SHEET]
    assert {code: sheet.cell(row=row, column=1).value for code, row in rows.items()} == {
        code: code for code in rows
    }


def _validation(sheet: Any, coordinate: str) -> Any:
    found = [dv for dv in sheet.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, coordinate
    return found[0]


@pytest.mark.parametrize(
    ("code", "letter", "kind", "formula1", "formula2"),
    [
        ("A.N", "F", "decimal", "0", "1000"),
        ("A.C", "F", "whole", "0", "10"),
        ("A.P", "F", "decimal", "0", "100"),
        ("A.B", "F", "list", '"Có,Không"', None),
        ("B.CH", "F", "list", "'_chiso'!$I$2:$I$4", None),
        ("B.D", "F", "date", "45292", "45657"),  # 01/01/2024 and 31/12/2024
        ("B.V", "F", "list", '"Có,Không"', None),
        ("B.V", "J", "date", "0", None),
        ("A.O", "G", "decimal", "0", None),
        ("A.O", "H", "decimal", "0", None),
    ],
)
def test_input_cells_carry_a_data_validation_of_their_kind(
    workbook: Any,
    rows: dict[str, int],
    code: str,
    letter: str,
    kind: str,
    formula1: str,
    formula2: str | None,
) -> None:
    validation = _validation(workbook[FORM_SHEET], f"{letter}{rows[code]}")
    assert (validation.type, validation.formula1, validation.formula2) == (kind, formula1, formula2)
    assert validation.showErrorMessage and validation.allow_blank


@pytest.mark.parametrize("letter", ["G", "H"])
def test_ratio_cells_refuse_a_numerator_above_the_denominator(
    workbook: Any, rows: dict[str, int], letter: str
) -> None:
    row = rows["A.R"]
    validation = _validation(workbook[FORM_SHEET], f"{letter}{row}")
    assert validation.type == "custom"
    assert f"G{row}<=H{row}" in validation.formula1


def test_every_value_cell_in_use_is_validated_except_free_text(
    workbook: Any, every_kind: Framework, rows: dict[str, int]
) -> None:
    sheet = workbook[FORM_SHEET]
    free_text = {"I", "K", "L"}  # number, issuer and summary of a document
    for code, row in rows.items():
        criterion = every_kind.criteria_by_code[code]
        assert criterion.input is not None
        for column in value_columns(criterion.input.kind):
            if column_letter(column) not in free_text:
                _validation(sheet, f"{column_letter(column)}{row}")


def test_choice_list_holds_the_option_labels_even_with_commas(workbook: Any) -> None:
    hidden = workbook[ID_SHEET]
    assert [hidden[f"I{row}"].value for row in range(1, 5)] == [
        "B.CH",
        "Chủ tịch, Bí thư",
        "Phó chủ tịch",
        "Chưa có",
    ]


def test_unused_value_cells_of_a_row_are_empty(workbook: Any, rows: dict[str, int]) -> None:
    sheet = workbook[FORM_SHEET]
    row = rows["A.N"]
    used = {"F"}
    assert all(
        sheet[f"{column_letter(column)}{row}"].value is None
        for column in VALUE_COLUMNS
        if column_letter(column) not in used
    )


def test_page_is_landscape_a4_fit_to_width_with_frozen_header(
    workbook: Any, rows: dict[str, int]
) -> None:
    sheet = workbook[FORM_SHEET]
    header_row = min(rows.values()) - 3
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (int(sheet.page_setup.fitToWidth), int(sheet.page_setup.fitToHeight)) == (1, 0)
    assert sheet.freeze_panes == f"C{header_row + 1}"
    assert sheet.column_dimensions["B"].width > 40


def test_how_to_enter_explains_ratio_labels_and_guidance(
    workbook: Any, rows: dict[str, int]
) -> None:
    sheet = workbook[FORM_SHEET]
    ratio = sheet[f"E{rows['A.R']}"].value
    assert "Tử số = Số có máy tính, Mẫu số = Tổng số cán bộ" in ratio
    assert "Chỉ tính cuộc diễn tập có biên bản." in sheet[f"E{rows['B.X']}"].value
    assert f"trong năm {YEAR}" in sheet[f"E{rows['B.D']}"].value


def test_maximum_points_are_numbers(workbook: Any, rows: dict[str, int]) -> None:
    assert workbook[FORM_SHEET][f"D{rows['A.N']}"].value == 5


def test_build_refuses_invalid_answers_with_the_cores_problems(every_kind: Framework) -> None:
    with pytest.raises(AnswerError) as caught:
        build(every_kind, {"A.P": 120, "Z.9": 1})
    assert [(p.item, p.message) for p in caught.value.problems] == [
        ("A.P", "tỷ lệ phần trăm phải từ 0 đến 100, nhận được 120"),
        ("Z.9", UNKNOWN_CRITERION),
    ]


@pytest.mark.parametrize("code", ["B.T", "B.S", "Z.9"])
def test_build_refuses_a_note_on_a_criterion_without_a_row(
    every_kind: Framework, code: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        build(every_kind, {}, {code: "ghi chú"})
    assert [(p.item, p.message) for p in caught.value.problems] == [(code, NOTE_WITHOUT_ROW)]


def test_build_leaves_out_appraiser_points(every_kind: Framework) -> None:
    data = build(every_kind, {"B.T": 4})
    sheet = openpyxl.load_workbook(io.BytesIO(data))[FORM_SHEET]
    assert "B.T" not in [cell.value for cell in sheet["A"]]


def test_build_refuses_meta_of_another_framework(every_kind: Framework) -> None:
    meta = meta_for(every_kind, framework_version="2025")
    with pytest.raises(ValueError, match="bộ tiêu chí") as caught:
        build_form_workbook(framework=every_kind, answers={}, notes={}, meta=meta)
    assert str(caught.value) == META_OF_OTHER_FRAMEWORK.format(
        meta="thu-excel phiên bản 2025", framework="thu-excel phiên bản 2024"
    )


def test_decimal_answers_are_written_exactly(every_kind: Framework) -> None:
    data = build(every_kind, {"A.N": "70.49"})
    sheet = openpyxl.load_workbook(io.BytesIO(data))[FORM_SHEET]
    value = sheet[f"F{row_map(data)['A.N']}"].value
    assert Decimal(repr(value)) == Decimal("70.49")


def test_kind_answers_cover_every_input_row() -> None:
    assert set(INPUT_CODES) <= set(KIND_ANSWERS)
