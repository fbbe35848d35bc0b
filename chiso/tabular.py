"""Read a small list (accounts, agencies) from an uploaded .xlsx or .csv, header row first.

Every problem names the file, sheet, row and column, in Vietnamese, and all are reported at
once. Files are checked before parsing: size, zip expansion (a zip bomb), row count.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import openpyxl  # type: ignore[import-untyped]  # reads through defusedxml when installed

from chiso.excel.archive import NOT_XLSX, archive_problems, merged_ranges, sheet_rows
from chiso.filenames import filename_problem

MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ROWS = 20_000

NOT_A_TABLE = "tệp không phải .xlsx hoặc .csv"
TOO_BIG = "tệp lớn hơn {limit} MB"
EXTRA_SHEETS = "tệp có nhiều trang ({names}); hãy để danh sách ở một trang duy nhất"
MERGED = "tệp có ô gộp; hãy bỏ gộp ô (Merge & Center) rồi tải lên lại"
FORMULA = "ô chứa công thức; hãy dán giá trị (Paste Values) rồi tải lên lại"
TOO_MANY_ROWS = "tệp có hơn {limit} dòng"
EMPTY = "tệp không có dòng tiêu đề"
MISSING_COLUMN = "thiếu cột «{column}»"
NOT_UTF8 = "tệp CSV phải mã hoá UTF-8"
CSV_UNREADABLE = (
    "tệp CSV không đọc được từ dòng {row}: có ô dài hơn {limit} ký tự hoặc dấu ngoặc kép không đóng"
)
# A list has a handful of columns; the header row is read this far to find them, and the rows
# only as far as the last header. A sheet may declare <dimension ref="A1:XFD5000"/>, and
# openpyxl's read-only mode would then build 16,384 cells for every row.
MAX_COLUMNS = 64


@dataclass(frozen=True, slots=True)
class Where:
    file: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"trang «{self.sheet}»")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột «{self.column}»")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class TableProblem:
    where: Where
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class TableError(Exception):
    """The file cannot be taken as it is; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[TableProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # as the user sees it in Excel: the header is row 1
    values: dict[str, str]
    where: Where = field(compare=False)

    def at(self, column: str) -> Where:
        return Where(self.where.file, self.where.sheet, self.number, column)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _fold_header(text: str) -> str:
    from chiso.units_data import fold

    return fold(text)


def read_table(
    data: bytes, filename: str, *, columns: dict[str, tuple[str, ...]], required: set[str]
) -> list[Row]:
    """Rows keyed by the canonical names in ``columns`` (canonical -> accepted headers).

    Headers match without case or diacritics; blank rows are skipped.
    """
    where = Where(filename)
    problem = filename_problem(filename)
    if problem:
        raise TableError([TableProblem(Where(filename[:60]), problem)])
    if len(data) > MAX_BYTES:
        raise TableError([TableProblem(where, TOO_BIG.format(limit=MAX_BYTES // 1024 // 1024))])
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        sheet, raw_rows = _xlsx_rows(data, where)
    elif lower.endswith(".csv"):
        sheet, raw_rows = "", _csv_rows(data, where)
    else:
        raise TableError([TableProblem(where, NOT_A_TABLE)])
    if not raw_rows:
        raise TableError([TableProblem(Where(filename, sheet), EMPTY)])
    header = [_fold_header(_cell_text(v)) for v in raw_rows[0]]
    index: dict[str, int] = {}
    problems = []
    for canonical, accepted in columns.items():
        folded = {_fold_header(a) for a in (canonical, *accepted)}
        found = next((i for i, h in enumerate(header) if h in folded), None)
        if found is not None:
            index[canonical] = found
        elif canonical in required:
            problems.append(
                TableProblem(
                    Where(filename, sheet, 1),
                    MISSING_COLUMN.format(column=accepted[0] if accepted else canonical),
                )
            )
    if problems:
        raise TableError(problems)
    rows = []
    for number, raw in enumerate(raw_rows[1:], start=2):
        values = {name: _cell_text(raw[i]) if i < len(raw) else "" for name, i in index.items()}
        if any(values.values()):
            rows.append(Row(number, values, Where(filename, sheet)))
    return rows


def _xlsx_rows(data: bytes, where: Where) -> tuple[str, list[tuple[object, ...]]]:
    """The first sheet's rows; the file passes the form upload's archive checks first (zip
    bomb, macros, external links), and is refused with extra sheets, merged or formula cells."""
    found = archive_problems(data, where.file, max_uncompressed=MAX_UNCOMPRESSED)
    if found:
        raise TableError([TableProblem(where, message) for message in found])
    if merged_ranges(data):
        raise TableError([TableProblem(where, MERGED)])
    if any(rows > MAX_ROWS + 1 for rows in sheet_rows(data).values()):
        raise TableError([TableProblem(where, TOO_MANY_ROWS.format(limit=MAX_ROWS))])
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception:  # noqa: BLE001 - openpyxl raises many types for a broken file
        raise TableError([TableProblem(where, NOT_XLSX)]) from None
    try:
        if len(book.sheetnames) > 1:
            names = ", ".join(f"«{name}»" for name in book.sheetnames)
            raise TableError([TableProblem(where, EXTRA_SHEETS.format(names=names))])
        sheet = book.worksheets[0]
        rows: list[tuple[object, ...]] = []
        formulas: list[TableProblem] = []
        width = _header_width(sheet)
        for number, row in enumerate(sheet.iter_rows(max_col=width), start=1):
            if number > MAX_ROWS + 1:
                raise TableError([TableProblem(where, TOO_MANY_ROWS.format(limit=MAX_ROWS))])
            formulas += [
                TableProblem(Where(where.file, sheet.title, number, cell.column_letter), FORMULA)
                for cell in row
                if cell.data_type == "f"
            ]
            rows.append(tuple(cell.value for cell in row))
        if formulas:
            raise TableError(formulas[:50])
        return sheet.title, rows
    except TableError:
        raise
    except Exception:  # noqa: BLE001 - a damaged sheet fails while it is read
        raise TableError([TableProblem(where, NOT_XLSX)]) from None
    finally:
        book.close()


def _header_width(sheet: object) -> int:
    """How many columns the header row uses (its last non-empty cell), at most MAX_COLUMNS."""
    header = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS), ())  # type: ignore[attr-defined]
    filled = [i for i, cell in enumerate(header, start=1) if _cell_text(cell.value)]
    return max(filled, default=1)


def _csv_rows(data: bytes, where: Where) -> list[tuple[object, ...]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError([TableProblem(where, NOT_UTF8)]) from None
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows: list[tuple[object, ...]] = []
    try:
        for row in reader:
            if len(rows) > MAX_ROWS:
                raise TableError([TableProblem(where, TOO_MANY_ROWS.format(limit=MAX_ROWS))])
            rows.append(tuple(row))
    except csv.Error:
        # A field over csv.field_size_limit() (131,072 characters), an unclosed quote, a NUL.
        problem = CSV_UNREADABLE.format(row=reader.line_num, limit=f"{csv.field_size_limit():,}")
        raise TableError([TableProblem(where, problem.replace(",", "."))]) from None
    return rows
