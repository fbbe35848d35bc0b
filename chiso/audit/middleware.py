"""The address of the request being served, for the audit entries written while serving it.

Services take no request, so the address travels in a context variable set here; outside a
request (the CLI, a migration) it is None and the entry has no address.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from axes.helpers import get_client_ip_address  # type: ignore[import-untyped]
from django.http import HttpRequest, HttpResponse

client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


class AuditAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The same address django-axes throttles logins by (CHISO_AXES_IPWARE_PROXY_COUNT).
        token = client_address.set(get_client_ip_address(request))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
