"""The decision's tables, built linearly by copying a row's XML, are the XML python-docx writes
cell by cell, whatever the texts: empty cells, tabs, line breaks, edge spaces, short rows."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from chiso.publish import docx_layout

HEADERS = ["Hạng", "Đơn vị", "Điểm", "Mức"]
WIDTHS = [1.5, 8.0, 2.5, 4.5]
texts = st.one_of(
    st.sampled_from(["1", "Xã Thử 1", "43,80", "Mức 2", "Phường Đông Hà"]),
    st.text(alphabet="ab \t\nĐ", max_size=6),
)
rows = st.lists(st.lists(texts, min_size=3, max_size=4), max_size=12)


def old_grid(
    doc: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    by_row: bool = False,
) -> Any:
    """The reference: the decision's table filled cell by cell, each cell found with
    ``Table.cell`` (quadratic in python-docx: it lists every cell of the table each time) or,
    ``by_row``, in its row's ``cells`` (the same ``w:tc`` elements, listed once per row)."""
    table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for c, width in enumerate(widths):
        table.columns[c].width = Cm(width)
    for r, values in enumerate([headers, *rows]):
        found = table.rows[r].cells if by_row else None
        for c, value in enumerate(values):
            cell = found[c] if found is not None else table.cell(r, c)
            cell.width = Cm(widths[c])
            target = cell.paragraphs[0]
            target.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 1 else WD_ALIGN_PARAGRAPH.CENTER
            target.paragraph_format.space_before = Pt(2)
            docx_layout.run(target, value, bold=r == 0, size=docx_layout.TABLE_SIZE)
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    return table


def _xml(build: object, body: list[list[str]]) -> bytes:
    doc = Document()
    build(doc, HEADERS, body, WIDTHS)  # type: ignore[operator]
    return etree.tostring(doc.element.body)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60, deadline=None)
@given(rows)
def test_grid_writes_the_xml_of_the_cell_by_cell_table(body: list[list[str]]) -> None:
    expected = _xml(old_grid, body)
    assert _xml(docx_layout.grid, body) == expected
    # The long table below is compared with the reference reading each row's cells once.
    assert _xml(partial(old_grid, by_row=True), body) == expected


def test_a_long_plain_table_is_the_same_xml() -> None:
    body = [[str(i), f"Xã Thử {i}", f"{i % 100},50", "Mức 3"] for i in range(1, 400)]
    body[7] = ["", "Xã không điểm", "", ""]
    body[9] = ["10", " Xã  cách ", "1,00", "Mức\t1"]
    # 400 rows with Table.cell took 40-85 s of the suite; each row's cells are the same cells.
    assert _xml(docx_layout.grid, body) == _xml(partial(old_grid, by_row=True), body)
