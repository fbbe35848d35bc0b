"""The audit trail, read-only, to those the policy lets read it (``Action.AUDIT_VIEW``), with
the filters of the /audit/ pages — ``chiso.audit.selectors``, the pages' own reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from chiso.api.common import READ_ERRORS, Page, PageParams, page, responses
from chiso.audit.models import Entry
from chiso.audit.selectors import audit_scope, entries_matching

router = Router(tags=["Nhật ký"])
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class AuditFilters(Schema):
    unit: str = Field("", max_length=20, description="Mã đơn vị.")
    criterion: str = Field("", max_length=40, description="Mã tiêu chí.")
    person: str = Field("", max_length=200, description="Tên đăng nhập hoặc họ tên (một phần).")
    action: str = Field("", max_length=60, description="Thao tác, ví dụ forms.submit.")
    form: int | None = Field(None, ge=1, le=2**53, description="Mã phiếu: nhật ký của một phiếu.")
    date_from: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="Từ ngày.")
    date_to: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="Đến hết ngày.")


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
    criterion: str
    changes: Any
    reason: str

    @staticmethod
    def resolve_actor(entry: Entry) -> str:
        return entry.actor_label


class EntryList(Page):
    items: list[EntryOut]


@router.get(
    "/audit",
    response=responses(EntryList, READ_ERRORS),
    summary="Nhật ký thay đổi trong phạm vi của người dùng, mới nhất trước",
)
def audit_list(
    request: HttpRequest, filters: Query[AuditFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """Như trang /audit/: Sở thấy nhật ký của tỉnh, đơn vị thấy nhật ký về đơn vị mình."""
    scope = audit_scope(request.user)
    if scope is None:
        return page([], paging)
    return page(entries_matching(scope, filters.model_dump()), paging)
