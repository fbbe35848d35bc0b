"""Many units' forms in one upload: several .xlsx files, or .zip archives of them.

``expand_batch`` turns the upload into one entry per form file, refusing before anything is
inflated what the zip's directory already condemns: too many files or bytes in all, a member
that compresses like a bomb, an unsafe path, an archive inside the archive, a password. Files
are never written to disk; each .xlsx is checked again (``archive.archive_problems``) when read.
"""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from chiso.excel.archive import FILE_TOO_LARGE, MAX_FILE_BYTES, megabytes, size_problems

MAX_BATCH_FILES = 1000  # a province has at most some 600 units (Thanh Hóa 2019)
MAX_BATCH_BYTES = 60 * 1024 * 1024  # in all, zips counted inflated; a form is ~30 KB

NOT_ZIP = "tệp .zip bị hỏng hoặc không phải tệp nén .zip"
EMPTY_ZIP = "tệp nén không chứa tệp nào"
TOO_MANY_FILES = "quá nhiều tệp trong một lần tải lên ({count}, tối đa {limit})"
BATCH_TOO_LARGE = "tổng dung lượng vượt mức cho một lần tải lên ({limit} MB); hãy chia ra nhiều lần"
NESTED = "tệp nén nằm trong tệp nén: hãy giải nén rồi tải lên các tệp .xlsx bên trong"
UNSAFE_PATH = "tên tệp trong tệp nén có đường dẫn không an toàn (“..” hoặc đường dẫn tuyệt đối)"
ENCRYPTED = "tệp trong tệp nén có mật khẩu; hãy nén lại không đặt mật khẩu"
MEMBER_BROKEN = "không giải nén được tệp này (tệp nén bị hỏng hoặc kiểu nén không hỗ trợ)"

_ARCHIVES = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz")
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1


@dataclass(frozen=True, slots=True)
class BatchFile:
    """One file of the batch: its path (the zip's name first when it came from one) and its
    bytes, or the reason it was refused unread."""

    path: tuple[str, ...]
    data: bytes | None
    problem: str = ""


def is_zip_name(name: str) -> bool:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower() == ".zip"


def expand_batch(files: Iterable[tuple[str, bytes]]) -> list[BatchFile]:
    """Every form file of the upload, in order; a .zip is replaced by the files inside it."""
    budget = _Budget()
    entries: list[BatchFile] = []
    for name, data in files:
        if is_zip_name(name):
            entries += _unzip(name, data, budget)
        else:
            problem = budget.take(1, len(data))
            entries.append(BatchFile((name,), None if problem else data, problem))
    return entries


class _Budget:
    """What is left of the batch's limits on files and bytes."""

    def __init__(self) -> None:
        self.files = MAX_BATCH_FILES
        self.bytes = MAX_BATCH_BYTES

    def take(self, files: int, size: int) -> str:
        """Spend ``files`` and ``size``, or say why they do not fit (nothing is spent then)."""
        if files > self.files:
            count = MAX_BATCH_FILES - self.files + files
            return TOO_MANY_FILES.format(count=count, limit=MAX_BATCH_FILES)
        if size > self.bytes:
            return BATCH_TOO_LARGE.format(limit=megabytes(MAX_BATCH_BYTES))
        self.files -= files
        self.bytes -= size
        return ""


def _unzip(name: str, data: bytes, budget: _Budget) -> list[BatchFile]:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return [BatchFile((name,), None, NOT_ZIP)]
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and not _junk(_name(m))]
        if not members:
            return [BatchFile((name,), None, EMPTY_ZIP)]
        problem = "; ".join(size_problems(members, max_total=MAX_BATCH_BYTES))
        problem = problem or budget.take(len(members), sum(m.file_size for m in members))
        if problem:
            return [BatchFile((name,), None, problem)]
        return [_member(archive, member, name) for member in members]


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, zip_name: str) -> BatchFile:
    inner = _name(member)
    path = (zip_name, inner)
    parts = PurePosixPath(inner).parts
    if inner.startswith("/") or ".." in parts or (parts and parts[0].endswith(":")):
        return BatchFile(path, None, UNSAFE_PATH)
    if PurePosixPath(inner).suffix.lower() in _ARCHIVES:
        return BatchFile(path, None, NESTED)
    if member.flag_bits & _ENCRYPTED_FLAG:
        return BatchFile(path, None, ENCRYPTED)
    if member.file_size > MAX_FILE_BYTES:
        size, limit = megabytes(member.file_size), megabytes(MAX_FILE_BYTES)
        return BatchFile(path, None, FILE_TOO_LARGE.format(size=size, limit=limit))
    try:
        with archive.open(member) as source:
            data = source.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError):
        return BatchFile(path, None, MEMBER_BROKEN)
    if len(data) > MAX_FILE_BYTES:  # the directory lied about the size
        return BatchFile(path, None, MEMBER_BROKEN)
    return BatchFile(path, data)


def _name(member: zipfile.ZipInfo) -> str:
    """The member's name with "/" separators; names zipped on Windows without the UTF-8 flag
    are often UTF-8 all the same, which zipfile has decoded as cp437."""
    name = member.filename
    if not member.flag_bits & _UTF8_FLAG:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("utf-8")
    return name.replace("\\", "/")


def _junk(name: str) -> bool:
    """Files an archiver adds by itself: macOS resource forks and hidden files."""
    parts = PurePosixPath(name).parts
    return any(part == "__MACOSX" or part.startswith(".") and part != ".." for part in parts)
