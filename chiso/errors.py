"""One way to say what went wrong (issue 18): ``DomainError`` and its two translations.

A service that refuses raises a ``DomainError`` (or one of its subclasses: ``StaleEdit``,
``TransitionError``, ``ImplicitClear``, ``FormIncomplete``, ``FormLocked``, the API's
``ApiError``): a stable machine ``code``, the Vietnamese ``message`` a person reads, the ``field``
it is about (or None), ``details`` for a program, and the HTTP ``status`` it answers with.

Django's ``ValidationError`` (forms, model validation, and the services that speak it) is read in
exactly one place, ``DomainError.from_validation``; a plain ``ValueError`` (a service's message
for a bad value) in ``DomainError.of``. Then:

* the pages show ``message_of(error)`` (every message, joined by ``join_messages``), and a
  conflict that escapes a view becomes the 409 page (``chiso.campaigns.middleware``);
* the API answers ``error_body`` / ``error_response``: ``{"code", "message", "field",
  "details"}`` (``chiso.api.errors``).

This module sits at the bottom of the dependency graph: it imports nothing from chiso's apps, so
any app (accounts' middleware included) may use it without reaching upwards. The codes and how to
add one: docs/errors.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import JsonResponse

# The domain's codes -> HTTP status. The API lists each (with the API's own codes such as
# ``unauthenticated``) in ``chiso.api.errors.CODES``; a test keeps the two in step.
STATUS: dict[str, int] = {
    "forbidden": 403,
    "not_found": 404,
    "stale": 409,
    "transition_not_allowed": 409,
    "locked": 409,
    "rejected": 409,
    "invalid": 422,
    "invalid_value": 422,
    "incomplete": 422,
}

# Django's own validators tag their errors "invalid" (and "required", "max_length"…); a
# ValidationError carrying one of these keeps the default reading below, so only a code a service
# puts on purpose ("stale") changes how a ValidationError is answered.
_DEFAULT_READING = {"invalid", "rejected"}


def join_messages(messages: Iterable[str]) -> str:
    """Several messages as one line, as every page and the API show them."""
    return "; ".join(messages)


class DomainError(Exception):
    """A refusal a person can act on. Subclasses set ``code`` (and so ``status``) once."""

    code: str = "rejected"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        details: Any = None,
        status: int | None = None,
        messages: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.status = status if status is not None else STATUS.get(self.code, 409)
        self.field = field
        self.details = details
        # Everything that went wrong, for a page; ``message`` is the headline (of ``field``).
        self.messages = messages if messages is not None else [message]

    @property
    def text(self) -> str:
        """What a page shows: every message, joined."""
        return join_messages(self.messages)

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message, self.field, self.details)

    @classmethod
    def from_validation(cls, error: ValidationError) -> DomainError:
        """The one reading of Django's ValidationError. A named field is bad input (``invalid``,
        422, the first field's messages); a message alone is the workflow saying no
        (``rejected``, 409) unless the service tagged it with a domain code (``code="stale"``)."""
        everything = list(error.messages)
        if hasattr(error, "error_dict"):
            name, errors = next(iter(error.error_dict.items()))
            message = join_messages(m for e in errors for m in e.messages)
            field = None if name == "__all__" else name
        else:
            message, field = join_messages(everything), None
        tagged = getattr(error, "code", None)
        if field is None and tagged in STATUS and tagged not in _DEFAULT_READING:
            code = str(tagged)
        else:
            code = "rejected" if field is None else "invalid"
        return DomainError(message, code=code, field=field, messages=everything)

    @classmethod
    def of(cls, error: BaseException) -> DomainError:
        """Any refusal a service raises, as a DomainError: itself, a ValidationError read by
        ``from_validation``, or a ValueError's message as ``invalid_value``."""
        if isinstance(error, DomainError):
            return error
        if isinstance(error, ValidationError):
            return cls.from_validation(error)
        return DomainError(str(error), code="invalid_value")


class InvalidValue(DomainError, ValueError):
    """A value a service cannot take. ``field`` names the service's parameter it is about when
    that is not the value itself (``reason_code``, ``criterion``…); it is a ValueError so that
    the pages catching a service's ValueError still catch it."""

    code = "invalid_value"


def message_of(error: BaseException) -> str:
    """What a page says for a refusal (a DomainError, a ValidationError, a ValueError)."""
    return DomainError.of(error).text


def error_body(code: str, message: str, field: str | None = None, details: Any = None) -> dict:
    """The API's one error shape."""
    return {"code": code, "message": message, "field": field, "details": details}


def error_response(
    status: int, code: str, message: str, field: str | None = None, details: Any = None
) -> JsonResponse:
    """``error_body`` as a response, for what answers outside the API's own handlers
    (middleware, the CSRF failure view)."""
    return JsonResponse(
        error_body(code, message, field, details),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
