"""Send a person holding a one-time password to the change-password page before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.messages.storage.base import BaseStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from chiso.errors import error_response

MUST_CHANGE = "Đây là mật khẩu dùng một lần. Hãy đặt mật khẩu mới để tiếp tục."


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
        ):
            allowed = {reverse("accounts:password-change"), reverse("accounts:logout")}
            if request.path.startswith("/api/") and request.headers.get("Authorization"):
                # A call with a token acts as the token's owner, whoever's browser sends it;
                # the token authentication makes the same check on that owner.
                return self.get_response(request)
            if request.path.startswith("/api/"):
                # A program cannot follow a redirect to a page: say it in the API's own shape
                # (chiso.errors sits below every app, so accounts need not reach up to the API).
                return error_response(403, "password_change_required", MUST_CHANGE)
            if request.path not in allowed and not request.path.startswith("/static/"):
                storage = messages.get_messages(request)
                # Once is enough, however many pages the person tries before changing it.
                if not any(m.message == MUST_CHANGE for m in storage):
                    messages.warning(request, MUST_CHANGE)
                if isinstance(storage, BaseStorage):
                    storage.used = False  # looking at the messages must not spend them
                return redirect("accounts:password-change")
        return self.get_response(request)
