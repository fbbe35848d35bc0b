"""The contest window's pages: the department opens it, the unit files an objection on its
form, the appraiser answers each objection on the campaign's list of objections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, allows
from chiso.appraisal.contest import (
    DEFAULT_DAYS,
    campaign_objections,
    contest_open,
    contest_window,
    objection_answer,
    objection_file,
)
from chiso.appraisal.models import Objection, Outcome
from chiso.appraisal.views import _campaign, _form
from chiso.campaigns.access import form_get_for_user
from chiso.campaigns.form_input import fields_from_raw, raw_from_post
from chiso.campaigns.services import form_framework
from chiso.campaigns.uploads import check_size
from chiso.errors import message_of
from chiso.posted import whole

OPENED = "Đã mở thời hạn khiếu nại đến hết ngày {closes}."
FILED = "Đã gửi khiếu nại về tiêu chí {code}; Sở sẽ trả lời."
ANSWERED = "Đã trả lời khiếu nại của {name} về tiêu chí {code}."
DAYS_NOT_NUMBER = "Số ngày làm việc phải là số nguyên."


@login_required
@require_http_methods(["POST"])
def open_window(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    raw = request.POST.get("working_days", str(DEFAULT_DAYS)).strip()
    try:
        days = whole(raw)
        if days is None:
            raise ValidationError(DAYS_NOT_NUMBER)
        window = contest_open(actor=request.user, campaign=campaign, working_days=days)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, OPENED.format(closes=f"{window.closes_on:%d/%m/%Y}"))
    return redirect("appraisal:approval", pk=campaign.pk)


@login_required
@require_http_methods(["POST"])
def file_objection(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    form = form_get_for_user(request.user, pk)
    upload = request.FILES.get("file")
    where = f"contest-{code}"
    try:
        if upload is not None:
            check_size(upload.size or 0)
        objection_file(
            actor=request.user,
            form=form,
            criterion=code,
            explanation=request.POST.get("explanation", ""),
            file_name=upload.name or "" if upload is not None else "",
            file_data=upload.read() if upload is not None else b"",
        )
    except ValueError as error:
        messages.error(request, f"{code}: {error}", where)
    else:
        messages.success(request, FILED.format(code=code), where)
    return redirect(f"/forms/{form.pk}/#contest-{code}")


@login_required
@require_http_methods(["GET"])
def list_objections(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    objections = campaign_objections(campaign)
    rows = []
    for o in objections:
        o.form.campaign = campaign
        item = form_framework(o.form).criteria_by_code[o.criterion]
        kind = item.input.kind.value if item.input is not None else "points"
        own = o.form.answers.filter(criterion=o.criterion).values_list("value", flat=True).first()
        rows.append(
            {
                "o": o,
                "may_answer": o.outcome == Outcome.PENDING
                and allows(request.user, Action.OBJECTION_ANSWER, o.form),
                "c": item,
                "kind": kind,
                "fields": {} if kind == "points" else fields_from_raw(item, own),
                "options": [(x.value, x.label) for x in getattr(item.rule, "options", ())],
            }
        )
    return render(
        request,
        "appraisal/objections.html",
        {
            "campaign": campaign,
            "window": contest_window(campaign),
            "rows": rows,
            "pending": sum(o.outcome == Outcome.PENDING for o in objections),
        },
    )


@login_required
@require_http_methods(["POST"])
def answer_objection(request: HttpRequest, pk: int) -> HttpResponse:
    objection = Objection.objects.select_related("form", "form__unit").filter(pk=pk).first()
    if objection is None:
        raise Http404(HIDDEN_MESSAGE)
    form = _form(request, objection.form_id)
    accepted = request.POST.get("outcome") == Outcome.ACCEPTED
    where = f"objection-{objection.pk}"
    try:
        value: object = None
        if accepted and request.POST.get("change") == "1":
            item = form_framework(form).criteria_by_code[objection.criterion]
            if item.input is not None and item.input.kind == "points":
                value = request.POST.get("value", "").strip()
            else:
                value = raw_from_post(item, request.POST)
        objection_answer(
            actor=request.user,
            objection=objection,
            accepted=accepted,
            answer=request.POST.get("answer", ""),
            value=value,
        )
    except (ValueError, ValidationError) as error:
        text = message_of(error)
        messages.error(request, f"{form.unit.name}, {objection.criterion}: {text}", where)
    else:
        done = ANSWERED.format(name=form.unit.name, code=objection.criterion)
        messages.success(request, done, where)
    return redirect(f"/campaigns/{form.campaign_id}/objections/#{where}")
