"""Units within the caller's scope: search (without diacritics), one unit with its children and
its lineage across the 2025 reform — ``chiso.units`` selectors under the permission policy."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from chiso.accounts.policy import visible_units
from chiso.api.common import READ_ERRORS, Page, PageParams, UnitRef, filtered, page, responses
from chiso.units.access import unit_get_for_user
from chiso.units.models import Succession
from chiso.units.selectors import unit_lineage, unit_search

router = Router(tags=["Đơn vị"])

EraParam = Literal["2019", "2025"]
LevelParam = Literal["province", "district", "commune", "agency"]


class UnitFilters(Schema):
    q: str = Field("", max_length=100, description="Tên (không phân biệt dấu) hoặc đúng mã.")
    era: EraParam | None = Field(None, description="2019: 3 cấp; 2025: 2 cấp.")
    level: LevelParam | None = None
    province: str = Field("", max_length=4, description="Mã tỉnh, ví dụ 67 (Đắk Nông).")
    parent: str = Field("", max_length=20, description="Mã đơn vị cấp trên (cùng cấu trúc).")


class UnitOut(UnitRef):
    province_code: str
    parent: UnitRef | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class UnitList(Page):
    items: list[UnitOut]


class Link(Schema):
    unit: UnitRef
    whole: bool = Field(description="Sáp nhập toàn bộ (false: một phần).")
    main: bool = Field(description="Đơn vị kế thừa chính của một xã bị chia.")


class UnitDetail(UnitOut):
    children: list[UnitRef]
    came_from: list[Link] = Field(description="Đơn vị cũ đã nhập vào đơn vị này (cải cách 2025).")
    went_to: list[Link] = Field(description="Đơn vị mới mà đơn vị này đã nhập vào.")


def _link(link: Succession, unit: Any) -> dict[str, Any]:
    return {"unit": unit, "whole": link.whole, "main": link.main}


@router.get(
    "/units",
    response=responses(UnitList, READ_ERRORS),
    summary="Tìm đơn vị trong phạm vi của người dùng",
)
def units_list(
    request: HttpRequest, filters: Query[UnitFilters], paging: Query[PageParams]
) -> dict:
    units = filtered(
        visible_units(request.user).select_related("parent"),
        era=filters.era,
        level=filters.level,
        province_code=filters.province,
        parent__code=filters.parent,
    )
    return page(
        unit_search(units, filters.q).order_by("era", "province_code", "level", "code"), paging
    )


@router.get(
    "/units/{era}/{code}",
    response=responses(UnitDetail, READ_ERRORS),
    summary="Một đơn vị, đơn vị trực thuộc và lịch sử sáp nhập",
)
def units_get(
    request: HttpRequest,
    era: Path[EraParam],
    code: str = Path(..., max_length=20, description="Mã đơn vị, ví dụ 666 hoặc 67-STTTT."),
) -> dict:
    unit = unit_get_for_user(request.user, era, code)
    came_from, went_to = unit_lineage(unit)
    children = visible_units(request.user).filter(parent=unit).order_by("level", "code")
    return {
        **UnitOut.model_validate(unit).model_dump(),
        "children": children,
        "came_from": [_link(link, link.predecessor) for link in came_from],
        "went_to": [_link(link, link.successor) for link in went_to],
    }
