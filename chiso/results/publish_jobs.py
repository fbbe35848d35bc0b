"""The publication of a large campaign's results run in the background, with its progress.

Publishing a national cohort (10,600 units) takes tens of seconds: scoring and ranking every
unit, hashing the snapshot, storing the parts the public pages read; the first download of its
ranking workbook ten more. From ``draft_jobs.threshold()`` forms the leader's confirmation starts
the publication in a thread of the process and the publish page says how far it has got and
reloads itself; when it is done the page goes to the dashboard and says what was published, as
a publication in the request does. Smaller campaigns are published in the request as before.

The publication is the same service call (``results_publish``: one transaction, the transition
table, the audit trail with the leader as actor, the campaign locked and its state and version
checked again inside it); the permission is asked in the request before the job starts. After
it, the public ranking files are made and stored (``parts``), so their first download does not
make them in a request. One publication per campaign at a time: a second confirmation while it
runs shows its progress. A refusal or a failure is shown once on the publish page.

The job's state is a row (``PublicationJob``) that every worker process reads, so a reload
served by another gunicorn worker still shows the progress, and the outcome is said once by
whichever worker serves the next page. The row is written only outside the publication's
transaction, by its own short statements: when the job starts (in the request), once the
snapshot is committed, and when it is done. In between, the process running the job knows the
stage and units done (in memory, ``_running``) and the others show the last written stage and
the time since the start: on SQLite (one writer; the publication's ``BEGIN IMMEDIATE`` holds the
write lock for its whole length) a progress write from another connection would wait for the
publication to end, and from the job's own connection it would be inside the transaction (seen
by nobody, rolled back with it). Measured in docs/results.md.

A row left running by a process that has gone (its process id gone on this host, or started
more than ``CHISO_RESULTS_JOB_TIMEOUT`` seconds ago) is said to be interrupted, once, and a new
confirmation is allowed: its transaction was rolled back with the process, unless it had
committed, which the dashboard then shows.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from chiso.errors import DomainError, message_of
from chiso.results.draft_jobs import Progress
from chiso.results.models import PublicationJob

logger = logging.getLogger(__name__)

FAILED = "Công bố kết quả không thành công ({error}); chưa có gì được công bố, hãy thử lại."
FILES = "Đang lập tệp xếp hạng để tải về"
INTERRUPTED = (
    "Việc {what} bị gián đoạn vì tiến trình máy chủ chạy nó đã dừng; nếu trang kết quả chưa có "
    "phiên bản mới, hãy xác nhận lại."
)
PUBLISH, CORRECT = PublicationJob.Kind.PUBLISH, PublicationJob.Kind.CORRECT
PUBLISHED = "Đã công bố kết quả (phiên bản {version}, mã kiểm tra {sha})."
CORRECTED = "Đã đính chính: phiên bản {version} (mã kiểm tra {sha}); phiên bản cũ vẫn xem được."
# Each kind of job: what its page calls it, how its sentence starts, what is said when done.
WORDS: dict[str, tuple[str, str, str]] = {
    PUBLISH: ("Đang công bố…", "Đang công bố kết quả", PUBLISHED),
    CORRECT: ("Đang đính chính…", "Đang đính chính kết quả", CORRECTED),
}


@dataclass
class Publishing(Progress):
    """A publication's (or a correction's) progress; once done, the version and checksum it
    published. ``heading``: what the page calls it; ``doing``: how its sentence starts («… của N
    đơn vị»); ``message``: what the dashboard then says (``{version}``, ``{sha}``)."""

    stage: str = "Đang đọc số liệu"
    version: int = 0
    sha256: str = ""
    heading: str = "Đang công bố…"
    doing: str = "Đang công bố kết quả"
    message: str = ""
    kind: str = PUBLISH

    @property
    def said(self) -> str:
        return self.message.format(version=self.version, sha=self.sha256[:12])

    @property
    def running(self) -> bool:
        return not (self.version or self.error)


_lock = threading.Lock()
# The jobs this process's threads run, fresher than their rows while they run.
_running: dict[int, Publishing] = {}


def timeout() -> int:
    """Seconds after which a job still marked running is taken as interrupted."""
    return int(getattr(settings, "CHISO_RESULTS_JOB_TIMEOUT", 900))


def _here() -> tuple[str, int]:
    """This process: its host and id (asked each time: gunicorn forks its workers)."""
    return socket.gethostname(), os.getpid()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


def _from_row(row: PublicationJob) -> Publishing:
    return Publishing(
        row.total,
        stage=row.stage,
        units_done=row.units_done,
        started=row.started.timestamp(),
        error=row.error,
        version=row.version,
        sha256=row.sha256,
        heading=row.heading,
        doing=row.doing,
        message=row.message,
        kind=row.kind,
    )


def _gone(row: PublicationJob) -> bool:
    """Whether the process that ran this job, still marked running, has gone: its id is gone
    from this host (or is this process, which does not run it), or it started too long ago."""
    if row.started < timezone.now() - dt.timedelta(seconds=timeout()):
        return True
    host, pid = _here()
    return row.host == host and (row.pid == pid or not _alive(row.pid))


def _save(pk: int, job: Publishing) -> None:
    """Write ``job``'s state to its row, in a statement of its own (outside any transaction of
    the job); a row already ended (done, or said interrupted by another worker) is left as is."""
    try:
        PublicationJob.objects.filter(campaign_id=pk, version=0, error="").update(
            stage=job.stage,
            units_done=job.units_done,
            version=job.version,
            sha256=job.sha256,
            error=job.error,
        )
    except DatabaseError:  # the page of this process still shows it; the others time it out
        logger.exception("state of the publication of campaign %s", pk)


def _run(
    pk: int,
    job: Publishing,
    publish: Callable[[Progress], Any],
    after: Callable[[Any, Progress], None],
) -> None:
    try:
        snapshot = publish(job)
    except (DomainError, ValidationError) as error:  # a refusal (the campaign changed meanwhile…)
        job.error = message_of(error)
    except Exception as error:  # noqa: BLE001 - reported on the page
        logger.exception("publication of campaign %s", pk)
        job.error = FAILED.format(error=type(error).__name__)
    else:
        job.step(FILES, job.total)
        _save(pk, job)  # committed: every worker may say so
        try:
            after(snapshot, job)
        except Exception:  # noqa: BLE001 - published; the files are made on first download
            logger.exception("files of snapshot %s", snapshot.pk)
        job.version, job.sha256 = snapshot.version, snapshot.sha256
    finally:
        try:
            _save(pk, job)
        finally:
            with _lock:
                if _running.get(pk) is job:
                    del _running[pk]
            connection.close()


def current(pk: int) -> Publishing | None:
    """The publication of campaign ``pk`` under way, failed, interrupted or done and not yet
    shown, whichever process runs it (its row); this process's own job from memory."""
    with _lock:
        job = _running.get(pk)
    if job is not None:
        return job
    row = PublicationJob.objects.filter(campaign_id=pk, shown=False).first()
    if row is None:
        return None
    if not row.finished and _gone(row):
        what = row.get_kind_display() + " kết quả"
        row.error = INTERRUPTED.format(what=what)
        ended = PublicationJob.objects.filter(pk=row.pk, version=0, error="").update(
            error=row.error
        )
        if not ended:  # it ended meanwhile: read what it says
            return current(pk)
    return _from_row(row)


def latest(pk: int) -> Publishing | None:
    """Campaign ``pk``'s latest background job, under way or ended, its end said or not (what
    the API's status resource reads); None if it never had one."""
    found = current(pk)
    if found is not None:
        return found
    row = PublicationJob.objects.filter(campaign_id=pk).first()
    return _from_row(row) if row is not None else None


def shown(pk: int) -> bool:
    """The end of campaign ``pk``'s publication (its result or its error) is being shown: only
    the caller that gets True says it, so it is said once across every worker."""
    finished = PublicationJob.objects.filter(campaign_id=pk, shown=False).exclude(
        version=0, error=""
    )
    return finished.update(shown=True) == 1


def service_job(
    service: Callable[..., Any], actor: Any, campaign: Any, arguments: dict[str, Any]
) -> Callable[[Progress], Any]:
    """The call of ``service`` (``results_publish`` or ``results_correct``, with ``arguments``
    and ``actor``) that a job makes, given its progress."""

    def job(progress: Progress) -> Any:
        return service(actor=actor, campaign=campaign, progress=progress, **arguments)

    return job


def start(
    pk: int,
    units: int,
    publish: Callable[[Progress], Any],
    after: Callable[[Any, Progress], None],
    *,
    kind: str = PUBLISH,
) -> Publishing:
    """Start publishing campaign ``pk`` (``units`` forms) in a thread unless a job of it is
    under way or its end not yet said (in any process): that job then. ``publish`` is the
    service call (the first publication or a correction: ``kind``, which words the page and
    what the dashboard says when done, ``WORDS``), given the progress; ``after`` makes the files
    of the snapshot it returns."""
    found = current(pk)
    if found is not None:
        return found
    heading, doing, message = WORDS[kind]
    job = Publishing(units, heading=heading, doing=doing, message=message, kind=kind)
    host, pid = _here()
    with _lock:  # first: a row of this process's id is never taken for a gone process's
        _running[pk] = job
    try:
        with transaction.atomic():
            PublicationJob.objects.filter(campaign_id=pk).delete()  # the one before, said
            PublicationJob.objects.create(
                campaign_id=pk,
                kind=kind,
                stage=job.stage,
                total=units,
                started=dt.datetime.fromtimestamp(job.started, tz=dt.UTC),
                heading=heading,
                doing=doing,
                message=message,
                host=host,
                pid=pid,
            )
    except IntegrityError:  # another worker started it at the same moment
        with _lock:
            del _running[pk]
        return current(pk) or job
    # The request's context (the client's address in the audit entries) goes with it.
    context = contextvars.copy_context()
    threading.Thread(
        target=context.run,
        args=(_run, pk, job, publish, after),
        daemon=True,
        name="chiso-publish",
    ).start()
    return job


def clear() -> None:
    """Forget the publications this process runs (tests); their threads still end on their
    own, and their rows stay."""
    with _lock:
        _running.clear()
