"""One call that gathers a campaign's results into plain Python data for documents and pages.

``snapshot_bundle(snapshot)`` (published) and ``draft_bundle(campaign)`` (the department's draft)
return the same shape: ``snapshot`` (version, checksum, decision… or None for a draft),
``figures`` (every unit, total, level, rank, previous-year figure, not-ranked reason — see
``figures.py``), and ``stories`` (each unit's Vietnamese texts: position, change from last year,
strengths, weaknesses, gains, drops, next level; its groups against the cohort).
Only str, int, bool, None, lists and dicts: JSON-ready, no Django, no Fraction.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from chiso.campaigns.models import Campaign
from chiso.results.models import Snapshot
from chiso.results.selectors import campaign_figures
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
    return {
        cohort["level"]: {
            unit["unit"]: [story_dict(s) for s in unit_story(figures, cohort, unit)]
            for unit in cohort["units"]
        }
        for cohort in figures["cohorts"]
    }


def snapshot_bundle(snapshot: Snapshot) -> Data:
    figures = snapshot.data
    return {"snapshot": snapshot_meta(snapshot), "figures": figures, "stories": stories(figures)}


def draft_bundle(campaign: Campaign) -> Data:
    figures = campaign_figures(campaign)
    return {"snapshot": None, "figures": figures, "stories": stories(figures)}
