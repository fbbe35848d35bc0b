"""Whole numbers read from what a request or a file carries: a form field, a query string, a
header, a cell reference.

``str.isdigit`` is not the test: it is true of "²" and "①", which ``int`` refuses (a 500), and of
a hundred-digit string, which SQLite's integer cannot hold (a 500 when it reaches a query).
``whole`` takes ASCII digits only, at most ``MAX_WHOLE`` (2^53: every id and version; the API
bounds its path ids the same way), and gives the default for anything else.
"""

from __future__ import annotations

import re
from typing import overload

MAX_WHOLE = 2**53
_DIGITS = re.compile(r"[0-9]{1,16}")


@overload
def whole(raw: str | None) -> int | None: ...
@overload
def whole(raw: str | None, default: int) -> int: ...
def whole(raw: str | None, default: int | None = None) -> int | None:
    if raw is not None and _DIGITS.fullmatch(raw):
        value = int(raw)
        if value <= MAX_WHOLE:
            return value
    return default
