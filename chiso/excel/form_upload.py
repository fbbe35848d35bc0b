"""Reading a filled-in form back: identification, row by row checks, the same parsing as the web.

Every problem is collected and raised together in one ``WorkbookError``, each located by
sheet, row, column and criterion. Values are checked by ``chiso.scoring.answers`` (the rules
of the web form); this module adds only what is about cells: formulas, lists, blank halves.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from chiso.excel.archive import MERGED, NOT_XLSX, merged_ranges
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
    MAP_NOTE_PRINT_COL,
    MAP_ROW_COL,
    MAP_VALUE_PRINT_COL,
    VALUE_COLUMNS,
    FormMeta,
    column_letter,
    input_spec,
    is_form_input,
    main_column,
)
from chiso.excel.form_open import (
    CORRUPT,
    WorkbookError,
    WorkbookProblem,
    opened,
)
from chiso.posted import whole
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
_SMALL = re.compile(r"[0-9]{1,6}")  # a year, a row number
_VERSION = re.compile(r"[0-9]{1,9}")
_OPTIONAL_ID_KEYS = ("campaign_name", "unit_name", "deadline", "form_version", "downloaded_at")
_REQUIRED_ID_KEYS = tuple(key for key in ID_KEYS if key not in _OPTIONAL_ID_KEYS)
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class FormUpload:
    """A form read back: whose it is (from the file), raw answers and notes by criterion code.

    ``answers`` are in the JSON form ``answers.parse_answers`` takes (a ratio ``[n, d]``, a date
    ``"2024-03-15"``, a document a dict or ``False``, a choice its option code); a blank row is
    absent. ``notes`` holds the non-empty notes. ``rows`` gives each criterion's row on the
    form sheet. ``base`` holds the fingerprints (``form_layout.fingerprint``) of the value and
    note each criterion was pre-filled with when the file was made; None for a file made before
    chiso recorded them.
    """

    meta: FormMeta
    answers: dict[str, object]
    notes: dict[str, str]
    rows: dict[str, int] = field(default_factory=dict)
    base: dict[str, tuple[str, str]] | None = None


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
    with opened(data, filename) as workbook:
        merged = [ref for refs in merged_ranges(data).values() for ref in refs]
        reader = _Reader(workbook, framework, expected, filename, merged)
        return reader.run(reader.read)


def read_form_meta(data: bytes, *, filename: str) -> FormMeta:
    """Whose form a file says it is, from its hidden sheet alone (to find the form before
    reading the answers); ``WorkbookError`` when it is not a readable chiso form."""
    with opened(data, filename) as workbook:
        reader = _Reader(workbook, None, None, filename, [])
        return reader.run(reader.identify)


def _moment(text: str) -> dt.datetime | None:
    """The download time written in a file (None when absent); ValueError when unreadable."""
    if not text:
        return None
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(text)
    return moment


def _own_merge(ref: str, criterion_rows: Mapping[int, str]) -> bool:
    """The form's own merges: a heading row (not a criterion's) across every column."""
    first, _, last = ref.partition(":")
    start, end = column_letter(COL_CODE), column_letter(LAST_COL)
    row = first[len(start) :]
    return (
        first.startswith(start)
        and last == f"{end}{row}"
        and (number := whole(row)) is not None
        and number not in criterion_rows
    )


class _Stop(Exception):
    """Nothing more can be checked: raise what was found."""


@dataclass(frozen=True, slots=True)
class _Identity:
    meta: FormMeta
    header_row: int
    mapping: dict[int, str]  # row -> criterion code
    prints: dict[str, tuple[str, str]]  # criterion code -> fingerprints of value and note


class _Reader:
    def __init__(
        self,
        workbook: Any,
        framework: Framework | None,
        expected: FormMeta | None,
        filename: str,
        merged: list[str],
    ) -> None:
        self.workbook = workbook
        self.merged = merged
        self.framework = framework
        self.expected = expected
        self.filename = filename
        self.problems: list[WorkbookProblem] = []

    def run(self, step: Callable[[], _T]) -> _T:
        """``step``'s result, or WorkbookError with every problem it found."""
        try:
            result: _T | None = step()
        except _Stop:
            result = None
        if self.problems or result is None:
            self.problems.sort(key=lambda p: (p.sheet != "", p.row or 0, p.column))
            raise WorkbookError(self.filename, self.problems)
        return result

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

    def read(self) -> FormUpload:
        names = list(self.workbook.sheetnames)
        extra = [name for name in names if name not in (FORM_SHEET, ID_SHEET)]
        if extra:
            self.fail(EXTRA_SHEETS.format(names=", ".join(f"“{name}”" for name in extra)))
        found = self._identification()
        meta = found.meta
        merged = [ref for ref in self.merged if not _own_merge(ref, found.mapping)]
        if merged:
            # A merge hides every cell but its first: merged answers would be cleared unseen.
            self.fail(MERGED.format(cells=", ".join(merged[:10])), sheet=FORM_SHEET)
            raise _Stop
        self._compare(meta)
        year = self.expected.year if self.expected else meta.year
        answers, notes, rows = self._form(found.header_row, found.mapping, year, meta.unit_code)
        base = found.prints if meta.form_version is not None else None
        return FormUpload(meta=meta, answers=answers, notes=notes, rows=rows, base=base)

    def identify(self) -> FormMeta:
        return self._identification().meta

    def _framework(self) -> Framework:
        if self.framework is None:
            raise TypeError("reading the answers needs the framework")
        return self.framework

    # -- the hidden sheet ----------------------------------------------------------------------
    def _identification(self) -> _Identity:
        missing = [name for name in (FORM_SHEET, ID_SHEET) if name not in self.workbook.sheetnames]
        for name in missing:
            self.fail(NOT_CHISO_FORM.format(sheet=name))
        if missing:
            raise _Stop
        identity: dict[str, str] = {}
        mapping: dict[int, str] = {}
        prints: dict[str, tuple[str, str]] = {}
        for index, cells in enumerate(self._rows(ID_SHEET, MAP_NOTE_PRINT_COL), start=1):
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
            value_print = cell_text(cells[MAP_VALUE_PRINT_COL - 1].value)
            note_print = cell_text(cells[MAP_NOTE_PRINT_COL - 1].value)
            if value_print and note_print:
                prints[code] = (value_print, note_print)
        if "format" in identity and identity["format"] != FORMAT:
            self.fail(OTHER_FORMAT.format(found=identity["format"]), sheet=ID_SHEET)
            raise _Stop
        lacking = [key for key in _REQUIRED_ID_KEYS if not identity.get(key)]
        numbers = ("year", "header_row")
        bad = [key for key in numbers if key not in lacking and not _SMALL.fullmatch(identity[key])]
        version = identity.get("form_version", "")
        if version and not _VERSION.fullmatch(version):
            bad.append("form_version")
        downloaded_at = None
        try:
            downloaded_at = _moment(identity.get("downloaded_at", ""))
        except ValueError:
            bad.append("downloaded_at")
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
            form_version=int(version) if version else None,
            downloaded_at=downloaded_at,
        )
        return _Identity(meta, int(identity["header_row"]), mapping, prints)

    def _compare(self, meta: FormMeta) -> None:
        framework = self._framework()
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
    ) -> tuple[dict[str, object], dict[str, str], dict[str, int]]:
        framework = self._framework()
        raws: dict[str, object] = {}
        rows: dict[str, int] = {}
        notes: dict[str, str] = {}
        by_code = framework.criteria_by_code
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
        values, problems = parse_answers(framework, raws, unit=unit, complete=False)
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
        return answers, notes, {code: row for row, code in mapping.items()}

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
        except CORRUPT:
            self.fail(NOT_XLSX)
            raise _Stop from None
        return rows
