"""Log in, log out, change password, and the person's own page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from chiso.accounts.forms import LoginForm, PasswordChangeForm
from chiso.accounts.services import password_changed
from chiso.accounts.sso import sso_config
from chiso.accounts.tokens import (
    acting_as,
    token_create,
    token_get_for_owner,
    token_revoke,
    tokens_of,
)
from chiso.errors import message_of

PASSWORD_CHANGED = "Đã đổi mật khẩu."  # noqa: S105 - a message, not a password
TOKEN_REVOKED = "Đã thu hồi mã «{name}»: mã không còn dùng được."  # noqa: S105 - a message


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        config = sso_config()
        context["sso_label"] = config.label if config else ""
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        with acting_as(form.user):  # the new password revokes the person's API tokens
            response = super().form_valid(form)
        password_changed(user=form.user)
        messages.success(self.request, PASSWORD_CHANGED)
        return response


@login_required
def show_me(request: HttpRequest) -> HttpResponse:
    assignments = request.user.role_assignments.select_related("unit").order_by("role")  # type: ignore[union-attr]
    return render(request, "accounts/me.html", {"assignments": assignments})


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The person's API tokens; a POST creates one and shows it, this once, on the page."""
    created, error, name = None, "", ""
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            created = token_create(actor=request.user, name=name)  # type: ignore[arg-type]
            name = ""
        except ValidationError as invalid:
            error = message_of(invalid)
    response = render(
        request,
        "accounts/tokens.html",
        {"tokens": tokens_of(request.user), "created": created, "error": error, "name": name},
        status=400 if error else 200,
    )
    response["Cache-Control"] = "no-store"  # the page may hold a token shown once
    return response


@login_required
@require_http_methods(["POST"])
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = token_get_for_owner(request.user, pk)
    try:
        token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    except ValidationError as refused:
        messages.error(request, message_of(refused))
    else:
        messages.success(request, TOKEN_REVOKED.format(name=token.name))
    return redirect("accounts:tokens")
