"""A step the workflow refuses (a double click, a page left open while someone else moved the
form or the campaign on) is a conflict, not a server error: 409 with the Vietnamese reason.

Every web view lets ``TransitionError`` pass; this answers it once for all of them, and so any
other conflict (a ``chiso.errors.DomainError`` with status 409: a stale write, a form locked at
its deadline) a view does not answer itself. The API answers the same errors in its own JSON
(chiso.api.errors).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

from chiso.errors import DomainError

RELOAD = "Trang bạn đang xem đã cũ: hãy tải lại trang để thấy trạng thái hiện tại."


class TransitionRefusedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or exception.status != 409:
            return None
        message = exception.text
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"ok": False, "error": message}, status=409)
        back = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = ""
        body = loader.render_to_string(
            "409.html", {"message": message, "reload": RELOAD, "back": back}, request
        )
        return HttpResponse(body, status=409)
