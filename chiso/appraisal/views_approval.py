"""The campaign's summary for the department and its leader: progress of the appraisal, each
unit's self-assessed and verified total and the gap, and the steps up to approval."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, allows
from chiso.appraisal import approval
from chiso.appraisal.official import side_by_side
from chiso.appraisal.selectors import IN_QUEUE
from chiso.appraisal.services import form_exclude
from chiso.appraisal.views import _campaign, _form
from chiso.campaigns.models import CampaignStatus

STEPS = {
    "start": (approval.campaign_start_appraisal, "Đã chuyển đợt sang giai đoạn thẩm định."),
    "request": (approval.campaign_request_approval, "Đã trình lãnh đạo phê duyệt kết quả."),
    "approve": (approval.campaign_approve, "Đã phê duyệt kết quả; mọi số liệu đã được khóa."),
    "reopen": (approval.campaign_reopen, "Đã chuyển đợt về giai đoạn thẩm định."),
}
EXCLUDED = "Đã đưa {name} ra khỏi xếp hạng."
INCLUDED = "Đã đưa {name} trở lại xếp hạng."


@login_required
@require_http_methods(["GET"])
def show_approval(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    forms = list(
        campaign.forms.select_related("unit", "framework", "campaign")
        .prefetch_related("answers", "verifications")
        .order_by("unit__code")
    )
    rows = []
    for form in forms:
        scores = side_by_side(form) if form.status in IN_QUEUE else None
        rows.append((form, scores.shown("total") if scores else ("", "", "")))
    counts = Counter(form.get_status_display() for form in forms)
    user = request.user
    status = campaign.status
    return render(
        request,
        "appraisal/approval.html",
        {
            "campaign": campaign,
            "rows": rows,
            "counts": sorted(counts.items()),
            "unfinished": list(approval.unfinished(campaign)),
            "may_start": status == CampaignStatus.COLLECTING
            and allows(user, Action.CAMPAIGN_APPRAISE, campaign),
            "may_request": status == CampaignStatus.APPRAISING
            and allows(user, Action.CAMPAIGN_APPRAISE, campaign),
            "may_approve": status == CampaignStatus.AWAITING_APPROVAL
            and allows(user, Action.RESULTS_APPROVE, campaign),
            "may_reopen": status in (CampaignStatus.AWAITING_APPROVAL, CampaignStatus.APPROVED)
            and allows(user, Action.RESULTS_APPROVE, campaign),
            "may_exclude": status != CampaignStatus.APPROVED
            and allows(user, Action.RESULTS_APPROVE, campaign),
        },
    )


@login_required
@require_http_methods(["POST"])
def move(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    campaign = _campaign(request, pk)
    if step not in STEPS:
        raise Http404(HIDDEN_MESSAGE)
    service, done = STEPS[step]
    kwargs: dict[str, Any] = {"actor": request.user, "campaign": campaign}
    if step == "reopen":
        kwargs["reason"] = request.POST.get("reason", "")
    if step == "approve":
        raw = request.POST.get("version", "")
        kwargs["expected_version"] = int(raw) if raw.isdigit() else -1
    try:
        service(**kwargs)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("appraisal:approval", pk=campaign.pk)


@login_required
@require_http_methods(["POST"])
def exclude(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk)
    excluded = request.POST.get("excluded") == "1"
    try:
        form_exclude(
            actor=request.user, form=form, excluded=excluded, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, f"{form.unit.name}: " + "; ".join(error.messages))
    else:
        messages.success(request, (EXCLUDED if excluded else INCLUDED).format(name=form.unit.name))
    return redirect("appraisal:approval", pk=form.campaign_id)
