"""The official documents as downloads: the year's summary, the ranking tables, the draft decision
and the department's submission, each unit's report.

The department (``RESULTS_VIEW_DRAFT``: unit people 403, other provinces and anonymous 404) gets
all of them for the draft (no ``?v=``) and for each published version (``?v=<n>``). The public
gets, without login, a published version's ranking tables and unit reports; the decision drafts
stay internal. Every file names and prints the version and checksum of the figures it shows.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from chiso.accounts.policy import Action
from chiso.campaigns.models import Campaign
from chiso.campaigns.views import XLSX
from chiso.posted import whole
from chiso.publish.decision import decision_docx, submission_docx
from chiso.publish.model import ResultSet
from chiso.publish.summary import build_summary
from chiso.publish.tables import ranking_csv, ranking_workbook
from chiso.publish.unit_report import find_unit, unit_report_pdf
from chiso.results import parts
from chiso.results.access import campaign_get_for_results, snapshot_get_published
from chiso.results.bundle import draft_bundle, snapshot_bundle, unit_report_bundle
from chiso.results.documents import result_set
from chiso.results.figures_cache import with_figures
from chiso.results.models import Snapshot
from chiso.units_data import fold

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
NO_VERSION = "Đợt này không có phiên bản kết quả «{version}»."
NO_RESULTS = "Đợt chưa có kết quả nào để lập văn bản."
NO_REPORT = "Đơn vị mã {code} không có điểm trong kết quả này."
NO_PROFILE = ""  # ``result_set(only="")``: no unit's profile (no unit has an empty code)


def _summary_text(results: ResultSet) -> bytes:
    return build_summary(results).text().encode("utf-8")


@dataclass(frozen=True)
class Download:
    """One document: how its file is named and typed, and the function that makes it."""

    stem: str
    extension: str
    content_type: str
    build: Callable[[ResultSet], bytes]
    # Whether it reads the units' profiles (the summary counts them); the ranking tables and the
    # decision draft do not (the submission tells the summary), and building every unit's
    # profile cost more than the file.
    profiles: bool = True


RANKING_XLSX = Download("xep-hang", "xlsx", XLSX, ranking_workbook, profiles=False)
RANKING_CSV = Download("xep-hang", "csv", "text/csv; charset=utf-8", ranking_csv, profiles=False)
SUMMARY_TXT = Download("tom-tat-ket-qua", "txt", "text/plain; charset=utf-8", _summary_text)
DECISION_DOCX = Download("du-thao-quyet-dinh", "docx", DOCX, decision_docx, profiles=False)
SUBMISSION_DOCX = Download("du-thao-to-trinh", "docx", DOCX, submission_docx)


def _slug(text: str) -> str:
    return slugify(fold(text))


def _edition(results: ResultSet) -> str:
    version = results.meta.version
    return "du-thao" if version is None else f"v{version}"


def file_name(results: ResultSet, stem: str, extension: str) -> str:
    """``xep-hang-dak-nong-2019-v1.xlsx``; a draft's ends in ``-du-thao``."""
    meta = results.meta
    return f"{stem}-{_slug(meta.province)}-{meta.year}-{_edition(results)}.{extension}"


def _send(data: bytes, content_type: str, name: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def _results(
    bundle: dict[str, Any],
    only: str | None = None,
    sources: dict[str, Any] | None = None,
    *,
    tables: bool = True,
) -> ResultSet:
    if not bundle["figures"]["cohorts"]:
        raise Http404(NO_RESULTS)
    return result_set(bundle, only=only, sources=sources, tables=tables)


def _sources(campaign: Campaign, only: str | None) -> dict[str, Any] | None:
    """Where each value of one unit's report came from (its criteria lines); None otherwise."""
    if not only:
        return None
    from chiso.sources.documents import document_sources

    return document_sources(campaign, only)


def _department(
    request: HttpRequest, pk: int, only: str | None = None
) -> tuple[Campaign, ResultSet, str]:
    """The campaign, its results as documents show them (the draft, or ``?v=<n>``), the query;
    ``only``: one unit's report is made, the other units' profiles are not."""
    campaign = campaign_get_for_results(request.user, pk, Action.RESULTS_VIEW_DRAFT)
    raw = request.GET.get("v", "")
    if not raw:
        from dataclasses import replace

        from chiso.appraisal.contest import objection_lines

        results = _results(draft_bundle(campaign, told=False), only, _sources(campaign, only))
        meta = replace(results.meta, objections=objection_lines(campaign))
        return campaign, replace(results, meta=meta), ""
    number = whole(raw)
    versions = None if number is None else campaign.snapshots.defer("data").filter(version=number)
    snapshot = versions.first() if versions is not None else None
    if snapshot is None:
        raise Http404(NO_VERSION.format(version=raw[:20]))
    # Decoded and checked once per process (``figures_cache``), as the public pages read it.
    bundle = snapshot_bundle(with_figures(snapshot), told=False)
    return campaign, _results(bundle, only, _sources(campaign, only)), f"?v={snapshot.version}"


def _unit_report(results: ResultSet, code: str, *, private: bool) -> HttpResponse:
    try:
        _, unit = find_unit(results, code)
    except KeyError:
        raise Http404(NO_REPORT.format(code=code[:20])) from None
    name = file_name(results, f"bao-cao-{unit.unit}-{_slug(unit.name)}", "pdf")
    return _send(unit_report_pdf(results, unit.unit), PDF, name, private=private)


@require_safe
def department_file(request: HttpRequest, pk: int, download: Download) -> HttpResponse:
    _, results, _ = _department(request, pk, None if download.profiles else NO_PROFILE)
    name = file_name(results, download.stem, download.extension)
    return _send(download.build(results), download.content_type, name, private=True)


@require_safe
def department_unit_report(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    _, results, _ = _department(request, pk, only=code)
    return _unit_report(results, code, private=True)


@require_safe
def department_summary(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, results, query = _department(request, pk)
    summary = build_summary(results)
    context = {
        "campaign": campaign,
        "results": results,
        "version_query": query,
        "title": summary.title,
        # The publish module escapes every text it writes into this fragment.
        "summary_html": mark_safe(summary.html()),  # noqa: S308
    }
    return render(request, "results/summary.html", context)


@require_safe
def public_file(
    request: HttpRequest, province: str, year: int, download: Download, version: int | None = None
) -> HttpResponse:
    """A published version's download, made from its figures once and stored (``parts``): the
    next requests, in any worker, read the file, not the snapshot. A download reading the units'
    profiles (their history comes from the other years' latest versions, which a correction of
    an earlier year changes) is made on every request."""
    snapshot = snapshot_get_published(province, year, version, figures=False)
    kept = None if download.profiles else parts.read(snapshot, _part(download))
    if kept is not None:
        data = base64.b64decode(kept["base64"])
        return _send(data, download.content_type, kept["name"], private=False)
    name, data = _made(snapshot, download)
    return _send(data, download.content_type, name, private=False)


def _part(download: Download) -> str:
    return parts.file_name(f"{download.stem}.{download.extension}")


def _made(snapshot: Snapshot, download: Download) -> tuple[str, bytes]:
    """The file of a published version, kept among its parts unless it reads the profiles."""
    with_figures(snapshot)
    only = None if download.profiles else NO_PROFILE
    results = _results(snapshot_bundle(snapshot, told=False), only)
    name = file_name(results, download.stem, download.extension)
    data = download.build(results)
    if not download.profiles and snapshot.intact:
        parts.keep(
            snapshot, _part(download), {"name": name, "base64": base64.b64encode(data).decode()}
        )
    return name, data


PUBLIC_FILES = (RANKING_XLSX, RANKING_CSV)  # the public downloads kept among the parts


def store_public_files(snapshot: Snapshot, progress: Any = None) -> None:
    """Make and keep the public ranking files of a version just published (``publish_jobs``),
    so their first download reads them rather than making them in a request."""
    for download in PUBLIC_FILES:
        if progress is not None:
            progress.step(f"Đang lập tệp xếp hạng .{download.extension}", progress.total)
        _made(snapshot, download)


@require_safe
def public_unit_report(
    request: HttpRequest, province: str, year: int, code: str, version: int | None = None
) -> HttpResponse:
    """One unit's report, from the parts stored at publication (its figures and its cohort's,
    no snapshot decoded) while they are as signed then; from the snapshot otherwise."""
    snapshot = snapshot_get_published(province, year, version, figures=False)
    sources = _sources(snapshot.campaign, code)
    bundle = unit_report_bundle(snapshot, code)
    if bundle is not None:
        results = _results(bundle, code, sources, tables=False)
    else:
        results = _results(snapshot_bundle(with_figures(snapshot), told=False), code, sources)
    return _unit_report(results, code, private=False)
