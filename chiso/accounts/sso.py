"""The province's single sign-on: OpenID Connect code flow with PKCE, through Authlib.

Authlib's Django client does the protocol: the discovery document, the state and nonce kept in
the session, the PKCE verifier (S256), the token request, and the ID token's checks (signature
against the provider's JWKS, issuer, audience, expiry, nonce). What is ours is the mapping: the
identity is matched to an EXISTING active account by e-mail or by username, and nothing is ever
created from a sign-on, neither an account nor a role (docs/sso.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from chiso.accounts.models import User

REFUSED_PROTOCOL = (
    "Không xác nhận được lần đăng nhập từ hệ thống một cửa của tỉnh ({detail}). "
    "Hãy thử lại từ trang đăng nhập."
)
REFUSED_NO_IDENTITY = (
    "Hệ thống một cửa không cho biết {what} của bạn, nên không tìm được tài khoản tương ứng."
)
REFUSED_UNKNOWN = (
    "Chưa có tài khoản nào trong hệ thống chấm điểm ứng với {what} «{value}». Tài khoản do quản"
    " trị của tỉnh tạo và giao vai trò; hãy liên hệ quản trị của tỉnh."
)
REFUSED_AMBIGUOUS = (
    "Có nhiều tài khoản cùng {what} «{value}», nên không biết đăng nhập vào tài khoản nào. Hãy"
    " liên hệ quản trị của tỉnh."
)
REFUSED_INACTIVE = "Tài khoản {username} đã bị khoá. Hãy liên hệ quản trị của tỉnh."
REFUSED_UNVERIFIED = (
    "Hệ thống một cửa cho biết địa chỉ thư điện tử «{value}» chưa được xác minh, nên không dùng"
    " được để đăng nhập."
)
REFUSED_LOCKED = (
    "Tài khoản {username} đang bị tạm khoá do đăng nhập sai nhiều lần. Hãy thử lại sau {minutes}"
    " phút."
)

_WHAT = {"email": "địa chỉ thư điện tử", "username": "tên đăng nhập"}


class SsoRefused(Exception):
    """A sign-on that does not lead to an account; ``message`` is shown to the person."""

    def __init__(self, message: str, *, code: str, identity: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.identity = identity


@dataclass(frozen=True, slots=True)
class SsoConfig:
    discovery_url: str
    client_id: str
    client_secret: str
    match: str
    username_claim: str
    label: str


def sso_config() -> SsoConfig | None:
    """The settings, or None when the province has no single sign-on."""
    if not settings.CHISO_OIDC_DISCOVERY_URL:
        return None
    return SsoConfig(
        discovery_url=settings.CHISO_OIDC_DISCOVERY_URL,
        client_id=settings.CHISO_OIDC_CLIENT_ID,
        client_secret=settings.CHISO_OIDC_CLIENT_SECRET,
        match=settings.CHISO_OIDC_MATCH,
        username_claim=settings.CHISO_OIDC_USERNAME_CLAIM,
        label=settings.CHISO_OIDC_LABEL,
    )


_clients: dict[SsoConfig, Any] = {}


def sso_client(config: SsoConfig) -> Any:
    """Authlib's client for the provider; kept per configuration so that the discovery
    document and the keys are fetched once (a new key id makes Authlib fetch the keys again)."""
    client = _clients.get(config)
    if client is None:
        from authlib.integrations.django_client import OAuth  # type: ignore[import-untyped]

        oauth = OAuth()
        client = oauth.register(
            name="province",
            server_metadata_url=config.discovery_url,
            client_id=config.client_id,
            client_secret=config.client_secret or None,
            client_kwargs={
                "scope": "openid email profile",
                "code_challenge_method": "S256",
                "timeout": 10,
            },
        )
        _clients[config] = client
    return client


def sso_account(config: SsoConfig, claims: dict[str, Any]) -> User:
    """The existing active account the verified claims point to, or ``SsoRefused``."""
    what = _WHAT[config.match]
    if config.match == "email":
        value = str(claims.get("email") or "").strip()
        if not value:
            raise SsoRefused(REFUSED_NO_IDENTITY.format(what=what), code="no_identity")
        if claims.get("email_verified") is False:
            raise SsoRefused(
                REFUSED_UNVERIFIED.format(value=value), code="email_unverified", identity=value
            )
        found = list(User.objects.filter(email__iexact=value)[:2])
    else:
        value = str(claims.get(config.username_claim) or "").strip()
        if not value:
            raise SsoRefused(REFUSED_NO_IDENTITY.format(what=what), code="no_identity")
        found = list(User.objects.filter(username=value)[:2])
    if not found:
        raise SsoRefused(
            REFUSED_UNKNOWN.format(what=what, value=value), code="unknown", identity=value
        )
    if len(found) > 1:
        raise SsoRefused(
            REFUSED_AMBIGUOUS.format(what=what, value=value), code="ambiguous", identity=value
        )
    user = found[0]
    if not user.is_active:
        raise SsoRefused(
            REFUSED_INACTIVE.format(username=user.username), code="inactive", identity=value
        )
    return user
