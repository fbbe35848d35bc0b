"""Personal API tokens: create (the token is returned once), list, revoke, authenticate.

A token is ``chiso_`` followed by 43 URL-safe characters (256 random bits); the database keeps
its SHA-256 only, so a leaked database does not leak usable tokens. Creating and revoking are
audited; using a token records ``last_used`` (at most once a minute, to spare the database).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chiso.accounts.models import ApiToken, User
from chiso.accounts.policy import HIDDEN_MESSAGE
from chiso.audit.services import audit_record

TOKEN_PREFIX = "chiso_"  # noqa: S105 - the marker every token starts with
PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
NAME_REQUIRED = "Hãy đặt tên cho mã truy cập (ví dụ: «Hệ thống quản lý văn bản»)."
NAME_TOO_LONG = "Tên mã truy cập dài tối đa 100 ký tự."
ALREADY_REVOKED = "Mã truy cập này đã bị thu hồi."
TOO_MANY = "Mỗi tài khoản có tối đa {limit} mã truy cập đang dùng; hãy thu hồi mã không còn dùng."
MAX_ACTIVE = 20
_LAST_USED_EVERY = dt.timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Created:
    token: ApiToken
    secret: str  # the whole token: shown to its owner now, and never again


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def token_create(*, actor: User, name: str) -> Created:
    """A new token for ``actor``; ValidationError (Vietnamese, on ``name``) for a bad name."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": NAME_REQUIRED})
    if len(name) > 100:
        raise ValidationError({"name": NAME_TOO_LONG})
    active = tokens_of(actor).select_for_update().filter(revoked=None).count()
    if active >= MAX_ACTIVE:
        raise ValidationError({"name": TOO_MANY.format(limit=MAX_ACTIVE)})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor, name=name, prefix=secret[:PREFIX_LENGTH], sha256=token_hash(secret)
    )
    audit_record(
        actor=actor,
        action="accounts.token_create",
        obj=token,
        changes={"name": name, "prefix": token.prefix},
    )
    return Created(token, secret)


def token_get_for_owner(user: Any, pk: int) -> ApiToken:
    """The person's own token; anyone else's (or none) is 404."""
    token = tokens_of(user).filter(pk=pk).first()
    if token is None:
        raise Http404(HIDDEN_MESSAGE)
    return token


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens; it stops working at once."""
    token = ApiToken.objects.select_for_update().get(pk=token_get_for_owner(actor, token.pk).pk)
    if token.revoked is not None:
        raise ValidationError(ALREADY_REVOKED)
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    audit_record(
        actor=actor,
        action="accounts.token_revoke",
        obj=token,
        changes={"name": token.name, "prefix": token.prefix},
    )
    return token


# Who is changing an account while ``User.save`` revokes its tokens (the admin resetting a
# password, the person changing theirs): set by ``acting_as``; None is the system (a command).
_acting: ContextVar[Any] = ContextVar("token_revocation_actor", default=None)


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Record ``actor`` on the revocations made by account saves inside the block."""
    token = _acting.set(actor)
    try:
        yield
    finally:
        _acting.reset(token)


REVOKED_ON = {
    "password_change": "đổi mật khẩu",
    "password_reset": "đặt lại mật khẩu",
    "deactivate": "khoá tài khoản",
}


@transaction.atomic
def tokens_revoke_all(*, user: User, reason: str) -> int:
    """Revoke every active token of ``user`` (its password changed, was reset or made
    unusable, or the account was deactivated); audited once with the tokens' prefixes."""
    active = list(tokens_of(user).select_for_update().filter(revoked=None))
    if not active:
        return 0
    ApiToken.objects.filter(pk__in=[t.pk for t in active]).update(revoked=timezone.now())
    audit_record(
        actor=_acting.get(),
        action="accounts.tokens_revoke_all",
        obj=user,
        changes={"reason": reason, "tokens": [t.prefix for t in active]},
        reason=REVOKED_ON.get(reason, reason),
    )
    return len(active)


def token_user(secret: str) -> User | None:
    """The active owner of a valid, unrevoked token; None otherwise."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(sha256=token_hash(secret), revoked=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > _LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used=None) | Q(last_used__lt=now - _LAST_USED_EVERY)
        ).update(last_used=now)
    return token.user
