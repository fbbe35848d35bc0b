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
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection

from chiso.errors import DomainError, message_of
from chiso.results.draft_jobs import Progress

logger = logging.getLogger(__name__)

FAILED = "Công bố kết quả không thành công ({error}); chưa có gì được công bố, hãy thử lại."
FILES = "Đang lập tệp xếp hạng để tải về"


@dataclass
class Publishing(Progress):
    """A publication's (or a correction's) progress; once done, the version and checksum it
    published. ``heading``: what the page calls it; ``message``: what the dashboard then says
    (``{version}``, ``{sha}``)."""

    stage: str = "Đang đọc số liệu"
    version: int = 0
    sha256: str = ""
    heading: str = "Đang công bố…"
    message: str = ""

    @property
    def said(self) -> str:
        return self.message.format(version=self.version, sha=self.sha256[:12])


_lock = threading.Lock()
_running: dict[int, Publishing] = {}


def _run(
    pk: int,
    publish: Callable[[Progress], Any],
    after: Callable[[Any, Progress], None],
) -> None:
    job = _running[pk]
    try:
        snapshot = publish(job)
    except (DomainError, ValidationError) as error:  # a refusal (the campaign changed meanwhile…)
        job.error = message_of(error)
    except Exception as error:  # noqa: BLE001 - reported on the page
        logger.exception("publication of campaign %s", pk)
        job.error = FAILED.format(error=type(error).__name__)
    else:
        try:
            job.step(FILES, job.total)
            after(snapshot, job)
        except Exception:  # noqa: BLE001 - published; the files are made on first download
            logger.exception("files of snapshot %s", snapshot.pk)
        job.version, job.sha256 = snapshot.version, snapshot.sha256
    finally:
        connection.close()


def current(pk: int) -> Publishing | None:
    """The publication of campaign ``pk`` under way, failed or done and not yet shown."""
    with _lock:
        return _running.get(pk)


def shown(pk: int) -> None:
    """The end of campaign ``pk``'s publication (its result or its error) was shown: forget it."""
    with _lock:
        job = _running.get(pk)
        if job is not None and (job.error or job.version):
            del _running[pk]


def start(
    pk: int,
    units: int,
    publish: Callable[[Progress], Any],
    after: Callable[[Any, Progress], None],
    *,
    message: str,
    heading: str = "Đang công bố…",
) -> Publishing:
    """Start publishing campaign ``pk`` (``units`` forms) in a thread unless it is already being
    published: the progress of the one publication. ``publish`` is the service call (the first
    publication or a correction), given the progress; ``after`` makes the files of the snapshot
    it returns; ``message``: what the dashboard says then (``{version}``, ``{sha}``); ``heading``:
    what the page calls the job."""
    with _lock:
        job = _running.get(pk)
        if job is not None:
            return job
        job = _running[pk] = Publishing(units, heading=heading, message=message)
        # The request's context (the client's address in the audit entries) goes with it.
        context = contextvars.copy_context()
        threading.Thread(
            target=context.run, args=(_run, pk, publish, after), daemon=True, name="chiso-publish"
        ).start()
    return job


def clear() -> None:
    """Forget the publications under way (tests); their threads still end on their own."""
    with _lock:
        _running.clear()
