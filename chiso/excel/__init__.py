"""Excel round trip of a unit's self-assessment form: build it, read it back, refuse bad files.

Pure Python (openpyxl, no Django). ``build_form_workbook`` writes the form; ``read_form_workbook``
returns its answers or raises ``WorkbookError`` with every problem located; ``read_form_meta``
says whose form a file is; ``merge_upload`` decides what of an upload may replace what is saved.
"""

from __future__ import annotations

from chiso.excel.form_layout import FormMeta
from chiso.excel.form_merge import Conflict, Field, Merge, Saved, merge_upload, saved_answer, shown
from chiso.excel.form_open import WorkbookError, WorkbookProblem
from chiso.excel.form_upload import FormUpload, read_form_meta, read_form_workbook
from chiso.excel.form_workbook import build_form_workbook

__all__ = [
    "Conflict",
    "Field",
    "FormMeta",
    "FormUpload",
    "Merge",
    "Saved",
    "WorkbookError",
    "WorkbookProblem",
    "build_form_workbook",
    "merge_upload",
    "read_form_meta",
    "read_form_workbook",
    "saved_answer",
    "shown",
]
