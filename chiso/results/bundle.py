"""One call that gathers a campaign's results into plain Python data for documents and pages.

``snapshot_bundle(snapshot)`` (published) and ``draft_bundle(campaign)`` (the department's draft)
return the same shape: ``snapshot`` (version, checksum, decision… or None for a draft),
``figures`` (every unit, total, level, rank, previous-year figure, not-ranked reason — see
``figures.py``), ``stories`` (each unit's Vietnamese texts: position, change from last year,
strengths, weaknesses, gains, drops, next level; its groups against the cohort), ``frameworks``
(who issued each cohort's framework and the document it implements, for the decision's "Căn cứ")
and ``history`` (each unit's published figures in the years before the one compared with).
Only str, int, bool, None, lists and dicts: JSON-ready, no Django, no Fraction.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from chiso.campaigns.frozen import frozen_framework
from chiso.campaigns.models import Campaign
from chiso.results import parts
from chiso.results.figures_cache import results_of
from chiso.results.models import Snapshot
from chiso.results.selectors import campaign_figures, published_in_era
from chiso.results.story import ItemRow, SectionStory, unit_story
from chiso.scoring import exact_text

Data = dict[str, Any]


def snapshot_meta(snapshot: Snapshot) -> Data:
    by = snapshot.published_by
    return {
        "version": snapshot.version,
        "sha256": snapshot.sha256,
        "intact": snapshot.intact,
        "decision": snapshot.decision,
        "decision_signer": snapshot.decision_signer,
        "reason": snapshot.reason,
        "published_at": timezone.localtime(snapshot.published_at).isoformat(),
        "published_by": by.get_full_name() if by is not None else "",
    }


def _row(row: ItemRow) -> Data:
    return {
        "code": row.code,
        "name": row.name,
        "depth": row.depth,
        "points": row.points,
        "max_points": row.max_points,
        "share": None if row.share is None else exact_text(row.share),
        "cohort_mean_share": None if row.mean_share is None else exact_text(row.mean_share),
        "above": row.above,
        "of": row.of,
        "previous": row.previous,
    }


def story_dict(story: SectionStory) -> Data:
    return {
        "section": story.code,
        "name": story.name,
        "headline": story.headline,
        "change": story.change,
        "groups": [_row(r) for r in story.groups],
        "criteria": [_row(r) for r in story.criteria],
        "strengths": list(story.strengths),
        "weaknesses": list(story.weaknesses),
        "gains": list(story.gains),
        "drops": list(story.drops),
        "next_level": list(story.next_level),
    }


def stories(figures: Data) -> Data:
    """{level: {unit code: [section story, ...]}} for every unit with a score."""
    results = results_of(figures)
    return {
        cohort.level: {
            unit.unit: [story_dict(s) for s in unit_story(results, cohort, unit)]
            for unit in cohort.units
        }
        for cohort in results.cohorts
    }


def frameworks(campaign: Campaign) -> Data:
    """{level: the issuer and legal document of the framework the campaign froze for it}."""
    found = {}
    for cf in campaign.frameworks.all():
        if not cf.sha256:  # not frozen yet (a campaign in preparation): no results to cite it
            continue
        framework = frozen_framework(cf.framework_code, cf.sha256, cf.sources)
        found[str(cf.level)] = {
            "code": framework.code,
            "issuer": framework.issuer,
            "legal_document": framework.legal_basis.document,
        }
    return found


def _kept_sections(unit: Data) -> Data:
    """What a unit's history keeps of its figures of a year: each section's points, rank, level."""
    return {
        s["code"]: {k: s[k] for k in ("points_exact", "rank", "level")} for s in unit["sections"]
    }


def history(campaign: Campaign, figures: Data) -> Data:
    """{unit code: [{year, version, sections: {code: {points_exact, rank, level}}}, ...]}: the
    unit's published figures in the campaign's structure, oldest first, for the years before the
    one the figures compare with (that year's figure is frozen in the figures themselves)."""
    before = (figures.get("previous") or {}).get("year")
    if before is None:
        return {}
    wanted = {unit["unit"] for cohort in figures["cohorts"] for unit in cohort["units"]}
    found: Data = {}
    for snapshot in published_in_era(campaign.province):
        year = snapshot.campaign.year
        if year >= before:
            continue
        for cohort in snapshot.data["cohorts"]:
            for unit in cohort["units"]:
                if unit["unit"] not in wanted or not unit["sections"]:
                    continue
                found.setdefault(unit["unit"], []).append(
                    {"year": year, "version": snapshot.version, "sections": _kept_sections(unit)}
                )
    return {code: sorted(years, key=lambda y: y["year"]) for code, years in found.items()}


def _bundle(campaign: Campaign, meta: Data | None, figures: Data, *, told: bool) -> Data:
    return {
        "snapshot": meta,
        "figures": figures,
        # Every unit's story costs as much as the rest together at national scale: the official
        # documents do not read them (``told=False``), only the bundle served as JSON does.
        "stories": stories(figures) if told else {},
        "frameworks": frameworks(campaign),
        "history": history(campaign, figures),
    }


def snapshot_bundle(snapshot: Snapshot, *, told: bool = True) -> Data:
    return _bundle(snapshot.campaign, snapshot_meta(snapshot), snapshot.data, told=told)


def draft_bundle(campaign: Campaign, *, told: bool = True) -> Data:
    return _bundle(campaign, None, campaign_figures(campaign), told=told)


def unit_report_bundle(snapshot: Snapshot, code: str) -> Data | None:
    """What one unit's report reads of a published snapshot (``result_set(bundle, only=code,
    tables=False)``), from the parts stored at its publication (``parts``): the report's heads,
    the unit's figures, and the unit's figures of the earlier published years for its history;
    no snapshot decoded. None when any of them is missing or changed since (the snapshot itself
    is then read); ``snapshot`` is then marked intact (what was signed at publication)."""
    found = parts.read_many([snapshot], [parts.REPORT, parts.unit_name(code)])
    heads, mine = (
        found.get((snapshot.pk, parts.REPORT)),
        found.get((snapshot.pk, parts.unit_name(code))),
    )
    if heads is None or mine is None:
        return None
    before = (heads.get("previous") or {}).get("year")
    earlier = (
        []
        if before is None
        else [s for s in parts.latest_in_era(snapshot) if s.campaign.year < before]
    )
    if len(parts.stored(earlier)) < len(earlier):
        return None  # an earlier year published before parts existed: read from its snapshot
    years = parts.read_many(earlier, [parts.unit_name(code)])
    history = [
        {"year": s.campaign.year, "version": s.version, "sections": _kept_sections(unit)}
        for s in sorted(earlier, key=lambda s: s.campaign.year)
        if (unit := (years.get((s.pk, parts.unit_name(code))) or {}).get("unit"))
        and unit["sections"]
    ]
    figures = {k: v for k, v in heads.items() if k != "cohorts"} | {
        "cohorts": [
            cohort | {"units": [mine["unit"]] if cohort["level"] == mine["level"] else []}
            for cohort in heads["cohorts"]
        ]
    }
    snapshot.checked_intact = True
    return {
        "snapshot": snapshot_meta(snapshot),
        "figures": figures,
        "stories": {},
        "frameworks": frameworks(snapshot.campaign),
        "history": {code: history} if history else {},
    }
