"""Opening an uploaded workbook safely, and the located problems an upload is refused with."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from chiso.excel.archive import NOT_XLSX, archive_problems

WHOLE_FILE = "tệp"

# What openpyxl raises on a damaged package; read-only sheets fail lazily, while iterating.
CORRUPT = (
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    EOFError,
    OSError,
    ParseError,
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
)


@dataclass(frozen=True, slots=True)
class WorkbookProblem:
    """One problem of an uploaded workbook, located as precisely as known."""

    sheet: str  # "" for the file as a whole
    row: int | None
    column: str  # a letter, "" when the whole row or sheet is meant
    criterion: str
    message: str

    def __str__(self) -> str:
        place = self.sheet or WHOLE_FILE
        if self.row is not None:
            place += f"!{self.column}{self.row}" if self.column else f" dòng {self.row}"
        item = f" [{self.criterion}]" if self.criterion else ""
        return f"{place}{item}: {self.message}"


class WorkbookError(Exception):
    """An upload that cannot be taken; carries every problem found, not only the first."""

    def __init__(self, filename: str, problems: list[WorkbookProblem]) -> None:
        self.filename = filename
        self.problems = tuple(problems)
        super().__init__("\n".join(f"{filename}: {problem}" for problem in problems))


def whole(message: str) -> WorkbookProblem:
    """A problem of the file as a whole."""
    return WorkbookProblem("", None, "", "", message)


@contextmanager
def opened(data: bytes, filename: str) -> Iterator[Any]:
    """The workbook, read-only, once the archive checks pass; ``WorkbookError`` otherwise."""
    problems = archive_problems(data, filename)
    if problems:
        raise WorkbookError(filename, [whole(message) for message in problems])
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except CORRUPT:
        raise WorkbookError(filename, [whole(NOT_XLSX)]) from None
    try:
        yield workbook
    finally:
        workbook.close()
