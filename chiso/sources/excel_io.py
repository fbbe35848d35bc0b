"""An agency's values as one Excel sheet: download it with every unit listed, upload it back in
one transaction. Problems are located (sheet, row, column, unit) like the unit form's upload."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from chiso.campaigns.services import form_framework
from chiso.excel.form_cells import canonical
from chiso.excel.form_layout import input_spec
from chiso.excel.form_open import WorkbookError, WorkbookProblem, opened
from chiso.excel.safe import neutralise
from chiso.scoring.answers import parse_value
from chiso.scoring.model import Criterion, InputKind
from chiso.scoring.vi_numbers import typed_answer
from chiso.sources.models import ProviderAssignment
from chiso.sources.services import Row, RowProblem, RowsRefused, assignment_forms

SHEET = "Số liệu"
HEADER_ROW = 4
FIRST_ROW = 5
NOT_THIS_FILE = "tệp không phải bảng số liệu của tiêu chí {code} trong đợt này (ô A1/A2 khác)"
UNKNOWN_UNIT = "mã đơn vị «{code}» không có trong đợt này"
TWICE = "đơn vị «{code}» có hai dòng"
FORMULA = "ô chứa công thức; hãy nhập giá trị"
NO_SHEET = "không có trang «{sheet}»"
NEED_BOTH = "cần cả tử số và mẫu số"
# The version of each unit's value when the sheet was downloaded (a hidden column): a value
# changed on chiso since is not overwritten by the file (``provided_values_save``).
VERSION_HEADER = "Phiên bản (không sửa)"


def value_headers(item: Criterion) -> list[str]:
    spec = input_spec(item)
    if spec.kind is InputKind.RATIO:
        return [spec.numerator or "Tử số", spec.denominator or "Mẫu số"]
    if spec.kind is InputKind.BOOLEAN:
        return ["Giá trị (Có/Không)"]
    if spec.kind is InputKind.DATE:
        return ["Ngày (dd/mm/yyyy)"]
    return [f"Giá trị{f' ({spec.unit})' if spec.unit else ''}"]


def _stamp(assignment: ProviderAssignment) -> str:
    return f"chiso: đợt {assignment.campaign_id}, tiêu chí {assignment.criterion}"


def provided_workbook(assignment: ProviderAssignment) -> bytes:
    """Every unit of the assignment with its current value, ready to fill in."""
    forms = assignment_forms(assignment)
    values = {v.unit_id: v for v in assignment.values.all()}
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    item = form_framework(forms[0]).criteria_by_code[assignment.criterion] if forms else None
    sheet["A1"] = _stamp(assignment)
    sheet["A2"] = neutralise(f"{assignment.campaign.name} — {assignment.agency.name}")
    sheet["A3"] = neutralise(f"{assignment.criterion} {item.name if item else ''}")
    headers = ["Mã đơn vị", "Tên đơn vị", *(value_headers(item) if item else []), "Ghi chú"]
    headers.append(VERSION_HEADER)
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(HEADER_ROW, column, text)
        cell.font = Font(bold=True)
    for row, form in enumerate(forms, start=FIRST_ROW):
        sheet.cell(row, 1, form.unit.code)
        sheet.cell(row, 2, neutralise(form.unit.name))
        found = values.get(form.unit_id)
        raw = found.value if found is not None else None
        cells = _cells(item, raw) if item is not None else []
        for offset, value in enumerate(cells):
            sheet.cell(row, 3 + offset, neutralise(value))
        sheet.cell(row, len(headers) - 1, neutralise(found.note if found else ""))
        sheet.cell(row, len(headers), found.version if found else 0)
    sheet.column_dimensions[sheet.cell(HEADER_ROW, len(headers)).column_letter].hidden = True
    sheet.column_dimensions["B"].width = 32
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _cells(item: Criterion, raw: object) -> list[object]:
    spec = input_spec(item)
    if spec.kind is InputKind.RATIO:
        if raw is None:
            return ["", ""]
        numerator, denominator = parse_value(item, raw)  # type: ignore[misc,str-unpack]
        return [canonical(numerator), canonical(denominator)]
    if raw is None:
        return [""]
    if raw is True or raw is False:
        return ["Có" if raw else "Không"]
    return [raw]


def _raw(item: Criterion, values: list[object]) -> object | None:
    """The raw value of a row's value cells (ValueError with the message)."""
    spec = input_spec(item)

    def plain(value: object) -> object:
        if isinstance(value, float):
            return str(Decimal(repr(value)))
        if isinstance(value, dt.datetime | dt.date):
            return f"{value:%d/%m/%Y}"
        return value.strip() if isinstance(value, str) else value

    cleaned = [plain(v) for v in values]
    if all(v is None or v == "" for v in cleaned):
        return None
    if spec.kind is InputKind.RATIO:
        if any(v is None or v == "" for v in cleaned):
            raise ValueError(NEED_BOTH)
        raw: object = typed_answer(spec.kind, cleaned)
    else:
        raw = typed_answer(spec.kind, cleaned[0])
    return canonical(parse_value(item, raw))


def provided_read_workbook(assignment: ProviderAssignment, data: bytes, filename: str) -> list[Row]:
    """The rows of an uploaded sheet; ``WorkbookError`` (located problems) if it cannot be read,
    ``RowsRefused`` if some rows are wrong. Nothing is saved here."""
    forms = {f.unit.code: f for f in assignment_forms(assignment)}
    problems: list[RowProblem] = []
    rows: list[Row] = []
    item = None
    if forms:
        item = form_framework(next(iter(forms.values()))).criteria_by_code[assignment.criterion]
    with opened(data, filename) as book:
        if SHEET not in book.sheetnames:
            raise WorkbookError(
                filename, [WorkbookProblem("", None, "", "", NO_SHEET.format(sheet=SHEET))]
            )
        sheet = book[SHEET]
        width = 2 + (len(value_headers(item)) if item else 1) + 1
        seen: set[str] = set()
        for number, cells in enumerate(sheet.iter_rows(min_row=1, max_col=width + 1), start=1):
            if number == 1 and str(cells[0].value or "").strip() != _stamp(assignment):
                problem = NOT_THIS_FILE.format(code=assignment.criterion)
                raise WorkbookError(filename, [WorkbookProblem(SHEET, 1, "A", "", problem)])
            if number < FIRST_ROW or item is None:
                continue
            code = str(cells[0].value or "").strip()
            if not code:
                continue
            form = forms.get(code)
            name = str(cells[1].value or "").strip()
            if form is None:
                problems.append(RowProblem(number, code, name, UNKNOWN_UNIT.format(code=code), "A"))
                continue
            if code in seen:
                problems.append(RowProblem(number, code, name, TWICE.format(code=code), "A"))
                continue
            seen.add(code)
            value_cells = cells[2 : width - 1]
            formula = next(
                (i for i, c in enumerate(value_cells) if getattr(c, "data_type", "") == "f"), None
            )
            if formula is not None:
                letter = get_column_letter(3 + formula)
                problems.append(RowProblem(number, code, form.unit.name, FORMULA, letter))
                continue
            try:
                raw = _raw(item, [c.value for c in value_cells])
            except ValueError as error:
                problems.append(
                    RowProblem(number, code, form.unit.name, str(error), get_column_letter(3))
                )
                continue
            note = cells[width - 1].value
            stamp = cells[width].value if len(cells) > width else None
            rows.append(
                Row(
                    form.unit_id,
                    raw,
                    str(note or "").strip()[:2000],
                    version=stamp
                    if isinstance(stamp, int) and not isinstance(stamp, bool)
                    else None,
                    line=number,
                    column=get_column_letter(3),
                )
            )
    if problems:
        raise RowsRefused(problems)
    return rows


def provided_import_workbook(
    *, actor: Any, assignment: ProviderAssignment, data: bytes, filename: str
) -> int:
    """Read and save the file, all or none (the rows absent from the file are left alone)."""
    from chiso.sources.services import provided_values_save

    rows = provided_read_workbook(assignment, data, filename)
    return provided_values_save(
        actor=actor, assignment=assignment, rows=rows, source=f"excel:{filename}"
    )
