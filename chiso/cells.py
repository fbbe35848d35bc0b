"""Spreadsheet cells that cannot turn into formulas (OWASP "CSV injection").

Every .xlsx and .csv chiso writes goes through here. Text a person typed (a name, a note, an
e-mail) may start with ``=``, ``+``, ``-`` or ``@``, which a spreadsheet would evaluate:

- in a .csv there are no types, so such text gets a leading ``'`` (``safe_cell``);
- in an .xlsx a cell typed as text is never evaluated, so ``no_formulas`` types as text every
  cell openpyxl took for a formula (it does so for any string starting with ``=``), and the
  text comes back unchanged when the file is uploaded again.

Plain Python: the scoring-free packages (``chiso.excel``, ``chiso.publish``) use it too.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text a spreadsheet cannot take for a formula: prefixed with ``'`` when it could."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def no_formulas(workbook: Any) -> Any:
    """Type as text every formula cell of an openpyxl workbook chiso built (it writes none on
    purpose); returns the workbook."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    return workbook
