"""What an evidence file would do when an appraiser opens it, read from its content before it
is stored: the Office zips go through ``chiso.excel.archive`` (bombs, macros, external links,
DDE); this module looks at the other kinds.

- Word 97–2003 ``.doc`` and Excel ``.xls`` are OLE compound files: refused when they hold a VBA
  project (a ``Macros``, ``VBA`` or ``_VBA_PROJECT_CUR`` storage) or, in an ``.xls``, an Excel
  4.0 macro sheet. Read with ``olefile``; a compound file that cannot be read is refused too.
- PNG and JPEG: refused above ``MAX_PIXELS``. Only the header is read (Pillow's ``Image.open``
  decodes nothing), so a 100,000 × 100,000 image that is 100 KB on the wire and 40 GB once
  decoded is turned away before any viewer of the appraiser's tries to open it.
- PDF: refused when it carries JavaScript (``/JavaScript``, ``/JS``) or a ``/Launch`` action,
  wherever they sit: in the file's objects, behind ``#xx`` escapes in a name
  (``/J#61vaScript``), or inside a compressed object stream. Why refuse rather than strip:
  evidence is a scanned decision, a report, a photo of a screen; none needs scripts, and a
  script in a PDF runs in the appraiser's reader (form actions, ``/OpenAction`` on open, links
  that launch programs). Rewriting the file to drop them would change what the unit signed,
  so the unit is asked to save it again without them ("Print to PDF" does). A false alarm
  costs one re-save; a missed script runs on a government workstation.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zlib

OLE_MACROS = "Tệp Word/Excel có macro (VBA hoặc Excel 4.0); chỉ nhận tệp không có macro."
OLE_DAMAGED = "Tệp Word/Excel (định dạng cũ) bị hỏng, không đọc được; hãy lưu lại rồi tải lên."
IMAGE_TOO_LARGE = (
    "Ảnh {width} × {height} điểm ảnh lớn quá mức cho phép ({limit} triệu điểm ảnh); hãy thu nhỏ"
    " ảnh rồi tải lên lại."
)
IMAGE_DAMAGED = "Ảnh bị hỏng, không đọc được kích thước; hãy lưu lại ảnh rồi tải lên."
PDF_SCRIPT = (
    "Tệp PDF có mã JavaScript hoặc lệnh chạy chương trình; hãy in lại thành PDF («Print to"
    " PDF») rồi tải lên."
)

# A 108-megapixel phone photo is 12,000 × 9,000; beyond this an image is an attack, not evidence.
MAX_PIXELS = 120_000_000

_OLE_MACRO_STORAGES = {"macros", "vba", "_vba_project_cur", "_vba_project"}
_BOUNDSHEET = 0x0085
_MACRO_SHEET_TYPES = {0x01, 0x06}  # Excel 4.0 macro sheet, VB module

# A name token: "/" and regular characters up to a delimiter or white space (PDF 32000 7.3.5).
_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]*")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_SCRIPT_NAMES = {b"/JavaScript", b"/JS", b"/Launch"}
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_MAX_INFLATED = 64 * 1024 * 1024  # all object streams together, inflated for the scan


def content_problems(content_type: str, data: bytes) -> list[str]:
    """Why this file (of the type libmagic found) must not be stored; empty when it may."""
    if content_type in ("application/msword", "application/vnd.ms-excel"):
        return _ole_problems(data)
    if content_type in ("image/png", "image/jpeg"):
        return _image_problems(data)
    if content_type == "application/pdf":
        return [PDF_SCRIPT] if pdf_has_script(data) else []
    return []


def _ole_problems(data: bytes) -> list[str]:
    import olefile  # type: ignore[import-untyped]

    try:
        with olefile.OleFileIO(data) as ole:
            paths = ole.listdir(streams=True, storages=True)
            if any(part.lower() in _OLE_MACRO_STORAGES for path in paths for part in path):
                return [OLE_MACROS]
            book = next((p for p in (["Workbook"], ["Book"]) if ole.exists("/".join(p))), None)
            if book is not None and _has_macro_sheet(ole.openstream(book).read()):
                return [OLE_MACROS]
    except Exception:  # noqa: BLE001 - olefile raises OSError and others for a broken file
        return [OLE_DAMAGED]
    return []


def _has_macro_sheet(stream: bytes) -> bool:
    """A BOUNDSHEET record (BIFF8) naming an Excel 4.0 macro sheet or a VB module."""
    offset = 0
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        body = stream[offset + 4 : offset + 4 + length]
        if kind == _BOUNDSHEET and len(body) >= 6 and body[5] in _MACRO_SHEET_TYPES:
            return True
        offset += 4 + length
    return False


def _image_problems(data: bytes) -> list[str]:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # the header only: nothing is decoded
                width, height = image.size
    except Image.DecompressionBombError:
        width, height = _declared_size(data)
    except Exception:  # noqa: BLE001 - Pillow raises several types for a broken header
        return [IMAGE_DAMAGED]
    if width * height > MAX_PIXELS:
        return [
            IMAGE_TOO_LARGE.format(
                width=f"{width:,}".replace(",", "."),
                height=f"{height:,}".replace(",", "."),
                limit=MAX_PIXELS // 1_000_000,
            )
        ]
    return []


def _declared_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR (Pillow refuses to report sizes past its own bomb
    limit); a JPEG that far past it is reported as at least over the limit."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    return MAX_PIXELS + 1, 1


def pdf_has_script(data: bytes) -> bool:
    """Whether the PDF names JavaScript or a launch action in its objects, or inside its
    compressed object streams (PDF 1.5 hides dictionaries there). Other streams (page content,
    images, fonts) are skipped: their bytes are not names, and random bytes spell ``/JS``."""
    budget = _MAX_INFLATED
    position = 0
    for match in _STREAM.finditer(data):
        if match.start() < position:
            continue  # the word inside a stream already skipped
        header = data[position : match.start()]
        if _names_script(header):
            return True
        end = data.find(b"endstream", match.end())
        end = len(data) if end < 0 else end
        if _is_object_stream(header):
            inflater = zlib.decompressobj()
            try:
                inflated = inflater.decompress(data[match.end() : end], budget)
            except zlib.error:
                inflated = b""  # not Flate: a reader cannot use it either
            budget -= len(inflated)
            if budget <= 0 or _names_script(inflated):
                return True  # a script, or more than any evidence needs: refuse unseen
        position = end + len(b"endstream")
    return _names_script(data[position:])


def _is_object_stream(header: bytes) -> bool:
    dictionary = header[header.rfind(b"obj") :]
    return any(_unescaped(name) == b"/ObjStm" for name in _NAME.findall(dictionary))


def _unescaped(name: bytes) -> bytes:
    return _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)


def _names_script(data: bytes) -> bool:
    return any(_unescaped(name) in _SCRIPT_NAMES for name in _NAME.findall(data))
