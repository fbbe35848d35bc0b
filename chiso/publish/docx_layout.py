"""Building blocks of an administrative document in the format of Nghị định 30/2020/NĐ-CP.

A4, margins 20/20/30/15 mm, Times New Roman 14 (Phụ lục I of the decree); the header is a
borderless two-column table, as officers lay it out in Word: the issuing body on the left, the
national title on the right, each underlined by a short rule; number and place/date below.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Row

FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
LEFT_CM, RIGHT_CM = 6.5, 10.0  # the header's two columns over the 16.5 cm text width
# What may follow w:pBdr inside w:pPr (ECMA-376 order), so the border is inserted in place.
_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def new_document() -> Any:
    """An empty A4 document with the decree's margins, font, and page numbers from page 2."""
    doc = Document()
    doc.core_properties.author = doc.core_properties.last_modified_by = "chiso"
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_before = Pt(6)
    normal.paragraph_format.space_after = Pt(0)
    # NĐ 30/2020: the page number in the header, centred, not on the first page.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number._p.append(field)
    return doc


def paragraph(
    container: Any,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = BODY_SIZE,
    align: str = "justify",
    indent: bool = False,
    before: float = 6,
) -> Any:
    found = container.add_paragraph()
    if text:
        run(found, text, bold=bold, italic=italic, size=size)
    found.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
    }[align]
    fmt = found.paragraph_format
    fmt.space_before = Pt(before)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    return found


def run(
    container: Any, text: str, *, bold: bool = False, italic: bool = False, size: float = BODY_SIZE
) -> Any:
    found = container.add_run(text)
    found.bold, found.italic = bold, italic
    found.font.size = Pt(size)
    found.font.name = FONT
    return found


def rule(container: Any, width_cm: float, column_cm: float) -> None:
    """A short centred line under a title: a paragraph's bottom border, narrowed by indents."""
    line = paragraph(container, align="center", before=0, size=4)
    ppr = line._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.insert_element_before(borders, *_AFTER_BORDER)
    side = max((column_cm - width_cm) / 2, 0)
    line.paragraph_format.left_indent = Cm(side)
    line.paragraph_format.right_indent = Cm(side)
    line.paragraph_format.line_spacing = Pt(4)


def _cell(table: Any, row: int, column: int, width_cm: float) -> Any:
    table.columns[column].width = Cm(width_cm)  # w:gridCol, which LibreOffice follows
    cell = table.cell(row, column)
    cell.width = Cm(width_cm)  # w:tcW, which Word follows
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)  # start without the blank
    return cell


def layout_table(doc: Any, rows: int) -> Any:
    table = doc.add_table(rows=rows, cols=2)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    return table


def header(doc: Any, *, parent: str, body: str, number: str, place: str) -> None:
    """The national header beside the issuing body (NĐ 30/2020, Phụ lục I, ô số 1–4)."""
    table = layout_table(doc, 2)
    left, right = _cell(table, 0, 0, LEFT_CM), _cell(table, 0, 1, RIGHT_CM)
    if parent:
        paragraph(left, parent.upper(), size=13, align="center", before=0)
    paragraph(left, body.upper(), bold=True, size=13, align="center", before=0)
    rule(left, 2.2, LEFT_CM)
    paragraph(right, NATION, bold=True, size=13, align="center", before=0)
    paragraph(right, MOTTO, bold=True, size=14, align="center", before=0)
    rule(right, 5.6, RIGHT_CM)
    paragraph(_cell(table, 1, 0, LEFT_CM), f"Số: {number}", size=13, align="center")
    paragraph(_cell(table, 1, 1, RIGHT_CM), place, italic=True, size=14, align="center")


def title(doc: Any, kind: str, about: str) -> None:
    """The kind of document and its summary (trích yếu), centred and bold, with a rule."""
    paragraph(doc, kind, bold=True, align="center", before=18)
    paragraph(doc, about, bold=True, align="center", before=0)
    rule(doc, 3.5, 16.5)


def article(doc: Any, number: int, text: str) -> Any:
    found = paragraph(doc, indent=True)
    run(found, f"Điều {number}. ", bold=True)
    run(found, text)
    return found


def signature(doc: Any, *, recipients: Sequence[str], signer: Sequence[str]) -> None:
    """Nơi nhận on the left, the signer's capacity and a place to sign on the right."""
    table = layout_table(doc, 1)
    left, right = _cell(table, 0, 0, 7.5), _cell(table, 0, 1, 9.0)
    paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12, align="left", before=12)
    for line in recipients:
        paragraph(left, line, size=11, align="left", before=0)
    for index, line in enumerate(signer):
        paragraph(right, line, bold=True, size=14, align="center", before=12 if index == 0 else 0)
    for _ in range(4):
        paragraph(right, "", before=0)
    paragraph(right, "(Chữ ký, dấu)", italic=True, size=13, align="center", before=0)


def page_break(doc: Any) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _plain(values: Sequence[str]) -> bool:
    """Every value empty (no ``w:t``) or a text that python-docx writes as one ``w:t`` as it is
    (no tab, line break or edge space, which become other elements or attributes)."""
    return all(
        isinstance(v, str) and v == v.strip() and not any(c in v for c in "\t\r\n") for v in values
    )


def _fill(row: Any, values: Sequence[str], widths: Sequence[float], *, bold: bool) -> None:
    for c, (cell, value) in enumerate(zip(row.cells, values, strict=False)):
        cell.width = Cm(widths[c])
        target = cell.paragraphs[0]
        target.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 1 else WD_ALIGN_PARAGRAPH.CENTER
        target.paragraph_format.space_before = Pt(2)
        run(target, value, bold=bold, size=TABLE_SIZE)


def grid(
    doc: Any, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> Any:
    """A ruled table with a bold header row repeated on every page.

    Linear in the number of cells: the header and the first plain row of each shape (which
    cells are empty) are written through python-docx; every further plain row is a copy of
    that row's XML with its texts replaced (the same XML python-docx writes, ~20 times faster);
    other rows are filled through python-docx from a copy of an empty row.
    ``table.cell(r, c)`` rebuilt every cell of the table on each call, which made a decision
    with a national ranking quadratic.
    """
    table = doc.add_table(rows=2 if rows else 1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for c, width in enumerate(widths):
        table.columns[c].width = Cm(width)
    header_row, *first = table.rows
    _fill(header_row, headers, widths, bold=True)
    if rows:
        tbl = table._tbl
        blank = deepcopy(first[0]._tr)
        tbl.remove(first[0]._tr)
        # A filled row per shape (which cells are empty), whose copies take the other texts.
        templates: dict[tuple[bool, ...], Any] = {}
        for values in rows:
            shape = tuple(v != "" for v in values)
            plain = len(values) == len(headers) and _plain(values)
            template = templates.get(shape) if plain else None
            if template is not None:
                tr = deepcopy(template)
                texts = [v for v in values if v]
                for t, value in zip(tr.iter(qn("w:t")), texts, strict=True):
                    t.text = value
                tbl.append(tr)
                continue
            tr = deepcopy(blank)
            tbl.append(tr)
            _fill(_Row(tr, table), values, widths, bold=False)
            if plain:
                templates[shape] = tr
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_row._tr.get_or_add_trPr().append(repeat)
    return table
