"""Sở Nội vụ's two workbooks, made from the published results (a ``ResultSet``) and nothing else.

The regulations give the results to Sở Nội vụ for the heads' accountability, emulation and
rewards, and the PAR index (Chỉ số cải cách hành chính): "Đưa kết quả đánh giá, xếp hạng … vào
nội dung xác định trách nhiệm … của người đứng đầu …; chấm điểm chỉ số cải cách hành chính; bình
xét thi đua - khen thưởng hàng năm" (QĐ 2392/QĐ-BTTTT Điều 8 and the provinces' regulations).

- ``emulation_workbook``: per unit kind and section, every unit with its head(s), level, rank,
  points and the change from last year, ranked first (the order of the published tables).
- ``par_workbook``: per unit kind and section, every unit's points against the maximum, the rate
  achieved, level and rank, and the points of each group of criteria: the figures a PAR index
  criterion on e-government / digital transformation is scored from.

Every figure is the published one (``tables.cell_number`` of the same Fraction the ranking
workbook, the pages and the API show); every sheet prints the version and checksum.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from chiso.cells import safe_cell
from chiso.publish.model import Entry, KindResult, ResultSet, SectionResult, UnitSection
from chiso.publish.tables import CHANGE_FORMAT, POINTS_FORMAT, cell_number, sheet_name
from chiso.publish.wording import rank_mark
from chiso.scoring import fmt_points

EMULATION_TITLE = "KẾT QUẢ {section} {kind} NĂM {year} PHỤC VỤ BÌNH XÉT THI ĐUA, KHEN THƯỞNG"
PAR_TITLE = "SỐ LIỆU {section} {kind} NĂM {year} PHỤC VỤ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"
NO_HEAD = "(chưa có tài khoản thủ trưởng)"
RATE_FORMAT = "0.00%"
HEADER_ROW = 5


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float
    value: Callable[[Entry, UnitSection | None], object]
    number_format: str = ""


def _rate(points: Fraction | None, maximum: Fraction) -> Decimal | None:
    if points is None or not maximum:
        return None
    return cell_number(points / maximum)


def _previous_points(entry: Entry) -> Decimal | None:
    return None if entry.previous is None else cell_number(entry.previous.points)


def _previous_rank(entry: Entry) -> int | None:
    return None if entry.previous is None else entry.previous.rank


def emulation_columns(previous_year: int | None, heads: Mapping[str, str]) -> list[Column]:
    found = [
        Column("Hạng", 7, lambda e, _: e.rank, "0"),
        Column("Mã đơn vị", 11, lambda e, _: e.unit),
        Column("Đơn vị", 30, lambda e, _: e.name),
        Column("Thủ trưởng đơn vị", 28, lambda e, _: heads.get(e.unit) or NO_HEAD),
        Column("Mức độ", 18, lambda e, _: e.level),
        Column("Điểm", 9, lambda e, _: cell_number(e.points), POINTS_FORMAT),
    ]
    if previous_year is not None:
        found += [
            Column(f"Hạng {previous_year}", 9, lambda e, _: _previous_rank(e), "0"),
            Column(f"Điểm {previous_year}", 10, lambda e, _: _previous_points(e), POINTS_FORMAT),
            Column("Thay đổi điểm", 11, lambda e, _: cell_number(e.points_change), CHANGE_FORMAT),
            Column("Thay đổi hạng", 11, lambda e, _: rank_mark(e)),
            Column(
                f"Mức độ {previous_year}",
                18,
                lambda e, _: "" if e.previous is None else e.previous.level,
            ),
        ]
    found.append(Column("Ghi chú", 60, lambda e, _: e.reason))
    return found


def par_columns(section: SectionResult) -> list[Column]:
    maximum = section.max_points
    found = [
        Column("Hạng", 7, lambda e, _: e.rank, "0"),
        Column("Mã đơn vị", 11, lambda e, _: e.unit),
        Column("Đơn vị", 30, lambda e, _: e.name),
        Column("Điểm đạt", 9, lambda e, _: cell_number(e.points), POINTS_FORMAT),
        Column("Điểm tối đa", 9, lambda e, _: cell_number(maximum), POINTS_FORMAT),
        Column("Tỷ lệ đạt", 9, lambda e, _: _rate(e.points, maximum), RATE_FORMAT),
        Column("Mức độ", 18, lambda e, _: e.level),
        Column("Số đơn vị xếp hạng", 10, lambda e, _: len(section.ranked), "0"),
    ]
    for group in section.groups:
        found.append(
            Column(
                f"{group.code}. {group.name} (tối đa {fmt_points(group.max_points)})",
                14,
                _group_points(group.code),
                POINTS_FORMAT,
            )
        )
    found.append(Column("Ghi chú", 60, lambda e, _: e.reason))
    return found


def _group_points(code: str) -> Callable[[Entry, UnitSection | None], object]:
    def value(entry: Entry, mine: UnitSection | None) -> object:
        if mine is None:
            return None
        for group in mine.groups:
            if group.code == code:
                return cell_number(group.points)
        return None

    return value


def _lines(text: str, width: float) -> int:
    """Lines a text takes in a column ``width`` characters wide, wrapped (an estimate)."""
    per_line = max(int(width * 1.2), 1)
    return max(1, -(-len(text) // per_line))


def _profiles(kind: KindResult, section: SectionResult) -> dict[str, UnitSection]:
    found = {}
    for unit in kind.units:
        for mine in unit.sections:
            if mine.code == section.code:
                found[unit.unit] = mine
    return found


def emulation_workbook(results: ResultSet, heads: Mapping[str, str]) -> bytes:
    """``heads``: unit code -> the full names of its heads (Thủ trưởng), as the export prints."""
    return _workbook(
        results,
        EMULATION_TITLE,
        lambda _kind, _section: emulation_columns(results.meta.previous_year, heads),
        "Thi đua, khen thưởng",
    )


def par_workbook(results: ResultSet) -> bytes:
    return _workbook(results, PAR_TITLE, lambda _kind, section: par_columns(section), "Chỉ số CCHC")


def _workbook(
    results: ResultSet,
    title: str,
    columns_for: Callable[[KindResult, SectionResult], Sequence[Column]],
    purpose: str,
) -> bytes:
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for kind in results.kinds:
        for section in kind.sections:
            sheet = book.create_sheet(sheet_name(kind, section, taken))
            heading = title.format(
                section=section.name.upper(), kind=kind.label.upper(), year=results.meta.year
            )
            _write(sheet, results, kind, section, heading, columns_for(kind, section))
    book.properties.creator = "chiso"
    book.properties.title = f"{purpose}: {results.meta.subject}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write(
    ws: Any,
    results: ResultSet,
    kind: KindResult,
    section: SectionResult,
    heading: str,
    cols: Sequence[Column],
) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    meta, fw = results.meta, kind.framework
    last = get_column_letter(len(cols))
    lines = [
        heading,
        f"{meta.authority} — {fw.name} ({fw.code}, phiên bản {fw.version}); "
        f"tối đa {fmt_points(section.max_points)} điểm",
        meta.edition,
        meta.notice,
    ]
    for number, text in enumerate(lines, start=1):
        cell = ws.cell(row=number, column=1, value=safe_cell(text))
        cell.font = Font(bold=number == 1, size=13 if number == 1 else 11, italic=number == 4)
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
    # Row heights are written, not left to the reader: LibreOffice does not grow a row for
    # wrapped text that openpyxl wrote.
    ws.row_dimensions[HEADER_ROW].height = 15 * max(_lines(c.header, c.width) for c in cols)
    profiles = _profiles(kind, section)
    for number, entry in enumerate(section.entries, start=HEADER_ROW + 1):
        mine = profiles.get(entry.unit)
        tall = 1
        for index, column in enumerate(cols, start=1):
            value = column.value(entry, mine)
            if isinstance(value, str):
                value = safe_cell(value)
                tall = max(tall, _lines(value, column.width))
            cell = ws.cell(row=number, column=index, value=value)
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if column.number_format:
                cell.number_format = column.number_format
        ws.row_dimensions[number].height = 15 * tall
    ws.freeze_panes = f"D{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
