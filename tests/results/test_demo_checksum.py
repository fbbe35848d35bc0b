"""The demo's published snapshots are pinned by their SHA-256: a change in how stored answers are
read, scored, ranked or explained that moves a published figure shows up here, and must be
explained (docs/numbers.md) before the pinned value is updated."""

from __future__ import annotations

import pytest
from django.db import connection

from chiso.demo import demo_load
from chiso.results.models import Snapshot, checksum

PUBLISHED = {
    2018: "0270f6e24d2c0f065d94d493e181faf1b8dd6c05ebc8f0074b204e28bb612286",
    2019: "69a21578894acdc7243ba47f9d3d5377a4e53638df2ff77af57e288f148e3dc2",
}


@pytest.mark.xfail(
    condition=connection.vendor == "postgresql",
    strict=False,
    reason=(
        "Known defect, still open: on PostgreSQL the demo's checksums differ when this test runs "
        "after the rest of the suite (it passes alone), so some read behind publishing depends "
        "on row order without ORDER BY. Find it and remove this mark."
    ),
)
def test_the_demo_publishes_the_same_figures_as_before(db: None) -> None:
    demo_load(all_units=False)
    snapshots = {s.campaign.year: s for s in Snapshot.objects.select_related("campaign")}
    assert {year: s.sha256 for year, s in snapshots.items()} == PUBLISHED
    assert all(s.sha256 == checksum(s.data) for s in snapshots.values())
