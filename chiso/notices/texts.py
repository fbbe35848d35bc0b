"""Each event's Vietnamese subject and text. ``{name}`` fields come from the emitter's context;
a field the emitter did not give shows as "…" rather than failing."""

from __future__ import annotations

from typing import Any

from chiso.notices.models import Event

TEXTS: dict[str, tuple[str, str]] = {
    Event.CAMPAIGN_OPENED: (
        "Đề nghị tự đánh giá: {campaign}",
        "{department} đề nghị {unit} tự đánh giá, chấm điểm theo {framework} và nộp phiếu trên "
        "chiso chậm nhất ngày {deadline}{grace}. Công văn đề nghị kèm theo thư này và tải được "
        "trên chiso; cách đăng nhập và cách điền phiếu có tại trang Hướng dẫn.",
    ),
    Event.REMINDER: (
        "Nhắc hạn nộp phiếu: {unit}, hạn {deadline}",
        "Phiếu tự đánh giá của {unit} ({campaign}) chưa nộp. {when} Nộp sau hạn{grace} là nộp "
        "muộn.",
    ),
    Event.OVERDUE: (
        "Quá hạn nộp phiếu: {unit}",
        "Phiếu tự đánh giá của {unit} ({campaign}) chưa nộp và đã quá hạn {deadline}. {detail}",
    ),
    Event.FORM_RETURNED: (
        "Phiếu của {unit} được trả lại để bổ sung",
        "Thẩm định viên đã trả lại phiếu của {unit} ({campaign}) với ý kiến: «{message}». "
        "Hãy sửa, trả lời các câu hỏi rồi nộp lại.",
    ),
    Event.QUESTION_ASKED: (
        "Câu hỏi của thẩm định viên về phiếu của {unit}",
        "Về {criterion}: «{text}». Hãy trả lời trên phiếu.",
    ),
    Event.QUESTION_ANSWERED: (
        "{unit} trả lời câu hỏi thẩm định",
        "Về {criterion}: «{text}».",
    ),
    Event.APPRAISAL_FINISHED: (
        "Đã thẩm định xong phiếu của {unit}",
        "Phiếu của {unit} ({campaign}) đã được thẩm định xong; điểm thẩm định: {total}. "
        "Kết quả chính thức là kết quả được phê duyệt và công bố.",
    ),
    Event.CONTEST_ANSWERED: (
        "Trả lời ý kiến phản hồi của {unit}",
        "Ý kiến phản hồi về kết quả thẩm định của {unit} ({campaign}) đã được trả lời. {detail}",
    ),
    Event.RESULTS_PUBLISHED: (
        "Công bố kết quả: {campaign}",
        "Kết quả {campaign} đã được công bố ({decision}). Xem kết quả của đơn vị trên trang "
        "công bố.",
    ),
}


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


def render(event: str, context: dict[str, Any]) -> tuple[str, str]:
    subject, body = TEXTS[event]
    values = _Defaulting(context)
    return subject.format_map(values)[:250], body.format_map(values)
