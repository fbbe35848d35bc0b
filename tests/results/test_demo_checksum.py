"""The demo's published snapshots are pinned by their SHA-256: a change in how stored answers are
read, scored, ranked or explained that moves a published figure shows up here, and must be
explained (docs/numbers.md) before the pinned value is updated."""

from __future__ import annotations

from chiso.results.models import Snapshot, checksum

PUBLISHED = {
    2018: "496820788c4ec061b1164cc4c6c034b68c07256d3a8f23c338b2a4f6062a34e6",
    2019: "66e339bd7496ebc72ede6961ef928c586dd2e23f5ce574144cb56123ffe39497",
}


def test_the_demo_publishes_the_same_figures_as_before(demo_world: list[str]) -> None:
    # The demo is loaded once for the session (tests/conftest.py).
    snapshots = {s.campaign.year: s for s in Snapshot.objects.select_related("campaign")}
    assert {year: s.sha256 for year, s in snapshots.items()} == PUBLISHED
    assert all(s.sha256 == checksum(s.data) for s in snapshots.values())
