"""The department's results dashboard: draft results before publication, each published version
after, charts and the ranking filtered by year, kind of unit, section and district; and the
approver's publish and correct buttons. Province roles only (unit people 403, others 404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from chiso.accounts.policy import Action, allows, require
from chiso.campaigns.models import Campaign, CampaignStatus
from chiso.errors import message_of
from chiso.posted import whole
from chiso.results import charts, draft_jobs, portal, publish_jobs, views_documents
from chiso.results.access import campaign_get_for_results
from chiso.results.bundle import draft_bundle, snapshot_meta
from chiso.results.figures_cache import results_of, with_figures
from chiso.results.models import Snapshot
from chiso.results.selectors import campaign_figures, campaign_figures_ready
from chiso.results.services import (
    CORRECTION_REASON,
    DECISION_FIELDS,
    NOT_APPROVED,
    decision_check,
    results_correct,
    results_publish,
)
from chiso.results.story import unit_story

PUBLISHED, CORRECTED = publish_jobs.PUBLISHED, publish_jobs.CORRECTED
DRAFT = "draft"


EVERY = 3  # seconds between the reloads of the page of a draft being computed


def computing_page(
    request: HttpRequest, campaign: Campaign, progress: draft_jobs.Progress, title: str
) -> HttpResponse:
    """How far the background computation of a large campaign's draft has got (``draft_jobs``);
    the page reloads itself until the figures are there."""
    context = {"campaign": campaign, "progress": progress, "every": EVERY, "title": title}
    response = render(request, "results/computing.html", context)
    response["Cache-Control"] = "no-store"
    return response


def publishing_page(
    request: HttpRequest, campaign: Campaign, job: publish_jobs.Publishing
) -> HttpResponse:
    """How far the background publication of a large campaign has got (``publish_jobs``); the
    page reloads itself until it is done."""
    context = {"campaign": campaign, "progress": job, "every": EVERY}
    response = render(request, "results/publishing.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _version(campaign: Campaign, raw: str) -> Snapshot | None:
    """The published version named by ``?v=`` (digits); ``?v=draft`` none (the draft);
    without ``v``, the latest published version if there is one (what the public reads)."""
    versions = campaign.snapshots.defer("data")
    if (number := whole(raw)) is not None:
        return versions.filter(version=number).first()
    if raw == DRAFT:
        return None
    return versions.order_by("-version").first()


def _source(campaign: Campaign, raw: str) -> tuple[Snapshot | None, dict[str, Any]]:
    """The version ``_version`` names and its figures, else the draft computed now."""
    snapshot = _version(campaign, raw)
    if snapshot is None:
        return None, campaign_figures(campaign)
    # Decoded and checked once per process (``figures_cache``), as the public pages read it.
    return with_figures(snapshot), snapshot.data


def _pick(options: list[str], raw: str) -> str:
    return raw if raw in options else (options[0] if options else "")


@login_required
@require_safe
def show_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get_for_results(request.user, pk, Action.RESULTS_VIEW_DRAFT)
    snapshot = _version(campaign, request.GET.get("v", ""))
    if snapshot is None:
        # A large campaign's draft not computed yet: computed in the background meanwhile.
        draft, progress = campaign_figures_ready(campaign)
        if draft is None and progress is not None:
            return computing_page(request, campaign, progress, "Kết quả")
        figures = draft or {}
    else:
        figures = with_figures(snapshot).data
    results = results_of(figures)
    levels = [c.level for c in results.cohorts]
    level = _pick(levels, request.GET.get("level", ""))
    job = _job_on_dashboard(request, campaign)
    context: dict[str, Any] = {
        "campaign": campaign,
        "snapshot": snapshot,
        "meta": snapshot_meta(snapshot) if snapshot else None,
        "figures": results,
        "versions": list(campaign.snapshots.defer("data").order_by("version")),
        "years": Campaign.objects.filter(province=campaign.province).order_by("-year", "name"),
        "cohorts": results.cohorts,
        "level": level,
        "version_query": f"?v={snapshot.version}" if snapshot else "",
        # The unit pages, like this page, open on the published version unless told otherwise.
        "unit_query": f"?v={snapshot.version}" if snapshot else f"?v={DRAFT}",
        # A publication or correction under way (in any worker) is shown, not offered again.
        "job": job,
        "may_approve": allows(request.user, Action.RESULTS_APPROVE, campaign),
    }
    context["may_publish"] = (
        job is None and campaign.status == CampaignStatus.APPROVED and context["may_approve"]
    )
    if level:
        cohort = portal.cohort_of(results, level)
        sections = [s.code for s in cohort.sections]
        section = portal.section_of(cohort, _pick(sections, request.GET.get("section", "")))
        districts = portal.districts_of(cohort)
        district = _pick([""] + [code for code, _ in districts], request.GET.get("district", ""))
        units = [u for u in cohort.units if portal.in_district(u, district)]
        ranked, rest = portal.ranking_rows(cohort, section, district)
        context |= {
            "cohort": cohort,
            "section": section,
            "districts": districts,
            "district": district,
            "ranked": ranked,
            "rest": rest,
            "charts": [
                ("levels", "Số đơn vị theo mức", charts.units_per_level(cohort, units)),
                ("groups", "Bình quân từng nhóm tiêu chí", charts.group_averages(section, units)),
                ("spread", "Phân bố điểm", charts.distribution(section, units)),
                ("ranking", "Xếp hạng", charts.ranking_bars(ranked)),
            ],
        }
    return render(request, "results/dashboard.html", context)


def _job_on_dashboard(request: HttpRequest, campaign: Campaign) -> publish_jobs.Publishing | None:
    """The campaign's background publication or correction still under way, whichever worker
    runs it; one that has ended and was not yet said (its leader left the progress page) is
    said here, once, as the publish page would."""
    job = publish_jobs.current(campaign.pk)
    if job is None or job.running:
        return job
    if publish_jobs.shown(campaign.pk):
        if job.version:
            messages.success(request, job.said)
        else:
            messages.error(request, job.error)
    return None


@login_required
@require_safe
def show_draft_unit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    campaign = campaign_get_for_results(request.user, pk, Action.RESULTS_VIEW_DRAFT)
    snapshot, figures = _source(campaign, request.GET.get("v", ""))
    results = results_of(figures)
    cohort, unit = portal.unit_of(results, code)
    stories = unit_story(results, cohort, unit)
    context = {
        "campaign": campaign,
        "snapshot": snapshot,
        "figures": results,
        "cohort": cohort,
        "unit": unit,
        "stories": stories,
        "profile_charts": [(s.code, charts.profile(list(s.groups))) for s in stories],
    }
    return render(request, "results/draft_unit.html", context)


@login_required
@require_safe
def draft_json(request: HttpRequest, pk: int) -> JsonResponse:
    campaign = campaign_get_for_results(request.user, pk, Action.RESULTS_VIEW_DRAFT)
    return JsonResponse(draft_bundle(campaign), json_dumps_params={"ensure_ascii": False})


def _step(request: HttpRequest, pk: int, done: str, service: Any, **kwargs: str) -> HttpResponse:
    """Run a publication service for the campaign and say what came of it on the dashboard.

    The form carries the campaign's version the person saw: if someone reopened or changed the
    campaign since, the service refuses rather than publish figures they have not looked at.
    """
    campaign = campaign_get_for_results(request.user, pk, Action.RESULTS_VIEW_DRAFT)
    raw = request.POST.get("version", "")
    try:
        snapshot = service(
            actor=request.user,
            campaign=campaign,
            expected_version=whole(raw, -1),
            **kwargs,
        )
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, done.format(version=snapshot.version, sha=snapshot.sha256[:12]))
    return redirect("results:dashboard", pk=campaign.pk)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publishing in two deliberate steps: the decision (number, date, signer; each wrong field
    said next to it), then a confirmation page showing what becomes public (every ranking table,
    the number of units, the decision); only its button publishes."""
    campaign = campaign_get_for_results(request.user, pk, Action.RESULTS_VIEW_DRAFT)
    require(request.user, Action.RESULTS_APPROVE, campaign)
    source = request.POST if request.method == "POST" else request.GET
    typed = {name: source.get(name, "").strip() for name in DECISION_FIELDS}
    raw = request.POST.get("version", "")
    seen = whole(raw, campaign.version)
    errors: dict[str, str] = {}
    decision = None
    job = publish_jobs.current(campaign.pk)
    if job is not None and job.version:  # published in the background: said once, as below
        if publish_jobs.shown(campaign.pk):
            messages.success(request, job.said)
        return redirect("results:dashboard", pk=campaign.pk)
    if job is not None and job.error:  # refused, failed or interrupted: said once
        if publish_jobs.shown(campaign.pk):
            errors[""] = job.error
    elif job is not None:  # under way: a second confirmation shows it rather than start another
        return publishing_page(request, campaign, job)
    elif request.method == "POST":
        try:
            if request.POST.get("confirm") == "1":
                return _publish_confirmed(request, campaign, seen, typed)
            if campaign.status != CampaignStatus.APPROVED:
                raise ValidationError(NOT_APPROVED.format(status=campaign.get_status_display()))
            decision = decision_check(campaign, **typed_args(typed))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = {name: " ".join(found) for name, found in error.message_dict.items()}
            else:
                errors = {"": message_of(error)}
    results = results_of(campaign_figures(campaign))
    context = {
        "campaign": campaign,
        "typed": typed,
        "general": errors.pop("", ""),
        "errors": errors,
        "units_url": f"/results/campaigns/{campaign.pk}/units/",
        "decision": decision,
        "seen": seen,
        "published": campaign.snapshots.exists(),
        "provisional": results.provisional,
        "tables": portal.preview_tables(results),
        "units": sum(len(cohort.units) for cohort in results.cohorts),
    }
    template = "results/publish_confirm.html" if decision else "results/publish.html"
    return render(request, template, context, status=422 if errors or context["general"] else 200)


def typed_args(typed: dict[str, str]) -> dict[str, str]:
    return {
        "number": typed["decision_number"],
        "date": typed["decision_date"],
        "signer": typed["decision_signer"],
    }


def _publish_confirmed(
    request: HttpRequest, campaign: Campaign, seen: int, typed: dict[str, str]
) -> HttpResponse:
    """The confirmed publication: in the request, or from the background threshold as a job
    whose progress the publish page shows (its state and each field of the decision are asked
    here first, and again in the job's transaction). A refusal is raised to the form."""
    units = campaign.forms.count()
    if draft_jobs.in_background(units):
        if campaign.status != CampaignStatus.APPROVED:
            raise ValidationError(NOT_APPROVED.format(status=campaign.get_status_display()))
        decision_check(campaign, **typed_args(typed))  # each wrong field said here
        return _in_background(
            request, campaign, units, results_publish, expected_version=seen, **typed
        )
    snapshot = results_publish(
        actor=request.user,
        campaign=campaign,
        expected_version=seen,
        decision_number=typed["decision_number"],
        decision_date=typed["decision_date"],
        decision_signer=typed["decision_signer"],
    )
    messages.success(request, PUBLISHED.format(version=snapshot.version, sha=snapshot.sha256[:12]))
    return redirect("results:dashboard", pk=campaign.pk)


@login_required
@require_http_methods(["POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A correction, like the first publication, is confirmed on a page showing what becomes
    public (every ranking table of the new version) and its reason; a blank reason is said
    next to its field there."""
    campaign = campaign_get_for_results(request.user, pk, Action.RESULTS_VIEW_DRAFT)
    require(request.user, Action.RESULTS_APPROVE, campaign)
    reason = request.POST.get("reason", "").strip()
    decision = request.POST.get("decision", "").strip()
    raw = request.POST.get("version", "")
    seen = whole(raw, -1)
    if request.POST.get("confirm") == "1":
        units = campaign.forms.count()
        if reason and draft_jobs.in_background(units):
            return _correct_in_background(request, campaign, units, seen, reason, decision)
        return _step(request, pk, CORRECTED, results_correct, reason=reason, decision=decision)
    results = results_of(campaign_figures(campaign))
    context = {
        "campaign": campaign,
        "reason": reason,
        "decision": decision,
        "error": "" if reason else CORRECTION_REASON,
        "seen": seen,
        "latest": campaign.snapshots.order_by("-version").first(),
        "tables": portal.preview_tables(results),
        "units": sum(len(cohort.units) for cohort in results.cohorts),
        "units_url": f"/results/campaigns/{campaign.pk}/units/",
    }
    return render(request, "results/correct_confirm.html", context, status=200 if reason else 422)


def _correct_in_background(
    request: HttpRequest, campaign: Campaign, units: int, seen: int, reason: str, decision: str
) -> HttpResponse:
    """A large campaign's correction, confirmed, runs as its first publication does
    (``publish_jobs``): the publish page shows its progress, then the dashboard says what was
    published. Its state is asked here and again in the job's transaction."""
    if campaign.status != CampaignStatus.APPROVED:
        messages.error(request, NOT_APPROVED.format(status=campaign.get_status_display()))
        return redirect("results:dashboard", pk=campaign.pk)
    return _in_background(
        request,
        campaign,
        units,
        results_correct,
        kind=publish_jobs.CORRECT,
        expected_version=seen,
        reason=reason,
        decision=decision,
    )


def _in_background(
    request: HttpRequest,
    campaign: Campaign,
    units: int,
    service: Callable[..., Snapshot],
    *,
    kind: str = publish_jobs.PUBLISH,
    **arguments: Any,
) -> HttpResponse:
    """Start ``service`` (``results_publish`` or ``results_correct``: ``kind``, with
    ``arguments`` and the person as actor) for the campaign as a background job
    (``publish_jobs``) that then stores the public ranking files, and go to the publish page,
    which shows its progress."""
    job = publish_jobs.service_job(service, request.user, campaign, arguments)
    publish_jobs.start(campaign.pk, units, job, views_documents.store_public_files, kind=kind)
    return redirect("results:publish", pk=campaign.pk)
