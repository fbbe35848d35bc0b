"""The appraisers' pages: a campaign's queue and one form's review screen, and their actions.

Every action is a plain POST (works without JavaScript) that redirects back to the criterion;
a refused action re-renders the page with the message and what the person typed, so nothing
they entered is lost.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chiso.accounts.models import Role
from chiso.accounts.policy import HIDDEN_MESSAGE, Action, allows, require
from chiso.appraisal import services
from chiso.appraisal.models import Reason, Verification, VerificationState
from chiso.appraisal.official import decisions, side_by_side
from chiso.appraisal.rounds import round_changes
from chiso.appraisal.selectors import IN_QUEUE, queue, review_flags, working_days_left
from chiso.campaigns.access import form_get_for_user
from chiso.campaigns.form_input import fields_from_raw, raw_from_post
from chiso.campaigns.form_page import group_declarations, page_items
from chiso.campaigns.models import Campaign, FormStatus
from chiso.campaigns.services import StaleEdit, form_framework
from chiso.errors import message_of
from chiso.posted import whole
from chiso.sources.selectors import sources_beside
from chiso.units.models import Kind

SAVED = "Đã ghi kết quả thẩm định tiêu chí {code}."
SAVED_GROUP = "Đã ghi kết quả thẩm định khai không áp dụng nhóm {code}."
ASKED = "Đã gửi câu hỏi cho đơn vị."
REPLIED = "Đã gửi trả lời cho Sở."
RETURNED = "Đã trả lại phiếu cho đơn vị."
VERIFIED = "Đã thẩm định xong phiếu của {name}."
REOPENED = "Đã mở lại phiếu để thẩm định."
ACCEPTED_REMAINING = "Đã chấp nhận số liệu đơn vị ở {count} tiêu chí còn lại."
ASSIGNED = "Đã phân công thẩm định."


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = Campaign.objects.select_related("province").filter(pk=pk).first()
    if campaign is None:
        raise Http404(HIDDEN_MESSAGE)
    require(request.user, Action.RESULTS_VIEW_DRAFT, campaign)
    return campaign


def _form(request: HttpRequest, pk: int) -> Any:
    """A form on the appraisers' side: only province roles (the department) see this screen."""
    form = form_get_for_user(request.user, pk)
    require(request.user, Action.RESULTS_VIEW_DRAFT, form.campaign)
    return form


@login_required
@require_http_methods(["GET"])
def show_queue(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    filters = {k: request.GET.get(k, "") for k in ("status", "kind", "district", "mine")}
    rows = queue(
        campaign,
        status=filters["status"],
        kind=filters["kind"],
        district=filters["district"],
        mine=request.user if filters["mine"] else None,
    )
    all_rows = queue(campaign) if any(filters.values()) else rows
    return render(
        request,
        "appraisal/queue.html",
        {
            "campaign": campaign,
            "rows": rows,
            "filters": filters,
            "statuses": [(s.value, s.label) for s in IN_QUEUE],
            "kinds": sorted({(r.form.unit.kind, Kind(r.form.unit.kind).label) for r in all_rows}),
            "districts": sorted({r.district for r in all_rows if r.district}),
            "days_left": working_days_left(campaign, timezone.localdate()),
            "deadline": campaign.schedule.appraisal_deadline,
        },
    )


def _fields(criterion: Any, value: object) -> dict[str, Any]:
    if criterion.input is not None and criterion.input.kind == "points":
        return {"value": value}
    return fields_from_raw(criterion, value)


def _review(
    request: HttpRequest,
    form: Any,
    *,
    typed: dict[str, Any] | None = None,
    error: tuple[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    framework = form_framework(form)
    by_whom = Verification.objects.select_related("changed_by")
    prefetch_related_objects([form], Prefetch("verifications", queryset=by_whom))
    verified = decisions(form)
    comments: dict[str, list[Any]] = defaultdict(list)
    for comment in form.comments.select_related("author"):
        comments[comment.criterion].append(comment)
    changed = round_changes(form)
    only_changed = changed is not None and request.GET.get("all") != "1"
    sections = page_items(form, framework)
    beside = sources_beside(form, framework)
    for _section, groups in sections:
        for _group, items in groups:
            for item in items:
                v = verified.get(item.criterion.code)
                item.verification = v  # type: ignore[attr-defined]
                item.beside = beside.get(item.criterion.code)  # type: ignore[attr-defined]
                # The adjustment starts from the appraisers' value, else from the unit's.
                item.adjusted_fields = (  # type: ignore[attr-defined]
                    _fields(item.criterion, v.value)
                    if v is not None and v.value is not None
                    else item.fields
                )
                # In a later round: what the unit changed, and what is still undecided.
                item.hidden = (  # type: ignore[attr-defined]
                    only_changed and item.criterion.code not in (changed or set()) and v is not None
                )
    declarations = group_declarations(form, framework)
    for code, d in declarations.items():
        d.verification = verified.get(code)  # type: ignore[attr-defined]
    appraisers = (
        get_user_model()
        .objects.filter(
            role_assignments__role=Role.APPRAISER, role_assignments__unit=form.campaign.province
        )
        .distinct()
    )
    return render(
        request,
        "appraisal/review.html",
        {
            "form": form,
            "framework": framework,
            "sections": sections,
            "declarations": declarations,
            "scores": side_by_side(form, framework),
            "flags": review_flags(form, framework),
            "comments": comments,
            "rounds": list(form.rounds.select_related("returned_by", "submitted_by")),
            "changed": changed,
            "only_changed": only_changed,
            "reasons": Reason.choices,
            "can_appraise": allows(request.user, Action.FORM_APPRAISE, form)
            and form.status != FormStatus.VERIFIED,
            "can_reopen": allows(request.user, Action.FORM_APPRAISE, form)
            and form.status == FormStatus.VERIFIED,
            "can_assign": allows(request.user, Action.CAMPAIGN_APPRAISE, form.campaign)
            and form.open_to_appraisal,
            "appraisers": appraisers,
            "visits": form.field_visits.prefetch_related("evidence").select_related("recorded_by"),
            "can_survey": allows(request.user, Action.SURVEY_RECORD, form),
            "typed": typed or {},
            "error": error,
            "objections": list(form.objections.order_by("criterion")),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def show_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, _form(request, pk))


def _back(form: Any, code: str = "") -> HttpResponse:
    return redirect(f"/appraisal/forms/{form.pk}/" + (f"#c-{code}" if code else ""))


def _version(request: HttpRequest, name: str = "version") -> int | None:
    raw = request.POST.get(name, "")
    return whole(raw)


@login_required
@require_http_methods(["POST"])
def decide_criterion(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    form = _form(request, pk)
    criterion = form_framework(form).criteria_by_code.get(code)
    if criterion is None or criterion.input is None:
        raise Http404(HIDDEN_MESSAGE)
    decision = request.POST.get("decision", "")
    try:
        if decision == "clear":
            services.verification_clear(
                actor=request.user,
                form=form,
                criterion=code,
                expected_version=_version(request) or 0,
            )
        else:
            state = (
                VerificationState.ACCEPTED if decision == "accept" else VerificationState.ADJUSTED
            )
            value = raw_from_post(criterion, request.POST) if state == "adjusted" else None
            services.verification_save(
                actor=request.user,
                form=form,
                criterion=code,
                state=state,
                value=value,
                reason_code=request.POST.get("reason_code", ""),
                reason=request.POST.get("reason", ""),
                expected_version=_version(request),
            )
    except StaleEdit as conflict:
        return _review(
            request, form, typed={code: request.POST}, error=(code, conflict.message), status=409
        )
    except (ValueError, ValidationError) as error:
        message = message_of(error)
        return _review(request, form, typed={code: request.POST}, error=(code, message), status=422)
    # Also said inside the criterion's block, which the page returns to (``#c-<code>``).
    messages.success(request, SAVED.format(code=code), f"c-{code}")
    return _back(form, code)


@login_required
@require_http_methods(["POST"])
def decide_group(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Accept or reject the unit's declaration that a whole group does not apply to it."""
    form = _form(request, pk)
    group = form_framework(form).groups_by_code.get(code)
    if group is None or not group.allow_unit_not_applicable:
        raise Http404(HIDDEN_MESSAGE)
    try:
        if request.POST.get("decision") == "clear":
            services.verification_clear(
                actor=request.user,
                form=form,
                criterion=code,
                expected_version=_version(request) or 0,
            )
        else:
            services.declaration_decide(
                actor=request.user,
                form=form,
                group=code,
                accept=request.POST.get("decision") == "accept",
                reason_code=request.POST.get("reason_code", ""),
                reason=request.POST.get("reason", ""),
                expected_version=_version(request),
            )
    except StaleEdit as conflict:
        return _review(
            request, form, typed={code: request.POST}, error=(code, conflict.message), status=409
        )
    except (ValueError, ValidationError) as error:
        message = message_of(error)
        return _review(request, form, typed={code: request.POST}, error=(code, message), status=422)
    messages.success(request, SAVED_GROUP.format(code=code), f"c-{code}")
    return _back(form, code)


@login_required
@require_http_methods(["POST"])
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk)
    code = request.POST.get("criterion", "")
    try:
        services.question_ask(
            actor=request.user, form=form, criterion=code, text=request.POST.get("text", "")
        )
    except (ValueError, ValidationError) as error:
        message = message_of(error)
        return _review(request, form, typed={code: request.POST}, error=(code, message), status=422)
    messages.success(request, ASKED, f"c-{code}")
    return _back(form, code)


def _form_action(request: HttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    form = _form(request, pk)
    try:
        act(form)
    except (StaleEdit, ValidationError) as error:
        message = message_of(error)
        messages.error(request, message)
    else:
        messages.success(request, done.format(name=form.unit.name))
    return _back(form)


@login_required
@require_http_methods(["POST"])
def return_form(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        lambda form: services.form_return(
            actor=request.user,
            form=form,
            message=request.POST.get("message", ""),
            expected_version=_version(request) or -1,
        ),
        RETURNED,
    )


@login_required
@require_http_methods(["POST"])
def verify_form(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        lambda form: services.form_verify(
            actor=request.user, form=form, expected_version=_version(request) or -1
        ),
        VERIFIED,
    )


@login_required
@require_http_methods(["POST"])
def reopen_form(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        lambda form: services.form_reopen(
            actor=request.user, form=form, reason=request.POST.get("reason", "")
        ),
        REOPENED,
    )


@login_required
@require_http_methods(["POST"])
def accept_remaining(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk)
    try:
        codes = services.accept_remaining(
            actor=request.user, form=form, expected_version=_version(request) or -1
        )
    except (StaleEdit, ValidationError) as error:
        message = message_of(error)
        messages.error(request, message)
    else:
        messages.success(request, ACCEPTED_REMAINING.format(count=len(codes)))
    return _back(form)


@login_required
@require_http_methods(["POST"])
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    raw = request.POST.get("appraiser", "")
    chosen = whole(raw)
    person = get_user_model().objects.filter(pk=chosen).first() if chosen is not None else None
    return _form_action(
        request,
        pk,
        lambda form: services.form_assign(actor=request.user, form=form, appraiser=person),
        ASSIGNED,
    )


@login_required
@require_http_methods(["POST"])
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit answers a question, from its own form page."""
    form = form_get_for_user(request.user, pk)
    code = request.POST.get("criterion", "")
    try:
        services.question_reply(
            actor=request.user, form=form, criterion=code, text=request.POST.get("text", "")
        )
    except (ValueError, ValidationError) as error:
        message = message_of(error)
        messages.error(request, f"{code}: {message}" if code else message, f"c-{code}")
    else:
        messages.success(request, REPLIED, f"c-{code}")
    return redirect(f"/forms/{form.pk}/" + (f"#c-{code}" if code else ""))
