"""Reading a filled-in form back: identification, row by row checks, the same parsing as the web.

Every problem is collected and raised together in one ``WorkbookError``, each located by
sheet, row, column and criterion. Values are checked by ``chiso.scoring.answers`` (the rules
of the web form); this module adds only what is about cells: formulas, lists, blank halves.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from chiso.excel.archive import NOT_XLSX, archive_problems
from chiso.excel.form_cells import (
    BLANK,
    FORMULA,
    INVALID,
    MAX_TEXT,
    TEXT_TOO_LONG,
    RowCells,
    canonical,
    cell_text,
)
from chiso.excel.form_layout import (
    COL_ANSWER,
    COL_CODE,
    COL_NOTE,
    FORM_SHEET,
    FORMAT,
    ID_KEY_COL,
    ID_KEYS,
    ID_SHEET,
    ID_VALUE_COL,
    LAST_COL,
    MAP_CODE_COL,
    MAP_ROW_COL,
    VALUE_COLUMNS,
    FormMeta,
    column_letter,
    input_spec,
    is_form_input,
    main_column,
)
from chiso.scoring.answers import UNKNOWN_CRITERION, parse_answers
from chiso.scoring.model import Framework

MAX_ROWS = 2000  # a framework has well under a hundred criteria

NOT_CHISO_FORM = "không phải phiếu của chiso: thiếu trang “{sheet}”"
EXTRA_SHEETS = "tệp có trang không thuộc phiếu: {names}; hãy xóa các trang này rồi tải lên lại"
OTHER_FORMAT = "phiếu theo định dạng khác ({found}); hãy tải phiếu mới từ chiso"
IDENTITY_BROKEN = "phần nhận dạng của phiếu bị hỏng ({what}); hãy tải phiếu mới từ chiso"
OTHER_FRAMEWORK = "phiếu theo bộ tiêu chí {found}, không phải bộ tiêu chí {expected}"
OTHER_CAMPAIGN = "phiếu của đợt khác ({found}), không phải của đợt {expected}"
OTHER_UNIT = "phiếu của đơn vị {found}, không phải của đơn vị {expected}"
TOO_MANY_ROWS = "trang có quá nhiều dòng (hơn {limit})"
CODE_ALTERED = "mã tiêu chí ở dòng này đã bị sửa thành “{found}” (phải là {expected})"
ROW_MISSING = "không thấy dòng của tiêu chí này (phiếu bị xóa dòng?)"
NOT_AN_INPUT = "tiêu chí này không nhập trong phiếu"
VALUE_OUTSIDE_FORM = "ô ngoài các dòng tiêu chí có giá trị (phiếu bị chèn hoặc xóa dòng?)"
DATE_OUTSIDE_YEAR = "ngày {date} không thuộc năm {year} của đợt đánh giá"
WHOLE_FILE = "tệp"

# What openpyxl raises on a damaged package; read-only sheets fail lazily, while iterating.
_CORRUPT = (
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    EOFError,
    OSError,
    ParseError,
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
)
_SMALL = re.compile(r"[0-9]{1,6}")  # a year, a row number
_REQUIRED_ID_KEYS = tuple(
    key for key in ID_KEYS if key not in ("campaign_name", "unit_name", "deadline")
)


@dataclass(frozen=True, slots=True)
class WorkbookProblem:
    """One problem of an uploaded workbook, located as precisely as known."""

    sheet: str  # "" for the file as a whole
    row: int | None
    column: str  # a letter, "" when the whole row or sheet is meant
    criterion: str
    message: str

    def __str__(self) -> str:
        place = self.sheet or WHOLE_FILE
        if self.row is not None:
            place += f"!{self.column}{self.row}" if self.column else f" dòng {self.row}"
        item = f" [{self.criterion}]" if self.criterion else ""
        return f"{place}{item}: {self.message}"


class WorkbookError(Exception):
    """An upload that cannot be taken; carries every problem found, not only the first."""

    def __init__(self, filename: str, problems: list[WorkbookProblem]) -> None:
        self.filename = filename
        self.problems = tuple(problems)
        super().__init__("\n".join(f"{filename}: {problem}" for problem in problems))


@dataclass(frozen=True, slots=True)
class FormUpload:
    """A form read back: whose it is (from the file), raw answers and notes by criterion code.

    ``answers`` are in the JSON form ``answers.parse_answers`` takes (a ratio ``[n, d]``, a date
    ``"2024-03-15"``, a document a dict or ``False``, a choice its option code); a blank row is
    absent. ``notes`` holds the non-empty notes.
    """

    meta: FormMeta
    answers: dict[str, object]
    notes: dict[str, str]


def read_form_workbook(
    data: bytes, *, framework: Framework, expected: FormMeta | None, filename: str
) -> FormUpload:
    """The answers of an uploaded form, or ``WorkbookError`` listing every problem.

    ``expected`` (campaign, unit, framework version the upload is for) is checked when given.
    """
    if expected is not None and (expected.framework_code, expected.framework_version) != (
        framework.code,
        framework.version,
    ):
        raise ValueError("expected.framework_code/version must be those of framework")
    problems = archive_problems(data, filename)
    if problems:
        raise WorkbookError(filename, [_whole(message) for message in problems])
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except _CORRUPT:
        raise WorkbookError(filename, [_whole(NOT_XLSX)]) from None
    try:
        return _Reader(workbook, framework, expected, filename).read()
    finally:
        workbook.close()


def _whole(message: str) -> WorkbookProblem:
    return WorkbookProblem("", None, "", "", message)


class _Stop(Exception):
    """Nothing more can be checked: raise what was found."""


class _Reader:
    def __init__(
        self, workbook: Any, framework: Framework, expected: FormMeta | None, filename: str
    ) -> None:
        self.workbook = workbook
        self.framework = framework
        self.expected = expected
        self.filename = filename
        self.problems: list[WorkbookProblem] = []

    def read(self) -> FormUpload:
        try:
            upload = self._read()
        except _Stop:
            upload = None
        if self.problems or upload is None:
            self.problems.sort(key=lambda p: (p.sheet != "", p.row or 0, p.column))
            raise WorkbookError(self.filename, self.problems)
        return upload

    def fail(
        self,
        message: str,
        *,
        sheet: str = "",
        row: int | None = None,
        column: int = 0,
        criterion: str = "",
    ) -> None:
        letter = column_letter(column) if column else ""
        self.problems.append(WorkbookProblem(sheet, row, letter, criterion, message))

    def _read(self) -> FormUpload:
        names = list(self.workbook.sheetnames)
        extra = [name for name in names if name not in (FORM_SHEET, ID_SHEET)]
        if extra:
            self.fail(EXTRA_SHEETS.format(names=", ".join(f"“{name}”" for name in extra)))
        missing = [name for name in (FORM_SHEET, ID_SHEET) if name not in names]
        for name in missing:
            self.fail(NOT_CHISO_FORM.format(sheet=name))
        if missing:
            raise _Stop
        meta, header_row, mapping = self._identification()
        self._compare(meta)
        year = self.expected.year if self.expected else meta.year
        answers, notes = self._form(header_row, mapping, year, meta.unit_code)
        return FormUpload(meta=meta, answers=answers, notes=notes)

    # -- the hidden sheet ----------------------------------------------------------------------
    def _identification(self) -> tuple[FormMeta, int, dict[int, str]]:
        identity: dict[str, str] = {}
        mapping: dict[int, str] = {}
        for index, cells in enumerate(self._rows(ID_SHEET, MAP_CODE_COL), start=1):
            key = cell_text(cells[ID_KEY_COL - 1].value)
            if key in ID_KEYS:
                identity[key] = cell_text(cells[ID_VALUE_COL - 1].value)
            if index == 1:
                continue
            row, code = cells[MAP_ROW_COL - 1].value, cell_text(cells[MAP_CODE_COL - 1].value)
            if row is None and not code:
                continue
            known = row in mapping or code in mapping.values()
            if not isinstance(row, int) or isinstance(row, bool) or not code or known:
                self.fail(IDENTITY_BROKEN.format(what=f"dòng {index}"), sheet=ID_SHEET)
                raise _Stop
            mapping[row] = code
        if "format" in identity and identity["format"] != FORMAT:
            self.fail(OTHER_FORMAT.format(found=identity["format"]), sheet=ID_SHEET)
            raise _Stop
        lacking = [key for key in _REQUIRED_ID_KEYS if not identity.get(key)]
        numbers = ("year", "header_row")
        bad = [key for key in numbers if key not in lacking and not _SMALL.fullmatch(identity[key])]
        if lacking or bad or not mapping:
            self.fail(
                IDENTITY_BROKEN.format(what=", ".join(lacking + bad) or "dòng"), sheet=ID_SHEET
            )
            raise _Stop
        meta = FormMeta(
            campaign_id=identity["campaign_id"],
            campaign_name=identity.get("campaign_name", ""),
            year=int(identity["year"]),
            unit_era=identity["unit_era"],
            unit_code=identity["unit_code"],
            unit_name=identity.get("unit_name", ""),
            framework_code=identity["framework_code"],
            framework_version=identity["framework_version"],
            deadline=identity.get("deadline", ""),
        )
        return meta, int(identity["header_row"]), mapping

    def _compare(self, meta: FormMeta) -> None:
        framework = self.framework
        if (meta.framework_code, meta.framework_version) != (framework.code, framework.version):
            expected = f"{framework.code} phiên bản {framework.version}"
            self.fail(OTHER_FRAMEWORK.format(found=meta.framework_label, expected=expected))
            raise _Stop  # its rows are another framework's criteria
        expected_meta = self.expected
        if expected_meta is None:
            return
        if meta.campaign_id != expected_meta.campaign_id:
            self.fail(
                OTHER_CAMPAIGN.format(
                    found=meta.campaign_label, expected=expected_meta.campaign_label
                )
            )
        if (meta.unit_era, meta.unit_code) != (expected_meta.unit_era, expected_meta.unit_code):
            found, wanted = meta.unit_label, expected_meta.unit_label
            if found == wanted:  # the same code in the other era's list of units
                found += f", danh mục {meta.unit_era}"
                wanted += f", danh mục {expected_meta.unit_era}"
            self.fail(OTHER_UNIT.format(found=found, expected=wanted))

    # -- the form sheet ------------------------------------------------------------------------
    def _form(
        self, header_row: int, mapping: Mapping[int, str], year: int, unit: str
    ) -> tuple[dict[str, object], dict[str, str]]:
        raws: dict[str, object] = {}
        rows: dict[str, int] = {}
        notes: dict[str, str] = {}
        by_code = self.framework.criteria_by_code
        seen: set[int] = set()
        for index, cells in enumerate(self._rows(FORM_SHEET, LAST_COL), start=1):
            seen.add(index)
            if index <= header_row:
                continue
            code = mapping.get(index)
            if code is None:
                self._outside_form(index, cells)
                continue
            criterion = by_code.get(code)
            if criterion is None or not is_form_input(criterion):
                message = UNKNOWN_CRITERION if criterion is None else NOT_AN_INPUT
                self.fail(message, sheet=FORM_SHEET, row=index, criterion=code)
                continue
            found = cell_text(cells[COL_CODE - 1].value)
            if found != code:
                message = CODE_ALTERED.format(found=found, expected=code)
                self.fail(message, sheet=FORM_SHEET, row=index, column=COL_CODE, criterion=code)
                continue
            raw = RowCells(cells, criterion, self._reporter(index, code)).raw()
            if raw is not BLANK and raw is not INVALID:
                raws[code] = raw
                rows[code] = index
            note = cells[COL_NOTE - 1]
            text = cell_text(note.value)
            if note.data_type == "f":
                self.fail(FORMULA, sheet=FORM_SHEET, row=index, column=COL_NOTE, criterion=code)
            elif len(text) > MAX_TEXT:
                message = TEXT_TOO_LONG.format(limit=MAX_TEXT)
                self.fail(message, sheet=FORM_SHEET, row=index, column=COL_NOTE, criterion=code)
            elif text:
                notes[code] = text
        for row, code in sorted(mapping.items()):
            if row not in seen:
                self.fail(ROW_MISSING, sheet=FORM_SHEET, row=row, criterion=code)
        values, problems = parse_answers(self.framework, raws, unit=unit, complete=False)
        for problem in problems:
            self.fail(
                problem.message,
                sheet=FORM_SHEET,
                row=rows[problem.item],
                column=main_column(input_spec(by_code[problem.item]).kind),
                criterion=problem.item,
            )
        answers: dict[str, object] = {}
        for code, value in values.items():
            if isinstance(value, dt.date) and value.year != year:
                message = DATE_OUTSIDE_YEAR.format(date=f"{value:%d/%m/%Y}", year=year)
                self.fail(
                    message, sheet=FORM_SHEET, row=rows[code], column=COL_ANSWER, criterion=code
                )
                continue
            answers[code] = canonical(value)
        return answers, notes

    def _reporter(self, row: int, code: str) -> Callable[[str, int], None]:
        def report(message: str, column: int) -> None:
            self.fail(message, sheet=FORM_SHEET, row=row, column=column, criterion=code)

        return report

    def _outside_form(self, index: int, cells: tuple[Any, ...]) -> None:
        for column in (*VALUE_COLUMNS, COL_NOTE):
            if cells[column - 1].value is not None and cell_text(cells[column - 1].value) != "":
                self.fail(VALUE_OUTSIDE_FORM, sheet=FORM_SHEET, row=index, column=column)
                return

    def _rows(self, name: str, max_col: int) -> list[tuple[Any, ...]]:
        """Every row of a sheet up to ``max_col``, at most ``MAX_ROWS``; the dimension is not
        trusted (a file may say A1:M10 and hold a million rows)."""
        sheet = self.workbook[name]
        if not hasattr(sheet, "iter_rows"):  # a chart sheet under the form's name
            self.fail(NOT_CHISO_FORM.format(sheet=name))
            raise _Stop
        sheet.reset_dimensions()
        rows: list[tuple[Any, ...]] = []
        try:
            for cells in sheet.iter_rows(min_row=1, max_col=max_col):
                if len(rows) == MAX_ROWS:
                    self.fail(TOO_MANY_ROWS.format(limit=MAX_ROWS), sheet=name)
                    raise _Stop
                rows.append(cells)
        except _CORRUPT:
            self.fail(NOT_XLSX)
            raise _Stop from None
        return rows
