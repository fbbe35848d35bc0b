"""The criteria table as a Word annex (phụ lục) of the UBND decision promulgating the index.

NĐ 30/2020 layout from ``chiso.publish.docx_layout`` (A4 landscape for the wide table, Times
New Roman); the table is filled row by row (``docx_layout.grid``), never with ``Table.cell``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from chiso.frameworks.texts import load_text
from chiso.frameworks.workbook.columns import CRITERIA_COLUMNS, EVIDENCE
from chiso.frameworks.workbook.export import flat_mapping, table_rows
from chiso.publish.docx_layout import grid, new_document, paragraph
from chiso.scoring.numbers import fmt_number, to_fraction

HEADERS = ("TT", "Tiêu chí", "Điểm tối đa", "Cách tính điểm", "Tài liệu kiểm chứng", "Căn cứ")
WIDTHS = (1.3, 8.0, 1.8, 6.0, 4.1, 4.0)  # cm, over the 25.2 cm of A4 landscape text width
_INDEX = {c.header: i for i, c in enumerate(CRITERIA_COLUMNS)}


def _points(value: Any) -> str:
    if value in ("", None):
        return ""
    return fmt_number(to_fraction(Decimal(repr(value)) if isinstance(value, float) else value))


def _evidence(cells: list[Any]) -> str:
    label = cells[_INDEX["Tài liệu kiểm chứng"]]
    guidance = str(cells[_INDEX["Hướng dẫn"]] or "")
    listed = [line[len("Tài liệu kiểm chứng: ") :] for line in guidance.splitlines()
              if line.startswith("Tài liệu kiểm chứng: ")]  # fmt: skip
    return "; ".join(listed) or (label if label != EVIDENCE["optional"] else "")


def framework_docx(text: str, *, extra: Mapping[str, str] = {}, display: str = "") -> bytes:
    data = flat_mapping(text, extra=extra, display=display)
    framework = load_text(text, extra=extra, display=display or "bộ tiêu chí")
    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    paragraph(doc, "PHỤ LỤC", bold=True, align="center", before=0)
    paragraph(doc, framework.name.upper(), bold=True, align="center", before=0)
    paragraph(
        doc,
        f"(Kèm theo Quyết định số       /QĐ-UBND ngày    /    /     của"
        f" {framework.issuer or 'UBND tỉnh'})",
        italic=True,
        align="center",
        before=0,
    )
    rows = []
    for _kind, cells in table_rows(data, framework):
        rows.append(
            [
                str(cells[_INDEX["TT"]]),
                str(cells[_INDEX["Tiêu chí"]] or ""),
                _points(cells[_INDEX["Điểm tối đa"]]),
                str(cells[_INDEX["Cách tính điểm"]] or ""),
                _evidence(cells),
                str(cells[_INDEX["Căn cứ"]] or ""),
            ]
        )
    rows.append(["", "Tổng cộng", fmt_number(framework.max_points), "", "", ""])
    grid(doc, HEADERS, rows, WIDTHS)
    paragraph(doc, "Xếp loại", bold=True, before=12)
    for s in framework.sections:
        cls = s.classification
        if cls.kind == "bands":
            lines = [f"{b.name}: từ {fmt_number(b.min_total)} điểm" for b in cls.bands]  # type: ignore[union-attr]
        else:
            lines = [
                f"{lv.name}: từ {fmt_number(lv.min_total)} điểm"
                + "".join(f"; nhóm {c} đạt từ {fmt_number(sh * 100)}%" for c, sh in lv.min_share)
                for lv in cls.levels  # type: ignore[union-attr]
            ]
        paragraph(doc, f"{s.code} — {s.name}: " + "; ".join(lines), before=4)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
