"""Frameworks as the province's data: versions of a framework's YAML text in the database.

The YAML text is the canonical source; everything else (Excel, Word, the editor's form) is a
view of it or is turned into it. A draft may be edited; a published version never changes and
is what a campaign freezes. Shipped files (``chiso/data/frameworks``) are read-only templates
and are not rows here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from chiso.accounts.policy import Target


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã ban hành"


class FrameworkVersion(models.Model):
    """One version of a province's framework: (code, version) with its YAML text."""

    era = models.CharField("cấu trúc đơn vị hành chính", max_length=4)
    province_code = models.CharField("mã tỉnh", max_length=10)
    code = models.CharField("mã bộ tiêu chí", max_length=80)
    version = models.PositiveIntegerField("phiên bản")
    title = models.CharField("tên", max_length=300)
    status = models.CharField(
        "trạng thái", max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    yaml_text = models.TextField("nội dung YAML")
    # Where it came from: "mẫu vn-2392-xa", "vn-2026-xa phiên bản 2", "tệp bang.xlsx".
    based_on = models.CharField("tạo từ", max_length=300, blank=True)
    # Bumped by every edit: an edit made on an older revision is refused, not applied.
    revision = models.PositiveIntegerField("lần sửa", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ban hành",
    )
    published_at = models.DateTimeField("ban hành lúc", null=True, blank=True)

    class Meta:
        verbose_name = "phiên bản bộ tiêu chí"
        verbose_name_plural = "phiên bản bộ tiêu chí"
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_code_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code} phiên bản {self.version} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def ref(self) -> str:
        """How a campaign and the command line name this version: ``code@version``."""
        return f"{self.code}@{self.version}"

    def policy_target(self) -> Target:
        return Target(era=self.era, province_code=self.province_code)


class FrameworkCrosswalk(models.Model):
    """The crosswalk the province administrator confirmed between two frameworks: which of the
    new framework's codes each of the old one's became (``chiso.frameworks.crosswalk.Link``
    rows as data). A framework is named as a campaign freezes it: its code and version."""

    era = models.CharField("cấu trúc đơn vị hành chính", max_length=4)
    province_code = models.CharField("mã tỉnh", max_length=10)
    old_code = models.CharField("bộ tiêu chí năm trước", max_length=80)
    old_version = models.CharField("phiên bản năm trước", max_length=40)
    new_code = models.CharField("bộ tiêu chí mới", max_length=80)
    new_version = models.CharField("phiên bản mới", max_length=40)
    links = models.JSONField("các cặp mã", default=list)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xác nhận",
    )
    confirmed_at = models.DateTimeField("xác nhận lúc", auto_now=True)

    class Meta:
        verbose_name = "bảng đối chiếu bộ tiêu chí"
        verbose_name_plural = "bảng đối chiếu bộ tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "era",
                    "province_code",
                    "old_code",
                    "old_version",
                    "new_code",
                    "new_version",
                ],
                name="framework_crosswalk_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_ref} → {self.new_ref}"

    @property
    def old_ref(self) -> str:
        return f"{self.old_code} phiên bản {self.old_version}"

    @property
    def new_ref(self) -> str:
        return f"{self.new_code} phiên bản {self.new_version}"

    def policy_target(self) -> Target:
        return Target(era=self.era, province_code=self.province_code)
