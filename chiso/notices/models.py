"""Notices: one row per person and event (the in-app inbox and the e-mail outbox at once), the
person's mail preference and bounce state, and a campaign's reminder settings and contact.

A notice's mail status moves only in ``sender.py``; see docs/notices.md for the states.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from chiso.campaigns.models import Campaign, Form


class Event(models.TextChoices):
    CAMPAIGN_OPENED = "campaign_opened", "Mở đợt đánh giá (công văn)"
    REMINDER = "reminder", "Nhắc hạn nộp phiếu"
    OVERDUE = "overdue", "Quá hạn nộp phiếu"
    FORM_RETURNED = "form_returned", "Phiếu được trả lại để bổ sung"
    QUESTION_ASKED = "question_asked", "Thẩm định viên hỏi"
    QUESTION_ANSWERED = "question_answered", "Đơn vị trả lời câu hỏi"
    APPRAISAL_FINISHED = "appraisal_finished", "Thẩm định xong"
    CONTEST_ANSWERED = "contest_answered", "Trả lời ý kiến phản hồi về kết quả"
    RESULTS_PUBLISHED = "results_published", "Công bố kết quả"


# Only reminders may be switched off by the person; every other event is a legal notice of a
# step of the procedure (QĐ 2392 Điều 4) and is always e-mailed.
OPTIONAL_EVENTS = frozenset({Event.REMINDER})


class MailStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    CLAIMED = "claimed", "Đã nhận để gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    SKIPPED = "skipped", "Không gửi thư"
    BOUNCED = "bounced", "Địa chỉ bị từ chối"
    FAILED = "failed", "Gửi không được"
    UNCERTAIN = "uncertain", "Không rõ đã gửi chưa"


class Notice(models.Model):
    """One notice to one person. ``key`` makes emitting idempotent: the same event for the same
    person is recorded once, however often the hook runs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name="người nhận",
    )
    event = models.CharField("sự kiện", max_length=30, choices=Event.choices)
    key = models.CharField(max_length=200)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    form = models.ForeignKey(
        Form, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    subject = models.CharField("tiêu đề", max_length=250)
    body = models.TextField("nội dung")
    link = models.CharField("đường dẫn", max_length=300, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    mail_status = models.CharField(
        "thư", max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    mail_to = models.CharField("gửi tới", max_length=254, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    next_attempt_at = models.DateTimeField("gửi lại lúc", null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    last_error = models.TextField("lỗi lần cuối", blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notice_user_key_unique"),
        ]
        indexes = [
            models.Index(fields=["mail_status", "next_attempt_at"], name="notice_outbox"),
            models.Index(fields=["user", "read_at"], name="notice_inbox"),
        ]

    def __str__(self) -> str:
        return self.subject


class Mailbox(models.Model):
    """A person's mail preference and the last address that bounced (a 5xx refusal)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mailbox",
        verbose_name="tài khoản",
    )
    reminders = models.BooleanField("nhận thư nhắc hạn", default=True)
    bounced_address = models.CharField("địa chỉ bị từ chối", max_length=254, blank=True)
    bounced_at = models.DateTimeField("bị từ chối lúc", null=True, blank=True)
    bounce_reason = models.TextField("máy chủ thư trả lời", blank=True)

    class Meta:
        verbose_name = "hộp thư"
        verbose_name_plural = "hộp thư"

    def __str__(self) -> str:
        return str(self.user)

    @property
    def bounced_now(self) -> bool:
        """Whether the person's current address is the one refused."""
        return self.bounces(self.user.email)

    def bounces(self, address: str) -> bool:
        """Whether ``address`` is the one the mail server refused (a new address is tried)."""
        return bool(self.bounced_address) and self.bounced_address.lower() == address.lower()


REMINDER_DAYS_INVALID = (
    "Ngày nhắc hạn: các số ngày làm việc trước hạn, cách nhau bởi dấu phẩy (ví dụ 5,1), "
    "mỗi số từ 1 đến 30."
)


def parse_reminder_days(text: str) -> list[int]:
    try:
        days = sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True)
    except ValueError:
        raise ValidationError({"reminder_days": REMINDER_DAYS_INVALID}) from None
    if any(day < 1 or day > 30 for day in days):
        raise ValidationError({"reminder_days": REMINDER_DAYS_INVALID})
    return days


class CampaignNotices(models.Model):
    """A campaign's reminders and the công văn's particulars (defaults when absent)."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="notice_settings", verbose_name="đợt"
    )
    reminder_days = models.CharField(
        "nhắc trước hạn (ngày làm việc)",
        max_length=40,
        default="5,1",
        help_text="Cách nhau bởi dấu phẩy; ngoài ra luôn nhắc vào đúng ngày hạn.",
    )
    letter_number = models.CharField("số công văn", max_length=60, blank=True)
    contact_name = models.CharField("người liên hệ", max_length=150, blank=True)
    contact_phone = models.CharField("điện thoại liên hệ", max_length=40, blank=True)
    contact_email = models.EmailField("thư điện tử liên hệ", blank=True)

    class Meta:
        verbose_name = "thông báo của đợt"
        verbose_name_plural = "thông báo của đợt"

    def __str__(self) -> str:
        return str(self.campaign)

    def clean(self) -> None:
        parse_reminder_days(self.reminder_days)
