"""The e-mail sender behind ``chiso notify``: claims pending notices, sends each through
Django's e-mail backend and records the outcome. Safe to run on several machines at once.

A notice goes PENDING → CLAIMED (a batch, under a lease, by one worker) → SENDING (committed
just before the SMTP conversation) → SENT, or back to PENDING with a later ``next_attempt_at``
(a temporary refusal, the server unreachable), or BOUNCED (a 5xx refusal of the address), or
FAILED (after ``MAX_ATTEMPTS``). Every step is a conditional update naming the worker, so two
workers never both send one notice.

The boundary (docs/notices.md): a worker that dies leaves its CLAIMED notices, never attempted,
to be sent again (nothing lost), and at most the one notice it was SENDING as UNCERTAIN: the
server may or may not have accepted it, so it is not sent again unless someone asks
(``chiso notify --resend-uncertain``). E-mail is thus at most once, and the inbox copy is
always there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import smtplib
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from chiso.notices.models import OPTIONAL_EVENTS, Event, Mailbox, MailStatus, Notice

MAX_ATTEMPTS = 8
FIRST_DELAY = dt.timedelta(minutes=1)
LONGEST_DELAY = dt.timedelta(hours=6)
NO_ADDRESS = "Tài khoản chưa có địa chỉ thư điện tử."
ADDRESS_BOUNCED = "Địa chỉ {address} đã bị máy chủ thư từ chối lúc {when}; cần sửa địa chỉ."
REMINDERS_OFF = "Người nhận đã tắt thư nhắc hạn."
DIED_SENDING = (
    "Máy gửi dừng đột ngột trong lúc gửi thư này: máy chủ thư có thể đã nhận hoặc chưa; "
    "không tự gửi lại để không gửi hai lần."
)


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes after the 1st, 2nd, 3rd … failure, at most 6 hours."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), LONGEST_DELAY)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def _dead_here(worker: str) -> bool:
    """Whether ``worker`` ran on this machine and its process is gone (then its lease need not
    be waited for: a timer restarted after a crash recovers at once)."""
    host, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass
class Report:
    sent: int = 0
    retry: int = 0
    bounced: int = 0
    failed: int = 0
    skipped: int = 0
    recovered: int = 0
    uncertain: int = 0
    errors: list[str] = field(default_factory=list)

    def text(self) -> str:
        return (
            f"Đã gửi {self.sent}, chờ gửi lại {self.retry}, địa chỉ bị từ chối {self.bounced}, "
            f"hỏng {self.failed}, không gửi {self.skipped}; nhận lại {self.recovered} thư của "
            f"lượt gửi bị dừng, {self.uncertain} thư không rõ đã gửi chưa."
        )


def recover(*, now: dt.datetime, report: Report) -> None:
    """Notices of workers whose lease ended or whose process is gone on this machine: CLAIMED
    ones go back to PENDING, SENDING ones become UNCERTAIN."""
    held = Notice.objects.filter(mail_status__in=[MailStatus.CLAIMED, MailStatus.SENDING])
    expired = Q(lease_until__lt=now)
    dead = [w for w in held.values_list("claimed_by", flat=True).distinct() if _dead_here(w)]
    stale = held.filter(expired | Q(claimed_by__in=dead))
    report.recovered += stale.filter(mail_status=MailStatus.CLAIMED).update(
        mail_status=MailStatus.PENDING, claimed_by="", lease_until=None
    )
    report.uncertain += stale.filter(mail_status=MailStatus.SENDING).update(
        mail_status=MailStatus.UNCERTAIN, claimed_by="", lease_until=None, last_error=DIED_SENDING
    )


def claim(*, now: dt.datetime, worker: str, batch: int, lease: dt.timedelta) -> list[Notice]:
    """Up to ``batch`` due notices, now CLAIMED by ``worker``. On PostgreSQL the candidates are
    locked with SKIP LOCKED (two workers take different rows); everywhere the update is
    conditional on the row still being PENDING, so a row is claimed by one worker only."""
    with transaction.atomic():
        due = Notice.objects.filter(mail_status=MailStatus.PENDING).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        )
        if db_connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.order_by("id").values_list("id", flat=True)[:batch])
        Notice.objects.filter(pk__in=ids, mail_status=MailStatus.PENDING).update(
            mail_status=MailStatus.CLAIMED, claimed_by=worker, lease_until=now + lease
        )
    return list(
        Notice.objects.filter(claimed_by=worker, mail_status=MailStatus.CLAIMED)
        .select_related("user", "campaign__province", "form__unit")
        .order_by("id")
    )


def _mine(notice: Notice, worker: str, status: str) -> Any:
    return Notice.objects.filter(pk=notice.pk, claimed_by=worker, mail_status=status)


def _finish(notice: Notice, worker: str, status: str, **fields: Any) -> None:
    _mine(notice, worker, MailStatus.SENDING).update(
        mail_status=status, claimed_by="", lease_until=None, **fields
    )


def skip_reason(notice: Notice) -> str:
    address = notice.user.email.strip()
    if not address:
        return NO_ADDRESS
    mailbox = Mailbox.objects.filter(user=notice.user).first()
    if mailbox is not None and mailbox.bounces(address):
        when = timezone.localtime(mailbox.bounced_at).strftime("%d/%m/%Y %H:%M")
        return ADDRESS_BOUNCED.format(address=address, when=when)
    if notice.event in OPTIONAL_EVENTS and mailbox is not None and not mailbox.reminders:
        return REMINDERS_OFF
    return ""


def _refusal(error: Exception) -> tuple[int | None, str]:
    """The SMTP code and text of a refusal (None: no answer, the server was unreachable)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
        return int(code), text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    if isinstance(error, smtplib.SMTPResponseException):
        said: bytes | str = error.smtp_error
        return int(error.smtp_code), (
            said.decode(errors="replace") if isinstance(said, bytes) else str(said)
        )
    return None, f"{type(error).__name__}: {error}"


def _bounce(notice: Notice, address: str, reason: str, now: dt.datetime) -> None:
    mailbox, _ = Mailbox.objects.get_or_create(user=notice.user)
    mailbox.bounced_address, mailbox.bounced_at, mailbox.bounce_reason = address, now, reason
    mailbox.save(update_fields=["bounced_address", "bounced_at", "bounce_reason"])


Attachments = Callable[[Notice], list[tuple[str, bytes, str]]]


def message_for(notice: Notice, attachments: Attachments | None = None) -> EmailMessage:
    base = settings.CHISO_BASE_URL.rstrip("/")
    lines = [
        f"Kính gửi {notice.user.get_full_name()},",
        "",
        notice.body,
        "",
        f"Xem trên chiso: {base}/thong-bao/{notice.pk}/",
        "",
        "Thư gửi tự động từ chiso; mọi thông báo cũng có trong mục Thông báo khi đăng nhập.",
    ]
    if notice.event in OPTIONAL_EVENTS:
        lines.append(f"Không muốn nhận thư nhắc hạn: tắt tại {base}/thong-bao/cai-dat/")
    domain = settings.CHISO_EMAIL_FROM.rpartition("@")[2].strip(">") or "chiso"
    message = EmailMessage(
        subject=f"[chiso] {notice.subject}",
        body="\n".join(lines),
        from_email=settings.CHISO_EMAIL_FROM,
        to=[notice.user.email.strip()],
        headers={
            # One Message-ID per notice: a copy resent on request is recognisable as the same.
            "Message-ID": make_msgid(idstring=f"notice-{notice.pk}", domain=domain),
            "X-Chiso-Notice": str(notice.pk),
        },
    )
    for name, content, mimetype in attachments(notice) if attachments else []:
        message.attach(name, content, mimetype)
    return message


def deliver(
    notice: Notice,
    *,
    worker: str,
    mail: Any,
    now: dt.datetime,
    lease: dt.timedelta,
    report: Report,
    attachments: Attachments | None = None,
) -> bool:
    """Send one claimed notice; False when the connection should be opened again."""
    reason = skip_reason(notice)
    if reason:
        _mine(notice, worker, MailStatus.CLAIMED).update(
            mail_status=MailStatus.SKIPPED, claimed_by="", lease_until=None, last_error=reason
        )
        report.skipped += 1
        return True
    address = notice.user.email.strip()
    message = message_for(notice, attachments)
    # Committed before the first byte goes out: a crash from here on leaves it SENDING.
    taken = _mine(notice, worker, MailStatus.CLAIMED).update(
        mail_status=MailStatus.SENDING,
        lease_until=now + lease,
        attempts=F("attempts") + 1,
        mail_to=address,
    )
    if not taken:  # the lease ran out and another worker has it
        return True
    attempts = notice.attempts + 1
    try:
        mail.send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        code, text = _refusal(error)
        detail = f"{code} {text}" if code else text
        if (
            code is not None
            and 500 <= code < 600
            and not isinstance(error, smtplib.SMTPSenderRefused)
        ):
            _bounce(notice, address, detail, now)
            _finish(notice, worker, MailStatus.BOUNCED, last_error=detail[:2000])
            report.bounced += 1
        elif attempts >= MAX_ATTEMPTS or code is not None and 500 <= code < 600:
            _finish(notice, worker, MailStatus.FAILED, last_error=detail[:2000])
            report.failed += 1
        else:
            _finish(
                notice,
                worker,
                MailStatus.PENDING,
                next_attempt_at=now + backoff(attempts),
                last_error=detail[:2000],
            )
            report.retry += 1
        report.errors.append(f"thông báo {notice.pk} tới {address}: {detail}")
        return False
    _finish(notice, worker, MailStatus.SENT, sent_at=timezone.now(), last_error="")
    report.sent += 1
    return True


def notices_send(
    *,
    now: dt.datetime | None = None,
    batch: int = 50,
    lease: dt.timedelta = dt.timedelta(minutes=15),
    mail_connection: Callable[[], Any] | None = None,
    attachments: Attachments | None = None,
    limit: int | None = None,
) -> Report:
    """Send every due notice in batches; returns what became of them. ``mail_connection``
    makes the e-mail connection (default: Django's configured backend)."""
    now = now or timezone.now()
    worker = worker_name()
    report = Report()
    recover(now=now, report=report)
    opener = mail_connection or (lambda: get_connection(fail_silently=False))
    done = 0
    while limit is None or done < limit:
        claimed = claim(now=now, worker=worker, batch=batch, lease=lease)
        if not claimed:
            break
        mail = _opened(opener)
        try:
            for notice in claimed:
                if not deliver(
                    notice,
                    worker=worker,
                    mail=mail,
                    now=now,
                    lease=lease,
                    report=report,
                    attachments=attachments,
                ):
                    _close(mail)
                    mail = _opened(opener)
                done += 1
        finally:
            _close(mail)
    return report


def _opened(opener: Callable[[], Any]) -> Any:
    """One connection for a batch; a server that does not answer fails each send instead."""
    mail = opener()
    with contextlib.suppress(smtplib.SMTPException, OSError):
        mail.open()
    return mail


def _close(mail: Any) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        mail.close()


def resend_uncertain() -> int:
    """Put the notices in doubt back in the queue, on a person's decision (may send twice)."""
    return Notice.objects.filter(mail_status=MailStatus.UNCERTAIN).update(
        mail_status=MailStatus.PENDING, next_attempt_at=None
    )


__all__ = ["Event", "notices_send", "recover", "claim", "deliver", "resend_uncertain"]
