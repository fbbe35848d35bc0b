"""Who is calling: a personal token (``Authorization: Bearer chiso_…``), the browser session
(with CSRF for writes), or nobody — and the rate limit on nobody.

Each operation lists the callables in order; the first that recognises the caller wins.
``PRIVATE`` ends with ``anonymous_refused`` (401), ``PUBLIC`` with ``anonymous_allowed``. Both
count an anonymous request against ninja's ``AnonRateThrottle`` (rate
``settings.CHISO_API_ANON_RATE``, per client address), so anonymous callers are limited on the
whole API, public or not; a wrong token counts too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, Throttled
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.throttling import AnonRateThrottle
from ninja.utils import check_csrf

from chiso.accounts.middleware import MUST_CHANGE
from chiso.accounts.tokens import token_user
from chiso.api.errors import BAD_TOKEN, CSRF_FAILED, SESSION_REQUIRED, ApiError


class AnonThrottle(AnonRateThrottle):
    """ninja's anonymous throttle, reading its rate from settings on each request."""

    def __init__(self) -> None:
        super().__init__(rate=settings.CHISO_API_ANON_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.CHISO_API_ANON_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request: HttpRequest) -> str | None:
        """The client's address. X-Forwarded-For is believed only through as many proxies as
        the login lockout trusts (CHISO_AXES_IPWARE_PROXY_COUNT): anyone can write the header."""
        proxies = settings.AXES_IPWARE_PROXY_COUNT or 0
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
        if proxies and forwarded:
            addresses = [a.strip() for a in forwarded.split(",")]
            return addresses[-min(proxies, len(addresses))]
        return request.META.get("REMOTE_ADDR")


def count_anonymous(request: HttpRequest) -> None:
    """Raise Throttled when this address has made too many anonymous requests."""
    throttle = AnonThrottle()
    if not throttle.allow_request(request):
        raise Throttled(wait=int(throttle.wait() or throttle.duration or 60))


class TokenAuth(HttpBearer):
    """``Authorization: Bearer chiso_…``: a personal token (see ``chiso.accounts.tokens``)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token.strip())
        if user is None:
            count_anonymous(request)
            raise ApiError(401, "bad_token", BAD_TOKEN)
        if user.must_change_password:
            # The site sends such a person to the change-password page; a token gets no further.
            raise ApiError(403, "password_change_required", MUST_CHANGE)
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The site's login session; writes (POST, PUT, DELETE) need the CSRF token as on the site."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if check_csrf(request) is not None:
            raise ApiError(403, "csrf_failed", CSRF_FAILED)
        return user


class Anonymous:
    """The caller of a public endpoint who gave no credentials (``request.auth`` is this)."""

    is_authenticated = False

    def __str__(self) -> str:
        return "anonymous"


ANONYMOUS = Anonymous()


def anonymous_allowed(request: HttpRequest) -> Anonymous:
    count_anonymous(request)
    return ANONYMOUS


def anonymous_refused(request: HttpRequest) -> None:
    count_anonymous(request)
    raise AuthenticationError()


def token_refused(request: HttpRequest) -> None:
    """For what only the person at the site may do (create a token): a token is not enough."""
    if request.headers.get("Authorization"):
        raise ApiError(403, "forbidden", SESSION_REQUIRED)
    anonymous_refused(request)


_token, _session = TokenAuth(), SessionAuth()
PRIVATE: list[Callable[..., Any]] = [_token, _session, anonymous_refused]
PUBLIC: list[Callable[..., Any]] = [_token, _session, anonymous_allowed]
SESSION_ONLY: list[Callable[..., Any]] = [_session, token_refused]
