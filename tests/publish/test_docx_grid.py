"""The decision's tables, built linearly by copying a row's XML, are the XML python-docx writes
cell by cell, whatever the texts: empty cells, tabs, line breaks, edge spaces, short rows."""

from __future__ import annotations

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from chiso.publish import docx_layout
from tests.results.test_national_scale import old_grid

HEADERS = ["Hạng", "Đơn vị", "Điểm", "Mức"]
WIDTHS = [1.5, 8.0, 2.5, 4.5]
texts = st.one_of(
    st.sampled_from(["1", "Xã Thử 1", "43,80", "Mức 2", "Phường Đông Hà"]),
    st.text(alphabet="ab \t\nĐ", max_size=6),
)
rows = st.lists(st.lists(texts, min_size=3, max_size=4), max_size=12)


def _xml(build: object, body: list[list[str]]) -> bytes:
    doc = Document()
    build(doc, HEADERS, body, WIDTHS)  # type: ignore[operator]
    return etree.tostring(doc.element.body)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60, deadline=None)
@given(rows)
def test_grid_writes_the_xml_of_the_cell_by_cell_table(body: list[list[str]]) -> None:
    assert _xml(docx_layout.grid, body) == _xml(old_grid, body)


def test_a_long_plain_table_is_the_same_xml() -> None:
    body = [[str(i), f"Xã Thử {i}", f"{i % 100},50", "Mức 3"] for i in range(1, 400)]
    body[7] = ["", "Xã không điểm", "", ""]
    body[9] = ["10", " Xã  cách ", "1,00", "Mức\t1"]
    assert _xml(docx_layout.grid, body) == _xml(old_grid, body)
