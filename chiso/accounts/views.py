"""Log in, log out, change password, and the person's own page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from chiso.accounts.forms import LoginForm, PasswordChangeForm
from chiso.accounts.services import password_changed

PASSWORD_CHANGED = "Đã đổi mật khẩu."  # noqa: S105 - a message, not a password


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_changed(user=form.user)
        messages.success(self.request, PASSWORD_CHANGED)
        return response


@login_required
def show_me(request: HttpRequest) -> HttpResponse:
    assignments = request.user.role_assignments.select_related("unit").order_by("role")  # type: ignore[union-attr]
    return render(request, "accounts/me.html", {"assignments": assignments})
