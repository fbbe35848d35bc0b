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

from chiso.api.common import READ_ERRORS, WRITE_ERRORS, Code, Id, UserRef, responses
from chiso.api.errors import ApiError, invalid_value
from chiso.api.form_schemas import (
    CommentOut,
    EvidenceOut,
    FormSummary,
    ReasonIn,
    TextIn,
    VersionIn,
)
from chiso.api.forms import criterion_or_404, form_version_checked
from chiso.appraisal import services
from chiso.appraisal.models import Reason, Verification, VerificationState
from chiso.appraisal.official import decisions, side_by_side
from chiso.appraisal.selectors import review_flags

# As the review screen: the form, for the province's roles (the department) only.
from chiso.appraisal.views import _form as appraisal_form
from chiso.campaigns.models import Form
from chiso.campaigns.services import StaleEdit, form_framework
from chiso.errors import message_of
from chiso.scoring.results import UnitScore
from chiso.scoring.vi_numbers import typed_answer

router = Router(tags=["Thẩm định"])
NO_SUCH_PERSON = "Không có tài khoản này."
REASONS = "; ".join(f"{value} – {label}" for value, label in Reason.choices)
# The decision service's parameters its refusals name -> the fields of this API's body.
DECISION_FIELDS = {"reason_code": "reason_code", "reason": "reason", "state": "state"}


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
    not_applicable: dict[str, str] = Field(
        {}, description="Mã nhóm, tiêu chí không áp dụng (theo số liệu thẩm định) → lý do."
    )
    scaling: list[str] = Field([], description="Cách tính tổng điểm thẩm định của từng phần.")


class DecisionIn(Schema):
    state: Literal["accepted", "adjusted"]
    value: Any = Field(None, description="Khi điều chỉnh: giá trị như đơn vị nhập, hoặc điểm.")
    reason_code: Literal[tuple(Reason.values)] | Literal[""] = Field(  # type: ignore[valid-type]
        "", description=f"Khi điều chỉnh: {REASONS}"
    )
    reason: str = Field("", max_length=4000)
    version: int | None = Field(..., ge=1, le=2**31, description="Phiên bản quyết định đã thấy.")


class ReturnIn(VersionIn):
    message: str = Field("", max_length=4000)


class AssignIn(Schema):
    appraiser: int | None = Field(..., ge=1, le=2**53, description="Mã tài khoản; null: bỏ giao.")


class ExcludeIn(Schema):
    excluded: bool
    reason: str = Field("", max_length=4000)


class Accepted(Schema):
    criteria: list[str]
    form_version: int


@router.get(
    "/forms/{form_id}/appraisal",
    response=responses(Review, READ_ERRORS),
    summary="Số liệu đơn vị và số liệu thẩm định, cạnh nhau",
)
def appraisal_get(request: HttpRequest, form_id: Id) -> dict[str, Any]:
    form = appraisal_form(request, form_id)
    framework = form_framework(form)
    scores = side_by_side(form, framework)
    verified = decisions(form)
    flags = review_flags(form, framework)
    answers = {a.criterion: a for a in form.answers.all()}
    files: dict[str, list[Any]] = {}
    for e in form.evidence.filter(removed=False).select_related("uploaded_by"):
        files.setdefault(e.criterion, []).append(e)
    codes = sorted(scores.own_points.keys() | scores.verified_points.keys())
    return {
        "form": form,
        "decided": scores.decided,
        "total": scores.total,
        "points": [
            dict(zip(Points.model_fields, (c, *scores.shown(c)), strict=True)) for c in codes
        ],
        "criteria": [
            {
                "criterion": c.code,
                "name": c.name,
                "input": c.input.kind.value,
                "unit_value": answers[c.code].value if c.code in answers else None,
                "unit_note": answers[c.code].note if c.code in answers else "",
                "decision": verified.get(c.code),
                "flags": flags.get(c.code, []),
                "evidence": files.get(c.code, []),
            }
            for c in framework.leaves()
            if c.input is not None
        ],
        "not_applicable": scores.not_applicable,
        "scaling": _explanations(scores.verified or scores.own),
    }


def _explanations(result: UnitScore | None) -> list[str]:
    return [s.scaling_explanation() for s in result.sections if s.scaling] if result else []


def _stale(form: Form, code: str, conflict: StaleEdit) -> ApiError:
    found = Verification.objects.filter(form=form, criterion=code).first()
    current = found and DecisionOut.model_validate(found).model_dump(mode="json")
    return ApiError(409, "stale", conflict.message, field="version", details={"current": current})


@router.put(
    "/forms/{form_id}/verifications/{code}",
    response=responses(DecisionOut, WRITE_ERRORS),
    summary="Chấp nhận hoặc điều chỉnh (có lý do) giá trị một tiêu chí",
)
def appraisal_decide(request: HttpRequest, form_id: Id, code: Code, payload: DecisionIn) -> Any:
    """Tiêu chí có `input: points` (ví dụ KQ.CD.2) chỉ nhận `adjusted` kèm số điểm."""
    form = appraisal_form(request, form_id)
    criterion_or_404(form, code)
    spec = form_framework(form).criteria_by_code[code].input
    try:
        with invalid_value("value", DECISION_FIELDS):
            # As the unit's answers: a number sent as text is read the Vietnamese way.
            value = payload.value if spec is None else typed_answer(spec.kind, payload.value)
            return services.verification_save(
                actor=request.user,
                form=form,
                criterion=code,
                state=VerificationState(payload.state),
                value=value,
                reason_code=payload.reason_code,
                reason=payload.reason,
                expected_version=payload.version,
            )
    except StaleEdit as conflict:
        raise _stale(form, code, conflict) from None


@router.delete(
    "/forms/{form_id}/verifications/{code}",
    response=responses(None, WRITE_ERRORS, status=204),
    summary="Bỏ quyết định về một tiêu chí (thẩm định lại)",
)
def appraisal_clear(request: HttpRequest, form_id: Id, code: Code, seen: Query[VersionIn]) -> Any:
    form = appraisal_form(request, form_id)
    criterion_or_404(form, code)
    try:
        services.verification_clear(
            actor=request.user, form=form, criterion=code, expected_version=seen.version
        )
    except StaleEdit as conflict:
        raise _stale(form, code, conflict) from None
    return Status(204, None)


@router.post(
    "/forms/{form_id}/accept-remaining",
    response=responses(Accepted, WRITE_ERRORS),
    summary="Chấp nhận số liệu đơn vị ở mọi tiêu chí chưa quyết định",
)
def appraisal_accept_remaining(
    request: HttpRequest, form_id: Id, payload: VersionIn
) -> dict[str, Any]:
    form = appraisal_form(request, form_id)
    with form_version_checked(form):
        codes = services.accept_remaining(
            actor=request.user, form=form, expected_version=payload.version
        )
    form.refresh_from_db(fields=["version"])
    return {"criteria": codes, "form_version": form.version}


@router.post(
    "/forms/{form_id}/questions",
    response=responses(CommentOut, WRITE_ERRORS, status=201),
    summary="Hỏi đơn vị về một tiêu chí hoặc cả phiếu",
)
def appraisal_ask(request: HttpRequest, form_id: Id, payload: TextIn) -> Status:
    form = appraisal_form(request, form_id)
    with invalid_value("text", {"criterion": "criterion"}):
        comment = services.question_ask(
            actor=request.user, form=form, criterion=payload.criterion, text=payload.text
        )
    return Status(201, comment)


@router.post(
    "/forms/{form_id}/return",
    response=responses(FormSummary, WRITE_ERRORS),
    summary="Trả lại phiếu cho đơn vị bổ sung",
)
def appraisal_return(request: HttpRequest, form_id: Id, payload: ReturnIn) -> Form:
    form, actor = appraisal_form(request, form_id), request.user
    with form_version_checked(form):
        return services.form_return(
            actor=actor, form=form, message=payload.message, expected_version=payload.version
        )


@router.post(
    "/forms/{form_id}/verify",
    response=responses(FormSummary, WRITE_ERRORS),
    summary="Thẩm định xong phiếu (mọi tiêu chí đã quyết định)",
)
def appraisal_verify(request: HttpRequest, form_id: Id, payload: VersionIn) -> Form:
    form, actor = appraisal_form(request, form_id), request.user
    with form_version_checked(form):
        return services.form_verify(actor=actor, form=form, expected_version=payload.version)


@router.post(
    "/forms/{form_id}/reopen",
    response=responses(FormSummary, WRITE_ERRORS),
    summary="Mở lại phiếu đã thẩm định (có lý do)",
)
def appraisal_reopen(request: HttpRequest, form_id: Id, payload: ReasonIn) -> Form:
    form, actor = appraisal_form(request, form_id), request.user
    return services.form_reopen(actor=actor, form=form, reason=payload.reason)


@router.put(
    "/forms/{form_id}/appraiser",
    response=responses(FormSummary, WRITE_ERRORS),
    summary="Phân công một thẩm định viên của tỉnh",
)
def appraisal_assign(request: HttpRequest, form_id: Id, payload: AssignIn) -> Form:
    form = appraisal_form(request, form_id)
    person = None
    if payload.appraiser is not None:
        person = get_user_model().objects.filter(pk=payload.appraiser).first()
        if person is None:
            raise ApiError(422, "invalid", NO_SUCH_PERSON, field="appraiser")
    try:
        return services.form_assign(actor=request.user, form=form, appraiser=person)
    except ValidationError as error:  # the person is not an appraiser of the province
        raise ApiError(422, "invalid", message_of(error), field="appraiser") from None


@router.put(
    "/forms/{form_id}/exclusion",
    response=responses(FormSummary, WRITE_ERRORS),
    summary="Lãnh đạo đưa đơn vị ra khỏi (hoặc trở lại) xếp hạng, có lý do",
)
def appraisal_exclude(request: HttpRequest, form_id: Id, payload: ExcludeIn) -> Form:
    form, actor = appraisal_form(request, form_id), request.user
    return services.form_exclude(
        actor=actor, form=form, excluded=payload.excluded, reason=payload.reason
    )
