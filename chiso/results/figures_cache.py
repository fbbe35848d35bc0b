"""Published figures decoded once per process, not on every request.

A national snapshot is ~26 MB of JSON: decoding it and hashing it again (``Snapshot.intact``) for
every public page cost more than the page. A snapshot never changes (a correction is a new
version), so its decoded figures and the result of the checksum are kept, keyed by its id and
checksum, least recently used first out. Memory stays bounded: at most ``CHISO_FIGURES_CACHE_MB``
megabytes of JSON (the canonical form the checksum covers; decoded, Python objects take several
times that) per process; a snapshot larger than the budget alone is not kept. 0 turns it off.
Callers read the figures and never change them (they are shared between requests).

``results_of(figures)``: the typed results (``chiso.results.typed``) of figures kept here or by
``draft_cache``, read once per figures object: those are shared and never changed, so the last
few read are kept by identity (``TYPED_KEPT``), with the figures they were read from; figures
just computed come with the typed results they were written from (``remember``).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any

from django.conf import settings

from chiso.results.models import Snapshot, canonical_json
from chiso.results.typed import Results, from_figures

Data = dict[str, Any]
Key = tuple[int, str]

_lock = threading.Lock()
_kept: OrderedDict[Key, tuple[Data, bool, int]] = OrderedDict()
TYPED_KEPT = 4
_typed: OrderedDict[int, tuple[Data, Results]] = OrderedDict()


def _budget() -> int:
    return int(getattr(settings, "CHISO_FIGURES_CACHE_MB", 64)) * 1024 * 1024


def _get(key: Key) -> tuple[Data, bool, int] | None:
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
        return found


def _put(key: Key, value: tuple[Data, bool, int]) -> None:
    budget = _budget()
    if value[2] > budget:
        return
    with _lock:
        _kept[key] = value
        _kept.move_to_end(key)
        while sum(size for _, _, size in _kept.values()) > budget:
            _kept.popitem(last=False)


def clear() -> None:
    with _lock:
        _kept.clear()
        _typed.clear()


def results_of(figures: Data) -> Results:
    """The typed results of ``figures`` (a snapshot's or a draft's, shared and never changed),
    read once: kept by the figures' identity, the figures with them so the identity holds."""
    key = id(figures)
    with _lock:
        found = _typed.get(key)
        if found is not None and found[0] is figures:
            _typed.move_to_end(key)
            return found[1]
    results = from_figures(figures)
    if _budget() == 0:  # nothing kept (``CHISO_FIGURES_CACHE_MB`` 0)
        return results
    _keep_typed(figures, results)
    return results


def remember(figures: Data, results: Results) -> None:
    """``results`` are the typed results ``figures`` were written from (``figures.py`` builds
    the typed object first): ``results_of(figures)`` gives them back without reading the
    figures again."""
    if _budget() == 0:
        return
    _keep_typed(figures, results)


def _keep_typed(figures: Data, results: Results) -> None:
    with _lock:
        _typed[id(figures)] = (figures, results)
        _typed.move_to_end(id(figures))
        while len(_typed) > TYPED_KEPT:
            _typed.popitem(last=False)


def with_figures(snapshot: Snapshot) -> Snapshot:
    """``snapshot`` (read with ``data`` deferred, or not) with its figures and integrity set."""
    key = (snapshot.pk, snapshot.sha256)
    found = _get(key)
    if found is None:
        loaded = "data" not in snapshot.get_deferred_fields()
        data = (
            snapshot.data
            if loaded
            else Snapshot.objects.filter(pk=snapshot.pk).values_list("data", flat=True).get()
        )
        text = canonical_json(data)
        found = (data, hashlib.sha256(text).hexdigest() == snapshot.sha256, len(text))
        _put(key, found)
    snapshot.data, snapshot.checked_intact = found[0], found[1]
    return snapshot


def kept(snapshot: Snapshot, size: int) -> None:
    """Keep the figures just published (``size``: their canonical JSON's length), hashed by
    the publication itself: the next pages of this process neither decode nor hash them."""
    _put((snapshot.pk, snapshot.sha256), (snapshot.data, True, size))
