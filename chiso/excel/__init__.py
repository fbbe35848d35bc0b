"""Excel round trip of a unit's self-assessment form: build it, read it back, refuse bad files.

Pure Python (openpyxl, no Django). ``build_form_workbook`` writes the form; ``read_form_workbook``
returns its answers or raises ``WorkbookError`` with every problem located.
"""

from __future__ import annotations

from chiso.excel.form_layout import FormMeta
from chiso.excel.form_upload import FormUpload, WorkbookError, WorkbookProblem, read_form_workbook
from chiso.excel.form_workbook import build_form_workbook

__all__ = [
    "FormMeta",
    "FormUpload",
    "WorkbookError",
    "WorkbookProblem",
    "build_form_workbook",
    "read_form_workbook",
]
