"""Levels are listed in the framework's order whatever order the stored figures' keys come back
in (PostgreSQL's jsonb sorts keys by length: "Mức IV" before "Mức III")."""

from __future__ import annotations

import itertools

from chiso.results.portal import level_counts
from chiso.results.typed import Section

LEVELS = ["Mức I", "Mức II", "Mức III", "Mức IV"]


def test_level_counts_follow_the_framework_order_for_every_key_order() -> None:
    counts = {"Mức I": 0, "Mức II": 2, "Mức III": 0, "Mức IV": 1}
    before = {"Mức I": 1, "Mức II": 0, "Mức III": 3, "Mức IV": 0}
    for order in itertools.permutations(LEVELS):
        section = {
            "levels": LEVELS,
            "counts": {"ranked": 3, "per_level": {name: counts[name] for name in order}},
            "previous_counts": {"ranked": 4, "per_level": {n: before[n] for n in reversed(order)}},
        }

        rows, ranked, ranked_before = level_counts(Section.read(section))

        assert [(r.level, r.now, r.before) for r in rows] == [
            (name, counts[name], before[name]) for name in LEVELS
        ]
        assert (ranked, ranked_before) == (3, 4)
