"""The department's page of extensions (gia hạn): each decision with its units, and the form
recording a new one for one or several units that have not submitted."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, allows, require
from chiso.campaigns.extensions import extension_grant
from chiso.campaigns.models import Campaign, FormStatus
from chiso.campaigns.selectors import LEVEL_ORDER
from chiso.errors import message_of
from chiso.posted import whole

GRANTED = "Đã ghi nhận gia hạn đến hết ngày {day} cho {count} đơn vị."
BAD_DATE = "«{field}» không phải ngày hợp lệ (dd/mm/yyyy)."


def _date(raw: str, field: str) -> dt.date:
    raw = raw.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, pattern).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    raise ValidationError(BAD_DATE.format(field=field))


@login_required
@require_http_methods(["GET", "POST"])
def extensions(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = Campaign.objects.select_related("province").filter(pk=pk).first()
    if campaign is None:
        raise Http404(HIDDEN_MESSAGE)
    require(request.user, Action.RESULTS_VIEW_DRAFT, campaign)
    drafts = list(
        campaign.forms.filter(status=FormStatus.DRAFT)
        .select_related("unit")
        .prefetch_related("extensions")
        .order_by("unit__code")
    )
    for form in drafts:
        form.campaign = campaign
    # As the campaign page: districts, then communes, then agencies; by code within each.
    drafts.sort(key=lambda f: (LEVEL_ORDER.get(f.unit.level, len(LEVEL_ORDER)), f.unit.code))
    error = ""
    if request.method == "POST":
        chosen = {whole(x) for x in request.POST.getlist("forms")} - {None}
        try:
            extension = extension_grant(
                actor=request.user,
                campaign=campaign,
                forms=[f for f in drafts if f.pk in chosen],
                decision_number=request.POST.get("decision_number", ""),
                decision_date=_date(request.POST.get("decision_date", ""), "Ngày văn bản"),
                signer=request.POST.get("signer", ""),
                reason=request.POST.get("reason", ""),
                new_deadline=_date(request.POST.get("new_deadline", ""), "Hạn nộp mới"),
            )
        except ValidationError as problem:
            error = message_of(problem)
        else:
            count = extension.forms.count()
            day = f"{extension.new_deadline:%d/%m/%Y}"
            messages.success(request, GRANTED.format(day=day, count=count))
            return redirect("campaigns:extensions", pk=campaign.pk)
    return render(
        request,
        "campaigns/department/extensions.html",
        {
            "campaign": campaign,
            "schedule": campaign.schedule,
            "today": timezone.localdate(),
            "drafts": drafts,
            "granted": campaign.extensions.prefetch_related("forms__unit").select_related(
                "granted_by"
            ),
            "may_grant": allows(request.user, Action.DEADLINE_EXTEND, campaign),
            "error": error,
            "posted": request.POST if request.method == "POST" else {},
            "chosen": {whole(x) for x in request.POST.getlist("forms")} - {None},
        },
        status=422 if error else 200,
    )
