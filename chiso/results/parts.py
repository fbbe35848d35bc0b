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
    SnapshotPart.objects.bulk_create(parts)


def read(snapshot: Snapshot, name: str) -> Any | None:
    """The stored part ``name`` of ``snapshot`` if it is still as signed at publication."""
    part = SnapshotPart.objects.filter(snapshot=snapshot, name=name).first()
    if part is None:
        return None
    if not constant_time_compare(part.signature, _signature(snapshot, name, part.data)):
        return None
    return part.data
