"""The campaign's summary for the department and its leader: progress of the appraisal, each
unit's self-assessed and verified total and the gap, and the steps up to approval."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, allows, require
from chiso.appraisal import approval
from chiso.appraisal.contest import campaign_objections, contest_window
from chiso.appraisal.services import form_exclude
from chiso.appraisal.views import _campaign, _form
from chiso.campaigns.models import CampaignStatus, Form, FormStatus
from chiso.errors import message_of
from chiso.posted import whole
from chiso.results.figures_cache import results_of
from chiso.results.official import OwnSection
from chiso.results.portal import preview_tables
from chiso.results.selectors import (
    campaign_figures,
    campaign_figures_ready,
    campaign_own_ready,
    campaign_own_results,
    draft_key,
)
from chiso.results.typed import Results, Unit
from chiso.results.views_dashboard import computing_page
from chiso.scoring.numbers import fmt_points

STEPS: dict[str, tuple[Callable[..., object], str]] = {
    "start": (approval.campaign_start_appraisal, "Đã chuyển đợt sang giai đoạn thẩm định."),
    "request": (approval.campaign_request_approval, "Đã trình lãnh đạo phê duyệt kết quả."),
    "approve": (approval.campaign_approve, "Đã phê duyệt kết quả; mọi số liệu đã được khóa."),
    "reopen": (approval.campaign_reopen, "Đã chuyển đợt về giai đoạn thẩm định."),
}
CONFIRMED = ("approve", "reopen")
# Units per page of the approval table: a national cohort's 3,321 units (two sections each)
# are more rows than anyone reads at once, and rendering them all cost seconds per request.
# The counts above the table are the whole campaign's; every unit is on one of the pages.
PER_PAGE = 100
EXCLUDED = "Đã đưa {name} ra khỏi xếp hạng."
INCLUDED = "Đã đưa {name} trở lại xếp hạng."


def signed_points(value: Fraction) -> str:
    """A gap as the approval page and the unit's page show it: «+1,75», «-0,25»."""
    return ("+" if value > 0 else "") + fmt_points(value)


@dataclass(frozen=True)
class SectionLine:
    """One section of a unit as the leader signs it: verified points, level and rank (from the
    same figures as the results dashboard), with the unit's own points and the gap."""

    code: str
    name: str
    own: str
    verified: str | None
    gap: str
    level: str
    rank: int | None
    reason: str


def _lines(
    unit: Unit | None, names: dict[str, str], own: dict[str, OwnSection]
) -> list[SectionLine]:
    if unit is None or not unit.sections:
        return []
    lines = []
    for section in unit.sections:
        mine = own.get(section.code)
        verified = Fraction(section.points_exact)
        gap = (
            "" if mine is None or mine.points == verified else signed_points(verified - mine.points)
        )
        lines.append(
            SectionLine(
                code=section.code,
                name=names.get(section.code, section.code),
                own=fmt_points(mine.points) if mine else "",
                verified=section.points_exact,
                gap=gap,
                level=section.level,
                rank=section.rank,
                reason=section.reason,
            )
        )
    return lines


def _units(results: Results) -> tuple[dict[str, Unit], dict[str, str]]:
    units, names = {}, {}
    for cohort in results.cohorts:
        for section in cohort.sections:
            names[section.code] = section.name
        for unit in cohort.units:
            units[unit.unit] = unit
    return units, names


@login_required
@require_http_methods(["GET"])
def show_approval(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    # A large campaign's figures not computed yet: computed in the background meanwhile.
    key = draft_key(campaign)  # one fingerprint of the data for both
    figures, progress = campaign_figures_ready(campaign, key)
    own, own_progress = campaign_own_ready(campaign, key)
    if figures is None or own is None:
        waiting = progress or own_progress
        if waiting is not None:
            return computing_page(request, campaign, waiting, "Tổng hợp và phê duyệt")
        figures, own = campaign_figures(campaign), campaign_own_results(campaign)
    # The page shows each form's status and its figures: no answers or verifications read here.
    # One page of units (``PER_PAGE``), in the order of their codes; the counts are of all.
    page = Paginator(
        campaign.forms.select_related("unit", "framework", "campaign").order_by("unit__code"),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    units, names = _units(results_of(figures))
    # (form, its section lines or [None] when it has no figures, the tag of its messages)
    no_figures: list[SectionLine | None] = [None]
    rows = [
        (
            form,
            _lines(units.get(form.unit.code), names, own.get(form.unit.code, {})) or no_figures,
            f"unit-{form.pk}",
        )
        for form in page.object_list
    ]
    labels = dict(FormStatus.choices)
    counts = {
        str(labels.get(status, status)): n
        for status, n in campaign.forms.values_list("status").annotate(n=Count("pk")).order_by()
    }
    user = request.user
    status = campaign.status
    overdue = {f.pk: f.deadline for f in approval.overdue_forms(campaign)}
    return render(
        request,
        "appraisal/approval.html",
        {
            "campaign": campaign,
            "rows": rows,
            "page": page,
            "counts": sorted(counts.items()),
            "unfinished": approval.unfinished(campaign).count(),
            "overdue": overdue,
            "window": contest_window(campaign),
            "objections": campaign_objections(campaign),
            "may_open_contest": status == CampaignStatus.APPRAISING
            and allows(user, Action.CONTEST_OPEN, campaign),
            "may_start": status == CampaignStatus.COLLECTING
            and allows(user, Action.CAMPAIGN_APPRAISE, campaign),
            "may_request": status == CampaignStatus.APPRAISING
            and allows(user, Action.CAMPAIGN_APPRAISE, campaign),
            "may_approve": status == CampaignStatus.AWAITING_APPROVAL
            and allows(user, Action.RESULTS_APPROVE, campaign),
            "may_reopen": status in (CampaignStatus.AWAITING_APPROVAL, CampaignStatus.APPROVED)
            and allows(user, Action.RESULTS_APPROVE, campaign),
            "may_exclude": status
            in (
                CampaignStatus.COLLECTING,
                CampaignStatus.APPRAISING,
                CampaignStatus.AWAITING_APPROVAL,
            )
            and allows(user, Action.RESULTS_APPROVE, campaign),
        },
    )


def _confirm(
    request: HttpRequest, campaign: Any, step: str, error: str = "", status: int = 200
) -> HttpResponse:
    """What approving locks (every ranking table, the units left out) or what reopening
    undoes, before the button that does it."""
    results = results_of(campaign_figures(campaign))
    excluded = campaign.forms.filter(excluded=True).select_related("unit").order_by("unit__code")
    return render(
        request,
        "appraisal/confirm_step.html",
        {
            "campaign": campaign,
            "step": step,
            "error": error,
            "reason": request.POST.get("reason", ""),
            "tables": preview_tables(results),
            "units": sum(len(cohort.units) for cohort in results.cohorts),
            "excluded": list(excluded),
            "unfinished": list(approval.unfinished(campaign)),
            "units_url": f"/results/campaigns/{campaign.pk}/units/",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    campaign = _campaign(request, pk)
    if step not in STEPS:
        raise Http404(HIDDEN_MESSAGE)
    if request.method == "GET":
        # Approving and reopening are asked for on a page that says what they do.
        if step not in CONFIRMED:
            raise Http404(HIDDEN_MESSAGE)
        require(request.user, Action.RESULTS_APPROVE, campaign)
        return _confirm(request, campaign, step)
    service, done = STEPS[step]
    kwargs: dict[str, Any] = {"actor": request.user, "campaign": campaign}
    if step == "reopen":
        kwargs["reason"] = request.POST.get("reason", "")
    if step == "approve":
        raw = request.POST.get("version", "")
        kwargs["expected_version"] = whole(raw, -1)
    try:
        service(**kwargs)
    except ValidationError as error:
        message = message_of(error)
        if step in CONFIRMED:  # said on the confirmation page, next to the reason
            return _confirm(request, campaign, step, message, status=422)
        messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("appraisal:approval", pk=campaign.pk)


@login_required
@require_http_methods(["POST"])
def exclude(request: HttpRequest, pk: int) -> HttpResponse:
    form = _form(request, pk)
    excluded = request.POST.get("excluded") == "1"
    # Said on the unit's row of the approval page (``extra_tags``), where the button was.
    where = f"unit-{form.pk}"
    try:
        form_exclude(
            actor=request.user, form=form, excluded=excluded, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, f"{form.unit.name}: " + message_of(error), where)
    else:
        done = (EXCLUDED if excluded else INCLUDED).format(name=form.unit.name)
        messages.success(request, done, where)
    return redirect(approval_url(form))


def approval_url(form: Form) -> str:
    """The approval page where ``form``'s row is (its page of ``PER_PAGE`` units)."""
    before = form.campaign.forms.filter(unit__code__lt=form.unit.code).count()
    number = before // PER_PAGE + 1
    page = f"?page={number}" if number > 1 else ""
    return f"/campaigns/{form.campaign_id}/approval/{page}#unit-{form.pk}"
