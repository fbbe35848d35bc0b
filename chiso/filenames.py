"""The name of an uploaded file, checked the same way by every upload (evidence, the form's
Excel file, lists of accounts and agencies).

Django's upload parser already keeps only the last path component and drops unprintable
characters, so through the web a name like ``../../etc/passwd.pdf`` arrives as ``passwd.pdf``;
these checks also guard the command line and any caller that passes a raw name.
"""

from __future__ import annotations

import unicodedata

MAX_NAME = 200  # Evidence.name's length; file systems allow 255 bytes

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
