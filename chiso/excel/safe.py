"""Text written into a spreadsheet that Excel must show, never run.

A cell whose text begins with = + - @ (or a tab or carriage return) is taken by Excel, and by
LibreOffice on import, as a formula: text typed by a user (a note, a file name, a reason) could
then compute or call out ("CSV/formula injection", OWASP). An apostrophe in front keeps it text.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` unchanged, except text beginning like a formula, which gets a leading "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
