"""The audit trail: one row per change, written by the service that made it, never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Entry(models.Model):
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text so the entry still says who it was after the account is deleted.
    actor_label = models.CharField("tài khoản", max_length=200, blank=True)
    action = models.CharField("thao tác", max_length=60, db_index=True)
    object_type = models.CharField("loại đối tượng", max_length=60)
    object_id = models.CharField("mã đối tượng", max_length=60, blank=True)
    object_repr = models.CharField("đối tượng", max_length=300, blank=True)
    # Scope, so the permission policy can show a province or a unit its own entries only.
    era = models.CharField(max_length=4, blank=True)
    province_code = models.CharField(max_length=4, blank=True, db_index=True)
    unit_code = models.CharField(max_length=20, blank=True)
    changes = models.JSONField("thay đổi", default=dict, blank=True)
    reason = models.TextField("lý do", blank=True)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)

    class Meta:
        verbose_name = "mục nhật ký"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_repr}"
