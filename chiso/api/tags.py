"""Unit tags through the API: which of the framework's tags a unit carries in a campaign, read
by anyone who sees the form, set by the province administrator for one form or several at once
(``chiso.campaigns.tags.form_tags_set``: validated, version-checked, audited)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, require
from chiso.api.common import READ_ERRORS, WRITE_ERRORS, Id, responses
from chiso.campaigns.access import form_get_for_user
from chiso.campaigns.models import Campaign, Form
from chiso.campaigns.services import form_framework
from chiso.campaigns.tags import TagsChange, form_tags_set, not_applicable_by_framework

router = Router(tags=["Nhãn đơn vị"])


class TagState(Schema):
    code: str
    name: str
    carried: bool = Field(description="Đơn vị mang nhãn này trong đợt.")


class FormTags(Schema):
    form: int
    unit: str = Field(description="Mã đơn vị.")
    tags: list[TagState] = Field(description="Mọi nhãn bộ tiêu chí khai báo.")
    tags_version: int
    not_applicable: dict[str, str] = Field(
        description="Nhóm, tiêu chí không áp dụng với đơn vị theo bộ tiêu chí (loại đơn vị, "
        "nhãn) → lý do."
    )


class TagsIn(Schema):
    tags: list[str] = Field(max_length=50, description="Toàn bộ nhãn đơn vị mang (mã nhãn).")
    version: int = Field(ge=0, le=2**31, description="tags_version đã đọc.")


class FormTagsIn(TagsIn):
    form: int = Field(ge=1, le=2**53)


class CampaignTagsIn(Schema):
    changes: list[FormTagsIn] = Field(max_length=5000)


class CampaignTagsOut(Schema):
    changed: list[FormTags] = Field(description="Các phiếu đã đổi nhãn (phiếu không đổi: bỏ qua).")


def _out(form: Form) -> dict[str, Any]:
    framework = form_framework(form)
    return {
        "form": form.pk,
        "unit": form.unit.code,
        "tags": [
            {"code": t.code, "name": t.name, "carried": t.code in form.tags} for t in framework.tags
        ],
        "tags_version": form.tags_version,
        "not_applicable": not_applicable_by_framework(form, framework),
    }


@router.get(
    "/forms/{form_id}/tags",
    response=responses(FormTags, READ_ERRORS),
    summary="Nhãn đơn vị của một phiếu, và những gì không áp dụng vì thế",
)
def tags_get(request: HttpRequest, form_id: Id) -> dict[str, Any]:
    return _out(form_get_for_user(request.user, form_id))


@router.put(
    "/forms/{form_id}/tags",
    response=responses(FormTags, WRITE_ERRORS),
    summary="Đặt nhãn đơn vị của một phiếu (quản trị tỉnh; kiểm tra phiên bản)",
)
def tags_put(request: HttpRequest, form_id: Id, payload: TagsIn) -> dict[str, Any]:
    """Gửi toàn bộ nhãn đơn vị mang. Nhãn bộ tiêu chí không khai báo: 422; người khác đã đổi
    nhãn sau phiên bản bạn gửi: 409 `stale`; kết quả đợt đã phê duyệt: 409."""
    form = form_get_for_user(request.user, form_id)
    change = TagsChange(form.pk, payload.tags, payload.version)
    form_tags_set(actor=request.user, campaign=form.campaign, changes=[change])
    form.refresh_from_db()
    return _out(form)


@router.put(
    "/campaigns/{campaign_id}/tags",
    response=responses(CampaignTagsOut, WRITE_ERRORS),
    summary="Đặt nhãn đơn vị của nhiều phiếu cùng lúc (tất cả hoặc không gì)",
)
def tags_put_many(request: HttpRequest, campaign_id: Id, payload: CampaignTagsIn) -> dict:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404(HIDDEN_MESSAGE)
    require(request.user, Action.FORM_TAGS_SET, campaign)
    changes = [TagsChange(c.form, c.tags, c.version) for c in payload.changes]
    changed = form_tags_set(actor=request.user, campaign=campaign, changes=changes)
    return {"changed": [_out(f) for f in changed]}
