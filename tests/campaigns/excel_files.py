"""Builders for tests of uploaded Excel forms: a form's file as chiso gives it, edited as a
person would edit it in Excel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chiso.campaigns.excel_io import form_workbook
from chiso.excel.form_layout import FORM_SHEET, ID_KEY_COL, ID_SHEET, ID_VALUE_COL
from tests.excel.builders import edit


def row_of(sheet: Any, code: str) -> int:
    """The row of a criterion on the form sheet, found by its code in column A."""
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value == code:
            return int(row[0].row)
    raise AssertionError(code)


def edited(data: bytes, cells: Mapping[str, Mapping[str, object]]) -> bytes:
    """``data`` with cells changed: ``{"SS.HT.1": {"G": 42, "H": 50}}`` (None empties a cell)."""

    def change(book: Any) -> None:
        sheet = book[FORM_SHEET]
        for code, values in cells.items():
            row = row_of(sheet, code)
            for column, value in values.items():
                sheet[f"{column}{row}"] = value

    return edit(data, change)


def without_version(data: bytes) -> bytes:
    """The file as chiso wrote it before it recorded the form's version and download time."""

    def change(book: Any) -> None:
        for row in book[ID_SHEET].iter_rows(min_col=ID_KEY_COL, max_col=ID_VALUE_COL):
            if row[0].value in ("form_version", "downloaded_at"):
                row[0].value = row[1].value = None

    return edit(data, change)


def form_file(form: Any, cells: Mapping[str, Mapping[str, object]] | None = None) -> bytes:
    """The form's file as downloaded now, with ``cells`` filled in."""
    return edited(form_workbook(form), cells or {})
