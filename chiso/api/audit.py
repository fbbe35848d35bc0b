"""The audit trail, read-only, to those the policy lets see it (``Action.AUDIT_VIEW``): a
province's roles see the province's entries, a unit's people their unit's, the system
administrator everything."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from chiso.accounts.policy import Action, Target, allows, grants_of
from chiso.api.common import READ_ERRORS, Page, PageParams, filtered, page, responses
from chiso.audit.models import Entry
from chiso.units.models import Unit

router = Router(tags=["Nhật ký"])
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class AuditFilters(Schema):
    action: str = Field("", max_length=60, description="Thao tác, hoặc tiền tố: forms., appraisal.")
    object_type: str = Field("", max_length=60, description="Ví dụ campaigns.form.")
    province: str = Field("", max_length=4)
    unit: str = Field("", max_length=20, description="Mã đơn vị.")
    actor: str = Field("", max_length=150, description="Tên đăng nhập.")
    since: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="Từ ngày.")
    until: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="Đến hết ngày.")


class EntryOut(Schema):
    id: int
    at: dt.datetime
    actor: str = Field(description="Tên đăng nhập lúc đó, hoặc «hệ thống».")
    action: str
    object_type: str
    object_id: str
    object_repr: str
    era: str
    province_code: str
    unit_code: str
    changes: Any
    reason: str

    @staticmethod
    def resolve_actor(entry: Entry) -> str:
        return entry.actor_label


class EntryList(Page):
    items: list[EntryOut]


def entries_for_user(user: Any) -> QuerySet[Entry]:
    """The entries whose scope the policy lets the person read (asked once per scope held)."""
    g = grants_of(user)
    if g.system_admin:
        return Entry.objects.all()
    scope = Q(pk__in=[])
    units = {
        u.pk: u for u in Unit.objects.filter(pk__in=[x.unit_id for x in g.grants if x.unit_id])
    }
    for grant in g.grants:
        province = Target(era=grant.era, province_code=grant.province_code)
        if allows(user, Action.AUDIT_VIEW, province):
            scope |= Q(era=grant.era, province_code=grant.province_code)
        elif grant.unit_id in units and allows(user, Action.AUDIT_VIEW, units[grant.unit_id]):
            unit = units[grant.unit_id]
            scope |= Q(era=unit.era, province_code=unit.province_code, unit_code=unit.code)
    return Entry.objects.filter(scope)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@router.get(
    "/audit",
    response=responses(EntryList, READ_ERRORS),
    summary="Nhật ký thay đổi trong phạm vi của người dùng, mới nhất trước",
)
def audit_list(
    request: HttpRequest, filters: Query[AuditFilters], paging: Query[PageParams]
) -> dict:
    entries = filtered(
        entries_for_user(request.user),
        action__startswith=filters.action,
        object_type=filters.object_type,
        province_code=filters.province,
        unit_code=filters.unit,
        actor_label=filters.actor,
        at__gte=filters.since and _day_start(filters.since),
        at__lt=filters.until and _day_start(filters.until + dt.timedelta(days=1)),
    )
    return page(entries.order_by("-at", "-id"), paging)
