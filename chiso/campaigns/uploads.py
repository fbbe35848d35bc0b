"""Evidence uploads: checked by content (libmagic), size and name before anything is stored."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

import magic
from django.conf import settings

from chiso.campaigns.evidence_content import content_problems
from chiso.excel.archive import archive_problems
from chiso.filenames import cut_to_bytes, filename_problem

# Content type by libmagic -> the extensions a file of that type may carry.
ALLOWED = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/msword": {".doc"},
    "application/vnd.ms-excel": {".xls"},
}
TOO_BIG = "Tệp lớn hơn {limit} MB."
EMPTY = "Tệp rỗng."
BAD_TYPE = "Chỉ nhận PDF, ảnh (JPG, PNG), Word, Excel; tệp này là «{found}»."
NAME_MISMATCH = "Tên tệp «{name}» không khớp nội dung ({found})."

_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Checked:
    name: str
    content_type: str


def sanitize_name(name: str) -> str:
    """A safe file name: no folders, no control characters, at most 120 characters and
    ``MAX_STORED_BYTES`` bytes of UTF-8 (file systems count bytes: 85 letters like «ế» fill
    255), cut between characters, the extension kept."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/")
    name = PurePosixPath(name).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem[: 120 - len(ext) - 1].rstrip(" .") or "tep"
    return cut_to_bytes(f"{stem}.{ext.lower()}" if ext else stem)


OFFICE_ZIPS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def check_size(size: int) -> None:
    """ValueError (Vietnamese) for a file above CHISO_UPLOAD_MAX_MB: checked before reading."""
    limit = settings.CHISO_UPLOAD_MAX_MB
    if size > limit * 1024 * 1024:
        raise ValueError(TOO_BIG.format(limit=limit))


def check_upload(name: str, data: bytes) -> Checked:
    """Raise ValueError (Vietnamese) unless the file is an allowed, right-sized, honest file."""
    problem = filename_problem(name)
    if problem:
        raise ValueError(_sentence(problem))
    check_size(len(data))
    if not data:
        raise ValueError(EMPTY)
    found = magic.from_buffer(data[:65536], mime=True)
    if found == "application/zip" or found == "application/octet-stream":
        # Office files sniff as zip/octet-stream on a short buffer: look at the whole file.
        found = magic.from_buffer(data, mime=True)
    if found not in ALLOWED:
        raise ValueError(BAD_TYPE.format(found=found))
    safe = sanitize_name(name)
    suffix = PurePosixPath(safe).suffix.lower()
    if suffix not in ALLOWED[found]:
        raise ValueError(NAME_MISMATCH.format(name=safe, found=found))
    if found in OFFICE_ZIPS:
        # Stored, not opened here; but an appraiser opens it: no zip bomb, no macros.
        limit = settings.CHISO_UPLOAD_MAX_MB * 1024 * 1024
        problems = archive_problems(data, safe, max_bytes=limit, max_uncompressed=5 * limit)
        if problems:
            raise ValueError(_sentence("; ".join(problems)))
    # Old Office files with macros, images too large to open, PDFs with scripts.
    problems = content_problems(found, data)
    if problems:
        raise ValueError(" ".join(problems))
    return Checked(safe, found)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."
