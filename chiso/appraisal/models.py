"""What the appraisers add to a unit's form: verified values, questions, and each submission round.

The unit's own answers stay untouched in ``campaigns.Answer``; a ``Verification`` sits beside
each one, so the self-assessed and the verified figure can always be shown side by side.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from chiso.campaigns.models import Form


class VerificationState(models.TextChoices):
    ACCEPTED = "accepted", "Chấp nhận số liệu đơn vị"
    ADJUSTED = "adjusted", "Điều chỉnh"


class Reason(models.TextChoices):
    """The common reasons for adjusting a value; ``OTHER`` needs the free text."""

    NO_EVIDENCE = "no_evidence", "Không có minh chứng"
    EVIDENCE_MISMATCH = "evidence_mismatch", "Minh chứng không khớp với số liệu kê khai"
    OUTSIDE_YEAR = "outside_year", "Minh chứng ngoài năm đánh giá"
    WRONG_FIGURE = "wrong_figure", "Số liệu kê khai sai hoặc tính sai"
    NOT_MET = "not_met", "Chưa đáp ứng yêu cầu của tiêu chí"
    APPRAISER_POINTS = "appraiser_points", "Điểm do thẩm định viên chấm theo hướng dẫn"
    OTHER = "other", "Lý do khác"


class Verification(models.Model):
    """The appraiser's decision on one criterion: accept the unit's value or set another."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="verifications")
    criterion = models.CharField("tiêu chí", max_length=40)
    state = models.CharField("kết quả", max_length=10, choices=VerificationState.choices)
    value = models.JSONField("giá trị thẩm định", null=True, blank=True)
    reason_code = models.CharField("lý do", max_length=20, choices=Reason.choices, blank=True)
    reason = models.TextField("giải thích", blank=True)
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "kết quả thẩm định tiêu chí"
        verbose_name_plural = "kết quả thẩm định tiêu chí"
        constraints = [
            models.UniqueConstraint(fields=["form", "criterion"], name="verification_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_state_display()}"

    @property
    def reason_text(self) -> str:
        label = Reason(self.reason_code).label if self.reason_code else ""
        return " – ".join(part for part in (label, self.reason) if part)


class Side(models.TextChoices):
    APPRAISER = "appraiser", "Thẩm định viên"
    UNIT = "unit", "Đơn vị"


class Comment(models.Model):
    """A question of the appraisers on a criterion (or the whole form), or the unit's answer."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="comments")
    criterion = models.CharField("tiêu chí", max_length=40, blank=True)
    round = models.PositiveSmallIntegerField("vòng")
    side = models.CharField(max_length=10, choices=Side.choices)
    text = models.TextField("nội dung")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "trao đổi"
        verbose_name_plural = "trao đổi"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.criterion or 'phiếu'}: {self.text[:60]}"


class Round(models.Model):
    """One submission of the form: what was sent (answers and files) and how it came back."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField("vòng")
    submitted_at = models.DateTimeField("nộp lúc")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # {criterion: {"value": raw, "note": text, "files": [sha256, ...]}} as submitted.
    snapshot = models.JSONField(default=dict)
    returned_at = models.DateTimeField("trả lại lúc", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    return_message = models.TextField("ý kiến khi trả lại", blank=True)

    class Meta:
        verbose_name = "vòng nộp"
        verbose_name_plural = "vòng nộp"
        ordering = ["form", "number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="round_unique"),
        ]

    def __str__(self) -> str:
        return f"Vòng {self.number}"


class ContestWindow(models.Model):
    """The days before approval in which every unit may contest its verified result."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="contest_window"
    )
    working_days = models.PositiveSmallIntegerField("số ngày làm việc", default=5)
    opens_on = models.DateField("mở từ ngày")
    closes_on = models.DateField("đến hết ngày")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField("mở lúc", auto_now_add=True)

    class Meta:
        verbose_name = "thời hạn khiếu nại kết quả"
        verbose_name_plural = "thời hạn khiếu nại kết quả"

    def __str__(self) -> str:
        return f"{self.opens_on:%d/%m/%Y}–{self.closes_on:%d/%m/%Y}"


class Outcome(models.TextChoices):
    PENDING = "pending", "Chờ trả lời"
    ACCEPTED = "accepted", "Chấp nhận, đã điều chỉnh"
    REJECTED = "rejected", "Không chấp nhận"


class Objection(models.Model):
    """A unit's objection to the verified value of one criterion, and the appraiser's answer."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="objections")
    criterion = models.CharField("tiêu chí", max_length=40)
    explanation = models.TextField("giải trình của đơn vị")
    evidence = models.ForeignKey(
        "campaigns.Evidence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="minh chứng kèm theo",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filed_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    outcome = models.CharField(
        "kết quả", max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    answer = models.TextField("trả lời của Sở", blank=True)
    value_before = models.JSONField("giá trị thẩm định trước", null=True, blank=True)
    value_after = models.JSONField("giá trị thẩm định sau", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)

    class Meta:
        verbose_name = "khiếu nại kết quả thẩm định"
        verbose_name_plural = "khiếu nại kết quả thẩm định"
        ordering = ["form__unit__code", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["form", "criterion"], name="objection_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_outcome_display()}"
