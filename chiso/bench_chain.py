"""Benchmark: the audit chain's one head row under concurrent writers (issue 18), PostgreSQL.

``python -m chiso.bench chain [--writers 1,2,4,8] [--seconds 4]`` (``DATABASE_URL`` names the
server; ``CHISO_TEST_DB_NAME`` the throwaway database, created and dropped here).

Every write of the country appends to one chain: ``chain_append`` locks the one ``ChainHead``
row, inserts the entry, moves the head, and the lock is held until the transaction commits
(its WAL flush included). Here W threads, each with its own connection, append entries for a few
seconds, one per transaction, in two ways side by side:

- ``one head``: ``chain_append`` itself, the country's one chain;
- ``head per writer``: the same three statements on a head row of the writer's own (what a
  chain per province or per campaign would do when the writers are in different ones).

The appends per second of both show the ceiling the one head puts on the country's writes, and
how far below it the writes of the deadline day are (docs/loadtest.md, docs/performance.md).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any

WRITERS = (1, 2, 4, 8)
SECONDS = 4.0
_SEQ_SPAN = 10**12  # the per-writer chains' entries are numbered apart (seq is unique)


def _entry(n: int) -> Any:
    from chiso.audit.models import Entry

    return Entry(
        actor=None,
        actor_label="hệ thống",
        action="bench.append",
        object_type="campaigns.form",
        object_id=str(n),
        object_repr="Xã Bench: SS.HT.1",
        era="2025",
        province_code="01",
        unit_code="00004",
        criterion="SS.HT.1",
        changes={"criterion": "SS.HT.1", "value": [["40", "50"], ["41", "50"]]},
        ip="127.0.0.1",
    )


def _append_own_head(entry: Any, head_pk: int) -> None:
    """``chain_append``'s statements on the head row ``head_pk`` (a chain of the writer's own)."""
    from django.db import transaction
    from django.utils import timezone

    from chiso.audit.chain import _values, entry_hash
    from chiso.audit.models import ChainHead

    with transaction.atomic(savepoint=False):
        head = ChainHead.objects.select_for_update().get(pk=head_pk)
        entry.at = timezone.now()
        entry.seq = head.seq + 1
        entry.prev_hash = head.hash
        entry.hash = entry_hash(_values(entry))
        entry.save(force_insert=True)
        ChainHead.objects.filter(pk=head_pk).update(seq=entry.seq, hash=entry.hash)


def _run(writers: int, seconds: float, own_heads: bool) -> float:
    """Appends per second of ``writers`` threads appending for ``seconds``."""
    from django.db import connection, transaction

    from chiso.audit.chain import chain_append
    from chiso.audit.models import ChainHead

    if own_heads:
        for k in range(writers):  # a writer's chain goes on from one run to the next
            ChainHead.objects.get_or_create(pk=1000 + k, defaults={"seq": (k + 1) * _SEQ_SPAN})
    counts = [0] * writers
    barrier = threading.Barrier(writers + 1)
    stop = threading.Event()
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            barrier.wait()
            while not stop.is_set():
                with transaction.atomic():
                    if own_heads:
                        _append_own_head(_entry(counts[k]), 1000 + k)
                    else:
                        chain_append(_entry(counts[k]))
                counts[k] += 1
        except BaseException as error:  # reported below, never silently lost
            errors.append(error)
            stop.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(writers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return sum(counts) / elapsed


def measure(writers: tuple[int, ...], seconds: float) -> list[dict[str, Any]]:
    from chiso.audit.chain import chain_verify

    rows = []
    for w in writers:
        one = _run(w, seconds, own_heads=False)
        own = _run(w, seconds, own_heads=True)
        rows.append({"writers": w, "one_head_per_s": one, "head_per_writer_per_s": own})
    verification = chain_verify(anchors=[])
    # The country's chain (seq 1…) must still verify; the per-writer chains numbered from 10**12
    # on are not chiso's and show up as breaks there, which is expected and not counted.
    own_chain = [b for b in verification.breaks if b.seq is None or b.seq < _SEQ_SPAN]
    if own_chain:
        raise RuntimeError(f"the chain does not verify: {own_chain[:3]}")
    return rows


def main(argv: list[str]) -> list[dict[str, Any]]:
    writers: tuple[int, ...] = WRITERS
    if "--writers" in argv:
        writers = tuple(int(w) for w in argv[argv.index("--writers") + 1].split(","))
    seconds = float(argv[argv.index("--seconds") + 1]) if "--seconds" in argv else SECONDS
    from chiso.bench_results import _setup_django

    _setup_django()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("Chuỗi nhật ký: chỉ đo trên PostgreSQL (SQLite ghi từng giao dịch một).")
        return []
    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rows = measure(writers, seconds)
    finally:
        connection.close()
        connection.creation.destroy_test_db(original, verbosity=0, keepdb=False)
    print(
        f"Chuỗi nhật ký (PostgreSQL, {seconds:g} s mỗi lần đo, tải máy {os.getloadavg()[0]:.1f}):"
        " số mục ghi mỗi giây, mỗi mục một giao dịch"
    )
    for row in rows:
        one, own = row["one_head_per_s"], row["head_per_writer_per_s"]
        print(
            f"  {row['writers']:2} luồng ghi: một đầu chuỗi {one:7.0f}/s;"
            f" mỗi luồng một đầu chuỗi {own:7.0f}/s; tỉ lệ {one / own:.0%}"
        )
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
