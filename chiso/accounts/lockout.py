"""Login lockout (django-axes): by account at a small limit, by address only at a large one.

A whole office or commune often reaches the server through one NAT address; locking that
address after one person's five mistakes would lock everyone there. So failures are counted per
account (``CHISO_LOGIN_FAILURE_LIMIT``, 5) and per address across all accounts
(``CHISO_LOGIN_ADDRESS_FAILURE_LIMIT``, 50: someone trying many accounts). A successful login
resets only that account's count. The lockout page says which of the two applies.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold  # type: ignore[import-untyped]
from axes.handlers.database import AxesDatabaseHandler  # type: ignore[import-untyped]
from axes.helpers import get_client_username, get_cool_off  # type: ignore[import-untyped]
from axes.models import AccessAttempt  # type: ignore[import-untyped]
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def _failures(request: HttpRequest, **where: Any) -> int:
    """Failures within the cool-off time (older ones no longer count, as in axes)."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    total = recent.filter(**where).aggregate(n=Sum("failures_since_start"))["n"]
    return int(total or 0)


def address_failures(request: HttpRequest) -> int:
    address = getattr(request, "axes_ip_address", None)
    return _failures(request, ip_address=address) if address else 0


def address_locked(request: HttpRequest) -> bool:
    return address_failures(request) >= settings.CHISO_LOGIN_ADDRESS_FAILURE_LIMIT


class ChisoAxesHandler(AxesDatabaseHandler):
    """axes compares ``get_failures`` with ``AXES_FAILURE_LIMIT`` (the account's limit); an
    address past its own, larger limit counts as reaching it."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        username = get_client_username(request, credentials)
        by_account = _failures(request, username=username) if username else 0
        if address_locked(request):
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The Vietnamese lockout page (429), saying whether the account or the address is locked."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "address_failure_limit": settings.CHISO_LOGIN_ADDRESS_FAILURE_LIMIT,
        "by_address": address_locked(request),
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": int(get_cool_off(request).total_seconds() // 60),
    }
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse(context, status=429)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
