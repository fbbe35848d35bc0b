"""The caller's notices (the inbox of /thong-bao/): list, newest first, and mark one read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from chiso.accounts.policy import HIDDEN_MESSAGE
from chiso.api.common import READ_ERRORS, WRITE_ERRORS, Id, Page, PageParams, page, responses
from chiso.notices.models import Notice
from chiso.notices.selectors import inbox
from chiso.notices.services import notice_mark_read

router = Router(tags=["Thông báo"])


class NoticeOut(Schema):
    id: int
    event: str = Field(description="Sự kiện: campaign_opened, reminder, overdue, form_returned…")
    subject: str
    body: str
    link: str = Field(description="Trang liên quan trên chiso (đường dẫn).")
    campaign_id: int | None
    form_id: int | None
    created_at: dt.datetime
    read_at: dt.datetime | None


class NoticeList(Page):
    items: list[NoticeOut]


class NoticeFilter(PageParams):
    unread: bool = Field(False, description="Chỉ các thông báo chưa đọc.")


@router.get("/notices", response=responses(NoticeList, READ_ERRORS), summary="Thông báo của tôi")
def notices_list(request: HttpRequest, filters: Query[NoticeFilter]) -> dict[str, Any]:
    found = inbox(request.user)
    if filters.unread:
        found = found.filter(read_at=None)
    return page(found, filters)


@router.post(
    "/notices/{notice_id}/read",
    response=responses(NoticeOut, WRITE_ERRORS),
    summary="Đánh dấu một thông báo đã đọc",
)
def notices_read(request: HttpRequest, notice_id: Id) -> Notice:
    notice = Notice.objects.filter(pk=notice_id, user_id=request.user.pk or 0).first()
    if notice is None:
        raise Http404(HIDDEN_MESSAGE)
    notice_mark_read(user=request.user, notice=notice)
    notice.refresh_from_db()
    return notice
