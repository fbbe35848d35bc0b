"""One input row of an uploaded form: its cells → the raw answer ``answers.parse_answers`` takes.

Only what the cells alone can tell is checked here (formulas, a cell the row's kind does not
use, half a ratio, a label not in the list, a percentage typed with %); the value itself is
left to ``chiso.scoring.answers``, so Excel and the web apply the same rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from chiso.excel.form_layout import (
    COL_ANSWER,
    COL_DENOMINATOR,
    COL_NUMERATOR,
    DOCUMENT_FIELDS,
    NO,
    VALUE_COLUMNS,
    YES,
    choice_labels,
    input_spec,
    value_columns,
)
from chiso.scoring.model import Criterion, DocumentRef, InputKind
from chiso.scoring.numbers import exact_text
from chiso.scoring.rules import Value
from chiso.scoring.vi_numbers import WHOLE_KINDS, parse_typed

CELL_NOT_USED = "ô này không dùng cho kiểu nhập của tiêu chí; hãy xóa giá trị"
FORMULA = "ô chứa công thức; hãy nhập giá trị"
NOT_IN_LIST = "“{value}” không có trong danh sách; chọn một trong: {options}"
RATIO_HALF = "tỷ lệ cần cả tử số và mẫu số"
DOCUMENT_NONE_WITH_DETAILS = f"đã chọn “{NO}” (chưa có văn bản) nhưng lại ghi thông tin văn bản"
TEXT_TOO_LONG = "ô có quá nhiều ký tự (hơn {limit})"
ODD_NUMBER = "“{value}” không phải số viết thông thường (quá dài hoặc dạng lũy thừa)"
PERCENT_FORMAT = "ô đang định dạng phần trăm (%): ghi số từ 0 đến 100, không kèm dấu %"

MAX_TEXT = 2000  # characters in a text cell (a document's summary, a note)
MAX_NUMBER_TEXT = 30  # characters of a number typed as text
_EXPONENT = re.compile(r"\d\s*[eE]")

_NO_WORDS = {NO.casefold(), "khong"}
_YES_WORDS = {YES.casefold(), "co"}
_NUMERIC = frozenset({InputKind.NUMBER, InputKind.COUNT, InputKind.PERCENTAGE, InputKind.RATIO})


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


BLANK = _Marker("BLANK")  # no answer: absent from the result, not an error
INVALID = _Marker("INVALID")  # a problem was reported for the row's cells


class RowCells:
    """The raw answer of one input row, checking what only the cells can tell."""

    def __init__(
        self, cells: tuple[Any, ...], criterion: Criterion, report: Callable[[str, int], None]
    ) -> None:
        self.cells = cells  # the row's cells, column A first
        self.criterion = criterion
        self.kind = input_spec(criterion).kind
        self.report = report  # (message, column) of a problem in one of the row's cells
        self.invalid = False

    def fail(self, message: str, column: int) -> None:
        self.invalid = True
        self.report(message, column)

    def raw(self) -> object:
        """The raw answer; ``BLANK`` when the row is empty, ``INVALID`` once a problem is told."""
        used = value_columns(self.kind)
        values: dict[int, object] = {}
        for column in VALUE_COLUMNS:
            cell = self.cells[column - 1]
            value = cell.value.strip() if isinstance(cell.value, str) else cell.value
            if value is None or value == "":
                continue
            if column not in used:
                self.fail(CELL_NOT_USED, column)
            elif cell.data_type == "f":
                self.fail(FORMULA, column)
            elif isinstance(value, str) and len(value) > MAX_TEXT:
                self.fail(TEXT_TOO_LONG.format(limit=MAX_TEXT), column)
            elif self.kind in _NUMERIC:
                self._number(column, cell.number_format, value, values)
            else:
                values[column] = value
        if self.invalid:
            return INVALID  # the other cells of the row would only add echoes of this problem
        raw = self._answer(values)
        return INVALID if self.invalid else raw

    def _number(
        self, column: int, number_format: str | None, value: object, values: dict[int, object]
    ) -> None:
        if "%" in (number_format or ""):
            self.fail(PERCENT_FORMAT, column)
        elif isinstance(value, str) and (len(value) > MAX_NUMBER_TEXT or _EXPONENT.search(value)):
            # Decimal takes "1e99999999" and a million digits, and turning either into a
            # Fraction takes minutes: refuse them before they reach the scoring core.
            self.fail(ODD_NUMBER.format(value=value[:MAX_NUMBER_TEXT]), column)
        elif isinstance(value, dt.date):
            values[column] = cell_text(value)  # the core then says "không phải số: '15/01/2024'"
        elif isinstance(value, str):
            # Typed as text: read as a person writes it ("1.400" is 1400, "1,5" is 1.5).
            try:
                number = parse_typed(value, whole=self.kind in WHOLE_KINDS)
            except ValueError as error:
                self.fail(str(error), column)
            else:
                values[column] = exact_text(number)
        else:
            values[column] = value

    def _answer(self, values: dict[int, object]) -> object:
        if self.kind is InputKind.RATIO:
            return self._ratio(values)
        if self.kind is InputKind.DOCUMENT:
            return self._document(values)
        answer = values.get(COL_ANSWER, BLANK)
        if self.kind is InputKind.CHOICE and answer is not BLANK:
            labels = choice_labels(self.criterion)
            text = cell_text(answer)
            if text in labels.values():
                return text  # the option's code, as the web and JSON write it
            if text not in labels:
                options = "; ".join(labels)
                self.fail(NOT_IN_LIST.format(value=text, options=options), COL_ANSWER)
                return INVALID
            return labels[text]
        return answer

    def _ratio(self, values: dict[int, object]) -> object:
        numerator = values.get(COL_NUMERATOR)
        denominator = values.get(COL_DENOMINATOR)
        if numerator is None and denominator is None:
            return BLANK
        if numerator is None or denominator is None:
            self.fail(RATIO_HALF, COL_NUMERATOR if numerator is None else COL_DENOMINATOR)
            return INVALID
        return [numerator, denominator]

    def _document(self, values: dict[int, object]) -> object:
        answer = values.get(COL_ANSWER)
        fields = {name: values.get(column) for column, name in DOCUMENT_FIELDS.items()}
        given = any(value is not None for value in fields.values())
        said = cell_text(answer).casefold() if answer is not None else ""
        if answer is False or said in _NO_WORDS:
            if given:
                self.fail(DOCUMENT_NONE_WITH_DETAILS, COL_ANSWER)
                return INVALID
            return False
        if answer is not None and answer is not True and said not in _YES_WORDS:
            self.fail(
                NOT_IN_LIST.format(value=cell_text(answer), options=f"{YES}; {NO}"), COL_ANSWER
            )
            return INVALID
        if answer is None and not given:
            return BLANK
        return {
            name: value if name == "date" or value is None else cell_text(value)
            for name, value in fields.items()
        }


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def _plain(number: Fraction) -> int | str:
    return number.numerator if number.denominator == 1 else exact_text(number)


def canonical(value: Value) -> object:
    """A parsed value back in its JSON form, so the result can be stored as the web stores it."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, Fraction):
        return _plain(value)
    if isinstance(value, tuple):
        return [_plain(value[0]), _plain(value[1])]
    if isinstance(value, DocumentRef):
        return {
            "number": value.number,
            "date": value.date.isoformat(),
            "issuer": value.issuer,
            "summary": value.summary,
        }
    return value.isoformat()
