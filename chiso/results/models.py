"""A published snapshot of a campaign's results: every figure frozen, with its checksum.

A snapshot is never edited: a correction is a new version with its reason, and every version
stays readable. ``sha256`` is the hash of the canonical JSON of ``data`` (see ``checksum``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models

from chiso.accounts.policy import Target
from chiso.campaigns.models import Campaign

SNAPSHOT_FROZEN = "Kết quả đã công bố không được sửa; hãy đính chính bằng một phiên bản mới."


def canonical_json(data: Any) -> bytes:
    """The one byte form of the figures that the checksum covers (sorted keys, no spaces)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def checksum(data: Any) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


class Snapshot(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="snapshots", verbose_name="đợt"
    )
    version = models.PositiveSmallIntegerField("phiên bản")
    data = models.JSONField("số liệu")
    sha256 = models.CharField("mã kiểm tra SHA-256", max_length=64)
    decision = models.CharField("quyết định công bố", max_length=200, blank=True)
    # The decision the leader signed, field by field (required to publish version 1; a
    # correction may leave them blank). ``decision`` keeps the text shown everywhere.
    decision_number = models.CharField("số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    decision_signer = models.CharField("người ký", max_length=200, blank=True)
    reason = models.TextField("lý do", blank=True)
    published_at = models.DateTimeField("công bố lúc")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người công bố",
    )
    # The audit trail's anchor: its number of entries and last hash when this was published
    # (the publication's own entry). ``chiso audit verify`` checks the trail against every
    # snapshot's, so a trail wiped, cut or rewritten before a publication cannot pass as intact.
    audit_entries = models.PositiveBigIntegerField(
        "số mục nhật ký lúc công bố", null=True, blank=True
    )
    audit_last_hash = models.CharField(
        "mã băm mục nhật ký cuối lúc công bố", max_length=64, blank=True
    )

    class Meta:
        verbose_name = "kết quả đã công bố"
        verbose_name_plural = "kết quả đã công bố"
        ordering = ["campaign", "version"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "version"], name="snapshot_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} – phiên bản {self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Not domain logic but an integrity guard: no code path may rewrite published figures.
        if self.pk is not None:
            raise ValueError(SNAPSHOT_FROZEN)
        super().save(*args, **kwargs)

    # Set by ``figures_cache.with_figures`` when it has hashed the figures already.
    checked_intact: bool | None = None

    @property
    def intact(self) -> bool:
        """The stored figures still hash to the checksum published with them."""
        if self.checked_intact is not None:
            return self.checked_intact
        return checksum(self.data) == self.sha256

    def policy_target(self) -> Target:
        return Target(
            era=self.campaign.era, province_code=self.campaign.province_code, published=True
        )


class SnapshotPart(models.Model):
    """What a public page shows of a published snapshot, derived once at publication
    (``results.parts``): a worker's first page reads this row, not the whole snapshot.

    ``signature``: the server's signature (``SECRET_KEY``) of the snapshot's checksum, the part's
    name and the SHA-256 of its data, made when the figures had just been hashed to that
    checksum; a part that no longer matches is not used (the page derives from the snapshot)."""

    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.CASCADE, related_name="parts", verbose_name="kết quả đã công bố"
    )
    name = models.CharField("phần", max_length=200)
    data = models.JSONField("nội dung")
    signature = models.CharField("chữ ký", max_length=100)

    class Meta:
        verbose_name = "phần trang đã dựng sẵn"
        verbose_name_plural = "phần trang đã dựng sẵn"
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "name"], name="snapshot_part_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} – {self.name}"


class PublicationJob(models.Model):
    """The state of a large campaign's publication or correction run in the background
    (``publish_jobs``), kept here so that every worker process of the web server shows the same
    progress and says the outcome once, not only the process whose thread runs it.

    One row per campaign: a new job replaces a finished one. Written outside the publication's
    transaction only (when started, once the snapshot is committed, when done): see
    ``publish_jobs`` and docs/results.md. ``host``/``pid``: the process running it, so a job left
    running by a process that has gone is said to be interrupted rather than block forever."""

    class Kind(models.TextChoices):
        PUBLISH = "publish", "công bố"
        CORRECT = "correct", "đính chính"

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="publication_job", verbose_name="đợt"
    )
    kind = models.CharField("việc", max_length=10, choices=Kind.choices)
    stage = models.CharField("bước", max_length=200)
    units_done = models.PositiveIntegerField("số đơn vị đã xong", default=0)
    total = models.PositiveIntegerField("số đơn vị")
    started = models.DateTimeField("bắt đầu lúc")
    error = models.TextField("lỗi", blank=True)
    version = models.PositiveSmallIntegerField("phiên bản đã công bố", default=0)
    sha256 = models.CharField("mã kiểm tra SHA-256", max_length=64, blank=True)
    heading = models.CharField("tiêu đề", max_length=200)
    doing = models.CharField("câu tiến độ", max_length=200)
    message = models.CharField("thông báo khi xong", max_length=300)
    shown = models.BooleanField("đã báo kết quả", default=False)
    host = models.CharField("máy chủ", max_length=255)
    pid = models.PositiveIntegerField("mã tiến trình")

    class Meta:
        verbose_name = "việc công bố chạy nền"
        verbose_name_plural = "việc công bố chạy nền"

    def __str__(self) -> str:
        return f"{self.campaign} – {self.get_kind_display()}"

    @property
    def finished(self) -> bool:
        return bool(self.version or self.error)
