"""Ranking tables: one .xlsx sheet per unit kind and section, and one CSV with a BOM."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from chiso.publish.tables import ranking_csv, ranking_workbook

from .conftest import build_2019

FORMULA = '=HYPERLINK("http://example.invalid","bấm")'


@pytest.fixture
def book(results):
    return openpyxl.load_workbook(io.BytesIO(ranking_workbook(results)))


def rows_of(sheet, first=6):
    return [list(r) for r in sheet.iter_rows(min_row=first, values_only=True)]


def test_workbook_has_a_sheet_per_kind_and_section(book):
    assert book.sheetnames == ["Cấp huyện - SS", "Cấp huyện - KQ", "Cấp xã - SS", "Cấp xã - KQ"]


def test_sheet_header_names_the_section_year_and_checksum(book, results):
    sheet = book["Cấp huyện - SS"]
    assert sheet["A1"].value == (
        "KẾT QUẢ XẾP HẠNG ĐIỀU KIỆN SẴN SÀNG CHÍNH QUYỀN ĐIỆN TỬ CẤP HUYỆN NĂM 2019"
    )
    assert "vn-2392-huyen" in sheet["A2"].value
    assert results.meta.checksum in sheet["A3"].value
    assert [c.value for c in sheet[5]] == [
        "Hạng",
        "Mã đơn vị",
        "Đơn vị",
        "Điểm",
        "Mức",
        "Hạng 2018",
        "Điểm 2018",
        "Thay đổi điểm",
        "Thay đổi hạng",
        "Thay đổi mức",
        "Ghi chú",
    ]


def test_sheet_rows_carry_points_levels_and_changes(book):
    rows = rows_of(book["Cấp huyện - SS"])
    assert rows[0][:10] == [
        1, "660", "Thành phố Gia Nghĩa", 43.8, "Mức II", 1, 45.7, -1.9, "không đổi", "không đổi",
    ]  # fmt: skip
    assert rows[1][:8] == [2, "662", "Huyện Cư Jút", 40.23, "Mức II", None, 37.865, 2.365]
    assert rows[1][9] == "▲ Không xếp hạng → Mức II"
    mil = next(r for r in rows if r[1] == "663")
    assert mil[0] is None and mil[4] == "Không xếp hạng"
    assert mil[10] == (
        "nhóm nhân lực công nghệ thông tin đạt 6,10/12,00 điểm, dưới mức tối thiểu 8,40 của Mức IV"
    )
    assert len(rows) == 8
    communes = rows_of(book["Cấp xã - SS"])
    assert communes[1][:5] == [2, "24655", "Xã Tâm Thắng", 21.4, "Mức IV"]
    assert communes[1][8] == "▼ 1"


def test_a_unit_without_a_form_is_the_last_row_without_points(absent_results):
    book = openpyxl.load_workbook(io.BytesIO(ranking_workbook(absent_results)))
    communes = rows_of(book["Cấp xã - SS"])
    assert communes[-1][1:5] == ["24616", "Xã Quảng Sơn", None, "Không xếp hạng"]


def test_numbers_show_two_decimals_and_the_sheet_prints_on_landscape_a4(book):
    sheet = book["Cấp huyện - KQ"]
    assert sheet["D6"].number_format == "0.00"
    assert sheet["H6"].number_format == '+0.00;"\u2212"0.00;0.00'
    assert sheet.freeze_panes == "D6"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.column_dimensions["C"].width == 30


def test_text_that_looks_like_a_formula_is_neutralised_in_xlsx_and_csv(demo):
    results = build_2019(rename={"660": FORMULA, "662": "-1+2", "666": "@SUM(A1)"})
    sheet = openpyxl.load_workbook(io.BytesIO(ranking_workbook(results)))["Cấp huyện - SS"]
    names = [sheet.cell(row=r, column=3) for r in (6, 7, 8)]
    assert [c.value for c in names] == ["'" + FORMULA, "'-1+2", "'@SUM(A1)"]
    assert all(c.data_type == "s" for c in names)
    text = ranking_csv(results).decode("utf-8-sig")
    assert "'" + FORMULA.replace('"', '""') in text
    assert not any(
        field.startswith(("=", "+", "@")) for row in csv.reader(io.StringIO(text)) for field in row
    )


def test_csv_starts_with_a_bom_and_has_one_row_per_unit_and_section(results):
    data = ranking_csv(results)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:6] == ["Năm", "Cấp", "Mục", "Hạng", "Mã đơn vị", "Đơn vị"]
    assert rows[1] == [
        "2019", "cấp huyện", "Điều kiện sẵn sàng Chính quyền điện tử", "1", "660",
        "Thành phố Gia Nghĩa", "43.80", "Mức II", "1", "45.70", "-1.90", "không đổi",
        "không đổi", "", "1", results.meta.checksum,
    ]  # fmt: skip
    assert rows[0][-2:] == ["Phiên bản kết quả", "Mã kiểm tra SHA-256"]
    entries = sum(len(s.entries) for k in results.kinds for s in k.sections)
    assert len(rows) == 1 + entries
    commune = next(r for r in rows if r[4] == "24728")
    assert commune[:5] == ["2019", "cấp xã", "Điều kiện sẵn sàng Chính quyền điện tử", "1", "24728"]


def test_first_year_tables_have_no_comparison_columns(demo):
    results = build_2019(with_2018=False)
    sheet = openpyxl.load_workbook(io.BytesIO(ranking_workbook(results)))["Cấp xã - SS"]
    assert [c.value for c in sheet[5]] == ["Hạng", "Mã đơn vị", "Đơn vị", "Điểm", "Mức", "Ghi chú"]
    assert Decimal(str(sheet["D6"].value)) == Decimal("21.5")
