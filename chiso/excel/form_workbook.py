"""The self-assessment form as an .xlsx workbook: one row per criterion the unit answers.

The sheet "Phiếu" is protected (no password: it prevents accidents, it is not security) with
only the value and note cells unlocked and validated; the very hidden sheet "_chiso" says
which campaign, unit and framework version the file belongs to and which row is which
criterion, so ``form_upload.read_form_workbook`` can match and check an upload.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from io import BytesIO
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import (  # type: ignore[import-untyped]
    Alignment,
    Border,
    Font,
    PatternFill,
    Protection,
    Side,
)
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.workbook.protection import WorkbookProtection  # type: ignore[import-untyped]
from openpyxl.worksheet.page import PageMargins  # type: ignore[import-untyped]

from chiso.cells import no_formulas
from chiso.excel.form_cells import canonical
from chiso.excel.form_layout import (
    COL_ANSWER,
    COL_BASIS,
    COL_CODE,
    COL_DENOMINATOR,
    COL_DOC_DATE,
    COL_DOC_ISSUER,
    COL_DOC_NUMBER,
    COL_DOC_SUMMARY,
    COL_HOW,
    COL_MAX,
    COL_NAME,
    COL_NOTE,
    COL_NUMERATOR,
    FIRST_LIST_COL,
    FORM_SHEET,
    FORMAT,
    HEADERS,
    ID_KEY_COL,
    ID_SHEET,
    ID_VALUE_COL,
    LAST_COL,
    MAP_CODE_COL,
    MAP_NOTE_PRINT_COL,
    MAP_ROW_COL,
    MAP_VALUE_PRINT_COL,
    NO,
    VALUE_COLUMNS,
    WIDTHS,
    YES,
    FormMeta,
    basis_text,
    choice_labels,
    fingerprint,
    form_lines,
    how_to_enter,
    input_spec,
    is_form_input,
    value_columns,
)
from chiso.excel.form_validation import Validations
from chiso.scoring.answers import parse_answers
from chiso.scoring.errors import AnswerError, Problem
from chiso.scoring.model import Criterion, DocumentRef, Framework, InputKind
from chiso.scoring.numbers import exact_text
from chiso.scoring.rules import Value

META_OF_OTHER_FRAMEWORK = (
    "thông tin phiếu ghi bộ tiêu chí {meta}, khác bộ tiêu chí được dùng ({framework})"
)
NOTE_WITHOUT_ROW = "ghi chú cho tiêu chí không có dòng nhập trong phiếu"

INSTRUCTIONS = (
    "Hướng dẫn:",
    "1. Chỉ nhập vào các ô nền vàng; các ô khác đã khóa để tránh sửa nhầm (khóa không có"
    " mật khẩu).",
    "2. Nhập theo cột “Cách nhập”: tỷ lệ ghi tử số và mẫu số; văn bản chọn “Có” rồi ghi số"
    " hiệu, ngày ban hành, cơ quan ban hành, trích yếu, hoặc chọn “Không” nếu chưa có.",
    "3. Để trống ô nếu chưa có số liệu; không nhập công thức; ngày ghi dd/mm/yyyy; tỷ lệ"
    " phần trăm ghi số từ 0 đến 100, không kèm dấu %.",
    "4. Không thêm, xóa, đổi tên trang tính, không chèn hay xóa dòng, không sửa mã tiêu chí;"
    " tải phiếu lên đúng đơn vị và đúng đợt đánh giá.",
)

_DATE_FORMAT = "dd/mm/yyyy"
_TEXT_FORMAT = "@"  # so "3/5" stays a document number and is not turned into a date

_SIDE = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_SIDE, right=_SIDE, top=_SIDE, bottom=_SIDE)
_WRAP = Alignment(wrap_text=True, vertical="top")
_FILL_HEADER = PatternFill("solid", fgColor="D9E1F2")
_FILL_SECTION = PatternFill("solid", fgColor="BDD7EE")
_FILL_GROUP = PatternFill("solid", fgColor="DDEBF7")
_FILL_INPUT = PatternFill("solid", fgColor="FFF2CC")
_FILL_UNUSED = PatternFill("solid", fgColor="EDEDED")
_BOLD = Font(bold=True)


def build_form_workbook(
    *,
    framework: Framework,
    answers: Mapping[str, object],
    notes: Mapping[str, str],
    meta: FormMeta,
) -> bytes:
    """The unit's form as .xlsx bytes, pre-filled with ``answers`` and ``notes``.

    Answers are raw (as ``answers.parse_answers`` takes them); an invalid one raises
    ``AnswerError``. Appraiser points are not part of the unit's form and are left out.
    """
    if (meta.framework_code, meta.framework_version) != (framework.code, framework.version):
        raise ValueError(
            META_OF_OTHER_FRAMEWORK.format(
                meta=meta.framework_label,
                framework=f"{framework.code} phiên bản {framework.version}",
            )
        )
    values = _checked_values(framework, answers, notes, meta)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = FORM_SHEET
    hidden = workbook.create_sheet(ID_SHEET)
    lists = _write_choice_lists(hidden, framework)
    header_row = _write_header(sheet, framework, meta)
    rows = _Table(sheet, framework, meta, lists).write(header_row, values, notes)
    prints = {
        code: (
            fingerprint(canonical(values[code]) if code in values else None),
            fingerprint(notes.get(code, "").strip()),
        )
        for code in rows.values()
    }
    _write_identification(hidden, meta, header_row, rows, prints)
    _finish(workbook, sheet, hidden, header_row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _checked_values(
    framework: Framework, answers: Mapping[str, object], notes: Mapping[str, str], meta: FormMeta
) -> dict[str, Value]:
    by_code = framework.criteria_by_code
    own = {
        code: raw
        for code, raw in answers.items()
        if code not in by_code or not _is_appraiser_points(by_code[code])
    }
    values, problems = parse_answers(framework, own, unit=meta.unit_code, complete=False)
    where = f"đơn vị {meta.unit_code}"
    for code in notes:
        if code not in by_code or not is_form_input(by_code[code]):
            problems.append(Problem(where, code, NOTE_WITHOUT_ROW))
    if problems:
        raise AnswerError(problems)
    return values


def _is_appraiser_points(criterion: Criterion) -> bool:
    return criterion.input is not None and criterion.input.kind is InputKind.POINTS


def _write_header(sheet: Any, framework: Framework, meta: FormMeta) -> int:
    lines = [
        f"PHIẾU TỰ ĐÁNH GIÁ — {framework.name}",
        f"Đơn vị: {meta.unit_label}",
        f"Đợt đánh giá: {meta.campaign_label}",
        f"Bộ tiêu chí: mã {framework.code}, phiên bản {framework.version}",
        f"Căn cứ chung: {framework.legal_basis}",
        f"Hạn nộp: {meta.deadline}"
        + (f" · Tệp tải về lúc {meta.downloaded_at:%H:%M %d/%m/%Y}" if meta.downloaded_at else ""),
        "\n".join(INSTRUCTIONS),
    ]
    for row, text in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=COL_CODE, value=text)
        cell.alignment = _WRAP
        sheet.merge_cells(start_row=row, start_column=COL_CODE, end_row=row, end_column=LAST_COL)
    sheet.cell(row=1, column=COL_CODE).font = Font(bold=True, size=14)
    sheet.row_dimensions[1].height = 22
    sheet.row_dimensions[len(lines)].height = 15 * len(INSTRUCTIONS) + 6
    header_row = len(lines) + 2
    for column, title in HEADERS.items():
        cell = sheet.cell(row=header_row, column=column, value=title)
        cell.font = _BOLD
        cell.fill = _FILL_HEADER
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    return header_row


class _Table:
    """Writes the criterion rows and collects their data validations."""

    def __init__(
        self, sheet: Any, framework: Framework, meta: FormMeta, lists: dict[str, str]
    ) -> None:
        self.sheet = sheet
        self.framework = framework
        self.meta = meta
        self.validations = Validations(meta.year, lists)

    def write(
        self, header_row: int, values: Mapping[str, Value], notes: Mapping[str, str]
    ) -> dict[int, str]:
        """Every row below the header; returns row → criterion code of the input rows."""
        rows: dict[int, str] = {}
        row = header_row
        for line in form_lines(self.framework):
            row += 1
            item = line.item
            self._cell(row, COL_CODE, item.code)
            self._cell(row, COL_NAME, item.name)
            self._cell(row, COL_MAX, _number(item.max_points))
            for column in range(COL_BASIS, LAST_COL + 1):
                self._cell(row, column, None)
            if line.level in ("section", "group"):
                fill = _FILL_SECTION if line.level == "section" else _FILL_GROUP
                for column in range(COL_CODE, LAST_COL + 1):
                    self.sheet.cell(row=row, column=column).fill = fill
                    self.sheet.cell(row=row, column=column).font = _BOLD
                continue
            if not isinstance(item, Criterion):
                raise TypeError(item)
            self._cell(row, COL_BASIS, basis_text(item, self.framework))
            if line.level == "parent":
                describe = item.rule.describe(item)
                self._cell(row, COL_HOW, f"Tính từ các tiêu chí con: {describe}")
                for column in range(COL_CODE, LAST_COL + 1):
                    self.sheet.cell(row=row, column=column).font = Font(italic=True)
                continue
            rows[row] = item.code
            self._cell(row, COL_HOW, how_to_enter(item, self.meta.year))
            self._input_row(row, item, values.get(item.code), notes.get(item.code, ""))
        self.validations.attach(self.sheet)
        return rows

    def _cell(self, row: int, column: int, value: object) -> Any:
        cell = self.sheet.cell(row=row, column=column, value=value)
        cell.border = _BORDER
        cell.alignment = _WRAP
        return cell

    def _input_row(self, row: int, criterion: Criterion, value: Value | None, note: str) -> None:
        kind = input_spec(criterion).kind
        used = value_columns(kind)
        for column in VALUE_COLUMNS:
            self.sheet.cell(row=row, column=column).fill = (
                _FILL_INPUT if column in used else _FILL_UNUSED
            )
        for column in (*used, COL_NOTE):
            self._unlock(row, column)
        self._cell(row, COL_NOTE, note or None).number_format = _TEXT_FORMAT
        self._prefill(row, criterion, value)
        self.validations.add_row(row, criterion)

    def _unlock(self, row: int, column: int) -> None:
        cell = self.sheet.cell(row=row, column=column)
        cell.protection = Protection(locked=False)
        cell.fill = _FILL_INPUT

    def _prefill(self, row: int, criterion: Criterion, value: Value | None) -> None:
        kind = input_spec(criterion).kind
        answer = self.sheet.cell(row=row, column=COL_ANSWER)
        if kind is InputKind.RATIO:
            numerator, denominator = value if isinstance(value, tuple) else (None, None)
            self._cell(row, COL_NUMERATOR, _number(numerator))
            self._cell(row, COL_DENOMINATOR, _number(denominator))
        elif kind is InputKind.DOCUMENT:
            answer.value = None if value is None else YES if isinstance(value, DocumentRef) else NO
            answer.number_format = _TEXT_FORMAT
            document = value if isinstance(value, DocumentRef) else None
            fields = {
                COL_DOC_NUMBER: document.number if document else None,
                COL_DOC_DATE: document.date if document else None,
                COL_DOC_ISSUER: document.issuer if document else None,
                COL_DOC_SUMMARY: (document.summary or None) if document else None,
            }
            for column, field in fields.items():
                cell = self._cell(row, column, field)
                cell.number_format = _DATE_FORMAT if column == COL_DOC_DATE else _TEXT_FORMAT
        elif kind is InputKind.BOOLEAN:
            answer.value = None if value is None else YES if value is True else NO
        elif kind is InputKind.CHOICE:
            by_value = {option: label for label, option in choice_labels(criterion).items()}
            answer.value = None if value is None else by_value[str(value)]
            answer.number_format = _TEXT_FORMAT
        elif kind is InputKind.DATE:
            answer.value = value
            answer.number_format = _DATE_FORMAT
        else:
            answer.value = _number(value if isinstance(value, Fraction) else None)


def _number(value: Fraction | None) -> int | Decimal | None:
    """A cell number: exact for every terminating decimal, which is what answers are written in."""
    if value is None:
        return None
    if value.denominator == 1:
        return value.numerator
    text = exact_text(value)
    if "/" in text:
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(text)


def _write_choice_lists(hidden: Any, framework: Framework) -> dict[str, str]:
    """Option labels on the hidden sheet (labels may hold commas, which an inline list splits)."""
    lists: dict[str, str] = {}
    column = FIRST_LIST_COL
    for criterion in framework.leaves():
        if not is_form_input(criterion) or input_spec(criterion).kind is not InputKind.CHOICE:
            continue
        labels = list(choice_labels(criterion))
        hidden.cell(row=1, column=column, value=criterion.code)
        for row, label in enumerate(labels, start=2):
            hidden.cell(row=row, column=column, value=label)
        letter = get_column_letter(column)
        lists[criterion.code] = f"'{ID_SHEET}'!${letter}$2:${letter}${len(labels) + 1}"
        column += 1
    return lists


def _write_identification(
    hidden: Any,
    meta: FormMeta,
    header_row: int,
    rows: Mapping[int, str],
    prints: Mapping[str, tuple[str, str]],
) -> None:
    identity = {
        "format": FORMAT,
        "campaign_id": meta.campaign_id,
        "campaign_name": meta.campaign_name,
        "year": str(meta.year),
        "unit_era": meta.unit_era,
        "unit_code": meta.unit_code,
        "unit_name": meta.unit_name,
        "framework_code": meta.framework_code,
        "framework_version": meta.framework_version,
        "deadline": meta.deadline,
        "header_row": str(header_row),
    }
    if meta.form_version is not None:
        identity["form_version"] = str(meta.form_version)
    if meta.downloaded_at is not None:
        identity["downloaded_at"] = meta.downloaded_at.isoformat()
    for row, (key, value) in enumerate(identity.items(), start=1):
        hidden.cell(row=row, column=ID_KEY_COL, value=key)
        hidden.cell(row=row, column=ID_VALUE_COL, value=value).number_format = _TEXT_FORMAT
    hidden.cell(row=1, column=MAP_ROW_COL, value="dòng")
    hidden.cell(row=1, column=MAP_CODE_COL, value="mã tiêu chí")
    hidden.cell(row=1, column=MAP_VALUE_PRINT_COL, value="dấu giá trị lúc tải")
    hidden.cell(row=1, column=MAP_NOTE_PRINT_COL, value="dấu ghi chú lúc tải")
    for index, (row, code) in enumerate(sorted(rows.items()), start=2):
        hidden.cell(row=index, column=MAP_ROW_COL, value=row)
        hidden.cell(row=index, column=MAP_CODE_COL, value=code).number_format = _TEXT_FORMAT
        value_print, note_print = prints[code]
        for column, text in ((MAP_VALUE_PRINT_COL, value_print), (MAP_NOTE_PRINT_COL, note_print)):
            hidden.cell(row=index, column=column, value=text).number_format = _TEXT_FORMAT


def _finish(workbook: Any, sheet: Any, hidden: Any, header_row: int) -> None:
    for column, width in WIDTHS.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"{get_column_letter(COL_BASIS)}{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.oddFooter.center.text = "Trang &P / &N"
    # Protection without a password: it stops slips, not a determined user (the reader checks).
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # False = allowed: widen a column to read it
    sheet.protection.formatRows = False
    hidden.protection.sheet = True
    hidden.sheet_state = "veryHidden"
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.active = 0
    workbook.properties.creator = "chiso"
    workbook.properties.title = "Phiếu tự đánh giá"
    no_formulas(workbook)  # a note typed "=…" stays text, and comes back as typed
