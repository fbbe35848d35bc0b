"""People and their roles. Unit roles are held on a unit, department roles on a province."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from chiso.units.models import Level, Unit

UNIT_ROLE_NEEDS_UNIT = "vai trò của đơn vị phải gắn với một huyện, xã hoặc sở, ban, ngành"
PROVINCE_ROLE_NEEDS_PROVINCE = "vai trò của Sở/tỉnh phải gắn với một tỉnh"
SYSTEM_ROLE_HAS_NO_UNIT = "quản trị hệ thống không gắn với đơn vị"


class Role(models.TextChoices):
    REPORTER = "reporter", "Cán bộ đầu mối"
    HEAD = "head", "Thủ trưởng đơn vị"
    APPRAISER = "appraiser", "Thẩm định viên"
    APPROVER = "approver", "Lãnh đạo phê duyệt"
    PROVINCE_ADMIN = "province_admin", "Quản trị tỉnh"
    SYSTEM_ADMIN = "system_admin", "Quản trị hệ thống"
    HOME_AFFAIRS = "home_affairs", "Sở Nội vụ"


UNIT_ROLES = frozenset({Role.REPORTER, Role.HEAD})
PROVINCE_ROLES = frozenset({Role.APPRAISER, Role.APPROVER, Role.PROVINCE_ADMIN})
# Held on a province like the department's roles, but only to read its PUBLISHED results (Sở Nội
# vụ: emulation and rewards, the PAR index): never drafts, forms, the audit trail or any edit.
# Kept out of PROVINCE_ROLES so that no rule granting the department anything grants it too.
READER_ROLES = frozenset({Role.HOME_AFFAIRS})


class User(AbstractUser):
    """An account. ``must_change_password`` is set for one-time passwords."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    must_change_password = models.BooleanField("phải đổi mật khẩu", default=False)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saved; and the API tokens revoked when the password was set (changed by its owner,
        reset by an administrator or ``manage.py changepassword``), made unusable, or the
        account deactivated: whoever held a token must not keep the access the password no
        longer gives. A hasher upgrade at login keeps them (Django clears ``_password`` first).
        """
        reason = self._tokens_end(kwargs.get("update_fields"))
        super().save(*args, **kwargs)
        if reason:
            from chiso.accounts.tokens import tokens_revoke_all

            tokens_revoke_all(user=self, reason=reason)

    def _tokens_end(self, update_fields: Any) -> str:
        """Why this save ends the account's tokens ("" when it does not)."""
        if self.pk is None:
            return ""
        fields = None if update_fields is None else set(update_fields)
        if self._password is not None:  # type: ignore[attr-defined]
            return "password_reset" if _acting_other(self) else "password_change"
        stored = User.objects.filter(pk=self.pk)
        unusable = UNUSABLE_PASSWORD_PREFIX
        if (
            (fields is None or "password" in fields)
            and not self.has_usable_password()
            and stored.exclude(password__startswith=unusable).exists()
        ):
            return "password_reset"
        if (
            (fields is None or "is_active" in fields)
            and not self.is_active
            and stored.filter(is_active=True).exists()
        ):
            return "deactivate"
        return ""

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})" if self.full_name else self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        User, verbose_name="tài khoản", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị / tỉnh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField("ngày giao", auto_now_add=True)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique"),
        ]

    def __str__(self) -> str:
        label = Role(self.role).label
        return f"{label} – {self.unit.name}" if self.unit else label

    def clean(self) -> None:
        if self.role in UNIT_ROLES and (self.unit is None or self.unit.level == Level.PROVINCE):
            raise ValidationError({"unit": UNIT_ROLE_NEEDS_UNIT})
        if self.role in PROVINCE_ROLES | READER_ROLES and (
            self.unit is None or not self.unit.is_province
        ):
            raise ValidationError({"unit": PROVINCE_ROLE_NEEDS_PROVINCE})
        if self.role == Role.SYSTEM_ADMIN and self.unit is not None:
            raise ValidationError({"unit": SYSTEM_ROLE_HAS_NO_UNIT})


class ApiToken(models.Model):
    """A personal API token: only its SHA-256 is stored; the token itself is shown once.

    ``prefix`` (the first characters) lets the owner tell tokens apart in a list.
    """

    user = models.ForeignKey(
        User, verbose_name="tài khoản", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("tên", max_length=100)
    prefix = models.CharField("đầu mã", max_length=16)
    sha256 = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_used = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    revoked = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


def _acting_other(user: User) -> bool:
    """Whether someone other than ``user`` is changing it (an administrator, a command)."""
    from chiso.accounts.tokens import _acting

    actor = _acting.get()
    return actor is None or getattr(actor, "pk", None) != user.pk
