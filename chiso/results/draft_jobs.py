"""The draft results of a large campaign computed in the background, with their progress.

Scoring and ranking a national cohort from its answers takes seconds to tens of seconds (3,321
communes: about 10 s on an idle core); the dashboard and the approval page would keep a person
waiting that long after every change of the data (``draft_cache`` keeps the result until the
next change). From ``CHISO_RESULTS_BACKGROUND_UNITS`` forms (1,000 by default; 0: never) the
computation runs in a thread of the process, and the page says how far it has got and reloads
itself until the figures are there; smaller campaigns are computed in the request as before.

One computation per campaign and state of its data at a time (the fingerprint of
``draft_cache``): a second request while it runs reads its progress. What it computes is kept
by ``draft_cache`` exactly as a computation in the request would be, so every page then reads
the same figures. A failed computation is reported on the page, then tried again on the
request after. The thread's database connection is closed when it ends.

A thread, not a job table and a worker service: the figures are kept per process
(``draft_cache``), so the process that shows them computes them; nothing is written.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection

from chiso.results import draft_cache

logger = logging.getLogger(__name__)

FAILED = "Tính kết quả dự thảo không thành công ({error}); tải lại trang để tính lại."


@dataclass
class Progress:
    """How far a computation has got: its stage in words, the units done of all."""

    total: int
    stage: str = "Đang đọc số liệu"
    units_done: int = 0
    started: float = field(default_factory=time.time)  # wall clock: read by other processes
    error: str = ""
    told: bool = False  # the error was shown

    def step(self, stage: str, units_done: int = 0) -> None:
        self.stage, self.units_done = stage, units_done

    @property
    def seconds(self) -> int:
        return max(0, int(time.time() - self.started))

    @property
    def percent(self) -> int:
        return min(99, 100 * self.units_done // self.total) if self.total else 0


_lock = threading.Lock()
_running: dict[tuple[int, str, Any], Progress] = {}


def threshold() -> int:
    return int(getattr(settings, "CHISO_RESULTS_BACKGROUND_UNITS", 1000))


def in_background(units: int) -> bool:
    """Whether a campaign of ``units`` forms is computed in the background."""
    limit = threshold()
    return 0 < limit <= units


def _run(slot: tuple[int, str, Any], campaign: Any, compute: Callable[[Progress], Any]) -> None:
    progress = _running[slot]
    try:
        draft_cache.keep(campaign, slot[2], compute(progress), kind=slot[1])
        with _lock:
            _running.pop(slot, None)
    except Exception as error:  # noqa: BLE001 - reported on the page, tried again on reload
        logger.exception("draft results of campaign %s", campaign.pk)
        progress.error = FAILED.format(error=type(error).__name__)
    finally:
        connection.close()


def figures_or_progress(
    campaign: Any, key: Any, units: int, compute: Callable[[Progress], Any], kind: str = "figures"
) -> tuple[Any, Progress | None]:
    """(what is kept for ``campaign`` under ``key``, None), or (None, its progress) while it
    is computed in the background; a small campaign is computed here."""
    found = draft_cache.peek(campaign, key, kind)
    if found is not None:
        return found, None
    if not in_background(units):
        return draft_cache.cached(campaign, key, lambda: compute(Progress(units)), kind), None
    slot = (campaign.pk, kind, key)
    with _lock:
        progress = _running.get(slot)
        if progress is not None and progress.error:
            if not progress.told:
                progress.told = True  # the failure is shown once, then tried again
                return None, progress
            del _running[slot]
            progress = None
        if progress is None:
            progress = _running[slot] = Progress(units)
            threading.Thread(
                target=_run, args=(slot, campaign, compute), daemon=True, name="chiso-draft"
            ).start()
    return None, progress


def clear() -> None:
    """Forget the computations under way (tests); their threads still end on their own."""
    with _lock:
        _running.clear()
