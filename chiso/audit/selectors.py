"""Reading the audit trail: what a person may see, and the entries matching the filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from chiso.accounts.policy import Action, Target, allows, grants_of
from chiso.audit.models import Entry
from chiso.units.models import Unit

FORM_OBJECT = "campaigns.form"


def audit_scope(user: Any) -> Q | None:
    """The entries the person may read (policy ``AUDIT_VIEW``); None: none at all.

    System administrator: every entry. A province role: the province's entries. A unit role
    (reporter, head): the entries about that unit.
    """
    g = grants_of(user)
    if g.system_admin:
        return Q()
    units = Unit.objects.in_bulk([x.unit_id for x in g.grants if x.unit_id is not None])
    scope: Q | None = None
    for grant in g.grants:
        target = Target(grant.era, grant.province_code, grant.unit_id)
        if not allows(user, Action.AUDIT_VIEW, target):
            continue
        unit = units.get(grant.unit_id) if grant.unit_id is not None else None
        if unit is None:
            part = Q(era=grant.era, province_code=grant.province_code)
        else:
            part = Q(era=unit.era, unit_code=unit.code)
        scope = part if scope is None else scope | part
    return scope


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def entries_matching(scope: Q, filters: dict[str, Any]) -> QuerySet[Entry]:
    """Entries in ``scope`` matching the cleaned ``EntryFilters``, newest first.

    A criterion matches entries about it and Excel uploads that changed its answer; dates are
    whole days in Vietnam time, both ends included.
    """
    entries = Entry.objects.filter(scope).select_related("actor")
    if filters.get("form"):
        entries = entries.filter(object_type=FORM_OBJECT, object_id=str(filters["form"]))
    if unit := filters.get("unit"):
        entries = entries.filter(unit_code=unit.strip())
    if criterion := filters.get("criterion"):
        code = criterion.strip()
        entries = entries.filter(Q(criterion=code) | Q(changes__answers__has_key=code))
    if person := filters.get("person"):
        text = person.strip()
        entries = entries.filter(
            Q(actor_label__icontains=text) | Q(actor__full_name__icontains=text)
        )
    if action := filters.get("action"):
        entries = entries.filter(action=action)
    if start := filters.get("date_from"):
        entries = entries.filter(at__gte=_day_start(start))
    if end := filters.get("date_to"):
        entries = entries.filter(at__lt=_day_start(end + dt.timedelta(days=1)))
    return entries.order_by("-seq")
