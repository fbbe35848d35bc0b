"""Fetch what a results page shows and check the person's right to it in one call.

Published results are public (no login); draft results are the province's department only:
a unit's people get 403, anyone outside the province 404 (``accounts.policy``).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, require
from chiso.campaigns.models import Campaign
from chiso.results.figures_cache import with_figures
from chiso.results.models import Snapshot
from chiso.units.models import Level, era_of_year

NOT_PUBLISHED = "Chưa có kết quả được công bố cho {what}."


def campaign_get_for_results(user: Any, pk: int, action: Action) -> Campaign:
    campaign = Campaign.objects.select_related("province").filter(pk=pk).first()
    if campaign is None:
        raise Http404(HIDDEN_MESSAGE)
    require(user, action, campaign)
    return campaign


def snapshot_get_published(
    province: str, year: int, version: int | None = None, figures: bool = True
) -> Snapshot:
    """The published snapshot of a province's year (the latest version unless one is named);
    ``figures`` False: without its figures (``data`` deferred, not decoded nor hashed).

    Anyone may read it; a year with nothing published is a 404, whoever asks.
    """
    snapshots = (
        Snapshot.objects.select_related("campaign", "campaign__province", "published_by")
        .defer("data")
        .filter(
            campaign__province__era=era_of_year(year),
            campaign__province__code=province,
            campaign__province__level=Level.PROVINCE,
            campaign__year=year,
        )
    )
    if version is not None:
        snapshots = snapshots.filter(version=version)
    snapshot = snapshots.order_by("-version").first()
    if snapshot is None:
        raise Http404(NOT_PUBLISHED.format(what=f"năm {year}"))
    require(None, Action.RESULTS_VIEW_PUBLISHED, snapshot)
    return with_figures(snapshot) if figures else snapshot
