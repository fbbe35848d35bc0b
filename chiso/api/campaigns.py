"""Campaigns: the ones the caller can see, one with its dates and frameworks, and its steps —
create and open (province administrator), start appraisal and send for approval (appraisers),
approve or send back (approver) — each a ``chiso.campaigns`` / ``chiso.appraisal`` service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, allows
from chiso.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    Page,
    PageParams,
    UnitRef,
    filtered,
    page,
    responses,
)
from chiso.api.errors import ApiError
from chiso.api.form_schemas import ReasonIn, VersionIn
from chiso.appraisal import approval
from chiso.appraisal.views import _campaign as department_campaign
from chiso.campaigns.models import Campaign
from chiso.campaigns.selectors import campaigns_for_user
from chiso.campaigns.services import campaign_create, campaign_open
from chiso.errors import DomainError
from chiso.units.models import Level, Unit

router = Router(tags=["Đợt đánh giá"])

CampaignStatusParam = Literal["draft", "collecting", "appraising", "awaiting_approval", "approved"]


class CampaignFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    status: CampaignStatusParam | None = None
    province: str = Field("", max_length=4, description="Mã tỉnh.")


class FrameworkUse(Schema):
    level: str = Field(description="district | commune | agency")
    framework_code: str
    framework_version: str
    sha256: str = Field(description="Dấu vân tay các tệp bộ tiêu chí đã đóng băng khi mở đợt.")


class CampaignPermissions(Schema):
    manage: bool
    view_all_forms: bool
    appraise: bool
    approve: bool


class CampaignOut(Schema):
    id: int
    name: str
    year: int
    status: str
    province: UnitRef
    request_date: dt.date
    deadline: dt.date = Field(description="Hạn nộp của đơn vị (ngày làm việc).")
    grace_until: dt.date
    appraisal_deadline: dt.date
    schedule: list[str] = Field(description="Các mốc và cách tính, bằng lời.")
    exclude_late: bool
    reporter_may_submit: bool
    opened_at: dt.datetime | None
    frameworks: list[FrameworkUse]
    permissions: CampaignPermissions
    version: int = Field(description="Gửi lại khi phê duyệt.")


class CampaignList(Page):
    items: list[CampaignOut]


class ProvinceIn(Schema):
    era: Literal["2019", "2025"]
    code: str = Field(..., min_length=1, max_length=4)


class CampaignIn(Schema):
    province: ProvinceIn
    year: int = Field(..., ge=2000, le=2100)
    name: str = Field(..., min_length=1, max_length=200)
    request_date: dt.date
    deadline_working_days: int | None = Field(None, ge=1, le=365)
    deadline_fixed: dt.date | None = None
    grace_days: int = Field(0, ge=0, le=60)
    grace_kind: Literal["working", "calendar"] = "working"
    appraisal_working_days: int = Field(120, ge=1, le=365)
    exclude_late: bool = False
    reporter_may_submit: bool = False
    frameworks: dict[Literal["district", "commune", "agency"], str] = Field(
        ..., description='Cấp đơn vị -> mã bộ tiêu chí, ví dụ {"district": "vn-2392-huyen"}.'
    )


class Opened(Schema):
    forms: int = Field(description="Số phiếu đã tạo.")
    campaign: CampaignOut


def campaign_out(user: Any, c: Campaign) -> dict[str, Any]:
    schedule = c.schedule
    return {
        "id": c.pk,
        "name": c.name,
        "year": c.year,
        "status": c.status,
        "province": c.province,
        "request_date": c.request_date,
        "deadline": schedule.unit_deadline,
        "grace_until": schedule.grace_until,
        "appraisal_deadline": schedule.appraisal_deadline,
        "schedule": schedule.explain(),
        "exclude_late": c.exclude_late,
        "reporter_may_submit": c.reporter_may_submit,
        "opened_at": c.opened_at,
        "frameworks": c.frameworks.all(),
        "permissions": {
            "manage": allows(user, Action.CAMPAIGN_MANAGE, c),
            "view_all_forms": allows(user, Action.RESULTS_VIEW_DRAFT, c),
            "appraise": allows(user, Action.CAMPAIGN_APPRAISE, c),
            "approve": allows(user, Action.RESULTS_APPROVE, c),
        },
        "version": c.version,
    }


@contextmanager
def campaign_version_checked(campaign_id: int) -> Iterator[None]:
    """A service's refusal of a stale campaign version is a 409 with the version now."""
    try:
        yield
    except ValidationError as error:
        refusal = DomainError.from_validation(error)
        if refusal.code != "stale":
            raise
        version = Campaign.objects.values_list("version", flat=True).get(pk=campaign_id)
        details = {"current": {"version": version}}
        raise ApiError(409, "stale", refusal.message, field="version", details=details) from None


def _visible(request: HttpRequest, pk: int) -> Campaign:
    campaign = campaigns_for_user(request.user).filter(pk=pk).first()
    if campaign is None:
        raise Http404(HIDDEN_MESSAGE)
    return campaign


@router.get(
    "/campaigns",
    response=responses(CampaignList, READ_ERRORS),
    summary="Đợt đánh giá người dùng thấy được",
)
def campaigns_list(
    request: HttpRequest, filters: Query[CampaignFilters], paging: Query[PageParams]
) -> dict:
    campaigns = filtered(
        campaigns_for_user(request.user).prefetch_related("frameworks"),
        year=filters.year,
        status=filters.status,
        province__code=filters.province,
    ).order_by("-year", "province__code", "name", "pk")
    return page(campaigns, paging, lambda c: campaign_out(request.user, c))


@router.get(
    "/campaigns/{campaign_id}",
    response=responses(CampaignOut, READ_ERRORS),
    summary="Một đợt đánh giá: các mốc, bộ tiêu chí, quyền của người dùng",
)
def campaigns_get(request: HttpRequest, campaign_id: Id) -> dict:
    return campaign_out(request.user, _visible(request, campaign_id))


@router.post(
    "/campaigns",
    response=responses(CampaignOut, WRITE_ERRORS, status=201),
    summary="Tạo đợt đánh giá (quản trị tỉnh)",
)
def campaigns_create(request: HttpRequest, payload: CampaignIn) -> Any:
    province = Unit.objects.filter(
        era=payload.province.era, code=payload.province.code, level=Level.PROVINCE
    ).first()
    if province is None:
        raise Http404(HIDDEN_MESSAGE)
    data = payload.dict(exclude={"province", "frameworks"})
    created = campaign_create(
        actor=request.user,
        province=province,
        frameworks={str(level): code for level, code in payload.frameworks.items()},
        **data,
    )
    return Status(201, campaign_out(request.user, created))


@router.post(
    "/campaigns/{campaign_id}/open",
    response=responses(Opened, WRITE_ERRORS),
    summary="Mở đợt: đóng băng bộ tiêu chí, tạo phiếu cho mọi đơn vị",
)
def campaigns_open(request: HttpRequest, campaign_id: Id) -> dict:
    campaign = Campaign.objects.select_related("province").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404(HIDDEN_MESSAGE)
    count = campaign_open(actor=request.user, campaign=campaign)
    campaign.refresh_from_db()
    return {"forms": count, "campaign": campaign_out(request.user, campaign)}


def _step(request: HttpRequest, campaign_id: int, service: Any, **kwargs: Any) -> dict:
    campaign = department_campaign(request, campaign_id)  # as the approval page
    moved = service(actor=request.user, campaign=campaign, **kwargs)
    return campaign_out(request.user, moved)


@router.post(
    "/campaigns/{campaign_id}/start-appraisal",
    response=responses(CampaignOut, WRITE_ERRORS),
    summary="Chuyển đợt sang giai đoạn thẩm định",
)
def campaigns_start_appraisal(request: HttpRequest, campaign_id: Id) -> dict:
    return _step(request, campaign_id, approval.campaign_start_appraisal)


@router.post(
    "/campaigns/{campaign_id}/request-approval",
    response=responses(CampaignOut, WRITE_ERRORS),
    summary="Trình lãnh đạo phê duyệt (mọi phiếu đã thẩm định hoặc bị loại)",
)
def campaigns_request_approval(request: HttpRequest, campaign_id: Id) -> dict:
    return _step(request, campaign_id, approval.campaign_request_approval)


@router.post(
    "/campaigns/{campaign_id}/approve",
    response=responses(CampaignOut, WRITE_ERRORS),
    summary="Phê duyệt kết quả (khóa mọi số liệu)",
)
def campaigns_approve(request: HttpRequest, campaign_id: Id, payload: VersionIn) -> dict:
    with campaign_version_checked(campaign_id):
        return _step(
            request, campaign_id, approval.campaign_approve, expected_version=payload.version
        )


@router.post(
    "/campaigns/{campaign_id}/reopen",
    response=responses(CampaignOut, WRITE_ERRORS),
    summary="Trả kết quả về giai đoạn thẩm định (có lý do)",
)
def campaigns_reopen(request: HttpRequest, campaign_id: Id, payload: ReasonIn) -> dict:
    return _step(request, campaign_id, approval.campaign_reopen, reason=payload.reason)
