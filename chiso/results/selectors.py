"""Reads of results: the live (draft) figures of a campaign, its snapshots, the previous year."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from chiso.campaigns.models import Campaign
from chiso.results import draft_cache, draft_jobs
from chiso.results.figures import typed_results
from chiso.results.figures_cache import remember, with_figures
from chiso.results.models import Snapshot
from chiso.results.official import OwnSection, campaign_results, own_results
from chiso.results.previous import Previous, previous_from
from chiso.units.models import Level, Succession, Unit

Data = dict[str, Any]


def campaign_figures_now(campaign: Campaign, progress: draft_jobs.Progress | None = None) -> Data:
    """The campaign's results computed now from the official values (what publishing freezes);
    ``progress``: told each stage and, while the units' figures are written, how many are done."""
    if progress is not None:
        progress.step("Đang chấm điểm, xếp hạng")
    results = campaign_results(campaign)
    step = None
    if progress is not None:
        progress.step("Đang tổng hợp số liệu từng đơn vị")
        step = progress.step
    built = typed_results(results, campaign_previous(campaign), step)
    figures = built.to_figures()
    remember(figures, built)  # the pages that read them typed need not read them again
    return figures


def draft_key(campaign: Campaign) -> tuple[Any, ...]:
    """The fingerprint of the data ``campaign``'s draft figures are computed from
    (``draft_cache.fingerprint``): read once by a page that reads several kept results."""
    return draft_cache.fingerprint(campaign, _provinces_behind(campaign.province))


def campaign_figures_ready(
    campaign: Campaign, key: tuple[Any, ...] | None = None
) -> tuple[Data | None, draft_jobs.Progress | None]:
    """``campaign_figures``, or (None, its progress) while a large campaign's draft is computed
    in the background (``draft_jobs``); ``key``: its ``draft_key``, if read already."""
    key = key or draft_key(campaign)
    found: Data | None
    found, progress = draft_jobs.figures_or_progress(
        campaign, key, campaign.forms.count(), lambda p: campaign_figures_now(campaign, p)
    )
    return found, progress


def campaign_own_ready(
    campaign: Campaign, key: tuple[Any, ...] | None = None
) -> tuple[dict[str, dict[str, OwnSection]] | None, draft_jobs.Progress | None]:
    """``campaign_own_results``, or (None, its progress) while computed in the background."""
    key = key or draft_key(campaign)

    def compute(progress: draft_jobs.Progress) -> dict[str, dict[str, OwnSection]]:
        progress.step("Đang chấm điểm tự đánh giá")
        return own_results(campaign)

    found: dict[str, dict[str, OwnSection]] | None
    found, progress = draft_jobs.figures_or_progress(
        campaign, key, campaign.forms.count(), compute, kind="own"
    )
    return found, progress


def campaign_figures(campaign: Campaign) -> Data:
    """The campaign's results from the official values (a draft until published), computed once
    per state of the data they come from (``draft_cache``); never change what it returns."""
    key = draft_cache.fingerprint(campaign, _provinces_behind(campaign.province))
    found: Data = draft_cache.cached(campaign, key, lambda: campaign_figures_now(campaign))
    return found


def campaign_own_results(campaign: Campaign) -> dict[str, dict[str, OwnSection]]:
    """Every unit's self-assessed points and level (``official.own_results``), computed once per
    state of the data, like ``campaign_figures``; never change what it returns."""
    key = draft_cache.fingerprint(campaign, _provinces_behind(campaign.province))
    found: dict[str, dict[str, OwnSection]] = draft_cache.cached(
        campaign, key, lambda: own_results(campaign), kind="own"
    )
    return found


def snapshot_latest(campaign: Campaign) -> Snapshot | None:
    """The latest version, its figures decoded once per process (``figures_cache``)."""
    found = campaign.snapshots.defer("data").order_by("-version").first()
    return None if found is None else with_figures(found)


def snapshot_source(snapshot: Snapshot) -> Data:
    """What names a snapshot when another one compares with it: no database id, so that the
    published record and its checksum are the same on every server (its checksum finds it)."""
    campaign = snapshot.campaign
    province = campaign.province
    return {
        "province": {"era": province.era, "code": province.code, "name": province.name},
        "campaign": campaign.name,
        "year": campaign.year,
        "version": snapshot.version,
        "sha256": snapshot.sha256,
    }


def provinces_behind(province: Unit) -> list[Unit]:
    """The province and, across the 2025 reform, the provinces it was formed from."""
    return _provinces_behind(province)


def _provinces_behind(province: Unit) -> list[Unit]:
    """The province and, across the 2025 reform, the provinces it was formed from."""
    links = Succession.objects.filter(successor=province).select_related("predecessor")
    return [province, *(link.predecessor for link in links)]


def published_campaigns(provinces: list[Unit]) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(province__in=provinces, snapshots__isnull=False)
        .select_related("province")
        .distinct()
        .order_by("-year", "province__code")
    )


def published_years(province: str = "", year: int | None = None) -> QuerySet[Campaign]:
    """Every campaign with published results (of one province code, one year, when given),
    newest year first, with its snapshots (oldest version first) and who published them."""
    campaigns = Campaign.objects.filter(snapshots__isnull=False)
    if province:
        campaigns = campaigns.filter(province__code=province)
    if year is not None:
        campaigns = campaigns.filter(year=year)
    versions = Snapshot.objects.select_related("published_by").order_by("version")
    return (
        campaigns.select_related("province")
        .prefetch_related(Prefetch("snapshots", queryset=versions))
        .distinct()
        .order_by("-year", "province__code", "pk")
    )


def campaign_previous(campaign: Campaign) -> Previous | None:
    """The latest earlier year published in this province or the provinces it absorbed."""
    earlier = [
        c
        for c in published_campaigns(_provinces_behind(campaign.province))
        if c.year < campaign.year
    ]
    if not earlier:
        return None
    year = earlier[0].year
    snapshots = [snapshot_latest(c) for c in earlier if c.year == year]
    pairs = [(snapshot_source(s), s.data) for s in snapshots if s is not None]
    era = pairs[0][1]["campaign"]["province"]["era"]
    previous = previous_from(pairs, _lineage(campaign) if era != campaign.era else {})
    return None if previous is None else _with_crosswalks(previous, campaign)


def _with_crosswalks(previous: Previous, campaign: Campaign) -> Previous:
    """``previous`` with the crosswalks the province confirmed from last year's framework of
    each level to this year's, where the two differ."""
    from dataclasses import replace

    from chiso.accounts.policy import Target
    from chiso.frameworks.selectors import crosswalk_links
    from chiso.results.previous import crosswalk_wanted

    target = Target(era=campaign.era, province_code=campaign.province_code)
    found = {}
    for cf in campaign.frameworks.all():
        used = (cf.framework_code, cf.framework_version)
        if not crosswalk_wanted(previous, cf.level, used):
            continue
        old = previous.frameworks[cf.level]
        links = crosswalk_links(target, old, used)
        if links is not None:
            found[(*old, *used)] = links
    return replace(previous, crosswalks=found) if found else previous


def _lineage(campaign: Campaign) -> dict[str, list[Data]]:
    links = (
        Succession.objects.filter(
            successor__era=campaign.era, successor__province_code=campaign.province_code
        )
        .exclude(successor__level=Level.PROVINCE)
        .select_related("predecessor", "successor")
        .order_by("predecessor__code")
    )
    found: dict[str, list[Data]] = {}
    for link in links:
        found.setdefault(link.successor.code, []).append(
            {
                "unit": link.predecessor.code,
                "name": link.predecessor.name,
                "whole": link.whole,
                "main": link.main,
            }
        )
    return found


def latest_snapshots(campaigns: list[Campaign]) -> list[Snapshot]:
    found = []
    for campaign in campaigns:
        snapshot = snapshot_latest(campaign)
        if snapshot is not None:
            found.append(snapshot)
    return found


def province_snapshots(code: str) -> list[Snapshot]:
    """The latest snapshot of every published year of the provinces with this code (any era)."""
    provinces = list(Unit.objects.filter(level=Level.PROVINCE, code=code))
    return latest_snapshots(list(published_campaigns(provinces)))


def published_in_era(province: Unit) -> list[Snapshot]:
    """The latest snapshot of every published year of the province (and of the provinces it
    absorbed) in the province's structure, where unit codes mean the same units."""
    campaigns = published_campaigns(_provinces_behind(province))
    return [s for s in latest_snapshots(list(campaigns)) if s.campaign.province.era == province.era]


def unit_history(snapshot: Snapshot, code: str) -> list[tuple[int, Data]]:
    """(year, the unit's figures) in every published year of the province and the provinces it
    absorbed, for the unit with this code in the snapshot's structure, oldest first."""
    found = []
    for other in published_in_era(snapshot.campaign.province):
        for cohort in other.data["cohorts"]:
            for unit in cohort["units"]:
                if unit["unit"] == code:
                    found.append((other.campaign.year, unit))
    return sorted(found, key=lambda pair: pair[0])


def published_unit_search(code: str, text: str) -> list[tuple[int, str, Data]]:
    """(year, cohort level, unit figures) of published units whose name matches ``text``
    ignoring case and diacritics (or whose code it is), newest year first."""
    from chiso.units.selectors import unit_search

    found = []
    for snapshot in province_snapshots(code):
        province = snapshot.campaign.province
        matching = set(
            unit_search(
                Unit.objects.filter(era=province.era, province_code=province.code), text
            ).values_list("code", flat=True)
        )
        for cohort in snapshot.data["cohorts"]:
            for unit in cohort["units"]:
                if unit["unit"] in matching:
                    found.append((snapshot.campaign.year, cohort["level"], unit))
    return sorted(found, key=lambda f: (-f[0], f[2]["name"]))
