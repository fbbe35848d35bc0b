"""Levels are listed in the framework's order (Mức I, II, III, IV), never in a dict's.

PostgreSQL's jsonb keeps an object's keys sorted by length, then bytes: a snapshot's
``per_level`` read back from it comes as I, II, IV, III. Every list of levels is taken from the
framework (``section["levels"]``, a JSON list, which keeps its order). Run on SQLite and on
PostgreSQL (``DATABASE_URL=postgres://…``).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from django.test import Client

from chiso.campaigns.frozen import frozen_framework
from chiso.results import portal
from chiso.results.models import Snapshot
from chiso.results.typed import Section
from chiso.scoring.classify import level_names

FRAMEWORK_ORDER = ["Mức I", "Mức II", "Mức III", "Mức IV"]


def test_level_counts_follow_the_framework_whatever_the_order_of_the_stored_keys() -> None:
    for names in itertools.permutations(FRAMEWORK_ORDER):
        per_level = {name: index for index, name in enumerate(names)}
        before = {"ranked": 3, "per_level": dict(reversed(list(per_level.items())))}
        section = {
            "levels": FRAMEWORK_ORDER,
            "counts": {"ranked": 6, "per_level": per_level},
            "previous_counts": before,
        }
        rows, _, _ = portal.level_counts(Section.read(section))
        assert [r.level for r in rows] == FRAMEWORK_ORDER
        assert all(r.now == per_level[r.level] == r.before for r in rows)


def _in_order(text: str, names: list[str]) -> list[str]:
    """The level names as they appear in ``text`` (first appearance, whole names)."""
    found = sorted((m.start(), name) for name in names for m in [re.search(rf"{name}<", text)] if m)
    return [name for _, name in found]


def test_the_public_year_page_and_the_api_list_levels_in_the_frameworks_order(
    published_2019: Snapshot, cast: dict[str, Any]
) -> None:
    stored = Snapshot.objects.get(pk=published_2019.pk)  # as the database gives it back
    cf = stored.campaign.frameworks.get(level="district")
    framework = frozen_framework(cf.framework_code, cf.sha256, cf.sources)
    expected = list(level_names(framework.sections[0]))
    assert expected == FRAMEWORK_ORDER
    for cohort in stored.data["cohorts"]:
        for section in cohort["sections"]:
            assert section["levels"] == list(
                level_names(next(s for s in framework.sections if s.code == section["code"]))
            )
    page = Client().get("/public/67/2019/").content.decode()
    assert _in_order(page, FRAMEWORK_ORDER) == FRAMEWORK_ORDER
    api = Client().get("/api/v1/results/67/2019").json()
    for table in api["tables"]:
        assert [c["level"] for c in table["per_level"]] == FRAMEWORK_ORDER
    client = Client()
    client.force_login(cast["approver"])
    draft = client.get(f"/api/v1/campaigns/{stored.campaign_id}/results").json()
    for table in draft["tables"]:
        assert [c["level"] for c in table["per_level"]] == FRAMEWORK_ORDER
