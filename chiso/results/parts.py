"""What public pages show of a published snapshot, derived once at publication and stored.

A national snapshot is ~25 MB of JSON: a public worker's first page of it decoded and hashed it
whole (``figures_cache``) before deriving what it shows, most of a second at 3,321 units. At
publication the figures are in memory and have just been hashed to their checksum, so each
ranking table's page body (every table of every cohort, all districts, the latest version's
links) is rendered then and stored (``SnapshotPart``); the page reads that one row.

One unit's report (its PDF) is made from parts too: ``report`` (the campaign and every cohort
without its units or its tables' rows) and the unit's figures, with the unit's figures of the
earlier years for its history (``bundle.unit_report_bundle``). The whole-cohort downloads (the
ranking workbook and CSV) are made from the snapshot on their first request and stored as
``file/<name>`` (``keep``), signed the same way, when the snapshot was found intact.

A part is used only while its signature holds: the server's signature (``SECRET_KEY``, salted)
of the snapshot's id and checksum, the part's name and the SHA-256 of its data, made at
publication. A part changed in the database since (or signed with another key) is not used:
the page derives from the snapshot as before, and says whether the snapshot's figures still
hash to their checksum.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.signing import Signer
from django.utils.crypto import constant_time_compare

from chiso.inserts import insert_many
from chiso.results.models import Snapshot, SnapshotPart, canonical_json

SALT = "chiso.results.parts"
Data = dict[str, Any]


def ranking_name(level: str, section: str) -> str:
    """The part of the latest version's ranking page of ``section`` in ``level`` (no district)."""
    return f"ranking/{level}/{section}"


COHORTS = "cohorts"


def unit_name(code: str) -> str:
    """The part of one unit's figures (its cohort's level, its figures as in the snapshot)."""
    return f"unit/{code}"


REPORT = "report"


def file_name(name: str) -> str:
    """The part of a whole-cohort download of the snapshot (``xep-hang.xlsx``), made once."""
    return f"file/{name}"


def report_heads(figures: Data) -> Data:
    """What one unit's report reads of the figures besides the unit's own: the campaign, the year
    compared with, every cohort without its units and without its tables' rows (the report reads
    neither), with how many units it had (``unit_count``)."""
    tables = ("ranking", "not_ranked")
    return {k: v for k, v in figures.items() if k != "cohorts"} | {
        "cohorts": [
            {k: v for k, v in cohort.items() if k not in ("units", "sections")}
            | {
                "unit_count": len(cohort["units"]),
                "sections": [
                    {k: v for k, v in frame.items() if k not in tables}
                    for frame in cohort["sections"]
                ],
            }
            for cohort in figures["cohorts"]
        ]
    }


def _signature(snapshot: Snapshot, name: str, data: Any) -> str:
    digest = hashlib.sha256(canonical_json(data)).hexdigest()
    return Signer(salt=SALT).signature(f"{snapshot.pk}:{snapshot.sha256}:{name}:{digest}")


def store(snapshot: Snapshot) -> None:
    """Derive and store the parts of ``snapshot``, whose figures (``data``) were just hashed to
    its checksum by the publication itself."""
    from chiso.results.views_public import ranking_part

    campaign = snapshot.campaign
    prefix = f"/public/{campaign.province.code}/{campaign.year}/"
    parts = []
    for cohort in snapshot.data["cohorts"]:
        for section in cohort["sections"]:
            name = ranking_name(cohort["level"], section["code"])
            data = ranking_part(snapshot, cohort["level"], section["code"], prefix)
            parts.append(
                SnapshotPart(
                    snapshot=snapshot,
                    name=name,
                    data=data,
                    signature=_signature(snapshot, name, data),
                )
            )
    # Every cohort without its units (what a unit's page compares with), then each unit.
    heads = {
        "previous": snapshot.data.get("previous"),
        "cohorts": [
            {k: v for k, v in cohort.items() if k != "units"} for cohort in snapshot.data["cohorts"]
        ],
    }
    found: dict[str, Any] = {COHORTS: heads, REPORT: report_heads(snapshot.data)}
    for cohort in snapshot.data["cohorts"]:
        for unit in cohort["units"]:
            # The first unit of that code, as ``portal.unit_of`` finds it.
            found.setdefault(unit_name(unit["unit"]), {"level": cohort["level"], "unit": unit})
    parts += [
        SnapshotPart(
            snapshot=snapshot, name=name, data=data, signature=_signature(snapshot, name, data)
        )
        for name, data in found.items()
    ]
    # Not ``bulk_create``: on PostgreSQL it sends the JSON as arrays, quoted in Python (inserts).
    insert_many(parts)


def read_many(snapshots: list[Snapshot], names: list[str]) -> dict[tuple[int, str], Any]:
    """The stored parts ``names`` of ``snapshots`` still as signed, by (snapshot id, name)."""
    by_pk = {s.pk: s for s in snapshots}
    found = {}
    rows = SnapshotPart.objects.filter(snapshot__in=list(by_pk), name__in=names)
    for pk, name, data, signature in rows.values_list("snapshot", "name", "data", "signature"):
        if constant_time_compare(signature, _signature(by_pk[pk], name, data)):
            found[(pk, name)] = data
    return found


def read(snapshot: Snapshot, name: str) -> Any | None:
    """The stored part ``name`` of ``snapshot`` if it is still as signed at publication."""
    part = SnapshotPart.objects.filter(snapshot=snapshot, name=name).first()
    if part is None:
        return None
    if not constant_time_compare(part.signature, _signature(snapshot, name, part.data)):
        return None
    return part.data


def latest_in_era(snapshot: Snapshot) -> list[Snapshot]:
    """The latest version of every published year in the snapshot's structure (as
    ``selectors.published_in_era``), each with its figures deferred (not read)."""
    from chiso.results.selectors import provinces_behind, published_campaigns

    found = []
    era = snapshot.campaign.province.era
    for campaign in published_campaigns(provinces_behind(snapshot.campaign.province)):
        latest = campaign.snapshots.defer("data").order_by("-version").first()
        if latest is not None and campaign.province.era == era:
            latest.campaign = campaign
            found.append(latest)
    return found


def stored(snapshots: list[Snapshot]) -> set[int]:
    """The ids of those of ``snapshots`` whose parts were stored at publication (the ones
    published before parts existed have none)."""
    rows = SnapshotPart.objects.filter(snapshot__in=snapshots, name=COHORTS)
    return set(rows.values_list("snapshot", flat=True))


def keep(snapshot: Snapshot, name: str, data: Any) -> None:
    """Store the part ``name`` of ``snapshot`` made after publication (a download made once from
    its figures, which the caller has just found intact); one already stored stays."""
    part = SnapshotPart(
        snapshot=snapshot, name=name, data=data, signature=_signature(snapshot, name, data)
    )
    SnapshotPart.objects.bulk_create([part], ignore_conflicts=True)
