"""``chiso notify`` as the timer runs it, in separate processes on one database: two senders at
once never send a notice twice; a sender killed (SIGKILL) in the middle of a batch and run again
delivers each notice exactly once, except at most the one it was sending when it died, which is
marked UNCERTAIN and not sent again (docs/notices.md: the at-most-once boundary).

On SQLite the test database is copied to a file the processes share (and read back after); on
PostgreSQL they use the test database itself.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, connections

from chiso.notices.models import Event, MailStatus, Notice
from chiso.notices.services import notice_emit
from tests.gunicorn_server import test_database_url
from tests.notices.smtp import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)
SQLITE = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
WAIT = 120  # seconds: a guard against a hang, never a measured duration


def _many_notices(campaign: Any, cast: dict[str, Any], rounds: int = 4) -> int:
    people = [u for u in cast.values() if hasattr(u, "email") and u.email]
    for number in range(rounds):
        notice_emit(
            Event.OVERDUE, campaign, recipients=people, key=f"test:{number}", link="/thong-bao/"
        )
    return Notice.objects.count()


class Database:
    """Where the sender processes find the test's data, and how the test reads theirs back."""

    def __init__(self, tmp_path: Path) -> None:
        self.file = tmp_path / "chiso.sqlite3"

    def share(self) -> str:
        if not SQLITE:
            connections.close_all()
            return test_database_url()
        connection.ensure_connection()
        target = sqlite3.connect(self.file)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{self.file}"

    def read_back(self) -> None:
        if SQLITE:
            source = sqlite3.connect(self.file)
            connection.ensure_connection()
            source.backup(connection.connection)
            source.close()


def _notify(url: str, smtp: SmtpServer, tmp_path: Path, *extra: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CHISO_EMAIL_URL": smtp.url,
        "CHISO_DEBUG": "1",
        "CHISO_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "chiso.settings",
    }
    env.pop("CHISO_TEST_DB_NAME", None)
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "chiso.cli", "notify", "--no-reminders", *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finished(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=WAIT)
    assert process.returncode == 0, err
    return out


def test_two_senders_at_once_never_send_a_notice_twice(
    campaign: Any, cast: dict[str, Any], smtp_server: SmtpServer, tmp_path: Path
) -> None:
    total = _many_notices(campaign, cast)
    database = Database(tmp_path)
    url = database.share()
    # The server holds the first message until both senders are connected: they overlap.
    smtp_server.handler.wait_sessions = 2
    senders = [_notify(url, smtp_server, tmp_path, "--batch", "3") for _ in range(2)]
    outputs = [_finished(s) for s in senders]
    database.read_back()
    received = smtp_server.by_notice()
    assert sorted(received) == sorted(Notice.objects.values_list("pk", flat=True))
    assert all(len(copies) == 1 for copies in received.values())
    assert len({r.session for r in smtp_server.handler.received}) >= 2
    assert Notice.objects.filter(mail_status=MailStatus.SENT).count() == total
    assert all("Đã gửi" in out for out in outputs)


def test_a_sender_killed_mid_batch_then_rerun_delivers_each_notice_once_or_marks_it_uncertain(
    campaign: Any, cast: dict[str, Any], smtp_server: SmtpServer, tmp_path: Path
) -> None:
    total = _many_notices(campaign, cast, rounds=2)
    database = Database(tmp_path)
    url = database.share()
    smtp_server.handler.hold_at = 3  # the third message: the sender dies while sending it
    sender = _notify(url, smtp_server, tmp_path, "--batch", "5")
    assert smtp_server.handler.holding.wait(WAIT)
    os.kill(sender.pid, signal.SIGKILL)
    sender.wait(WAIT)
    smtp_server.handler.release.set()
    smtp_server.handler.hold_at = None
    out = _finished(_notify(url, smtp_server, tmp_path))
    assert "nhận lại 2 thư" in out and "1 thư không rõ" in out
    database.read_back()
    received = smtp_server.by_notice()
    assert all(len(copies) == 1 for copies in received.values())
    statuses = dict(Notice.objects.values_list("pk", "mail_status"))
    uncertain = [pk for pk, status in statuses.items() if status == MailStatus.UNCERTAIN]
    assert len(uncertain) == 1
    assert all(statuses[pk] == MailStatus.SENT for pk in statuses if pk not in uncertain)
    assert all(pk in received for pk in statuses if pk not in uncertain)
    assert len(statuses) == total
    # On a person's decision the one in doubt goes again (it may arrive twice: same Message-ID).
    again = _finished(_notify(url, smtp_server, tmp_path, "--resend-uncertain"))
    assert "Đưa lại 1 thư" in again and "Đã gửi 1," in again
