"""The hostile files, generated (nothing big is committed): each is what an upload must refuse.

Lists (accounts, agencies) are built from a small good workbook; the form's from the form's own
downloaded file, so that only the one hostile thing is wrong with it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl

from tests.excel.builders import edit, with_members

BOMB_MEMBER = "xl/media/image1.png"
ROWS = 100_000


@dataclass(frozen=True, slots=True)
class Bad:
    """A hostile upload: its name, its bytes, and a piece of the refusal it must get."""

    case: str
    filename: str
    data: bytes
    refusal: str

    def __str__(self) -> str:
        return self.case


def workbook(rows: list[list[object]], *, change: Callable[[object], None] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    for row in rows:
        sheet.append(row)
    if change is not None:
        change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb(base: bytes) -> bytes:
    """21 MB of zeros in one member: some 20 KB on the wire."""
    return with_members(base, {BOMB_MEMBER: bytes(21 * 1024 * 1024)})


def external_link(base: bytes) -> bytes:
    link = (
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships"/></externalLink>'
    )
    return with_members(base, {"xl/externalLinks/externalLink1.xml": link})


def macros(base: bytes) -> bytes:
    """An .xlsm's content (a VBA project, macro-enabled type) under an .xlsx name."""
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
    return with_members(
        base, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0VBA", "[Content_Types].xml": types}
    )


def many_rows(base: bytes, sheet_member: str, row_xml: Callable[[int], str], first: int) -> bytes:
    """``ROWS`` more rows at the end of a sheet, written as XML (openpyxl takes a minute)."""
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        sheet = archive.read(sheet_member).decode()
    rows = "".join(row_xml(n) for n in range(first, first + ROWS))
    sheet = re.sub(r"<dimension [^>]*/>", "", sheet)
    sheet = sheet.replace("</sheetData>", rows + "</sheetData>")
    return with_members(base, {sheet_member: sheet.encode()})


def inline_row(n: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{column}{n}" t="inlineStr"><is><t>{value}</t></is></c>'
        for column, value in zip("ABCDEFGH", values, strict=False)
    )
    return f'<row r="{n}">{cells}</row>'


def pdf() -> bytes:
    from chiso.loadtest.scenario import pdf as small_pdf

    return small_pdf("hostile", size=2048)


def oversize(megabytes: int) -> bytes:
    """A valid PDF start padded past ``megabytes`` MB."""
    return pdf() + b"%" + b"0" * (megabytes * 1024 * 1024)


def first_sheet_member(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))[0]


__all__ = ["Bad", "edit", "with_members"]
