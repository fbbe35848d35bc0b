from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from chiso.units.models import Era

WRONG_LOGIN = (
    "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: sau {limit} lần sai liên tiếp, "
    "tài khoản bị tạm khoá {minutes} phút."
)
INACTIVE = "Tài khoản này đã bị khoá. Hãy liên hệ quản trị của tỉnh."
PASSWORD_TOO_SHORT = "Mật khẩu quá ngắn: cần ít nhất {min_length} ký tự."  # noqa: S105 - a message


class LoginForm(AuthenticationForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        from django.conf import settings

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        self.error_messages = {
            "invalid_login": WRONG_LOGIN.format(limit=settings.AXES_FAILURE_LIMIT, minutes=minutes),
            "inactive": INACTIVE,
        }
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"


class VietnamesePasswordMixin:
    """Django 5.2 changed the "too short" message and its Vietnamese catalogue still has the
    old text, so that one message would reach the user in English; say it in Vietnamese."""

    def validate_password_for_user(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().validate_password_for_user(user, *args, **kwargs)  # type: ignore[misc]
        for errors in self._errors.values():  # type: ignore[attr-defined]
            errors.data = [
                ValidationError(PASSWORD_TOO_SHORT.format(**e.params), code=e.code)
                if isinstance(e, ValidationError) and e.code == "password_too_short" and e.params
                else e
                for e in errors.data
            ]


class PasswordChangeForm(VietnamesePasswordMixin, auth_forms.PasswordChangeForm):
    pass


class AdminPasswordChangeForm(VietnamesePasswordMixin, auth_forms.AdminPasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = (
            "Mật khẩu này dùng một lần: người dùng phải đổi khi đăng nhập. Mọi mã truy cập API của"
            " tài khoản bị thu hồi."
        )


class AdminUserCreationForm(VietnamesePasswordMixin, auth_forms.AdminUserCreationForm):
    pass


class AccountsImportForm(forms.Form):
    era = forms.ChoiceField(label="Cấu trúc đơn vị", choices=Era.choices, initial=Era.Y2025)
    file = forms.FileField(
        label="Tệp danh sách (.xlsx hoặc .csv)",
        help_text="Các cột: Mã đơn vị, Họ và tên, Email, Vai trò; có thể thêm Tên đăng nhập.",
    )


class AgenciesImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách (.xlsx hoặc .csv)",
        help_text="Các cột: Mã (ví dụ STTTT), Tên; có thể thêm Loại (Sở, Ban, Cơ quan, ngành).",
    )
