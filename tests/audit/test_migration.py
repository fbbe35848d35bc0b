"""The migration that adds the chain hashes the entries written before it, in their order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from chiso.audit.chain import chain_verify
from chiso.audit.models import Entry

BEFORE = [("audit", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_entries_written_before_the_chain_are_chained_by_time() -> None:
    executor = MigrationExecutor(connection)
    # Every app's latest: going back to audit 0001 also unapplies migrations depending on it
    # (results 0002 backfills the snapshots' audit anchors).
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("audit", "Entry")
    for number, day in enumerate([3, 1, 2]):
        row = old.objects.create(
            action="units.import", object_type="units.unit", reason=f"{number}"
        )
        old.objects.filter(pk=row.pk).update(at=dt.datetime(2025, 1, day, tzinfo=dt.UTC))

    executor.loader.build_graph()
    executor.migrate(latest)

    assert list(Entry.objects.order_by("seq").values_list("reason", flat=True)) == ["1", "2", "0"]
    result = chain_verify()
    assert (result.ok, result.count) == (True, 3)
