"""The caller: who they are and their roles, and their personal API tokens (created with the
browser session only, so that a leaked token cannot mint others; listed and revoked by their
owner with either)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from chiso.accounts.models import ApiToken, Role, RoleAssignment
from chiso.accounts.tokens import token_create, token_get_for_owner, token_revoke, tokens_of
from chiso.api.auth import SESSION_ONLY
from chiso.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    Page,
    PageParams,
    UnitRef,
    page,
    responses,
)

router = Router(tags=["Tài khoản"])


class RoleOut(Schema):
    role: str
    label: str
    unit: UnitRef | None

    @staticmethod
    def resolve_label(assignment: RoleAssignment) -> str:
        return str(Role(assignment.role).label)


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    roles: list[RoleOut]

    @staticmethod
    def resolve_roles(user: Any) -> Any:
        return user.role_assignments.select_related("unit").order_by("role", "unit__code")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="Các ký tự đầu của mã, để nhận ra mã trong danh sách.")
    created: dt.datetime
    last_used: dt.datetime | None
    revoked: dt.datetime | None


class TokenCreated(TokenOut):
    token: str = Field(description="Mã đầy đủ: chỉ hiện một lần này, không lưu ở đâu cả.")


class TokenList(Page):
    items: list[TokenOut]


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, description="Dùng cho hệ thống nào.")


@router.get("/me", response=responses(MeOut, READ_ERRORS), summary="Tôi")
def me_get(request: HttpRequest) -> Any:
    return request.user


@router.get(
    "/tokens",
    response=responses(TokenList, READ_ERRORS),
    summary="Mã truy cập API của tôi",
)
def tokens_list(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    return page(tokens_of(request.user), paging)


@router.post(
    "/tokens",
    response=responses(TokenCreated, WRITE_ERRORS, status=201),
    summary="Tạo mã truy cập API (chỉ bằng phiên đăng nhập; mã hiện một lần)",
    auth=SESSION_ONLY,
)
def tokens_create(request: HttpRequest, payload: TokenIn) -> Status:
    created = token_create(actor=request.user, name=payload.name)  # type: ignore[arg-type]
    return Status(
        201, {**TokenOut.model_validate(created.token).model_dump(), "token": created.secret}
    )


@router.delete(
    "/tokens/{token_id}",
    response=responses(TokenOut, WRITE_ERRORS),
    summary="Thu hồi một mã truy cập (ngừng dùng được ngay)",
)
def tokens_revoke(request: HttpRequest, token_id: Id) -> ApiToken:
    token = token_get_for_owner(request.user, token_id)
    return token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
