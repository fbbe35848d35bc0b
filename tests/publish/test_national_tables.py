"""The ranking tables and the decision at national scale: built linearly, the same files.

The workbook's cells take a copy of the first styled cell's style ids rather than style objects
(the reference below sets them cell by cell); the tables and the decision are built without
the units' profiles, which they never read. Same sheets, styles and document XML, on the
benchmark's 300-commune cohort.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.utils.timezone import localdate

from chiso.bench_results import build_cohort
from chiso.publish import decision, tables
from chiso.results.bundle import snapshot_bundle
from chiso.results.documents import result_set
from chiso.results.services import results_publish

UNITS = 300


def old_write_sheet(ws: Any, results: Any, kind: Any, section: Any) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet.page import PageMargins  # type: ignore[import-untyped]

    meta, fw = results.meta, kind.framework
    cols = tables.columns(meta.previous_year)
    last = get_column_letter(len(cols))
    title = tables.SHEET_TITLE.format(
        section=section.name.upper(), kind=kind.label.upper(), year=meta.year
    )
    lines = [
        title,
        f"{meta.authority} — {fw.name} ({fw.code}, phiên bản {fw.version}); "
        f"tối đa {tables.fmt_points(section.max_points)} điểm",
        meta.edition,
        meta.notice,
    ]
    for number, text in enumerate(lines, start=1):
        cell = ws.cell(row=number, column=1, value=tables.safe_cell(text))
        cell.font = Font(bold=number == 1, size=14 if number == 1 else 11, italic=number == 4)
        ws.merge_cells(f"A{number}:{last}{number}")
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for index, column in enumerate(cols, start=1):
        cell = ws.cell(row=tables.HEADER_ROW, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = border
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for number, row in enumerate(tables.section_rows(section), start=tables.HEADER_ROW + 1):
        for index, column in enumerate(cols, start=1):
            value = column.value(row)
            if isinstance(value, str):
                value = tables.safe_cell(value)
            cell = ws.cell(row=number, column=index, value=value)
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=column.header == "Ghi chú")
            if column.number_format:
                cell.number_format = column.number_format
            if row.rank is None:
                cell.font = Font(color="595959")
    ws.freeze_panes = f"D{tables.HEADER_ROW + 1}"
    ws.print_title_rows = f"{tables.HEADER_ROW}:{tables.HEADER_ROW}"
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = 9  # A4 (ECMA-376 ST_PaperSize)
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.oddFooter.center.text = "Trang &P / &N"


def _parts(data: bytes, prefix: str) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {n: book.read(n) for n in book.namelist() if n.startswith(prefix)}


@pytest.fixture
def published(db: None) -> Any:
    campaign, approver = build_cohort(UNITS)
    return results_publish(
        actor=approver,
        campaign=campaign,
        decision_number="1/QĐ-UBND",
        decision_date=localdate(),
        decision_signer="Chủ tịch UBND tỉnh",
    )


def test_tables_and_decisions_are_the_same_files_linear_and_without_profiles(
    published: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = snapshot_bundle(published, told=False)
    full, lean = result_set(bundle), result_set(bundle, only="")
    assert all(k.units for k in full.kinds) and not any(k.units for k in lean.kinds)

    new_book = tables.ranking_workbook(lean)
    with monkeypatch.context() as old:
        old.setattr(tables, "_write_sheet", old_write_sheet)
        old_book = tables.ranking_workbook(full)
    assert _parts(new_book, "xl/") == _parts(old_book, "xl/")
    assert tables.ranking_csv(lean) == tables.ranking_csv(full)
    # The decision's annex (rankings only); the submission tells the summary, which counts the
    # profiles, and is built with them.
    assert _parts(decision.decision_docx(lean), "word/") == _parts(
        decision.decision_docx(full), "word/"
    )
