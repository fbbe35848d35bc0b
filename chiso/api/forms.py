"""A unit's form through the API: list, read (answers, evidence, questions, live points), write
one answer (version-checked), the problems that keep it from submission, submit, withdraw,
answer the appraisers. Every write is a ``chiso.campaigns`` or ``chiso.appraisal`` service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from chiso.accounts.policy import Action, allows, visible_units
from chiso.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    Code,
    Id,
    Page,
    PageParams,
    filtered,
    page,
    responses,
)
from chiso.api.errors import ApiError, invalid_value
from chiso.api.form_schemas import (
    AnswerIn,
    AnswerSaved,
    AnswerState,
    CommentOut,
    FormDetail,
    FormSummary,
    TextIn,
    VersionIn,
    permissions,
)
from chiso.api.score_schemas import ScoreOut
from chiso.appraisal.selectors import form_dialogue
from chiso.appraisal.services import question_reply
from chiso.campaigns.access import form_get_for_user
from chiso.campaigns.form_page import live_score, page_items
from chiso.campaigns.models import Form
from chiso.campaigns.services import (
    UNKNOWN_CRITERION,
    ImplicitClear,
    StaleEdit,
    form_framework,
    form_problems,
    form_save_answer,
    form_submit,
    form_withdraw,
)
from chiso.scoring.model import InputKind
from chiso.scoring.numbers import fmt_points
from chiso.scoring.report import unit_dict
from chiso.scoring.vi_numbers import typed_answer
from chiso.sources.selectors import other_sources, sources_beside
from chiso.units_data import fold

VALUE_MISSING = (
    "thiếu value: tiêu chí đã có câu trả lời, giá trị đã lưu được giữ nguyên; "
    'muốn xoá câu trả lời hãy gửi rõ "value": null'
)

router = Router(tags=["Phiếu tự đánh giá"])

StatusParam = Literal["draft", "submitted", "in_review", "returned", "resubmitted", "verified"]


class FormFilters(Schema):
    campaign: int | None = Field(None, ge=1, le=2**53, description="Mã đợt đánh giá.")
    status: StatusParam | None = None
    level: Literal["district", "commune", "agency"] | None = None
    unit: str = Field("", max_length=20, description="Đúng mã đơn vị.")
    q: str = Field("", max_length=100, description="Tên đơn vị, không phân biệt dấu.")
    mine: bool = Field(False, description="Chỉ phiếu được phân công cho tôi thẩm định.")


class FormList(Page):
    items: list[FormSummary]


class Problems(Schema):
    version: int
    problems: list[str] = Field(description="Rỗng: phiếu nộp được.")


def machine(points: str | None) -> str | None:
    """The form page's "43,80" as the API writes every figure: "43.80"."""
    return None if points is None else points.replace(",", ".")


@contextmanager
def form_version_checked(form: Form) -> Iterator[None]:
    """A stale form-level write (submit, return, verify…) is a 409 with the version now."""
    try:
        yield
    except StaleEdit as conflict:
        version = Form.objects.values_list("version", flat=True).get(pk=form.pk)
        details = {"current": {"version": version}}
        raise ApiError(409, "stale", conflict.message, field="version", details=details) from None


def criterion_or_404(form: Form, code: str) -> None:
    """As the web: a criterion the form's framework does not have is 404."""
    if code not in form_framework(form).criteria_by_code:
        raise Http404(UNKNOWN_CRITERION.format(code=code))


@router.get(
    "/forms",
    response=responses(FormList, READ_ERRORS),
    summary="Phiếu trong phạm vi của người dùng",
)
def forms_list(
    request: HttpRequest, filters: Query[FormFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """Người của đơn vị thấy phiếu của đơn vị mình; Sở (thẩm định, lãnh đạo, quản trị tỉnh)
    thấy mọi phiếu của tỉnh."""
    forms = filtered(
        Form.objects.filter(unit__in=visible_units(request.user)),
        campaign_id=filters.campaign,
        status=filters.status,
        unit__level=filters.level,
        unit__code=filters.unit,
        unit__search_name__contains=fold(filters.q.strip()),
        appraiser_id=request.user.pk if filters.mine else None,
    )
    forms = forms.select_related("campaign", "unit", "framework", "appraiser").order_by(
        "-campaign__year", "campaign_id", "unit__level", "unit__code"
    )
    return page(forms, paging)


@router.get(
    "/forms/{form_id}",
    response=responses(FormDetail, READ_ERRORS),
    summary="Một phiếu: câu trả lời, minh chứng, trao đổi, điểm tạm tính",
)
def forms_get(request: HttpRequest, form_id: Id) -> dict[str, Any]:
    form = form_get_for_user(request.user, form_id)
    live = live_score(form)
    comments, adjusted = form_dialogue(form)
    framework = form_framework(form)
    beside = (
        sources_beside(form, framework)
        if allows(request.user, Action.RESULTS_VIEW_DRAFT, form.campaign)
        else {}
    )
    answers = [
        {
            **(AnswerState.model_validate(item.answer).model_dump() if item.answer else {}),
            "criterion": item.criterion.code,
            "name": item.criterion.name,
            "input": item.criterion.input.kind.value,
            "unit_input": item.criterion.input.kind != InputKind.POINTS,
            "source": item.criterion.source.value,
            "other_sources": other_sources(beside.get(item.criterion.code)),
            "points": machine(live.points.get(item.criterion.code)),
            "evidence": item.evidence,
        }
        for _section, groups in page_items(form, framework)
        for _group, items in groups
        for item in items
        if item.criterion.input is not None
    ]
    schedule = form.campaign.schedule
    return {
        "form": form,
        "deadline": schedule.unit_deadline,
        "grace_until": schedule.grace_until,
        "total": fmt_points(live.score.total, comma=False) if live.score else None,
        "answers": answers,
        "comments": sorted((c for thread in comments.values() for c in thread), key=lambda c: c.pk),
        "adjusted": [adjusted[code] for code in sorted(adjusted)],
        "permissions": permissions(request.user, form),
    }


@router.get(
    "/forms/{form_id}/score",
    response=responses(ScoreOut, READ_ERRORS),
    summary="Điểm tạm tính theo số liệu đơn vị, có giải thích",
)
def forms_score(request: HttpRequest, form_id: Id) -> dict[str, Any]:
    """Điểm từng tiêu chí, nhóm, phần kèm phép tính và căn cứ, mức đạt và điều cần để lên mức
    trên; câu chưa trả lời tính 0 điểm (bản nháp)."""
    form = form_get_for_user(request.user, form_id)
    live = live_score(form)
    if live.score is None:
        raise ApiError(409, "rejected", live.error)
    return unit_dict(live.score, form.unit.name)


@router.get(
    "/forms/{form_id}/problems",
    response=responses(Problems, READ_ERRORS),
    summary="Những gì còn thiếu để nộp phiếu",
)
def forms_problems(request: HttpRequest, form_id: Id) -> dict[str, Any]:
    form = form_get_for_user(request.user, form_id)
    return {"version": form.version, "problems": form_problems(form)}


@router.put(
    "/forms/{form_id}/answers/{code}",
    response=responses(AnswerSaved, WRITE_ERRORS),
    summary="Ghi câu trả lời một tiêu chí (kiểm tra phiên bản)",
)
def forms_answer(
    request: HttpRequest, form_id: Id, code: Code, payload: AnswerIn
) -> dict[str, Any]:
    """Như tự động lưu trên trang phiếu: bị từ chối (409 `stale`, kèm giá trị và phiên bản hiện
    tại) khi người khác đã lưu tiêu chí này sau phiên bản bạn gửi. Xoá câu trả lời phải gửi rõ
    `"value": null`; thiếu `value` khi tiêu chí đã có câu trả lời thì bị từ chối (422), giá trị
    đã lưu giữ nguyên."""
    form = form_get_for_user(request.user, form_id)
    criterion_or_404(form, code)
    # An explicit null is the API's «Xoá câu trả lời»; an omitted value never erases an answer.
    clear = "value" in payload.model_fields_set and payload.value is None
    spec = form_framework(form).criteria_by_code[code].input
    try:
        with invalid_value("value", {"criterion": "code"}):
            # A number sent as text is read as a person types it: "1.400" is 1400, "1,5" is 1.5.
            value = payload.value if spec is None else typed_answer(spec.kind, payload.value)
            try:
                saved = form_save_answer(
                    actor=request.user,
                    form=form,
                    criterion=code,
                    value=value,
                    note=payload.note,
                    expected_version=payload.version,
                    clear=clear,
                )
            except ImplicitClear:
                raise ApiError(422, "invalid_value", VALUE_MISSING, field="value") from None
    except StaleEdit as conflict:
        current = conflict.current and AnswerState.model_validate(conflict.current).model_dump(
            mode="json"
        )
        details = {"current": current}
        raise ApiError(409, "stale", conflict.message, field="version", details=details) from None
    live = live_score(saved.form)
    return {
        **(
            AnswerState.model_validate(saved.answer).model_dump()
            if saved.answer
            else {"version": None}
        ),
        "criterion": code,
        "form_version": saved.form.version,
        "points": {code: machine(text) for code, text in live.points.items()},
    }


@router.post(
    "/forms/{form_id}/submit",
    response=responses(FormSummary, WRITE_ERRORS),
    summary="Nộp (hoặc nộp lại) phiếu",
)
def forms_submit(request: HttpRequest, form_id: Id, payload: VersionIn) -> Form:
    """Thủ trưởng (hoặc cán bộ đầu mối nếu đợt cho phép) nộp; 422 `incomplete` liệt kê mọi vấn
    đề; nộp sau hạn và gia hạn vẫn nhận, ghi là nộp muộn."""
    form = form_get_for_user(request.user, form_id)
    with form_version_checked(form):
        return form_submit(actor=request.user, form=form, expected_version=payload.version)


@router.post(
    "/forms/{form_id}/withdraw",
    response=responses(FormSummary, WRITE_ERRORS),
    summary="Rút lại phiếu đã nộp (trước khi thẩm định)",
)
def forms_withdraw(request: HttpRequest, form_id: Id) -> Form:
    form = form_get_for_user(request.user, form_id)
    return form_withdraw(actor=request.user, form=form)


@router.post(
    "/forms/{form_id}/replies",
    response=responses(CommentOut, WRITE_ERRORS, status=201),
    summary="Đơn vị trả lời câu hỏi của thẩm định viên",
)
def forms_reply(request: HttpRequest, form_id: Id, payload: TextIn) -> Status:
    form = form_get_for_user(request.user, form_id)
    with invalid_value("text", {"criterion": "criterion"}):
        comment = question_reply(
            actor=request.user, form=form, criterion=payload.criterion, text=payload.text
        )
    return Status(201, comment)
