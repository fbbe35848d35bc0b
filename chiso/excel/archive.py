"""Checks on an uploaded .xlsx as a zip archive, before any XML of it is parsed.

An .xlsx is a zip; a hostile one can expand to gigabytes (zip bomb), carry macros or link to
other files. ``zipfile`` trusts the sizes in the central directory and stops reading a member
there, so checking them bounds what openpyxl will later decompress.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from io import BytesIO
from pathlib import PurePath

from chiso.filenames import filename_problem

MAX_FILE_BYTES = 5 * 1024 * 1024  # a form is ~30 KB; a photo pasted in is the largest sane case
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 200
MAX_RATIO = 100  # sheet XML compresses ~10:1; zeros compress ~1000:1
RATIO_FLOOR = 1024 * 1024  # small members may compress absurdly well and harm nothing

NOT_XLSX = "tệp không phải là tệp Excel .xlsx"
FILE_TOO_LARGE = "tệp quá lớn ({size} MB, tối đa {limit} MB)"
UNCOMPRESSED_TOO_LARGE = (
    "nội dung tệp khi giải nén quá lớn ({size} MB, tối đa {limit} MB): có thể là tệp nén độc hại"
)
SUSPICIOUS_RATIO = (
    "thành phần {member} của tệp nén với tỷ lệ bất thường ({ratio}:1): có thể là tệp nén độc hại"
)
TOO_MANY_MEMBERS = "tệp có quá nhiều thành phần ({count}, tối đa {limit})"
MACROS = "tệp có macro (VBA hoặc Excel 4.0); chỉ nhận tệp Office không có macro"
EXTERNAL_LINKS = (
    "tệp có liên kết tới tệp hoặc nguồn dữ liệu bên ngoài; hãy xóa liên kết rồi tải lên lại"
)
DAMAGED = (
    "tệp bị hỏng: nội dung nén không khớp kích thước khai báo; hãy mở và lưu lại tệp rồi tải lên"
    " lại"
)
DDE = (
    "tệp có công thức hoặc trường DDE (chạy chương trình khác khi mở tệp); hãy xóa rồi tải lên lại"
)

_MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")


def archive_problems(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
) -> list[str]:
    """Why ``data`` cannot be opened safely as an .xlsx (or another Office zip: .docx evidence
    passes the same checks with its own limits); empty when it can."""
    named = filename_problem(filename)
    if named:
        return [named]
    if len(data) > max_bytes:
        return [FILE_TOO_LARGE.format(size=megabytes(len(data)), limit=megabytes(max_bytes))]
    problems = []
    if PurePath(filename).suffix.lower() in _MACRO_SUFFIXES:
        problems.append(MACROS)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return [NOT_XLSX]
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            problems.append(TOO_MANY_MEMBERS.format(count=len(members), limit=MAX_MEMBERS))
        problems += size_problems(members, max_total=max_uncompressed)
        names = [member.filename.lower().replace("\\", "/") for member in members]
        macros = any(
            name.endswith("vbaproject.bin") or name.startswith(("xl/macrosheets/", "xl/activex/"))
            for name in names
        )
        if macros and MACROS not in problems:
            problems.append(MACROS)
        if any(
            name.startswith("xl/externallinks/") or name == "xl/connections.xml" for name in names
        ):
            problems.append(EXTERNAL_LINKS)
        if problems:
            return problems
        if not _intact(archive, members):
            return [DAMAGED]
        if "[content_types].xml" not in names:
            return [NOT_XLSX]
        content_types = archive.read(members[names.index("[content_types].xml")])
        if b"macroenabled" in content_types.lower():
            return [MACROS]
        return _content_problems(archive, members, names)
    return []


def _intact(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> bool:
    """Every member inflates to the size and CRC it declares. A member that lies about its
    size fails only once read (``BadZipFile``, ``EOFError``, ``zlib.error``); reading here,
    bounded by the declared sizes already checked, keeps that out of the parsers."""
    try:
        for member in members:
            with archive.open(member) as stream:
                while stream.read(1024 * 1024):
                    pass
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, ValueError, NotImplementedError):
        return False
    return True


_HYPERLINK = "/hyperlink"
_FORMULA = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?>([^<]*)</(?:\w+:)?f>")
_FIELD = re.compile(rb'<(?:\w+:)?instrText(?:\s[^>]*)?>([^<]*)<|\sw:instr="([^"]*)"')
_STRING = re.compile(r'"[^"]*"')
_DDE_FIELD = re.compile(r"\bDDE(?:AUTO)?\b", re.IGNORECASE)
# Fields that fetch a file or page when the document is opened or updated.
_EXTERNAL_FIELD = re.compile(r"\b(?:INCLUDETEXT|INCLUDEPICTURE|LINK|IMPORT)\b", re.IGNORECASE)


def _content_problems(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], names: list[str]
) -> list[str]:
    """What the parts say: a relationship to something outside the file (an attached template,
    a linked picture: anything but a clickable hyperlink), a DDE formula in a sheet, a DDE or
    include field in a Word document. Read after ``_intact``, so every read is bounded."""
    problems: list[str] = []
    fields = ""
    for member, name in zip(members, names, strict=True):
        if name.endswith(".rels"):
            external = _external_targets(archive.read(member))
            if external is None:
                return [DAMAGED]
            if external and EXTERNAL_LINKS not in problems:
                problems.append(EXTERNAL_LINKS)
        elif name.startswith("xl/worksheets/") and name.endswith(".xml"):
            formulas = (
                _STRING.sub("", html.unescape(f.decode("utf-8", "replace")))
                for f in _FORMULA.findall(archive.read(member))
            )
            if any("|" in formula for formula in formulas) and DDE not in problems:
                problems.append(DDE)  # Excel has no "|" operator: only DDE names a program
        elif name.startswith("word/") and name.endswith(".xml"):
            fields += "".join(
                html.unescape((text or attribute).decode("utf-8", "replace"))
                for text, attribute in _FIELD.findall(archive.read(member))
            )
    fields = _STRING.sub("", fields)  # a quoted argument (an address, a text) is no keyword
    if _DDE_FIELD.search(fields) and DDE not in problems:
        problems.append(DDE)
    if _EXTERNAL_FIELD.search(fields) and EXTERNAL_LINKS not in problems:
        problems.append(EXTERNAL_LINKS)
    return problems


def _external_targets(xml: bytes) -> list[str] | None:
    """The types of the relationships that point outside the package, hyperlinks aside; None
    for a part that is not XML."""
    from defusedxml import ElementTree  # type: ignore[import-untyped]

    try:
        root = ElementTree.fromstring(xml)
    except Exception:  # noqa: BLE001 - defusedxml and expat raise several types
        return None
    return [
        rel.get("Type", "")
        for rel in root
        if (rel.get("TargetMode") or "").lower() == "external"
        and not rel.get("Type", "").endswith(_HYPERLINK)
    ]


def size_problems(members: list[zipfile.ZipInfo], *, max_total: int) -> list[str]:
    """What the sizes a zip declares say against it: too much in all, or a member that
    compresses like a bomb. Read from the central directory, before anything is inflated."""
    problems = []
    total = sum(member.file_size for member in members)
    if total > max_total:
        problems.append(
            UNCOMPRESSED_TOO_LARGE.format(size=megabytes(total), limit=megabytes(max_total))
        )
    for member in members:
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            problems.append(SUSPICIOUS_RATIO.format(member=member.filename, ratio=ratio))
    return problems


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


MERGED = "ô gộp {cells}: phiếu không nhận ô gộp; hãy bỏ gộp ô (Merge & Center) rồi tải lên lại"
_MERGE_CELL = re.compile(
    rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)"'
)


_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


def sheet_rows(data: bytes) -> dict[str, int]:
    """``{worksheet member: rows}`` counted in the XML, without parsing it: a sheet's declared
    dimension may lie, and parsing 100,000 rows to find out takes a minute."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {
            member: len(_ROW.findall(archive.read(member)))
            for member in archive.namelist()
            if member.startswith("xl/worksheets/") and member.endswith(".xml")
        }


def merged_ranges(data: bytes) -> dict[str, list[str]]:
    """``{worksheet member: ["B5:C6", ...]}`` of every merged range, read from the sheets' XML.

    openpyxl's read-only mode does not report merges; call after ``archive_problems`` passed,
    which bounds what is decompressed here.
    """
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                refs = _MERGE_CELL.findall(archive.read(member))
                if refs:
                    found[member] = [ref.decode() for ref in refs]
    return found
