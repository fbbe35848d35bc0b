"""Everything a restore must give back unchanged, read from whatever database Django is set up on:
the published snapshots' checksums, the bytes of every public API answer and open-data download
of every version, the evidence files' SHA-256 (recorded and recomputed from the stored bytes) and
the audit trail (verified, with its count and last hash).

``python -m tests.ops.published_state`` prints it as JSON for the installation configured in the
environment (``DATABASE_URL``, ``CHISO_VAR_DIR``…), so a test compares a restored installation
in another process, on another engine, with the one it backed up.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any


def _body(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return hashlib.sha256(body).hexdigest()


def published_state() -> dict[str, Any]:
    from django.test import Client

    from chiso.audit.chain import chain_verify
    from chiso.campaigns.models import Evidence
    from chiso.results.models import Snapshot

    client = Client()
    snapshots = list(Snapshot.objects.select_related("campaign__province").order_by("pk"))
    assert snapshots, "nothing published"
    bodies = {"/api/v1/results": _body(client, "/api/v1/results")}
    for snapshot in snapshots:
        where = f"{snapshot.campaign.province.code}/{snapshot.campaign.year}"
        api = f"/api/v1/results/{where}"
        pinned = f"?version={snapshot.version}"
        year = client.get(api + pinned).json()
        urls = [api + pinned, api, *(t["ranking"] for t in year["tables"])]
        for kind in ("results.json", "results.csv", "ranking.csv"):
            urls += [f"/public/{where}/{kind}", f"/public/{where}/v{snapshot.version}/{kind}"]
        for url in urls:
            bodies[url] = _body(client, url)
    evidence = sorted(
        [e.sha256, hashlib.sha256(e.file.open("rb").read()).hexdigest()]
        for e in Evidence.objects.all()
    )
    chain = chain_verify()
    return {
        "snapshots": [
            [s.campaign.province.code, s.campaign.year, s.version, s.sha256, s.intact]
            for s in snapshots
        ],
        "anchors": [[s.audit_entries, s.audit_last_hash] for s in snapshots],
        "bodies": bodies,
        "evidence": evidence,
        "audit": {"ok": chain.ok, "count": chain.count, "last_hash": chain.last_hash},
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")
    import django

    django.setup()
    print(json.dumps(published_state()))
