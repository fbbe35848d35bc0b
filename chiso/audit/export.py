"""The filtered audit trail as an .xlsx file: one row per entry, text never run as a formula."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from django.utils import timezone

from chiso.audit.display import action_label, entry_text
from chiso.audit.models import Entry
from chiso.excel.safe import neutralise

TITLE = "Nhật ký thay đổi"
EXPORTED_AT = "Xuất lúc {when}; {count} mục theo bộ lọc: {filters}"
HEADER = (
    "Số thứ tự",
    "Thời điểm",
    "Người thực hiện",
    "Tài khoản",
    "Địa chỉ IP",
    "Thao tác",
    "Đối tượng",
    "Mã đơn vị",
    "Tiêu chí",
    "Thay đổi (trước → sau)",
    "Lý do",
)
WIDTHS = (10, 20, 24, 18, 16, 24, 40, 12, 12, 60, 40)
HEADER_ROW = 3


def _row(entry: Entry) -> list[object]:
    at = timezone.localtime(entry.at).replace(tzinfo=None)  # Excel has no time zones
    person = entry.actor.get_full_name() if entry.actor else ""
    return [
        entry.seq,
        at,
        *(
            neutralise(text)
            for text in (
                person,
                entry.actor_label,
                entry.ip or "",
                action_label(entry.action),
                entry.object_repr,
                entry.unit_code,
                entry.criterion,
                entry_text(entry),
                entry.reason,
            )
        ),
    ]


def entries_workbook(
    entries: Iterable[Entry], *, count: int, filters: str, now: dt.datetime
) -> bytes:
    """Title, a note (export time, count, filters), a bold header, then the entries."""
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Nhật ký"
    sheet.append([TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    note = EXPORTED_AT.format(when=f"{now:%H:%M %d/%m/%Y}", count=count, filters=filters)
    sheet.append([note])
    sheet.append(list(HEADER))
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for entry in entries:
        sheet.append(_row(entry))
        row = sheet.max_row
        sheet.cell(row, 2).number_format = "DD/MM/YYYY HH:MM:SS"
        sheet.cell(row, 10).alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    if sheet.max_row > HEADER_ROW:
        last = get_column_letter(len(HEADER))
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{sheet.max_row}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
