"""A campaign (đợt đánh giá) and each unit's form (phiếu) in it, with answers and evidence.

Workflow states are TextChoices; the allowed transitions live in ``workflow.py`` and nothing
else changes a status.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone

from chiso.accounts.policy import Target
from chiso.campaigns.storage import EvidenceStorage, evidence_storage  # noqa: F401 - 0001 uses it
from chiso.deadlines import DayKind, DeadlineRule, Schedule, compute_schedule
from chiso.units.models import Level, Unit


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "Đang chuẩn bị"
    COLLECTING = "collecting", "Đang thu thập"
    APPRAISING = "appraising", "Đang thẩm định"
    AWAITING_APPROVAL = "awaiting_approval", "Chờ phê duyệt"
    APPROVED = "approved", "Đã phê duyệt"


PUBLISHED_LABEL = "Đã công bố"


class Campaign(models.Model):
    province = models.ForeignKey(
        Unit,
        verbose_name="tỉnh",
        on_delete=models.PROTECT,
        related_name="campaigns",
        limit_choices_to={"level": Level.PROVINCE},
    )
    year = models.PositiveSmallIntegerField("năm đánh giá")
    name = models.CharField("tên đợt", max_length=200)
    status = models.CharField(
        "trạng thái", max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    request_date = models.DateField("ngày công văn")
    deadline_working_days = models.PositiveSmallIntegerField(
        "hạn nộp (số ngày làm việc)", null=True, blank=True
    )
    deadline_fixed = models.DateField("hạn nộp (ngày cố định)", null=True, blank=True)
    grace_days = models.PositiveSmallIntegerField("gia hạn (ngày)", default=0)
    grace_kind = models.CharField(
        "loại ngày gia hạn",
        max_length=10,
        default=DayKind.WORKING,
        choices=[(DayKind.WORKING.value, "ngày làm việc"), (DayKind.CALENDAR.value, "ngày lịch")],
    )
    appraisal_working_days = models.PositiveSmallIntegerField(
        "hạn thẩm định (số ngày làm việc)", default=120
    )
    exclude_late = models.BooleanField(
        "không xếp hạng đơn vị nộp muộn",
        default=False,
        help_text="Như Sơn La: nộp sau hạn và thời gian gia hạn thì không xếp hạng.",
    )
    reporter_may_submit = models.BooleanField("cán bộ đầu mối được nộp", default=False)
    lock_at_deadline = models.BooleanField(
        "khóa phiếu chưa nộp khi hết hạn",
        default=False,
        help_text=(
            "Hết hạn nộp (kể cả thời gian gia hạn) mà chưa nộp thì đơn vị không sửa, không nộp "
            "được nữa, trừ khi được gia hạn bằng quyết định."
        ),
    )
    opened_at = models.DateTimeField("mở lúc", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "đợt đánh giá"
        verbose_name_plural = "đợt đánh giá"
        ordering = ["-year", "province__code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "name"], name="campaign_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def era(self) -> str:
        return self.province.era

    @property
    def province_code(self) -> str:
        return self.province.code

    @cached_property
    def published(self) -> bool:
        """Results of this campaign are public (a published snapshot exists). Pages listing or
        showing campaigns annotate ``snapshot_count=Count("snapshots")`` to save the query."""
        counted = self.__dict__.get("snapshot_count")
        if counted is not None:
            return bool(counted)
        return bool(self.snapshots.exists())

    @property
    def stage_label(self) -> str:
        """The status as people should read it: approved and published is «Đã công bố»;
        reopened after publication still says that the published results stay public."""
        if not self.published:
            return self.get_status_display()
        if self.status == CampaignStatus.APPROVED:
            return PUBLISHED_LABEL
        return f"{self.get_status_display()} (đã công bố, đang đính chính)"

    @cached_property
    def schedule(self) -> Schedule:
        rule = DeadlineRule(
            working_days=self.deadline_working_days,
            fixed=self.deadline_fixed,
            grace_days=self.grace_days,
            grace_kind=DayKind(self.grace_kind),
        )
        return compute_schedule(
            request_date=self.request_date,
            unit_rule=rule,
            appraisal_working_days=self.appraisal_working_days,
        )

    def policy_target(self) -> Target:
        return Target(era=self.era, province_code=self.province_code)


class CampaignFramework(models.Model):
    """Which framework applies to which level of unit, frozen (file texts kept) at opening."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="frameworks", verbose_name="đợt"
    )
    level = models.CharField("cấp đơn vị", max_length=10, choices=Level.choices)
    framework_code = models.CharField("bộ tiêu chí", max_length=80)
    framework_version = models.CharField("phiên bản", max_length=40, blank=True)
    # {file name: YAML text} of the framework file and every file it extends, and their hash:
    # a campaign keeps scoring with the texts it opened with, whatever ships later.
    sources = models.JSONField(default=dict, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "bộ tiêu chí của đợt"
        verbose_name_plural = "bộ tiêu chí của đợt"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "level"], name="campaign_level_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.framework_code}"


class FormStatus(models.TextChoices):
    DRAFT = "draft", "Đang nhập"
    SUBMITTED = "submitted", "Đã nộp"
    IN_REVIEW = "in_review", "Đang thẩm định"
    RETURNED = "returned", "Trả lại để bổ sung"
    RESUBMITTED = "resubmitted", "Đã nộp lại"
    VERIFIED = "verified", "Đã thẩm định"


# The unit may change its answers only in these states, and only while the campaign collects
# or is appraised (a returned form is corrected, a late one still accepted and marked late).
UNIT_EDITABLE = frozenset({FormStatus.DRAFT, FormStatus.RETURNED})
UNIT_OPEN_CAMPAIGN = frozenset({CampaignStatus.COLLECTING, CampaignStatus.APPRAISING})
# Submitted, whatever happened since: the unit has done its part (2392 Điều 4 bước 2).
HANDED_IN = frozenset(
    {FormStatus.SUBMITTED, FormStatus.RESUBMITTED, FormStatus.IN_REVIEW, FormStatus.VERIFIED}
)
# The appraisers work on a form in these states, until the results are approved.
APPRAISABLE = frozenset(
    {FormStatus.SUBMITTED, FormStatus.IN_REVIEW, FormStatus.RESUBMITTED, FormStatus.VERIFIED}
)


class Form(models.Model):
    """One unit's self-assessment in one campaign (phiếu tự đánh giá)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="forms", verbose_name="đợt"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="forms", verbose_name="đơn vị"
    )
    framework = models.ForeignKey(CampaignFramework, on_delete=models.PROTECT, related_name="forms")
    status = models.CharField(
        "trạng thái", max_length=20, choices=FormStatus.choices, default=FormStatus.DRAFT
    )
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nộp",
    )
    late = models.BooleanField("nộp muộn", default=False)
    withdrawn_count = models.PositiveSmallIntegerField("số lần rút lại", default=0)
    answered = models.PositiveSmallIntegerField("số tiêu chí đã trả lời", default=0)
    changed_at = models.DateTimeField("sửa lần cuối", null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người sửa cuối",
    )
    appraiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thẩm định viên phụ trách",
    )
    excluded = models.BooleanField("không xếp hạng", default=False)
    exclusion_reason = models.TextField("lý do không xếp hạng", blank=True)
    verified_at = models.DateTimeField("thẩm định xong lúc", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thẩm định",
    )
    # When ``chiso deadlines`` recorded that the form locked unsubmitted at the deadline (the
    # lock itself is computed on read: ``locked_by_deadline``); cleared by an extension.
    overdue_at = models.DateTimeField("ghi nhận quá hạn lúc", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # The framework's tags the unit carries in this campaign (e.g. "kinh-te-so": a sở with a
    # digital-economy task), set by the province administrator (``form_tags_set``): a tag may
    # change from year to year, so it belongs to the campaign's form, not to the unit.
    # ``tags_version`` is bumped by each change of them (a stale change is refused).
    tags = models.JSONField("nhãn đơn vị", default=list, blank=True)
    tags_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "phiếu tự đánh giá"
        verbose_name_plural = "phiếu tự đánh giá"
        ordering = ["unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="form_campaign_unit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} – {self.campaign.name}"

    @property
    def extension(self) -> Extension | None:
        """The extension (gia hạn) giving this unit its latest date, if any (uses
        ``prefetch_related("extensions")`` when there)."""
        found = list(self.extensions.all())
        return max(found, key=lambda e: (e.new_deadline, e.granted_at, e.pk)) if found else None

    @property
    def deadline(self) -> dt.date:
        """The last day this unit may submit: the campaign's end of grace, or the latest date
        its extensions give. Lists annotate ``extended_until=Max("extensions__new_deadline")``
        to save a query."""
        grace = self.campaign.schedule.grace_until
        if "extended_until" in self.__dict__:
            extended = self.__dict__["extended_until"]
        else:
            extension = self.extension
            extended = extension.new_deadline if extension is not None else None
        return max(grace, extended) if extended is not None else grace

    @property
    def overdue(self) -> bool:
        """Never submitted, and its deadline (with grace and any extension) has passed."""
        return self.status == FormStatus.DRAFT and timezone.localdate() > self.deadline

    @property
    def locked_by_deadline(self) -> bool:
        """Closed to the unit because it was not submitted in time (computed on read: no
        status changes when the day passes, so nothing can forget to lock it)."""
        return self.campaign.lock_at_deadline and self.overdue

    @property
    def open_to_unit(self) -> bool:
        return (
            self.campaign.status in UNIT_OPEN_CAMPAIGN
            and self.status in UNIT_EDITABLE
            and not self.locked_by_deadline
        )

    @property
    def contest_open(self) -> bool:
        """The unit may contest its verified result now (the contest window is open)."""
        if self.status != FormStatus.VERIFIED or self.campaign.status != CampaignStatus.APPRAISING:
            return False
        try:
            window = self.campaign.contest_window
        except ObjectDoesNotExist:
            return False
        return bool(window.opens_on <= timezone.localdate() <= window.closes_on)

    @property
    def open_to_appraisal(self) -> bool:
        return self.campaign.status in UNIT_OPEN_CAMPAIGN and self.status in APPRAISABLE

    def policy_target(self) -> Target:
        return Target(
            era=self.unit.era,
            province_code=self.unit.province_code,
            unit_id=self.unit_id,
            form_open=self.open_to_unit,
            reporter_may_submit=self.campaign.reporter_may_submit,
            appraisal_open=self.open_to_appraisal,
            appraiser_id=self.appraiser_id,
            contest_open=self.contest_open,
        )


class Extension(models.Model):
    """A gia hạn: the decision that gave one or more units a later deadline."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="extensions", verbose_name="đợt"
    )
    forms = models.ManyToManyField(Form, related_name="extensions", verbose_name="phiếu")
    decision_number = models.CharField("số văn bản", max_length=60)
    decision_date = models.DateField("ngày văn bản")
    signer = models.CharField("người ký", max_length=200)
    reason = models.TextField("lý do")
    new_deadline = models.DateField("hạn nộp mới")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField("ghi nhận lúc", auto_now_add=True)

    class Meta:
        verbose_name = "gia hạn"
        verbose_name_plural = "gia hạn"
        ordering = ["-granted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.new_deadline:%d/%m/%Y})"

    @property
    def decision_text(self) -> str:
        """«Văn bản số 12/QĐ-STTTT ngày 20/10/2026 (Nguyễn Văn A ký)»."""
        return (
            f"Văn bản số {self.decision_number} ngày {self.decision_date:%d/%m/%Y} "
            f"({self.signer} ký)"
        )


class Answer(models.Model):
    """One criterion's answer: the raw value as the scoring core reads it, and a note."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="answers")
    criterion = models.CharField("tiêu chí", max_length=40)
    value = models.JSONField("giá trị", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "câu trả lời"
        verbose_name_plural = "câu trả lời"
        constraints = [
            models.UniqueConstraint(fields=["form", "criterion"], name="answer_form_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value!r}"


def evidence_path(instance: Evidence, filename: str) -> str:
    today = dt.date.today()  # noqa: DTZ011 - a folder name only
    return f"evidence/{instance.form.campaign_id}/{instance.form.unit_id}/{today:%Y%m}/{filename}"


class Evidence(models.Model):
    """A file backing one criterion; stored outside the web root (a folder or a bucket, see
    ``storage.py``), served through a checked view."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.CharField("tiêu chí", max_length=40)
    file = models.FileField(upload_to=evidence_path, storage=evidence_storage, max_length=300)
    name = models.CharField("tên tệp", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    removed = models.BooleanField(default=False)

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"
        ordering = ["criterion", "uploaded_at"]

    def __str__(self) -> str:
        return self.name
