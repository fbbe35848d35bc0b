"""Deadlines and the contest window: each form's own deadline and lock, extensions (gia hạn)
with their decision, the contest window, the units' objections and the appraisers' answers —
each one a service of ``chiso.campaigns.extensions`` / ``chiso.appraisal.contest`` under the
same policy as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, File, Router, Schema, UploadedFile
from ninja import Form as FormParam
from ninja.responses import Status

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, require
from chiso.api.common import MAX_ID, READ_ERRORS, WRITE_ERRORS, Code, Id, UserRef, responses
from chiso.api.errors import invalid_value
from chiso.api.forms import criterion_or_404
from chiso.appraisal.contest import (
    DEFAULT_DAYS,
    campaign_objections,
    contest_open,
    objection_answer,
    objection_file,
)
from chiso.appraisal.models import Objection, Outcome
from chiso.appraisal.views import _form as appraisal_form
from chiso.campaigns.access import form_get_for_user
from chiso.campaigns.extensions import extension_grant
from chiso.campaigns.models import Campaign, Extension
from chiso.campaigns.services import form_framework
from chiso.scoring.vi_numbers import typed_answer

router = Router(tags=["Hạn nộp và khiếu nại"])


def _campaign(request: HttpRequest, pk: int, action: Action = Action.RESULTS_VIEW_DRAFT) -> Any:
    campaign = Campaign.objects.select_related("province").filter(pk=pk).first()
    if campaign is None:
        raise Http404(HIDDEN_MESSAGE)
    require(request.user, action, campaign)
    return campaign


class ExtensionOut(Schema):
    id: int
    decision_number: str
    decision_date: dt.date
    signer: str
    reason: str
    new_deadline: dt.date = Field(description="Hạn nộp mới (hết ngày này).")
    units: list[str] = Field(description="Mã các đơn vị được gia hạn.")
    granted_by: UserRef | None
    granted_at: dt.datetime


class ExtensionIn(Schema):
    decision_number: str = Field(..., max_length=60)
    decision_date: dt.date
    signer: str = Field(..., max_length=200)
    reason: str = Field(..., max_length=1000)
    new_deadline: dt.date
    # Each id bounded as a path id is: a larger one overflowed SQLite's integer (a 500).
    forms: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        ..., max_length=5000, description="Mã các phiếu được gia hạn."
    )


class DeadlineOut(Schema):
    deadline: dt.date = Field(description="Hạn nộp của đơn vị (kể cả gia hạn chung và riêng).")
    locked: bool = Field(description="Phiếu đã khóa vì hết hạn mà chưa nộp.")
    extension: ExtensionOut | None


class ContestWindowIn(Schema):
    working_days: int = Field(DEFAULT_DAYS, ge=1, le=30)


class ContestWindowOut(Schema):
    opens_on: dt.date
    closes_on: dt.date
    working_days: int


class ObjectionOut(Schema):
    id: int
    form: int
    unit: str
    criterion: str
    explanation: str
    evidence: int | None = Field(description="Mã tệp minh chứng kèm theo, nếu có.")
    filed_at: dt.datetime
    outcome: str = Field(description="pending | accepted | rejected")
    answer: str
    value_before: Any = Field(None, description="Giá trị thẩm định trước khi trả lời.")
    value_after: Any = Field(None, description="Giá trị thẩm định sau khi chấp nhận.")
    answered_at: dt.datetime | None


class ObjectionAnswerIn(Schema):
    outcome: Literal["accepted", "rejected"]
    answer: str = Field(..., max_length=4000, description="Lý do chấp nhận hoặc không.")
    value: Any = Field(
        None, description="Khi chấp nhận: giá trị thẩm định mới; bỏ trống: lấy số liệu đơn vị."
    )


def _extension(e: Extension) -> dict[str, Any]:
    return {
        "id": e.pk,
        "decision_number": e.decision_number,
        "decision_date": e.decision_date,
        "signer": e.signer,
        "reason": e.reason,
        "new_deadline": e.new_deadline,
        "units": sorted(f.unit.code for f in e.forms.all()),
        "granted_by": e.granted_by,
        "granted_at": e.granted_at,
    }


def _objection(o: Objection) -> dict[str, Any]:
    return {
        "id": o.pk,
        "form": o.form_id,
        "unit": o.form.unit.code,
        "criterion": o.criterion,
        "explanation": o.explanation,
        "evidence": o.evidence_id,
        "filed_at": o.filed_at,
        "outcome": o.outcome,
        "answer": o.answer,
        "value_before": o.value_before,
        "value_after": o.value_after,
        "answered_at": o.answered_at,
    }


@router.get(
    "/campaigns/{campaign_id}/extensions",
    response=responses(list[ExtensionOut], READ_ERRORS),
    summary="Các văn bản gia hạn của đợt",
)
def extensions_list(request: HttpRequest, campaign_id: Id) -> list[dict[str, Any]]:
    campaign = _campaign(request, campaign_id)
    found = campaign.extensions.select_related("granted_by").prefetch_related("forms__unit")
    return [_extension(e) for e in found]


@router.post(
    "/campaigns/{campaign_id}/extensions",
    response=responses(ExtensionOut, WRITE_ERRORS, status=201),
    summary="Ghi nhận văn bản gia hạn cho một hoặc nhiều đơn vị",
)
def extensions_grant(request: HttpRequest, campaign_id: Id, payload: ExtensionIn) -> Status:
    """Mở lại phiếu chưa nộp của các đơn vị đến hết `new_deadline`; nộp trong hạn mới không
    bị tính là nộp muộn."""
    campaign = _campaign(request, campaign_id)
    forms = list(campaign.forms.filter(pk__in=payload.forms).select_related("unit"))
    if len(forms) != len(set(payload.forms)):
        raise Http404(HIDDEN_MESSAGE)
    extension = extension_grant(
        actor=request.user,
        campaign=campaign,
        forms=forms,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
        signer=payload.signer,
        reason=payload.reason,
        new_deadline=payload.new_deadline,
    )
    return Status(201, _extension(extension))


@router.get(
    "/forms/{form_id}/deadline",
    response=responses(DeadlineOut, READ_ERRORS),
    summary="Hạn nộp của đơn vị và phiếu đã khóa hay chưa",
)
def form_deadline(request: HttpRequest, form_id: Id) -> dict[str, Any]:
    form = form_get_for_user(request.user, form_id)
    extension = form.extension
    return {
        "deadline": form.deadline,
        "locked": form.locked_by_deadline,
        "extension": _extension(extension) if extension is not None else None,
    }


@router.post(
    "/campaigns/{campaign_id}/contest",
    response=responses(ContestWindowOut, WRITE_ERRORS, status=201),
    summary="Mở thời hạn khiếu nại kết quả thẩm định (N ngày làm việc)",
)
def contest_start(request: HttpRequest, campaign_id: Id, payload: ContestWindowIn) -> Status:
    campaign = _campaign(request, campaign_id)
    window = contest_open(actor=request.user, campaign=campaign, working_days=payload.working_days)
    return Status(201, window)


@router.get(
    "/campaigns/{campaign_id}/objections",
    response=responses(list[ObjectionOut], READ_ERRORS),
    summary="Khiếu nại của các đơn vị và trả lời",
)
def objections_list(request: HttpRequest, campaign_id: Id) -> list[dict[str, Any]]:
    campaign = _campaign(request, campaign_id)
    return [_objection(o) for o in campaign_objections(campaign)]


@router.post(
    "/forms/{form_id}/objections",
    response=responses(ObjectionOut, WRITE_ERRORS, status=201),
    summary="Đơn vị khiếu nại kết quả thẩm định một tiêu chí (multipart/form-data)",
)
def objections_file(
    request: HttpRequest,
    form_id: Id,
    criterion: FormParam[Code],
    explanation: FormParam[str],
    file: File[UploadedFile] | None = None,
) -> Status:
    """Trong thời hạn khiếu nại; tệp kèm theo được kiểm tra như minh chứng."""
    form = form_get_for_user(request.user, form_id)
    criterion_or_404(form, criterion)
    with invalid_value("explanation"):
        objection = objection_file(
            actor=request.user,
            form=form,
            criterion=criterion,
            explanation=explanation,
            file_name=(file.name or "") if file is not None else "",
            file_data=file.read() if file is not None else b"",
        )
    return Status(201, _objection(objection))


@router.post(
    "/objections/{objection_id}/answer",
    response=responses(ObjectionOut, WRITE_ERRORS),
    summary="Thẩm định viên trả lời một khiếu nại",
)
def objections_answer(request: HttpRequest, objection_id: Id, payload: ObjectionAnswerIn) -> dict:
    """Chấp nhận: phiếu được mở lại với lý do, tiêu chí được thẩm định lại và phiếu thẩm định
    xong lại (nhật ký ghi từng bước); không chấp nhận: cần lý do."""
    objection = Objection.objects.select_related("form__unit").filter(pk=objection_id).first()
    if objection is None:
        raise Http404(HIDDEN_MESSAGE)
    form = appraisal_form(request, objection.form_id)
    value = payload.value
    spec = form_framework(form).criteria_by_code[objection.criterion].input
    with invalid_value("value"):
        if value not in (None, "") and spec is not None:
            value = typed_answer(spec.kind, value)  # as the unit's answers: "1.400" is 1400
        answered = objection_answer(
            actor=request.user,
            objection=objection,
            accepted=payload.outcome == Outcome.ACCEPTED,
            answer=payload.answer,
            value=value,
        )
    return _objection(answered)
