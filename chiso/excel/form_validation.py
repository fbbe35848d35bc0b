"""Excel data validations of the form's input cells: lists, number ranges, dates.

They catch slips while typing; they are not trusted on upload (a pasted value bypasses them),
where ``form_upload`` checks every value again through ``chiso.scoring.answers``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from chiso.excel.form_layout import (
    COL_ANSWER,
    COL_DENOMINATOR,
    COL_DOC_DATE,
    COL_NUMERATOR,
    NO,
    YES,
    bounds_text,
    input_spec,
)
from chiso.scoring.model import Criterion, InputKind
from chiso.scoring.numbers import HUNDRED, ZERO, fmt_number

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_BIG = Decimal("1e15")  # bounds of an unbounded number: the cell must still hold a number


class Validations:
    """The sheet's validations, one per distinct rule, each listing the cells it covers."""

    def __init__(self, year: int, lists: dict[str, str]) -> None:
        self.year = year
        self.lists = lists  # choice criterion code → its range of labels on the hidden sheet
        self._by_rule: dict[tuple[str, ...], Any] = {}

    def add_row(self, row: int, criterion: Criterion) -> None:
        spec = input_spec(criterion)
        kind = spec.kind
        answer = f"{get_column_letter(COL_ANSWER)}{row}"
        if kind in (InputKind.BOOLEAN, InputKind.DOCUMENT):
            self._add(answer, "list", "", f'"{YES},{NO}"', "", f"Chọn “{YES}” hoặc “{NO}”.")
        if kind is InputKind.DOCUMENT:
            issued = f"{get_column_letter(COL_DOC_DATE)}{row}"
            self._add(issued, "date", "greaterThan", "0", "", "Nhập ngày ban hành dd/mm/yyyy.")
        elif kind is InputKind.CHOICE:
            self._add(answer, "list", "", self.lists[criterion.code], "", "Chọn trong danh sách.")
        elif kind is InputKind.DATE:
            first = _serial(dt.date(self.year, 1, 1))
            last = _serial(dt.date(self.year, 12, 31))
            message = f"Nhập một ngày trong năm {self.year} (dd/mm/yyyy)."
            self._add(answer, "date", "between", str(first), str(last), message)
        elif kind is InputKind.RATIO:
            self._add_ratio(row, spec.allow_over)
        elif kind in (InputKind.NUMBER, InputKind.COUNT, InputKind.PERCENTAGE):
            low, high = spec.minimum, spec.maximum
            if kind is not InputKind.NUMBER:
                low = ZERO if low is None else max(low, ZERO)
            if kind is InputKind.PERCENTAGE:
                high = HUNDRED if high is None else min(high, HUNDRED)
            whole = kind is InputKind.COUNT
            message = ("Nhập số nguyên không âm" if whole else "Nhập một số") + bounds_text(
                low, high
            )
            low_text = fmt_number(low, comma=False) if low is not None else str(-_BIG)
            high_text = fmt_number(high, comma=False) if high is not None else str(_BIG)
            rule = "whole" if whole else "decimal"
            self._add(answer, rule, "between", low_text, high_text, message + ".")

    def attach(self, sheet: Any) -> None:
        for validation in self._by_rule.values():
            sheet.add_data_validation(validation)

    def _add_ratio(self, row: int, allow_over: bool) -> None:
        numerator = f"{get_column_letter(COL_NUMERATOR)}{row}"
        denominator = f"{get_column_letter(COL_DENOMINATOR)}{row}"
        if allow_over:
            for cell in (numerator, denominator):
                self._add(cell, "decimal", "greaterThanOrEqual", "0", "", "Nhập số không âm.")
            return
        # Excel checks only the cell being edited, so both cells carry the n ≤ d rule.
        message = "Nhập số không âm; tử số không lớn hơn mẫu số."
        for cell, other in ((numerator, denominator), (denominator, numerator)):
            formula = f'AND(ISNUMBER({cell}),{cell}>=0,OR({other}="",{numerator}<={denominator}))'
            self._add(cell, "custom", "", formula, "", message)

    def _add(
        self, cell: str, rule: str, operator: str, formula1: str, formula2: str, message: str
    ) -> None:
        key = (rule, operator, formula1, formula2, message)
        validation = self._by_rule.get(key)
        if validation is None:
            validation = DataValidation(
                type=rule,
                operator=operator or None,
                formula1=formula1,
                formula2=formula2 or None,
                allow_blank=True,
                showErrorMessage=True,
                showInputMessage=True,
                errorStyle="stop",
                errorTitle="Giá trị không hợp lệ",
                error=message,
                prompt=message,
            )
            self._by_rule[key] = validation
        validation.add(cell)


def _serial(day: dt.date) -> int:
    """Excel's day number (1900 date system), the form a date takes in a validation formula."""
    return (day - _EXCEL_EPOCH).days
