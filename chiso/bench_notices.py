"""Benchmark: sending notices (``python -m chiso.bench notices [--notices N]``).

N notices (default 1,000, a province's communes times their two officers, roughly) sent by
``notices_send`` through Django's SMTP backend to a local SMTP server (aiosmtpd, a development
dependency) on a fresh test database; and the request letter (công văn) built for 1,000
recipients. Prints one JSON object per figure.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import time
from typing import Any

from chiso.bench_results import _setup_django

UNUSABLE = "!"  # noqa: S105 - Django's unusable-password marker: nobody logs in


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.count += 1
        return "250 OK"


def _letter_seconds(recipients: int) -> float:
    from chiso.publish.request_letter import (
        LetterKind,
        Recipient,
        RequestLetter,
        request_letter_docx,
    )

    letter = RequestLetter(
        province="Lâm Đồng",
        province_title="tỉnh",
        department="Sở Khoa học và Công nghệ",
        department_short="SKHCN",
        year=2026,
        campaign="Đánh giá năm 2026",
        request_date=dt.date(2026, 11, 16),
        deadline=dt.date(2026, 12, 7),
        grace_until=dt.date(2026, 12, 7),
        deadline_rule="15 ngày làm việc kể từ ngày công văn",
        kinds=[LetterKind("cấp xã", "Bộ tiêu chí cấp xã", "Quyết định 2392/QĐ-BTTTT", recipients)],
        recipients=[Recipient(str(i), f"Xã số {i}", "cấp xã") for i in range(recipients)],
        site_url="https://chiso.example/",
        guide_url="https://chiso.example/huong-dan/",
        contact_name="Phòng Chuyển đổi số",
        contact_phone="",
        contact_email="",
    )
    started = time.perf_counter()
    request_letter_docx(letter)
    return time.perf_counter() - started


def _measure(n: int) -> list[dict[str, Any]]:
    import logging

    from aiosmtpd.controller import Controller
    from django.core.mail import get_connection

    from chiso.accounts.models import User
    from chiso.notices.models import Event, MailStatus, Notice
    from chiso.notices.sender import notices_send

    users = User.objects.bulk_create(
        User(username=f"bench{i}", email=f"bench{i}@example.vn", password=UNUSABLE)
        for i in range(n)
    )
    Notice.objects.bulk_create(
        Notice(user=u, event=Event.OVERDUE, key="bench", subject="Thử", body="Thử") for u in users
    )
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    handler = _Counter()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        started = time.perf_counter()
        report = notices_send(
            mail_connection=lambda: get_connection(
                "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port
            )
        )
        elapsed = time.perf_counter() - started
    finally:
        controller.stop()
    sent = Notice.objects.filter(mail_status=MailStatus.SENT).count()
    if not (report.sent == sent == handler.count == n):
        raise RuntimeError(f"sent {report.sent}, recorded {sent}, received {handler.count} of {n}")
    return [
        {"figure": "notices_send", "notices": n, "seconds": round(elapsed, 3),
         "per_second": round(n / elapsed, 1)},
        {"figure": "request_letter_docx", "recipients": 1000,
         "seconds": round(_letter_seconds(1000), 3)},
    ]  # fmt: skip


def main(argv: list[str]) -> None:
    n = int(argv[argv.index("--notices") + 1]) if "--notices" in argv else 1000
    _setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    print(f"{connection.vendor}, tải máy {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        figures = _measure(n)
    finally:
        connection.creation.destroy_test_db(original, verbosity=0, keepdb=False)
    for figure in figures:
        print(json.dumps(figure, ensure_ascii=False))
