"""The public results portal: no login, published snapshots only (404 before publication).

URLs are stable per province and year: ``/public/<province>/<year>/`` shows the latest version,
``/public/<province>/<year>/v<n>/`` an earlier one, which stays readable after a correction.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from chiso.frameworks.selectors import outline_of
from chiso.results import charts, parts, portal
from chiso.results.access import snapshot_get_published
from chiso.results.bundle import snapshot_meta
from chiso.results.derived import derived
from chiso.results.figures_cache import results_of, with_figures
from chiso.results.methodology import TIES, campaign_methods
from chiso.results.models import Snapshot
from chiso.results.selectors import (
    province_snapshots,
    published_unit_search,
    unit_history,
)
from chiso.results.story import unit_story
from chiso.results.typed import Cohort, Results, Unit, from_figures
from chiso.units.models import Level

Data = dict[str, Any]
NO_PROVINCE = "Tỉnh mã {code} chưa công bố kết quả nào."


def _context(snapshot: Snapshot, version: int | None, figures: bool = True) -> dict[str, Any]:
    campaign = snapshot.campaign
    province = campaign.province.code
    base = f"/public/{province}/{campaign.year}/"
    return {
        "snapshot": snapshot,
        "meta": snapshot_meta(snapshot),
        "figures": snapshot.data if figures else None,
        "province": campaign.province,
        "year": campaign.year,
        "year_url": base,
        "prefix": f"{base}v{version}/" if version is not None else base,
        "versions": list(campaign.snapshots.defer("data").order_by("version")),
        "pinned": version,
    }


@require_safe
def portal_index(request: HttpRequest) -> HttpResponse:
    # Every province with a published year, newest first; nothing to parse, public by nature.
    snapshots = Snapshot.objects.select_related("campaign__province").order_by(
        "campaign__province__name", "-campaign__year", "-version"
    )
    provinces: dict[str, dict[str, Any]] = {}
    for s in snapshots:
        province = s.campaign.province
        entry = provinces.setdefault(province.code, {"province": province, "years": []})
        if s.campaign.year not in entry["years"]:
            entry["years"].append(s.campaign.year)
    return render(request, "results/public/index.html", {"provinces": provinces.values()})


@require_safe
def show_province(request: HttpRequest, province: str) -> HttpResponse:
    snapshots = province_snapshots(province)
    if not snapshots:
        raise Http404(NO_PROVINCE.format(code=province))
    query = request.GET.get("q", "").strip()[:100]
    found = published_unit_search(province, query) if query else []
    return render(
        request,
        "results/public/province.html",
        {
            "code": province,
            "name": snapshots[0].campaign.province.name,
            "snapshots": snapshots,
            "query": query,
            "found": found,
        },
    )


@require_safe
def show_year(
    request: HttpRequest, province: str, year: int, version: int | None = None
) -> HttpResponse:
    snapshot = snapshot_get_published(province, year, version)
    context = _context(snapshot, version)
    context["tables"] = portal.sections_overview(results_of(snapshot.data))
    return render(request, "results/public/year.html", context)


def _ranking_page(
    snapshot: Snapshot, level: str, section: str, district: str, prefix: str
) -> dict[str, Any]:
    """What a ranking page shows of the snapshot, its table rendered (the 3,321 rows of a
    national cohort cost more to word and render than the rest of the page)."""
    results = results_of(snapshot.data)
    cohort = portal.cohort_of(results, level)
    frame = portal.section_of(cohort, section)
    ranked, rest = portal.ranking_rows(cohort, frame, district)
    counts, n_ranked, n_before = portal.level_counts(frame)
    previous_year = results.previous_year
    table = render_to_string(
        "results/_ranking_table.html",
        {
            "ranked": ranked,
            "rest": rest,
            "unit_url": f"{prefix}units/",
            "previous_year": previous_year,
        },
    )
    return {
        "cohort": cohort,
        "section": frame,
        "counts": counts,
        "n_ranked": n_ranked,
        "n_before": n_before,
        "districts": portal.districts_of(cohort) if level == Level.COMMUNE else [],
        "district": district,
        "tables": portal.sections_overview(results),
        "ranking_table": mark_safe(table),  # noqa: S308 - rendered by the template engine
    }


def _ranking_body(snapshot: Snapshot, level: str, section: str, district: str, prefix: str) -> str:
    """The ranking page's body (``_ranking_body.html``): tables, district filter, counts, rows."""
    context = _ranking_page(snapshot, level, section, district, prefix)
    return render_to_string(
        "results/public/_ranking_body.html",
        context | {"figures": snapshot.data, "prefix": prefix},
    )


def ranking_part(snapshot: Snapshot, level: str, section: str, prefix: str) -> dict[str, str]:
    """What ``parts`` stores of a ranking page at publication: its heading's two names and its
    body, rendered from the figures just published (the latest version's links, no district)."""
    cohort = portal.cohort_of(results_of(snapshot.data), level)
    frame = portal.section_of(cohort, section)
    return {
        "section_name": frame.name,
        "level_label": cohort.level_label,
        "body": _ranking_body(snapshot, level, section, "", prefix),
    }


@require_safe
def show_ranking(
    request: HttpRequest,
    province: str,
    year: int,
    level: str,
    section: str,
    version: int | None = None,
) -> HttpResponse:
    district = request.GET.get("district", "")[:20]
    if version is None and not district:
        # The latest version's page of a whole table: stored at publication (``parts``), read
        # without decoding the snapshot when it is still as signed then.
        snapshot = snapshot_get_published(province, year, version, figures=False)
        part = parts.read(snapshot, parts.ranking_name(level, section))
        if part is not None:
            snapshot.checked_intact = True  # what is shown is what was published (signed)
            context = _context(snapshot, version, figures=False) | {
                "cohort": {"level": level, "level_label": part["level_label"]},
                "section": {"code": section, "name": part["section_name"]},
                "ranking_body": mark_safe(part["body"]),  # noqa: S308 - rendered at publication
            }
            return render(request, "results/public/ranking.html", context)
        with_figures(snapshot)
    else:
        snapshot = snapshot_get_published(province, year, version)
    context = _context(snapshot, version)
    # Derived once per published version and kept (``derived``): the same for every visitor.
    context |= derived(
        snapshot.sha256,
        snapshot.intact,
        ("public.ranking", level, section, district, context["prefix"]),
        lambda: _ranking_page(snapshot, level, section, district, context["prefix"]),
    )
    return render(request, "results/public/ranking.html", context)


def _unit_from_parts(snapshot: Snapshot, code: str) -> tuple[Results, Cohort, Unit, Any] | None:
    """(typed heads, cohort, unit, history) of a unit's page from the parts stored at
    publication of this snapshot and of the other years it shows (``parts``); None when any of
    them has none still as signed (published before parts were stored, or changed since). The
    heads (every cohort without its units) and the unit are read as the typed results; the
    other years' figures stay JSON data (each year's points, rank and level)."""
    others = parts.latest_in_era(snapshot)
    names = [parts.COHORTS, parts.unit_name(code)]
    found = parts.read_many([snapshot, *others], names)
    if any((s.pk, parts.COHORTS) not in found for s in [snapshot, *others]):
        return None
    mine = found.get((snapshot.pk, parts.unit_name(code)))
    if mine is None:
        return None
    heads = from_figures(found[(snapshot.pk, parts.COHORTS)])
    cohort = portal.cohort_of(heads, mine["level"])
    history = sorted(
        (
            (s.campaign.year, found[(s.pk, parts.unit_name(code))]["unit"])
            for s in others
            if (s.pk, parts.unit_name(code)) in found
        ),
        key=lambda pair: pair[0],
    )
    return heads, cohort, Unit.read(mine["unit"]), history


@require_safe
def show_unit(
    request: HttpRequest, province: str, year: int, code: str, version: int | None = None
) -> HttpResponse:
    snapshot = snapshot_get_published(province, year, version, figures=False)
    stored = _unit_from_parts(snapshot, code)
    if stored is not None:
        # What was published, as signed then: neither this snapshot nor another year's decoded.
        snapshot.checked_intact = True
        results, cohort, unit, history = stored
    else:
        with_figures(snapshot)
        results = results_of(snapshot.data)
        cohort, unit = portal.unit_of(results, code)
        history = unit_history(snapshot, code)
    stories = unit_story(results, cohort, unit)
    years = [y for y, _ in history]
    points = {
        s.code: [
            next((m["points_exact"] for m in u["sections"] if m["code"] == s.code), None)
            for _, u in history
        ]
        for s in cohort.sections
    }
    context = _context(snapshot, version, figures=stored is None) | {
        "cohort": cohort,
        "unit": unit,
        "stories": stories,
        "history": list(zip(years, [u for _, u in history], strict=True)),
        "history_chart": charts.history(years, cohort.sections, points),
        "profile_charts": [(s.code, charts.profile(list(s.groups))) for s in stories],
    }
    return render(request, "results/public/unit.html", context)


@require_safe
def show_methodology(request: HttpRequest, province: str, year: int) -> HttpResponse:
    snapshot = snapshot_get_published(province, year)
    methods = [(m, outline_of(m.framework)) for m in campaign_methods(snapshot)]
    context = _context(snapshot, None) | {"methods": methods, "ties": TIES}
    return render(request, "results/public/methodology.html", context)
