"""Sở Nội vụ's page of a campaign's PUBLISHED results, its two workbooks, and the province's
report to the ministry.

Every figure comes from the latest published snapshot (``snapshot_bundle`` → ``result_set``), the
same data the public pages, the unit reports, the ranking workbook and the API read; a campaign
with nothing published has nothing here (403 to the province's people, 404 to anyone else).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from chiso.accounts.models import Role, RoleAssignment
from chiso.accounts.policy import HIDDEN_MESSAGE, Action, Target, allows, require
from chiso.campaigns.models import Campaign
from chiso.campaigns.views import XLSX
from chiso.publish.home_affairs import emulation_workbook, par_workbook
from chiso.publish.ministry import ministries, ministry_report_docx
from chiso.publish.model import ResultSet
from chiso.results.access import NOT_PUBLISHED
from chiso.results.bundle import snapshot_bundle
from chiso.results.documents import result_set
from chiso.results.figures_cache import with_figures
from chiso.results.models import Snapshot
from chiso.results.views_documents import DOCX, _send, file_name

NOT_PUBLISHED_HERE = "Đợt này chưa có kết quả được công bố: Sở Nội vụ chỉ nhận kết quả đã công bố."


def _published(request: HttpRequest, pk: int, action: Action) -> tuple[Campaign, Snapshot]:
    """The campaign and its latest published snapshot, after the policy's answer."""
    campaign = Campaign.objects.select_related("province").filter(pk=pk).first()
    if campaign is None:
        raise Http404(HIDDEN_MESSAGE)
    snapshot = (
        Snapshot.objects.select_related("campaign", "campaign__province", "published_by")
        .filter(campaign=campaign)
        .order_by("-version")
        .first()
    )
    target = Target(
        era=campaign.era, province_code=campaign.province_code, published=snapshot is not None
    )
    if snapshot is None and allows(request.user, Action.RESULTS_VIEW_DRAFT, target):
        raise Http404(NOT_PUBLISHED.format(what=campaign.name))
    require(request.user, action, target)
    if snapshot is None:  # the system administrator, on a campaign never published
        raise Http404(NOT_PUBLISHED.format(what=campaign.name))
    return campaign, with_figures(snapshot)


def _results(snapshot: Snapshot) -> ResultSet:
    bundle = snapshot_bundle(snapshot, told=False)
    if not bundle["figures"]["cohorts"]:
        raise Http404(NOT_PUBLISHED_HERE)
    return result_set(bundle)


def unit_heads(campaign: Campaign, codes: list[str]) -> dict[str, str]:
    """Unit code -> the full names of the active accounts holding its HEAD role, comma-joined.

    Read when the file is made: the heads in office now, not at publication."""
    found: dict[str, list[str]] = {}
    assignments = (
        RoleAssignment.objects.filter(
            role=Role.HEAD,
            unit__era=campaign.era,
            unit__province_code=campaign.province_code,
            unit__code__in=codes,
            user__is_active=True,
        )
        .select_related("user", "unit")
        .order_by("unit__code", "user__full_name", "user__username")
    )
    for a in assignments:
        if a.unit is not None:
            found.setdefault(a.unit.code, []).append(a.user.get_full_name())
    return {code: ", ".join(names) for code, names in found.items()}


def _codes(results: ResultSet) -> list[str]:
    return [e.unit for k in results.kinds for s in k.sections for e in s.entries]


@require_safe
def show_home_affairs(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, snapshot = _published(request, pk, Action.RESULTS_HOME_AFFAIRS)
    results = _results(snapshot)
    context: dict[str, Any] = {
        "campaign": campaign,
        "snapshot": snapshot,
        "results": results,
        "may_report": allows(request.user, Action.RESULTS_MINISTRY_REPORT, snapshot),
        "ministries": ministries(results, timezone.localdate()),
    }
    return render(request, "results/home_affairs.html", context)


@require_safe
def emulation_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, snapshot = _published(request, pk, Action.RESULTS_HOME_AFFAIRS)
    results = _results(snapshot)
    data = emulation_workbook(results, unit_heads(campaign, _codes(results)))
    return _send(data, XLSX, file_name(results, "thi-dua-khen-thuong", "xlsx"), private=True)


@require_safe
def par_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    _, snapshot = _published(request, pk, Action.RESULTS_HOME_AFFAIRS)
    results = _results(snapshot)
    return _send(
        par_workbook(results), XLSX, file_name(results, "so-lieu-chi-so-cchc", "xlsx"), private=True
    )


@require_safe
def ministry_report(request: HttpRequest, pk: int) -> HttpResponse:
    _, snapshot = _published(request, pk, Action.RESULTS_MINISTRY_REPORT)
    results = _results(snapshot)
    data = ministry_report_docx(results, on=timezone.localdate())
    return _send(data, DOCX, file_name(results, "bao-cao-bo", "docx"), private=True)
