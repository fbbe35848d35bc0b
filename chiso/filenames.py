"""The name of an uploaded file, checked the same way by every upload (evidence, the form's
Excel file, lists of accounts and agencies).

Django's upload parser already keeps only the last path component and drops unprintable
characters, so through the web a name like ``../../etc/passwd.pdf`` arrives as ``passwd.pdf``;
these checks also guard the command line and any caller that passes a raw name.
"""

from __future__ import annotations

import unicodedata

MAX_NAME = 200  # Evidence.name's length, in characters
# File systems limit one name to 255 *bytes*, and a Vietnamese letter takes up to 3 in UTF-8
# (ế, ự: 85 of them fill it). A stored name is cut to this many bytes, leaving room for the
# "_abc1234" a storage appends when the name is taken.
MAX_STORED_BYTES = 200
MAX_EXTENSION_BYTES = 16

NAME_TOO_LONG = "tên tệp dài hơn {limit} ký tự; hãy đặt tên ngắn hơn rồi tải lên lại"
NAME_HAS_FOLDERS = "tên tệp không được chứa đường dẫn thư mục («/», «\\», «..»)"
NAME_EMPTY = "tệp không có tên"
NAME_HAS_CONTROLS = "tên tệp có ký tự điều khiển; hãy đổi tên tệp rồi tải lên lại"


def filename_problem(name: str) -> str | None:
    """Why ``name`` cannot be taken (Vietnamese), or None."""
    if len(name) > MAX_NAME:
        return NAME_TOO_LONG.format(limit=MAX_NAME)
    if not name.strip():
        return NAME_EMPTY
    if "/" in name or "\\" in name or name.strip() in (".", ".."):
        return NAME_HAS_FOLDERS
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
        return NAME_HAS_CONTROLS
    return None


def cut_to_bytes(name: str, limit: int = MAX_STORED_BYTES) -> str:
    """``name`` shortened to at most ``limit`` bytes of UTF-8, never inside a character, keeping
    the extension (itself at most ``MAX_EXTENSION_BYTES``)."""
    if len(name.encode()) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, dot, ext = name, "", ""
    ext = _prefix_bytes(ext, MAX_EXTENSION_BYTES - 1) if ext else ""
    dot = "." if ext else ""
    room = limit - len((dot + ext).encode())
    return _prefix_bytes(stem, room).rstrip(" .") + dot + ext


def _prefix_bytes(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 fits in ``limit`` bytes (whole characters)."""
    return text.encode()[: max(limit, 0)].decode("utf-8", errors="ignore")
