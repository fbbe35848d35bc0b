"""Ranking tables: .xlsx (one sheet per unit kind and section) and CSV (UTF-8 with BOM).

Numbers are cell numbers shown with 2 decimals (Excel puts the reader's decimal comma); text
that a spreadsheet would take for a formula is neutralised (``chiso.cells.safe_cell``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from chiso.cells import safe_cell
from chiso.publish.model import Entry, KindResult, ResultSet, SectionResult
from chiso.publish.wording import DOWN, SAME, UP, rank_mark
from chiso.scoring import exact_text, fmt_points

POINTS_FORMAT = "0.00"
# Changes as every page and document writes them: +2,37 / −1,90 (a true minus sign, quoted as
# a literal; the cell stays a number).
CHANGE_FORMAT = '+0.00;"\u2212"0.00;0.00'
HEADER_ROW = 5
SHEET_TITLE = "KẾT QUẢ XẾP HẠNG {section} {kind} NĂM {year}"
CSV_EDITION = ("Phiên bản kết quả", "Mã kiểm tra SHA-256")


@dataclass(frozen=True, slots=True)
class Row:
    """One unit's line, in cell values: numbers as Decimal, text as shown."""

    rank: int | None
    unit: str
    name: str
    points: Decimal | None
    level: str
    previous_rank: int | None
    previous_points: Decimal | None
    points_change: Decimal | None
    rank_change: str
    level_change: str
    note: str


def cell_number(value: Fraction | None) -> Decimal | None:
    """Exact when the decimal terminates (43.8, 2.365), else 6 decimals; shown with 2."""
    if value is None:
        return None
    text = exact_text(value)
    if "/" not in text:
        return Decimal(text)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.000001"))


def section_rows(section: SectionResult) -> list[Row]:
    return [_row(section, entry) for entry in section.entries]


def _row(section: SectionResult, entry: Entry) -> Row:
    previous = entry.previous
    notes = [entry.reason] if entry.reason else []
    if previous is not None and previous.note:
        notes.append(f"Năm {previous.year}: {previous.note}")
    return Row(
        rank=entry.rank,
        unit=entry.unit,
        name=entry.name,
        points=cell_number(entry.points),
        level=entry.level,
        previous_rank=None if previous is None else previous.rank,
        previous_points=None if previous is None else cell_number(previous.points),
        points_change=cell_number(entry.points_change),
        rank_change=rank_mark(entry),
        level_change=_level_mark(section, entry),
        note="; ".join(notes),
    )


def _level_mark(section: SectionResult, entry: Entry) -> str:
    previous = entry.previous
    if previous is None or not previous.level or previous.points is None:
        return ""
    if previous.level == entry.level:
        return SAME
    now, before = section.level_position(entry.level), section.level_position(previous.level)
    if now is None and before is None:
        return SAME
    better = before is None or (now is not None and now < before)
    return f"{UP if better else DOWN} {previous.level} → {entry.level}"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float
    value: Callable[[Row], object]
    number_format: str = ""
    yearly: bool = False  # only when there is a previous year to compare with


def columns(previous_year: int | None) -> list[Column]:
    before = previous_year or 0
    every = [
        Column("Hạng", 7, lambda r: r.rank, "0"),
        Column("Mã đơn vị", 11, lambda r: r.unit),
        Column("Đơn vị", 30, lambda r: r.name),
        Column("Điểm", 9, lambda r: r.points, POINTS_FORMAT),
        Column("Mức", 16, lambda r: r.level),
        Column(f"Hạng {before}", 9, lambda r: r.previous_rank, "0", yearly=True),
        Column(f"Điểm {before}", 10, lambda r: r.previous_points, POINTS_FORMAT, yearly=True),
        Column("Thay đổi điểm", 11, lambda r: r.points_change, CHANGE_FORMAT, yearly=True),
        Column("Thay đổi hạng", 11, lambda r: r.rank_change, yearly=True),
        Column("Thay đổi mức", 24, lambda r: r.level_change, yearly=True),
        Column("Ghi chú", 60, lambda r: r.note),
    ]
    return [c for c in every if previous_year is not None or not c.yearly]


def sheet_name(kind: KindResult, section: SectionResult, taken: set[str]) -> str:
    """'Cấp huyện - SS': short, unique, without the characters Excel refuses."""
    base = f"{kind.label[:1].upper()}{kind.label[1:]} - {section.code}"
    base = "".join("-" if c in "[]:*?/\\" else c for c in base)[:31]
    name, number = base, 2
    while name in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name)
    return name


def ranking_workbook(results: ResultSet) -> bytes:
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for kind in results.kinds:
        for section in kind.sections:
            sheet = book.create_sheet(sheet_name(kind, section, taken))
            _write_sheet(sheet, results, kind, section)
    book.properties.creator = "chiso"
    book.properties.title = f"Kết quả {results.meta.subject}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(ws: Any, results: ResultSet, kind: KindResult, section: SectionResult) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet.page import PageMargins  # type: ignore[import-untyped]

    meta, fw = results.meta, kind.framework
    cols = columns(meta.previous_year)
    last = get_column_letter(len(cols))
    title = SHEET_TITLE.format(
        section=section.name.upper(), kind=kind.label.upper(), year=meta.year
    )
    lines = [
        title,
        f"{meta.authority} — {fw.name} ({fw.code}, phiên bản {fw.version}); "
        f"tối đa {fmt_points(section.max_points)} điểm",
        meta.edition,
        meta.notice,
    ]
    for number, text in enumerate(lines, start=1):
        cell = ws.cell(row=number, column=1, value=safe_cell(text))
        cell.font = Font(bold=number == 1, size=14 if number == 1 else 11, italic=number == 4)
        ws.merge_cells(f"A{number}:{last}{number}")
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for index, column in enumerate(cols, start=1):
        cell = ws.cell(row=HEADER_ROW, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = border
        ws.column_dimensions[get_column_letter(index)].width = column.width
    # A cell's style is set once per (column, ranked or not); further cells take a copy of that
    # cell's style ids (assigning style objects hashes them against the workbook's every time,
    # ~0.5 ms a cell: seconds for a national ranking). The same styles, the same file.
    styled: dict[tuple[int, bool], Any] = {}
    for number, row in enumerate(section_rows(section), start=HEADER_ROW + 1):
        for index, column in enumerate(cols, start=1):
            value = column.value(row)
            if isinstance(value, str):
                value = safe_cell(value)
            cell = ws.cell(row=number, column=index, value=value)
            key = (index, row.rank is None)
            if key in styled:
                cell._style = copy(styled[key])
                continue
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=column.header == "Ghi chú")
            if column.number_format:
                cell.number_format = column.number_format
            if row.rank is None:
                cell.font = Font(color="595959")
            styled[key] = cell._style
    ws.freeze_panes = f"D{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = 9  # A4 (ECMA-376 ST_PaperSize)
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.oddFooter.center.text = "Trang &P / &N"


def ranking_csv(results: ResultSet) -> bytes:
    """Every kind and section in one table, UTF-8 with a BOM so Excel reads Vietnamese.

    Numbers use a decimal point ("43.80"), like ``chiso rank --format csv`` and open data. Each
    row ends with the version (or "dự thảo") and the checksum of the figures it comes from.
    """
    meta = results.meta
    cols = columns(meta.previous_year)
    edition = ["dự thảo" if meta.version is None else str(meta.version), meta.checksum]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Năm", "Cấp", "Mục", *(c.header for c in cols), *CSV_EDITION])
    for kind in results.kinds:
        for section in kind.sections:
            for row in section_rows(section):
                values = [_csv_value(c, c.value(row)) for c in cols]
                writer.writerow(
                    [meta.year, safe_cell(kind.label), safe_cell(section.name), *values, *edition]
                )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(column: Column, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt_points(value, comma=False)
    if isinstance(value, str):
        return safe_cell(value)
    return str(value)
