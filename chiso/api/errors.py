"""The API's one error shape, and how every failure becomes it.

``{"code": "machine_code", "message": "Vietnamese text", "field": "path.of.field" | null,
"details": ...}`` — for a refused permission, a missing object, a stale write, a bad value, a
refused transition, throttling, and (through ``middleware``) for anything Django answers itself
under ``/api/``. The codes are listed in ``CODES``, which the documentation page shows.

Every refusal a service raises is a ``chiso.errors.DomainError`` (``StaleEdit``,
``TransitionError``, ``FormIncomplete``…, and ``ApiError`` here) and is answered by one handler
from its own code, status, field and details; a Django ``ValidationError`` is read by
``DomainError.from_validation`` (docs/errors.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from chiso.accounts.policy import FORBIDDEN_MESSAGE, HIDDEN_MESSAGE
from chiso.errors import DomainError, error_body

logger = logging.getLogger(__name__)

UNAUTHENTICATED = (
    "Cần đăng nhập: gửi mã truy cập trong tiêu đề «Authorization: Bearer chiso_…» "
    "hoặc dùng phiên đăng nhập của trang web."
)
BAD_TOKEN = "Mã truy cập không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khóa."  # noqa: S105 - a message
SESSION_REQUIRED = (
    "Mã truy cập chỉ tạo được khi đăng nhập trên trang web (Tài khoản của tôi → Mã truy cập API)."
)
CSRF_FAILED = "Thiếu hoặc sai mã CSRF: yêu cầu ghi bằng phiên đăng nhập cần tiêu đề X-CSRFToken."
THROTTLED = "Quá nhiều yêu cầu không đăng nhập; hãy thử lại sau {wait} giây."
INVALID = "Dữ liệu gửi lên không hợp lệ: {field}: {message}."
NOT_ALLOWED = "Phương thức {method} không dùng được ở địa chỉ này."
SERVER_ERROR = "Lỗi máy chủ; lỗi đã được ghi lại. Hãy thử lại sau."
BAD_REQUEST = (
    "Yêu cầu không đọc được: nội dung không phải JSON hợp lệ, chứa ký tự NUL, hoặc quá lớn."
)
NOT_FOUND_PATH = "Không có địa chỉ API này."

# code -> (HTTP status, when it happens); the documentation page lists them.
CODES: dict[str, tuple[int, str]] = {
    "bad_request": (400, "Yêu cầu không đọc được: JSON hoặc multipart hỏng, quá lớn."),
    "unauthenticated": (401, "Không có phiên đăng nhập hay mã truy cập."),
    "bad_token": (401, "Mã truy cập sai, đã thu hồi, hoặc tài khoản bị khóa."),
    "forbidden": (403, "Người dùng thấy đối tượng nhưng vai trò không cho thao tác này."),
    "csrf_failed": (403, "Ghi bằng phiên đăng nhập mà thiếu mã CSRF."),
    "password_change_required": (
        403,
        "Phiên đăng nhập đang giữ mật khẩu dùng một lần: đổi mật khẩu trên trang web trước.",
    ),
    "not_found": (404, "Không có, hoặc nằm ngoài phạm vi của người dùng (không tiết lộ)."),
    "method_not_allowed": (405, "Phương thức HTTP không dùng được ở địa chỉ này."),
    "stale": (409, "Người khác đã sửa trước; `details.current` là giá trị và phiên bản hiện tại."),
    "transition_not_allowed": (409, "Trạng thái hiện tại không cho chuyển như yêu cầu."),
    "rejected": (409, "Nghiệp vụ từ chối ở trạng thái hiện tại (thiếu lý do, chưa đủ điều kiện…)."),
    "locked": (409, "Phiếu đã khóa vì hết hạn nộp mà chưa nộp: đề nghị Sở gia hạn."),
    "invalid": (422, "Tham số hoặc nội dung sai kiểu, thiếu, ngoài giới hạn; `field` chỉ chỗ sai."),
    "invalid_value": (422, "Giá trị trả lời/thẩm định không hợp lệ với tiêu chí."),
    "incomplete": (422, "Phiếu chưa nộp được; `details` liệt kê từng vấn đề."),
    "rate_limited": (429, "Quá nhiều yêu cầu không đăng nhập; xem tiêu đề Retry-After."),
    "server_error": (500, "Lỗi máy chủ (không bao giờ là lỗi của dữ liệu gửi lên)."),
}


class Error(Schema):
    """Every error response."""

    code: str
    message: str
    field: str | None = None
    details: Any = None


class ApiError(DomainError):
    """Raised by an endpoint for an error it words itself (e.g. a 409 with the current value)."""

    def __init__(
        self, status: int, code: str, message: str, *, field: str | None = None, details: Any = None
    ) -> None:
        super().__init__(message, code=code, field=field, details=details, status=status)


@contextmanager
def invalid_value(field: str, fields: dict[str, str] | None = None) -> Iterator[None]:
    """A service's ValueError (its Vietnamese message for a bad value) becomes a 422 on
    ``field``, or on ``fields[name]`` when the service names its parameter ``name``
    (``InvalidValue(..., field=name)``) and this endpoint calls it so; a conflict such as
    ``FormLocked`` keeps its own code and status."""
    try:
        yield
    except ValueError as error:
        refusal = DomainError.of(error)
        if refusal.code != "invalid_value":  # e.g. FormLocked: the form closed at its deadline
            raise ApiError(refusal.status, refusal.code, refusal.message) from None
        named = (fields or {}).get(refusal.field or "", field)
        raise ApiError(422, "invalid_value", refusal.message, field=named) from None


# pydantic error type -> Vietnamese; ``{name}`` takes the error's ``ctx``.
_PYDANTIC_VI = {
    "missing": "thiếu, bắt buộc phải có",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "string_type": "phải là chuỗi ký tự",
    "string_too_long": "dài tối đa {max_length} ký tự",
    "string_too_short": "cần ít nhất {min_length} ký tự",
    "string_pattern_mismatch": "không đúng dạng {pattern}",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "enum": "phải là một trong: {expected}",
    "literal_error": "phải là một trong: {expected}",
    "json_invalid": "nội dung JSON không hợp lệ",
    "model_attributes_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
    "model_type": "phải là một đối tượng JSON",
    "list_type": "phải là một danh sách",
    "date_parsing": "ngày không hợp lệ (dùng YYYY-MM-DD)",
    "date_from_datetime_parsing": "ngày không hợp lệ (dùng YYYY-MM-DD)",
    "date_type": "ngày không hợp lệ (dùng YYYY-MM-DD)",
    "datetime_parsing": "thời điểm không hợp lệ (dùng ISO 8601)",
    "datetime_from_date_parsing": "thời điểm không hợp lệ (dùng ISO 8601)",
    "datetime_type": "thời điểm không hợp lệ (dùng ISO 8601)",
    "extra_forbidden": "trường này không được nhận",
    "nul_character": "không được chứa ký tự NUL (\\u0000)",
}


def _field(loc: list[Any] | tuple[Any, ...]) -> str:
    """``["body", "payload", "value"]`` -> ``value``; ``["query", "limit"]`` -> ``limit``."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body" and len(parts) > 2:
        parts = parts[2:]
    elif parts and parts[0] in {"body", "query", "path", "form", "file", "header", "cookie"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _vietnamese(error: dict[str, Any]) -> str:
    template = _PYDANTIC_VI.get(str(error.get("type", "")), "giá trị không hợp lệ")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return template


def validation_details(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"field": _field(e.get("loc", ())), "message": _vietnamese(e), "type": str(e.get("type"))}
        for e in errors
    ]


def challenge(response: HttpResponse) -> HttpResponse:
    """A 401 says how to authenticate (RFC 9110 §11.6.1)."""
    if response.status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="chiso"'
    return response


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn every failure into ``Error``."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def on_domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        """Every refusal, from its own code, status, field and details."""
        return challenge(respond(request, exc.status, exc.body()))

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else HIDDEN_MESSAGE
        return respond(request, 404, error_body("not_found", message))

    def on_403(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else FORBIDDEN_MESSAGE
        return respond(request, 403, error_body("forbidden", message))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, Throttled):
            wait = int(exc.wait or 60) + 1
            response = respond(
                request, 429, error_body("rate_limited", THROTTLED.format(wait=wait))
            )
            response["Retry-After"] = str(wait)
            return response
        if isinstance(exc, AuthenticationError):
            return challenge(respond(request, 401, error_body("unauthenticated", UNAUTHENTICATED)))
        if exc.status_code == 400:  # ninja could not parse the body
            return respond(request, 400, error_body("bad_request", BAD_REQUEST))
        return respond(request, exc.status_code, error_body("error", str(exc)))

    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        details = validation_details(list(exc.errors))
        first = details[0] if details else {"field": "body", "message": "không hợp lệ"}
        message = INVALID.format(field=first["field"], message=first["message"])
        return respond(request, 422, error_body("invalid", message, first["field"], details))

    def on_rejected(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        # A named field is bad input (422); a message alone is the workflow saying no (409).
        return on_domain(request, DomainError.from_validation(exc))

    def on_unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Multipart without a boundary or cut short, a body above the upload limit, too many
        # fields: the request cannot be read; Django answers 400 for these outside the API.
        return respond(request, 400, error_body("bad_request", BAD_REQUEST))

    def on_other(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return respond(request, 500, error_body("server_error", SERVER_ERROR))

    handlers: list[tuple[type[Exception], Any]] = [
        (Exception, on_other),
        (MultiPartParserError, on_unreadable),
        (SuspiciousOperation, on_unreadable),
        (DjangoValidationError, on_rejected),
        (DomainError, on_domain),
        (NinjaValidationError, on_validation),
        (HttpError, on_http_error),
        (PermissionDenied, on_403),
        (Http404, on_404),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)
