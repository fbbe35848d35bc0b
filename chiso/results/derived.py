"""What a published snapshot implies, derived once per process and kept by its checksum.

A published snapshot never changes (a correction is a new version with its own checksum), so
what pages and documents derive from it — a section's ranking rows and its rendered table, the
counts per level of every table, the documents' ranking entries — is the same for every
request. At national scale each of these reads the 3,321 units of a cohort (parsing their
figures, wording each reason for not being ranked, rendering each row): kept here, the next
request reads it back instead.

Only the figures of an intact snapshot are kept (``Snapshot.intact``: they hash to the
published checksum, so the checksum names them). At most ``KEPT`` results, least recently used
first out; callers never change what they get (it is shared between requests, like
``figures_cache``). Drafts are not kept here (``draft_cache`` keys them by their data).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

KEPT = 64

T = TypeVar("T")

_lock = threading.Lock()
_kept: OrderedDict[Hashable, Any] = OrderedDict()


def derived(sha256: str | None, intact: bool, key: Hashable, compute: Callable[[], T]) -> T:
    """What ``compute()`` derives from the snapshot with checksum ``sha256`` (``key`` names
    what is derived), computed once; a draft (no checksum) or figures that no longer match
    their checksum are computed on every call."""
    if not sha256 or not intact:
        return compute()
    slot = (sha256, key)
    with _lock:
        if slot in _kept:
            _kept.move_to_end(slot)
            found: T = _kept[slot]
            return found
    value = compute()
    with _lock:
        _kept[slot] = value
        _kept.move_to_end(slot)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _kept.clear()
