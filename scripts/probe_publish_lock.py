"""Measure what a progress write from another connection meets while a background publication
runs (``chiso.results.publish_jobs``): on SQLite with the project's settings (WAL, ``BEGIN
IMMEDIATE``, 20 s busy timeout) it waits for the publication's whole transaction, which is why the
job's row is written only outside it (docs/results.md, "Large campaigns in the background").

Usage, on a database of its own (it builds an N-commune cohort there):
    DATABASE_URL=sqlite:////tmp/probe.sqlite3 CHISO_DEBUG=1 \\
        .venv/bin/python scripts/probe_publish_lock.py 3321
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")


def main(units: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from chiso.bench_results import build_cohort
    from chiso.results import publish_jobs, views_documents
    from chiso.results.models import PublicationJob
    from chiso.results.services import results_publish

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    campaign, approver = build_cohort(units)
    print(f"{units} units built in {time.perf_counter() - began:.1f} s", flush=True)

    def publication(progress: Any) -> Any:
        return results_publish(
            actor=approver,
            campaign=campaign,
            decision_number="1/QĐ-UBND",
            decision_date=dt.datetime.now(dt.UTC).date(),
            decision_signer="Chủ tịch UBND tỉnh",
            progress=progress,
        )

    start = time.perf_counter()
    publish_jobs.start(campaign.pk, units, publication, views_documents.store_public_files)
    waits: list[tuple[float, float, str]] = []

    def another_worker() -> None:
        """Writes the job's progress every 0.5 s from its own connection until the job ends."""
        row = PublicationJob.objects.filter(campaign=campaign, version=0, error="")
        while True:
            asked = time.perf_counter()
            try:
                row.update(units_done=1)
                failed = ""
            except Exception as error:  # noqa: BLE001 - measured, not handled
                failed = type(error).__name__
            waits.append((asked - start, time.perf_counter() - asked, failed))
            if PublicationJob.objects.get(campaign=campaign).finished:
                break
            time.sleep(0.5)
        connection.close()

    worker = threading.Thread(target=another_worker)
    worker.start()
    worker.join()
    ended = PublicationJob.objects.get(campaign=campaign)
    print(f"job ended at {time.perf_counter() - start:.1f} s: version {ended.version}")
    for at, waited, failed in waits:
        print(f"  write asked at {at:5.2f} s waited {waited:6.3f} s {failed}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
