"""A framework as the Excel criteria table and the Word annex a Sở writes, and back.

``framework_xlsx`` / ``framework_docx`` write; ``upload_text`` turns an uploaded .xlsx or
.yaml into the YAML text the services store (``TableError``/``FrameworkError`` otherwise).
"""

from __future__ import annotations

from pathlib import PurePath

from chiso.filenames import filename_problem
from chiso.frameworks.workbook.docx import framework_docx
from chiso.frameworks.workbook.export import flat_mapping, framework_xlsx
from chiso.frameworks.workbook.importer import read_workbook
from chiso.tabular import TableError, TableProblem, Where

MAX_YAML_BYTES = 1024 * 1024
NOT_SUPPORTED = "chỉ nhận tệp .xlsx (bảng tiêu chí) hoặc .yaml (bộ tiêu chí)"
YAML_TOO_LARGE = "tệp YAML quá lớn (tối đa 1 MB)"
NOT_UTF8 = "tệp YAML phải mã hoá UTF-8"


def upload_text(data: bytes, filename: str, *, code: str | None = None) -> str:
    """The YAML text of an uploaded framework file (.xlsx read and checked, .yaml decoded)."""
    suffix = PurePath(filename).suffix.lower()
    named = filename_problem(filename)
    if named:
        raise TableError([TableProblem(Where(filename), named)])
    if suffix == ".xlsx":
        return read_workbook(data, filename, code=code)
    if suffix in (".yaml", ".yml"):
        if len(data) > MAX_YAML_BYTES:
            raise TableError([TableProblem(Where(filename), YAML_TOO_LARGE)])
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise TableError([TableProblem(Where(filename), NOT_UTF8)]) from None
    raise TableError([TableProblem(Where(filename), NOT_SUPPORTED)])


__all__ = ["flat_mapping", "framework_docx", "framework_xlsx", "read_workbook", "upload_text"]
