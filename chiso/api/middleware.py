"""Under ``/api/``, what Django answers by itself (unknown address, wrong method, unreadable
request, server error) comes back in the API's JSON error shape too."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from chiso.api.errors import (
    BAD_REQUEST,
    FORBIDDEN_MESSAGE,
    NOT_ALLOWED,
    NOT_FOUND_PATH,
    SERVER_ERROR,
)
from chiso.errors import error_response

PREFIX = "/api/"
_CODES = {
    400: ("bad_request", BAD_REQUEST),
    403: ("forbidden", FORBIDDEN_MESSAGE),
    404: ("not_found", NOT_FOUND_PATH),
    405: ("method_not_allowed", NOT_ALLOWED),
    413: ("bad_request", BAD_REQUEST),
}


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(PREFIX) and "\x00" in request.path:
            # A NUL in an address cannot name anything (and PostgreSQL cannot compare it).
            return error_response(404, "not_found", NOT_FOUND_PATH)
        response = self.get_response(request)
        if not request.path.startswith(PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        code, message = _CODES.get(response.status_code, ("server_error", SERVER_ERROR))
        replaced = error_response(response.status_code, code, message.format(method=request.method))
        for header in ("Allow", "Retry-After"):
            if header in response:
                replaced[header] = response[header]
        return replaced
