"""How an entry reads to a person: the action in Vietnamese, its changes as before → after.

An action without a label is shown by its code: add the label here with the service.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from chiso.audit.labels import choice_label
from chiso.audit.models import Entry

ACTION_LABELS = {
    "appraisal.accept_remaining": "Chấp nhận số liệu các tiêu chí còn lại",
    "appraisal.assign": "Phân công thẩm định",
    "appraisal.exclude": "Không xếp hạng đơn vị",
    "appraisal.include": "Đưa đơn vị lại vào xếp hạng",
    "appraisal.question": "Hỏi đơn vị",
    "appraisal.reply": "Đơn vị trả lời",
    "appraisal.reset": "Thẩm định lại tiêu chí đơn vị đã sửa",
    "appraisal.score": "Điểm thẩm định",
    "appraisal.verify": "Kết quả thẩm định tiêu chí",
    "campaigns.appraising": "Chuyển đợt sang thẩm định",
    "campaigns.awaiting_approval": "Trình phê duyệt kết quả",
    "campaigns.approved": "Phê duyệt kết quả",
    "forms.in_review": "Bắt đầu thẩm định phiếu",
    "forms.returned": "Trả lại phiếu",
    "forms.verified": "Hoàn thành thẩm định phiếu",
    "accounts.password_change": "Đổi mật khẩu",
    "accounts.password_reset": "Đặt lại mật khẩu",
    "accounts.tokens_revoke_all": "Thu hồi mọi mã truy cập API",
    "accounts.role_grant": "Giao vai trò",
    "accounts.role_revoke": "Thu hồi vai trò",
    "accounts.user_change": "Sửa tài khoản",
    "accounts.user_create": "Tạo tài khoản",
    "campaigns.change": "Sửa đợt đánh giá",
    "campaigns.create": "Tạo đợt đánh giá",
    "campaigns.open": "Mở đợt đánh giá",
    "notices.preference": "Đổi cài đặt thư thông báo",
    "notices.campaign_settings": "Sửa nhắc hạn và công văn của đợt",
    "forms.answer": "Sửa câu trả lời",
    "forms.answer_clear": "Xoá câu trả lời",
    "forms.evidence_add": "Đính kèm minh chứng",
    "forms.evidence_remove": "Gỡ minh chứng",
    "forms.import_excel": "Tải phiếu Excel lên",
    "forms.import_demo": "Nạp số liệu trình diễn (tự tạo)",
    "results.publish": "Công bố kết quả",
    "results.correct": "Đính chính kết quả đã công bố",
    "forms.submit": "Nộp phiếu",
    "forms.withdraw": "Rút lại phiếu",
    "units.agencies_import": "Nạp danh sách cơ quan",
    "units.agency_add": "Thêm cơ quan",
    "units.agency_rename": "Đổi tên cơ quan",
    "units.import": "Nạp đơn vị hành chính",
    "forms.extension": "Gia hạn nộp phiếu",
    "forms.overdue": "Phiếu khóa vì hết hạn mà chưa nộp",
    "campaigns.extension": "Gia hạn nộp phiếu cho đơn vị",
    "contest.open": "Mở thời hạn khiếu nại kết quả thẩm định",
    "contest.objection": "Đơn vị khiếu nại kết quả thẩm định",
    "contest.answer": "Trả lời khiếu nại",
}

# In the order they are shown (PostgreSQL's jsonb does not keep the order they were written in).
FIELD_LABELS = {
    "criterion": "Tiêu chí",
    "decision": "Kết quả thẩm định",
    "criteria": "Các tiêu chí",
    "text": "Nội dung",
    "appraiser": "Thẩm định viên",
    "excluded": "Không xếp hạng",
    "reason": "Lý do",
    "verified_total": "Tổng điểm thẩm định",
    "round": "Vòng",
    "file": "Tệp",
    "value": "Giá trị",
    "note": "Ghi chú",
    "answers": "Câu trả lời",
    "status": "Trạng thái",
    "late": "Nộp muộn",
    "size": "Dung lượng (byte)",
    "role": "Vai trò",
    "unit": "Đơn vị",
    "name": "Tên",
    "full_name": "Họ và tên",
    "email": "Email",
    "username": "Tên đăng nhập",
    "is_active": "Đang hoạt động",
    "usable": "Mật khẩu dùng được",
    "year": "Năm",
    "frameworks": "Bộ tiêu chí",
    "forms": "Số phiếu",
    "created": "Tạo mới",
    "updated": "Cập nhật",
    "links": "Liên kết kế thừa",
    "unit_deadline": "Hạn nộp",
    "grace_until": "Gia hạn đến",
    "appraisal_deadline": "Hạn thẩm định",
    "version": "Phiên bản",
    "sha256": "Mã kiểm tra SHA-256",
    "decision_document": "Quyết định công bố",
    "source": "Nguồn",
    "deadline": "Hạn nộp",
    "locked": "Đã khóa",
    "units": "Đơn vị",
    "explanation": "Giải trình",
    "outcome": "Kết quả",
    "opens_on": "Từ ngày",
    "closes_on": "Đến hết ngày",
    "days": "Số ngày làm việc",
}
# Keys whose value is a list of things, never a [before, after] pair.
LISTS = frozenset({"created", "frameworks", "criteria", "units"})
EMPTY = "(trống)"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@dataclass(frozen=True, slots=True)
class ChangeLine:
    label: str
    before: str | None  # None: a fact of the change, not a value that changed
    after: str


def show(value: Any, key: str = "", object_type: str = "") -> str:
    """A value as text: (trống), có/không, dd/mm/yyyy, a status or role label, lists, dicts."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, str):
        if key in ("status", "role"):
            return choice_label(key, object_type, value)
        if _ISO_DATE.match(value):
            return f"{dt.date.fromisoformat(value):%d/%m/%Y}"
        return value
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items())
    return str(value)


def _is_pair(key: str, value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and key not in LISTS


def change_lines(changes: dict[str, Any], object_type: str = "") -> list[ChangeLine]:
    """One line per changed field; a dict of pairs (answers of an Excel upload) one per key."""
    lines = []
    known = list(FIELD_LABELS)
    order = sorted(changes, key=lambda k: (known.index(k) if k in known else len(known), k))
    for key in order:
        value = changes[key]
        label = FIELD_LABELS.get(key, key)
        if _is_pair(key, value):
            before, after = show(value[0], key, object_type), show(value[1], key, object_type)
            if before != after:  # None → "" is no change to a reader
                lines.append(ChangeLine(label, before, after))
        elif isinstance(value, dict) and value and all(_is_pair("", v) for v in value.values()):
            for sub, (before, after) in sorted(value.items()):
                lines.append(ChangeLine(f"{label} {sub}", show(before), show(after)))
        else:
            lines.append(ChangeLine(label, None, show(value, key, object_type)))
    return lines


def entry_lines(entry: Entry) -> list[ChangeLine]:
    """The entry's changes, less the criterion when the entry already names it."""
    changes = {
        k: v for k, v in entry.changes.items() if not (k == "criterion" and v == entry.criterion)
    }
    return change_lines(changes, entry.object_type)


def entry_text(entry: Entry) -> str:
    """``entry_lines`` as plain text, one line each (for Excel)."""
    return "\n".join(
        f"{line.label}: {line.after}"
        if line.before is None
        else f"{line.label}: {line.before} → {line.after}"
        for line in entry_lines(entry)
    )
