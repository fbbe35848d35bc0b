"""/accounts/sso/ starts a sign-on at the province's identity service; the callback ends it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from chiso.accounts.sso import (
    REFUSED_LOCKED,
    REFUSED_PROTOCOL,
    SsoConfig,
    SsoRefused,
    sso_account,
    sso_client,
    sso_config,
)
from chiso.audit.services import audit_record

log = logging.getLogger(__name__)

NEXT_KEY = "_chiso_sso_next"
PROVIDER_ERROR = "hệ thống một cửa báo lỗi: {error}"
STATE_MISMATCH = "phiên đăng nhập không khớp hoặc đã hết hạn"
TOKEN_INVALID = "thẻ định danh không hợp lệ: {error}"  # noqa: S105 - a message
PROVIDER_UNREACHABLE = "không liên lạc được với hệ thống một cửa"


def _config_or_404() -> SsoConfig:
    config = sso_config()
    if config is None:
        raise Http404("Tỉnh chưa cấu hình đăng nhập một cửa.")
    return config


@require_GET
@never_cache
def sso_start(request: HttpRequest) -> HttpResponse:
    config = _config_or_404()
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[NEXT_KEY] = target
    else:
        request.session.pop(NEXT_KEY, None)
    redirect_uri = request.build_absolute_uri(reverse("accounts:sso-callback"))
    try:
        response: HttpResponse = sso_client(config).authorize_redirect(request, redirect_uri)
    except Exception as exc:  # the discovery document could not be fetched or read
        log.warning("single sign-on: cannot start: %s", exc)
        return _refused(request, SsoRefused(_protocol(PROVIDER_UNREACHABLE), code="unreachable"))
    return response


@require_GET
@never_cache
def sso_callback(request: HttpRequest) -> HttpResponse:
    config = _config_or_404()
    try:
        claims = _verified_claims(request, config)
        user = sso_account(config, claims)
        _refuse_if_locked(request, user.username)
    except SsoRefused as refused:
        return _refused(request, refused)
    target = request.session.pop(NEXT_KEY, "") or settings.LOGIN_REDIRECT_URL
    login(request, user, backend="chiso.accounts.backends.ModelBackend")
    audit_record(
        actor=user,
        action="accounts.sso_login",
        obj=user,
        changes={"subject": str(claims.get("sub", "")), "match": config.match},
    )
    return HttpResponseRedirect(resolve_url(target))


def _protocol(detail: str) -> str:
    return REFUSED_PROTOCOL.format(detail=detail)


def _verified_claims(request: HttpRequest, config: SsoConfig) -> dict[str, object]:
    """The ID token's claims, after Authlib checked its signature, issuer, audience, expiry
    and nonce, and the state against the session."""
    from authlib.integrations.base_client.errors import (  # type: ignore[import-untyped]
        MismatchingStateError,
        OAuthError,
    )
    from joserfc.errors import JoseError
    from requests import RequestException

    try:
        token = sso_client(config).authorize_access_token(request, leeway=60)
    except MismatchingStateError:
        raise SsoRefused(_protocol(STATE_MISMATCH), code="state") from None
    except OAuthError as exc:
        raise SsoRefused(
            _protocol(PROVIDER_ERROR.format(error=exc.error or exc.description)), code="provider"
        ) from None
    except JoseError as exc:
        raise SsoRefused(
            _protocol(TOKEN_INVALID.format(error=exc.error)), code=f"token:{exc.error}"
        ) from None
    except (RequestException, ValueError, KeyError) as exc:
        log.warning("single sign-on: token request failed: %s", exc)
        raise SsoRefused(_protocol(PROVIDER_UNREACHABLE), code="unreachable") from None
    claims = token.get("userinfo")
    if not claims:
        raise SsoRefused(_protocol(TOKEN_INVALID.format(error="thiếu id_token")), code="token")
    return dict(claims)


def _refuse_if_locked(request: HttpRequest, username: str) -> None:
    """The lockout after failed passwords holds for the sign-on too."""
    from axes.handlers.proxy import AxesProxyHandler  # type: ignore[import-untyped]

    if AxesProxyHandler.is_locked(request, {"username": username}):
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        raise SsoRefused(
            REFUSED_LOCKED.format(username=username, minutes=minutes),
            code="locked",
            identity=username,
        )


def _refused(request: HttpRequest, refused: SsoRefused) -> HttpResponse:
    audit_record(
        actor=None,
        action="accounts.sso_refused",
        object_type="accounts.user",
        object_repr=refused.identity[:300],
        changes={"code": refused.code},
        reason=refused.message,
    )
    return render(request, "accounts/sso_refused.html", {"message": refused.message}, status=403)
