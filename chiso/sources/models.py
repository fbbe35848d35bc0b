"""Values that come from someone other than the unit: a specialised agency, a field visit by the
appraisers, a measurement of the unit's own systems.

None of them overwrites the unit's answer (``campaigns.Answer``) or the appraisers' decision
(``appraisal.Verification``): they sit beside them, and the appraiser takes one of them through
the ordinary verification path, with a reason (docs/sources.md).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from chiso.accounts.policy import Target
from chiso.campaigns.models import UNIT_OPEN_CAMPAIGN, Campaign, Form
from chiso.campaigns.storage import evidence_storage
from chiso.units.models import Level, Unit


class ProviderAssignment(models.Model):
    """The department gives a province agency one criterion of a campaign to supply for every
    unit, by its own deadline (one agency per criterion)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="provider_assignments", verbose_name="đợt"
    )
    agency = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="provider_assignments",
        verbose_name="cơ quan cung cấp",
        limit_choices_to={"level": Level.AGENCY},
    )
    # The level of units (the campaign's framework for it) the criterion belongs to.
    level = models.CharField("cấp đơn vị", max_length=10, choices=Level.choices)
    criterion = models.CharField("tiêu chí", max_length=40)
    deadline = models.DateField("hạn cung cấp")
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField("giao lúc", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "giao cung cấp số liệu"
        verbose_name_plural = "giao cung cấp số liệu"
        ordering = ["campaign", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "level", "criterion"], name="provider_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}: {self.criterion} ({self.campaign.name})"

    @property
    def open(self) -> bool:
        return self.campaign.status in UNIT_OPEN_CAMPAIGN

    def late_on(self, day: dt.date) -> bool:
        return day > self.deadline

    def policy_target(self) -> Target:
        return Target(
            era=self.agency.era,
            province_code=self.agency.province_code,
            unit_id=self.agency_id,
            provider_open=self.open,
        )


class ProvidedValue(models.Model):
    """The agency's value of its criterion for one unit."""

    assignment = models.ForeignKey(
        ProviderAssignment, on_delete=models.CASCADE, related_name="values"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    value = models.JSONField("giá trị", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    late = models.BooleanField("cung cấp sau hạn", default=False)
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "số liệu cơ quan cung cấp"
        verbose_name_plural = "số liệu cơ quan cung cấp"
        constraints = [
            models.UniqueConstraint(fields=["assignment", "unit"], name="provided_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.value!r}"


def _file_path(prefix: str, campaign_id: int, filename: str) -> str:
    today = dt.date.today()  # noqa: DTZ011 - a folder name only
    return f"{prefix}/{campaign_id}/{today:%Y%m}/{filename}"


def provided_evidence_path(instance: ProvidedEvidence, filename: str) -> str:
    return _file_path("sources", instance.assignment.campaign_id, filename)


class _StoredFile(models.Model):
    """A file kept as evidence, outside the web root, served only through a checked view."""

    name = models.CharField("tên tệp", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class ProvidedEvidence(_StoredFile):
    """The agency's evidence for its values (one file may back every unit's value)."""

    assignment = models.ForeignKey(
        ProviderAssignment, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(
        upload_to=provided_evidence_path, storage=evidence_storage, max_length=300
    )

    class Meta:
        verbose_name = "minh chứng của cơ quan cung cấp"
        verbose_name_plural = "minh chứng của cơ quan cung cấp"


class FieldVisit(models.Model):
    """A field survey (khảo sát thực tế): an appraiser's visit to a unit, about some criteria."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="field_visits")
    visited_on = models.DateField("ngày khảo sát")
    people = models.CharField("thành phần đoàn", max_length=500)
    criteria = models.JSONField("tiêu chí khảo sát", default=list)
    findings = models.TextField("kết quả khảo sát")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "khảo sát thực tế"
        verbose_name_plural = "khảo sát thực tế"
        ordering = ["form", "visited_on", "pk"]

    def __str__(self) -> str:
        return f"{self.form.unit.name} {self.visited_on:%d/%m/%Y}"


def visit_evidence_path(instance: VisitEvidence, filename: str) -> str:
    return _file_path("visits", instance.visit.form.campaign_id, filename)


class VisitEvidence(_StoredFile):
    """Photos or minutes (biên bản) of a field visit."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=visit_evidence_path, storage=evidence_storage, max_length=300)

    class Meta:
        verbose_name = "minh chứng khảo sát"
        verbose_name_plural = "minh chứng khảo sát"


class UnitPortal(models.Model):
    """The address of a unit's web portal (cổng/trang thông tin điện tử), for the portal
    connector."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="portal")
    url = models.URLField("địa chỉ cổng thông tin", max_length=300)

    class Meta:
        verbose_name = "cổng thông tin của đơn vị"
        verbose_name_plural = "cổng thông tin của đơn vị"

    def __str__(self) -> str:
        return self.url


def measurement_path(instance: Measurement, filename: str) -> str:
    return _file_path("measured", instance.campaign_id, filename)


class Measurement(models.Model):
    """One measured value of a criterion for a unit, with what was read kept as evidence.

    A new run adds rows; the latest per (campaign, unit, criterion) is the one shown.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="measurements")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    criterion = models.CharField("tiêu chí", max_length=40)
    connector = models.CharField("connector", max_length=40)
    what = models.CharField("chỉ số đo", max_length=40)
    value = models.JSONField("giá trị đo", null=True, blank=True)
    detail = models.TextField("chi tiết", blank=True)
    source_ref = models.CharField("nguồn", max_length=500, blank=True)  # URL or file name
    measured_at = models.DateTimeField("đo lúc")
    raw = models.FileField(
        upload_to=measurement_path, storage=evidence_storage, max_length=300, blank=True
    )
    raw_name = models.CharField(max_length=200, blank=True)
    raw_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "kết quả đo"
        verbose_name_plural = "kết quả đo"
        ordering = ["campaign", "unit", "criterion", "-measured_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "unit", "criterion"])]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.criterion}: {self.value!r}"
