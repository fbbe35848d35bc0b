"""Input and output schemas of a unit's form (phiếu); outputs read the models directly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from chiso.accounts.policy import Action, allows
from chiso.api.common import UnitRef, UserRef
from chiso.campaigns.models import Form, FormStatus
from chiso.campaigns.selectors import form_progress

JSON_VALUE = (
    "Giá trị thô như lõi tính điểm đọc (xem `input.value_format` của tiêu chí trong "
    "GET /frameworks/{code}); null gửi rõ: xóa câu trả lời; bỏ trống khi tiêu chí đã có câu "
    "trả lời: bị từ chối (422), giá trị đã lưu giữ nguyên."
)
VERSION = "Phiên bản đã thấy (số nguyên ≥ 1)."


class CampaignRef(Schema):
    id: int
    name: str
    year: int
    status: str


class FrameworkRef(Schema):
    code: str
    version: str

    @staticmethod
    def resolve_code(used: Any) -> str:
        return str(used.framework_code)

    @staticmethod
    def resolve_version(used: Any) -> str:
        return str(used.framework_version)


class FormSummary(Schema):
    id: int
    campaign: CampaignRef
    unit: UnitRef
    framework: FrameworkRef
    status: str = Field(description="draft, submitted, in_review, returned, resubmitted, verified")
    status_label: str
    progress: str = Field(
        description="Như trang của Sở: not_started, in_progress, submitted, late…"
    )
    late: bool
    excluded: bool
    exclusion_reason: str
    answered: int
    submitted_at: dt.datetime | None
    verified_at: dt.datetime | None
    appraiser: UserRef | None
    version: int = Field(description="Phiên bản phiếu: gửi lại khi nộp, trả lại, thẩm định xong.")
    tags: list[str] = Field(description="Nhãn đơn vị trong đợt (mã nhãn của bộ tiêu chí).")
    tags_version: int = Field(description="Phiên bản của nhãn: gửi lại khi đổi nhãn.")

    @staticmethod
    def resolve_status_label(form: Form) -> str:
        return str(FormStatus(form.status).label)

    @staticmethod
    def resolve_progress(form: Form) -> str:
        return form_progress(form).value


class EvidenceOut(Schema):
    id: int
    criterion: str
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    uploaded_by: UserRef | None
    download: str = Field(description="Địa chỉ tải tệp (cần cùng quyền xem phiếu).")

    @staticmethod
    def resolve_download(evidence: Any) -> str:
        return f"/api/v1/evidence/{evidence.pk}"


class AnswerState(Schema):
    """An answer as saved: what a stale write is shown in ``details.current``."""

    value: Any = Field(None, description="Giá trị đơn vị đã nhập (null: chưa nhập).")
    note: str = ""
    version: int | None = Field(None, description="Gửi lại khi sửa; null: chưa có câu trả lời.")
    changed_at: dt.datetime | None = None
    changed_by: UserRef | None = None


class OtherSourceOut(Schema):
    """A value from another source, beside the unit's (the department only; docs/sources.md)."""

    source: str = Field(description="agency | measured")
    by: str = Field(description="Cơ quan cung cấp, hoặc connector.chỉ số đo.")
    value: Any = Field(None, description="Giá trị (null: chưa cung cấp / không đo được).")
    at: dt.datetime | None = None
    differs: bool = Field(description="Khác số liệu đơn vị quá ngưỡng của tiêu chí.")
    detail: str = ""


class AnswerOut(AnswerState):
    criterion: str
    name: str
    input: str = Field(description="Loại ô nhập; points: do thẩm định viên chấm.")
    unit_input: bool = Field(description="false: đơn vị không nhập tiêu chí này.")
    source: str = Field(
        "unit", description="Nguồn số liệu theo bộ tiêu chí: unit | agency | measured | appraiser."
    )
    other_sources: list[OtherSourceOut] = Field(
        default_factory=list, description="Số liệu từ nguồn khác (chỉ Sở thấy)."
    )
    points: str | None = Field(description="Điểm tạm tính theo số liệu đơn vị.")
    evidence: list[EvidenceOut]


class CommentOut(Schema):
    id: int
    criterion: str = Field(description='"" : ý kiến chung cho cả phiếu.')
    round: int
    side: str = Field(description="appraiser | unit")
    text: str
    author: UserRef | None
    at: dt.datetime


class AdjustedOut(Schema):
    criterion: str
    value: Any
    reason: str

    @staticmethod
    def resolve_reason(verification: Any) -> str:
        return str(verification.reason_text)


class Permissions(Schema):
    edit: bool
    submit: bool
    reply: bool
    appraise: bool


class FormDetail(Schema):
    form: FormSummary
    deadline: dt.date
    grace_until: dt.date
    total: str | None = Field(description="Tổng điểm tạm tính theo số liệu đơn vị.")
    answers: list[AnswerOut]
    comments: list[CommentOut]
    adjusted: list[AdjustedOut] = Field(description="Giá trị thẩm định viên đã điều chỉnh.")
    permissions: Permissions


class AnswerIn(Schema):
    value: Any = Field(None, description=JSON_VALUE)
    note: str | None = Field(None, max_length=4000, description="Ghi chú; bỏ trống: giữ nguyên.")
    version: int | None = Field(
        ..., ge=1, le=2**31, description="Phiên bản câu trả lời đã thấy; null nếu chưa có."
    )


class AnswerSaved(Schema):
    criterion: str
    value: Any
    note: str
    version: int | None
    form_version: int
    points: dict[str, str] = Field(description="Điểm tạm tính mới của mọi tiêu chí, nhóm, phần.")


class VersionIn(Schema):
    version: int = Field(..., ge=1, le=2**31, description=VERSION)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=4000)


class TextIn(Schema):
    criterion: str = Field("", max_length=40, description='Mã tiêu chí; "" : cả phiếu.')
    text: str = Field(..., min_length=1, max_length=4000)


def permissions(user: Any, form: Form) -> dict[str, bool]:
    return {
        "edit": allows(user, Action.FORM_EDIT, form),
        "submit": allows(user, Action.FORM_SUBMIT, form),
        "reply": allows(user, Action.FORM_REPLY, form),
        "appraise": allows(user, Action.FORM_APPRAISE, form),
    }
