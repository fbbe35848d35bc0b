"""The appraisers' side of a form: the unit's and the verified figures side by side, decisions
per criterion (version-checked), questions, return, verify, reopen, assignment, exclusion —
each one a ``chiso.appraisal.services`` call under the same policy as the review screen."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from chiso.accounts.policy import Action, require
from chiso.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    Code,
    Id,
    UserRef,
    local,
    responses,
    user_ref,
)
from chiso.api.errors import ApiError, invalid_value
from chiso.api.form_schemas import CommentOut, EvidenceOut, FormSummary, evidence_out, form_summary
from chiso.api.forms import comment_out, criterion_or_404
from chiso.appraisal import services
from chiso.appraisal.models import Reason, Verification, VerificationState
from chiso.appraisal.official import decisions, side_by_side
from chiso.appraisal.selectors import review_flags
from chiso.campaigns.access import form_get_for_user
from chiso.campaigns.models import Form
from chiso.campaigns.services import StaleEdit, form_framework

router = Router(tags=["Thẩm định"])
NO_SUCH_PERSON = "Không có tài khoản này."


def appraisal_form(request: HttpRequest, pk: int) -> Form:
    """As the review screen: the form, seen by the province's roles (the department) only."""
    form = form_get_for_user(request.user, pk)
    require(request.user, Action.RESULTS_VIEW_DRAFT, form.campaign)
    return form


class Flag(Schema):
    kind: str
    message: str


class DecisionOut(Schema):
    state: str = Field(description="accepted | adjusted")
    value: Any = Field(None, description="Giá trị (hoặc điểm) thẩm định khi điều chỉnh.")
    reason_code: str
    reason: str
    reason_text: str
    version: int
    changed_at: dt.datetime | None
    changed_by: UserRef | None


class ReviewCriterion(Schema):
    criterion: str
    name: str
    input: str
    unit_value: Any
    unit_note: str
    decision: DecisionOut | None
    flags: list[Flag]
    evidence: list[EvidenceOut]


class Points(Schema):
    code: str = Field(description='Mã tiêu chí, nhóm, phần; "total": tổng.')
    unit: str
    verified: str
    gap: str = Field(description="Thẩm định trừ tự đánh giá; rỗng khi bằng nhau.")


class Review(Schema):
    form: FormSummary
    decided: int
    total: int
    points: list[Points]
    criteria: list[ReviewCriterion]


class DecisionIn(Schema):
    state: Literal["accepted", "adjusted"]
    value: Any = Field(None, description="Khi điều chỉnh: giá trị như đơn vị nhập, hoặc điểm.")
    reason_code: Literal[tuple(Reason.values)] | Literal[""] = Field(  # type: ignore[valid-type]
        "",
        description="Khi điều chỉnh: " + "; ".join(f"{v} – {label}" for v, label in Reason.choices),
    )
    reason: str = Field("", max_length=4000)
    version: int | None = Field(..., ge=1, le=2**31, description="Phiên bản quyết định đã thấy.")


class QuestionIn(Schema):
    criterion: str = Field("", max_length=40, description='Mã tiêu chí; "" : cả phiếu.')
    text: str = Field(..., min_length=1, max_length=4000)


class ReturnIn(Schema):
    message: str = Field("", max_length=4000)
    version: int = Field(..., ge=1, le=2**31)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=4000)


class VersionIn(Schema):
    version: int = Field(..., ge=1, le=2**31)


class AssignIn(Schema):
    appraiser: int | None = Field(
        ..., ge=1, le=2**53, description="Mã tài khoản; null: ai cũng được."
    )


class ExcludeIn(Schema):
    excluded: bool
    reason: str = Field("", max_length=4000)


class Accepted(Schema):
    criteria: list[str]
    form_version: int


def decision_out(v: Verification | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {
        "state": v.state,
        "value": v.value,
        "reason_code": v.reason_code,
        "reason": v.reason,
        "reason_text": v.reason_text,
        "version": v.version,
        "changed_at": local(v.changed_at),
        "changed_by": user_ref(v.changed_by),
    }


@router.get(
    "/forms/{form_id}/appraisal",
    response=responses(Review, READ_ERRORS),
    operation_id="appraisal_get",
    summary="Số liệu đơn vị và số liệu thẩm định, cạnh nhau",
)
def appraisal_get(request: HttpRequest, form_id: Id) -> dict:
    form = appraisal_form(request, form_id)
    framework = form_framework(form)
    scores = side_by_side(form, framework)
    verified = decisions(form)
    flags = review_flags(form, framework)
    answers = {a.criterion: a for a in form.answers.all()}
    files: dict[str, list[Any]] = {}
    for e in form.evidence.filter(removed=False).select_related("uploaded_by"):
        files.setdefault(e.criterion, []).append(e)
    codes = [*scores.own_points.keys() | scores.verified_points.keys()]
    return {
        "form": form_summary(form),
        "decided": scores.decided,
        "total": scores.total,
        "points": [
            dict(zip(("code", "unit", "verified", "gap"), (code, *scores.shown(code)), strict=True))
            for code in sorted(codes)
        ],
        "criteria": [
            {
                "criterion": c.code,
                "name": c.name,
                "input": c.input.kind.value,
                "unit_value": answers[c.code].value if c.code in answers else None,
                "unit_note": answers[c.code].note if c.code in answers else "",
                "decision": decision_out(verified.get(c.code)),
                "flags": [{"kind": f.kind, "message": f.message} for f in flags.get(c.code, [])],
                "evidence": [evidence_out(e) for e in files.get(c.code, [])],
            }
            for c in framework.leaves()
            if c.input is not None
        ],
    }


DECISION_FIELDS = {
    services.REASON_REQUIRED: "reason_code",
    services.REASON_TEXT_REQUIRED: "reason",
    services.POINTS_ONLY_SET: "state",
}


def _stale(form: Form, code: str, conflict: StaleEdit) -> ApiError:
    current = Verification.objects.filter(form=form, criterion=code).first()
    return ApiError(
        409, "stale", conflict.message, field="version", details={"current": decision_out(current)}
    )


@router.put(
    "/forms/{form_id}/verifications/{code}",
    response=responses(DecisionOut, WRITE_ERRORS),
    operation_id="appraisal_decide",
    summary="Chấp nhận hoặc điều chỉnh (có lý do) giá trị một tiêu chí",
)
def appraisal_decide(request: HttpRequest, form_id: Id, code: Code, payload: DecisionIn) -> dict:
    """Criteria with ``input: points`` (e.g. KQ.CD.2) only take ``adjusted`` with the points."""
    form = appraisal_form(request, form_id)
    criterion_or_404(form, code)
    try:
        with invalid_value("value", DECISION_FIELDS):
            saved = services.verification_save(
                actor=request.user,
                form=form,
                criterion=code,
                state=VerificationState(payload.state),
                value=payload.value,
                reason_code=payload.reason_code,
                reason=payload.reason,
                expected_version=payload.version,
            )
    except StaleEdit as conflict:
        raise _stale(form, code, conflict) from None
    return decision_out(saved) or {}


@router.delete(
    "/forms/{form_id}/verifications/{code}",
    response=responses(None, WRITE_ERRORS, status=204),
    operation_id="appraisal_clear",
    summary="Bỏ quyết định về một tiêu chí (thẩm định lại)",
)
def appraisal_clear(
    request: HttpRequest, form_id: Id, code: Code, version: Query[VersionIn]
) -> Any:
    form = appraisal_form(request, form_id)
    criterion_or_404(form, code)
    try:
        services.verification_clear(
            actor=request.user, form=form, criterion=code, expected_version=version.version
        )
    except StaleEdit as conflict:
        raise _stale(form, code, conflict) from None
    return Status(204, None)


@router.post(
    "/forms/{form_id}/accept-remaining",
    response=responses(Accepted, WRITE_ERRORS),
    operation_id="appraisal_accept_remaining",
    summary="Chấp nhận số liệu đơn vị ở mọi tiêu chí chưa quyết định",
)
def appraisal_accept_remaining(request: HttpRequest, form_id: Id, payload: VersionIn) -> dict:
    form = appraisal_form(request, form_id)
    codes = services.accept_remaining(
        actor=request.user, form=form, expected_version=payload.version
    )
    form.refresh_from_db(fields=["version"])
    return {"criteria": codes, "form_version": form.version}


@router.post(
    "/forms/{form_id}/questions",
    response=responses(CommentOut, WRITE_ERRORS, status=201),
    operation_id="appraisal_ask",
    summary="Hỏi đơn vị về một tiêu chí hoặc cả phiếu",
)
def appraisal_ask(request: HttpRequest, form_id: Id, payload: QuestionIn) -> Any:
    form = appraisal_form(request, form_id)
    unknown = services.UNKNOWN_CRITERION.format(code=payload.criterion)
    with invalid_value("text", {unknown: "criterion"}):
        comment = services.question_ask(
            actor=request.user, form=form, criterion=payload.criterion, text=payload.text
        )
    return Status(201, comment_out(comment))


def _form_step(request: HttpRequest, form_id: int, step: Any) -> dict:
    form = appraisal_form(request, form_id)
    return form_summary(step(form))


@router.post(
    "/forms/{form_id}/return",
    response=responses(FormSummary, WRITE_ERRORS),
    operation_id="appraisal_return",
    summary="Trả lại phiếu cho đơn vị bổ sung",
)
def appraisal_return(request: HttpRequest, form_id: Id, payload: ReturnIn) -> dict:
    return _form_step(
        request,
        form_id,
        lambda form: services.form_return(
            actor=request.user, form=form, message=payload.message, expected_version=payload.version
        ),
    )


@router.post(
    "/forms/{form_id}/verify",
    response=responses(FormSummary, WRITE_ERRORS),
    operation_id="appraisal_verify",
    summary="Thẩm định xong phiếu (mọi tiêu chí đã quyết định)",
)
def appraisal_verify(request: HttpRequest, form_id: Id, payload: VersionIn) -> dict:
    return _form_step(
        request,
        form_id,
        lambda form: services.form_verify(
            actor=request.user, form=form, expected_version=payload.version
        ),
    )


@router.post(
    "/forms/{form_id}/reopen",
    response=responses(FormSummary, WRITE_ERRORS),
    operation_id="appraisal_reopen",
    summary="Mở lại phiếu đã thẩm định (có lý do)",
)
def appraisal_reopen(request: HttpRequest, form_id: Id, payload: ReasonIn) -> dict:
    return _form_step(
        request,
        form_id,
        lambda form: services.form_reopen(actor=request.user, form=form, reason=payload.reason),
    )


@router.put(
    "/forms/{form_id}/appraiser",
    response=responses(FormSummary, WRITE_ERRORS),
    operation_id="appraisal_assign",
    summary="Phân công một thẩm định viên của tỉnh",
)
def appraisal_assign(request: HttpRequest, form_id: Id, payload: AssignIn) -> dict:
    form = appraisal_form(request, form_id)
    person = None
    if payload.appraiser is not None:
        person = get_user_model().objects.filter(pk=payload.appraiser).first()
        if person is None:
            raise ApiError(422, "invalid", NO_SUCH_PERSON, field="appraiser")
    try:
        return form_summary(services.form_assign(actor=request.user, form=form, appraiser=person))
    except ValidationError as error:  # the person is not an appraiser of the province
        raise ApiError(422, "invalid", "; ".join(error.messages), field="appraiser") from None


@router.put(
    "/forms/{form_id}/exclusion",
    response=responses(FormSummary, WRITE_ERRORS),
    operation_id="appraisal_exclude",
    summary="Lãnh đạo đưa đơn vị ra khỏi (hoặc trở lại) xếp hạng, có lý do",
)
def appraisal_exclude(request: HttpRequest, form_id: Id, payload: ExcludeIn) -> dict:
    return _form_step(
        request,
        form_id,
        lambda form: services.form_exclude(
            actor=request.user, form=form, excluded=payload.excluded, reason=payload.reason
        ),
    )
