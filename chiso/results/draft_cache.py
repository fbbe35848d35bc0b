"""The draft (not yet published) results of a campaign, computed once per state of its data.

Scoring and ranking every unit of a national cohort takes seconds; the dashboard, the approval
page, the publication preview, the draft documents and the API read the same figures. They are
kept per process, keyed by a fingerprint of everything they are computed from, read in a few
aggregate queries:

- the campaign's row (its version is bumped by every change of status), its schedule, its
  province's name and its frozen frameworks;
- its forms (count, sum of versions, last change, the largest id), answers and verifications
  (count, sum of versions, last change: every save bumps a version or the time it changed);
- the names, kinds and districts of its units (hashed: units carry no version);
- the earlier published snapshots the year-over-year comparison reads, the 2025 lineage, and
  the province's confirmed crosswalks between frameworks (each confirmation moves the time).

Any edit moves the fingerprint, so a page never shows figures older than the data. Publishing
does not read this cache: the published snapshot is computed afresh under the campaign's lock.
At most ``KEPT`` results (draft figures, self-assessed points) are kept, least recently used
first out; callers never change them (they are shared between requests, like ``figures_cache``).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Max, Sum

from chiso.campaigns.models import Answer, Campaign
from chiso.results.models import Snapshot
from chiso.units.models import Succession

Data = dict[str, Any]
KEPT = 8

_lock = threading.Lock()
_kept: OrderedDict[tuple[int, str], tuple[tuple[Any, ...], Any]] = OrderedDict()


def _rows(queryset: Any) -> tuple[Any, ...]:
    found = queryset.aggregate(n=Count("pk"), v=Sum("version"), at=Max("changed_at"))
    return (found["n"], found["v"], found["at"])


def fingerprint(campaign: Campaign, provinces: list[Any]) -> tuple[Any, ...]:
    """What the draft figures of ``campaign`` are computed from, in a few aggregate queries;
    ``provinces``: the province and those it was formed from (``selectors._provinces_behind``)."""
    from chiso.appraisal.models import Verification

    fresh = Campaign.objects.select_related("province").get(pk=campaign.pk)
    current = (
        tuple((f.attname, getattr(fresh, f.attname)) for f in Campaign._meta.concrete_fields),
        (fresh.province.code, fresh.province.name, fresh.province.era),
        (fresh.schedule.unit_deadline, fresh.schedule.grace_until),
        tuple(
            fresh.frameworks.order_by("pk").values_list("pk", "level", "framework_code", "sha256")
        ),
    )
    forms = campaign.forms.aggregate(
        n=Count("pk"), v=Sum("version"), at=Max("changed_at"), top=Max("pk")
    )
    units = hashlib.sha256()
    for row in campaign.forms.order_by("pk").values_list(
        "pk",
        "status",
        "late",
        "excluded",
        "exclusion_reason",
        "submitted_at",
        "framework_id",
        "unit__code",
        "unit__name",
        "unit__kind",
        "tags",
        "unit__parent__code",
        "unit__parent__name",
    ):
        units.update(repr(row).encode())
    earlier = tuple(
        Snapshot.objects.filter(campaign__province__in=provinces, campaign__year__lt=campaign.year)
        .order_by("pk")
        .values_list("pk", "sha256")
    )
    lineage = Succession.objects.filter(
        successor__era=campaign.era, successor__province_code=campaign.province_code
    ).aggregate(n=Count("pk"), top=Max("pk"))
    from chiso.frameworks.models import FrameworkCrosswalk

    crosswalks = FrameworkCrosswalk.objects.filter(
        era=campaign.era, province_code=campaign.province_code
    ).aggregate(n=Count("pk"), top=Max("pk"), at=Max("confirmed_at"))
    return (
        current,
        tuple(forms.values()),
        units.hexdigest(),
        _rows(Answer.objects.filter(form__campaign=campaign)),
        _rows(Verification.objects.filter(form__campaign=campaign)),
        earlier,
        tuple(lineage.values()),
        tuple(crosswalks.values()),
    )


def cached(
    campaign: Campaign, key: tuple[Any, ...], compute: Callable[[], Any], kind: str = "figures"
) -> Any:
    """What is kept for ``campaign`` (``kind``: "figures", "own") under ``key``, else
    ``compute()`` (then kept)."""
    slot = (campaign.pk, kind)
    with _lock:
        found = _kept.get(slot)
        if found is not None and found[0] == key:
            _kept.move_to_end(slot)
            return found[1]
    data = compute()
    with _lock:
        _kept[slot] = (key, data)
        _kept.move_to_end(slot)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return data


def peek(campaign: Campaign, key: tuple[Any, ...], kind: str = "figures") -> Any:
    """What is kept for ``campaign`` under ``key``, else None (nothing computed)."""
    with _lock:
        found = _kept.get((campaign.pk, kind))
        if found is not None and found[0] == key:
            _kept.move_to_end((campaign.pk, kind))
            return found[1]
    return None


def keep(campaign: Campaign, key: tuple[Any, ...], data: Any, kind: str = "figures") -> None:
    """Keep ``data`` for ``campaign`` under ``key`` (computed elsewhere: ``draft_jobs``)."""
    with _lock:
        _kept[(campaign.pk, kind)] = (key, data)
        _kept.move_to_end((campaign.pk, kind))
        while len(_kept) > KEPT:
            _kept.popitem(last=False)


def clear() -> None:
    with _lock:
        _kept.clear()
