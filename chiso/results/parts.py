"""What public pages show of a published snapshot, derived once at publication and stored.

A national snapshot is ~25 MB of JSON: a public worker's first page of it decoded and hashed it
whole (``figures_cache``) before deriving what it shows, most of a second at 3,321 units. At
publication the figures are in memory and have just been hashed to their checksum, so each
ranking table's page body (every table of every cohort, all districts, the latest version's
links) is rendered then and stored (``SnapshotPart``); the page reads that one row.

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

from chiso.results.models import Snapshot, SnapshotPart, canonical_json

SALT = "chiso.results.parts"


def ranking_name(level: str, section: str) -> str:
    """The part of the latest version's ranking page of ``section`` in ``level`` (no district)."""
    return f"ranking/{level}/{section}"


COHORTS = "cohorts"


def unit_name(code: str) -> str:
    """The part of one unit's figures (its cohort's level, its figures as in the snapshot)."""
    return f"unit/{code}"


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
    found: dict[str, Any] = {COHORTS: heads}
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
    SnapshotPart.objects.bulk_create(parts, batch_size=500)


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
