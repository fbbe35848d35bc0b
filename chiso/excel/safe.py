"""Text written into a spreadsheet that Excel must show, never run.

A cell whose text begins with = + - @ (or a tab or carriage return) is taken by Excel, and by
LibreOffice on import, as a formula: text typed by a user (a note, a file name, a reason) could
then compute or call out ("CSV/formula injection", OWASP). An apostrophe in front keeps it text.

The control characters XML 1.0 cannot carry (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F) are
left out: openpyxl refuses them (``IllegalCharacterError``), so one such character in an audit
reason or a note that came through the API made the whole export a server error.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value: object) -> object:
    """``value`` unchanged, except text: without the control characters XML cannot carry, and
    with a leading "'" when it begins like a formula."""
    if not isinstance(value, str):
        return value
    value = _NOT_IN_XML.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value
