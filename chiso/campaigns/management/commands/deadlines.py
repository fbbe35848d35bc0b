"""``manage.py deadlines``: record forms that locked unsubmitted at their deadline (once each).

Run it daily (a systemd timer or cron, like ``deploy/``'s other jobs). The lock itself does not
wait for it: ``Form.locked_by_deadline`` is computed on every read.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from chiso.campaigns.extensions import forms_record_overdue


class Command(BaseCommand):
    help = "Ghi nhận (một lần) các phiếu đã khóa vì hết hạn mà chưa nộp."

    def handle(self, *args: Any, **options: Any) -> None:
        recorded = forms_record_overdue()
        self.stdout.write(f"Đã ghi nhận {len(recorded)} phiếu quá hạn chưa nộp.")
