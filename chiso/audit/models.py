"""The audit trail: one row per change, written by the service that made it, never edited.

Each entry carries the hash of the one before it (``prev_hash``) and its own ``hash`` over its
fields, so that an edit, a deletion or an insertion made in the database directly is found by
``chiso audit verify`` (see ``chiso/audit/chain.py``).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

APPEND_ONLY = "Nhật ký thay đổi chỉ được ghi thêm: không sửa, không xoá được mục đã ghi."


class AppendOnly(Exception):
    """An attempt to change or delete an audit entry through the application."""

    def __init__(self) -> None:
        super().__init__(APPEND_ONLY)


class EntryQuerySet(models.QuerySet["Entry"]):
    """Reads only: bulk writes would bypass the hash chain, edits and deletions break it."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly

    def delete(self) -> NoReturn:
        raise AppendOnly

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly


class Entry(models.Model):
    # Set by audit_record (not auto_now_add) so that the time is part of the hash.
    at = models.DateTimeField("thời điểm", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        # An account with entries is deactivated, never deleted: SET_NULL would edit the entry.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text so the entry still says who it was after the account is renamed.
    actor_label = models.CharField("tài khoản", max_length=200, blank=True)
    action = models.CharField("thao tác", max_length=60, db_index=True)
    object_type = models.CharField("loại đối tượng", max_length=60)
    object_id = models.CharField("mã đối tượng", max_length=60, blank=True)
    object_repr = models.CharField("đối tượng", max_length=300, blank=True)
    # Scope, so the permission policy can show a province or a unit its own entries only.
    era = models.CharField("thời kỳ đơn vị hành chính", max_length=4, blank=True)
    province_code = models.CharField("mã tỉnh", max_length=4, blank=True, db_index=True)
    unit_code = models.CharField("mã đơn vị", max_length=20, blank=True, db_index=True)
    criterion = models.CharField("tiêu chí", max_length=40, blank=True, db_index=True)
    changes = models.JSONField("thay đổi", default=dict, blank=True)
    reason = models.TextField("lý do", blank=True)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    # The chain: position, the previous entry's hash ("" for the first) and this entry's.
    seq = models.PositiveBigIntegerField("số thứ tự", unique=True)
    prev_hash = models.CharField("mã băm mục trước", max_length=64, blank=True)
    hash = models.CharField("mã băm", max_length=64)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "mục nhật ký"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-seq"]
        # A form's trail (/audit/?form=<id>) is read by object.
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_entry_object")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly


class ChainHead(models.Model):
    """The one row holding the last entry's position and hash.

    Appending locks it (``select_for_update``), so appends are serialised on PostgreSQL; and
    ``verify`` compares it with the last entry, which finds entries removed from the end.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "đầu chuỗi nhật ký"

    def __str__(self) -> str:
        return f"mục số {self.seq}: {self.hash}"
