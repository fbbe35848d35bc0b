"""Every state-changing endpoint in every state of the campaign and the form: never a 5xx.

A double click, a page left open while the campaign moved on, an API client replaying a call:
each endpoint that writes (every POST URL of the site about a form, a campaign or its results,
every POST/PUT/DELETE of the API, both enumerated, not listed by hand) is called with a
well-formed request in every combination of campaign status (and published) and form status,
by the appraiser, the approver and the unit's head. A refusal is a 4xx with its reason.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from chiso.accounts.tokens import token_create
from chiso.api.api import openapi_schema
from chiso.campaigns.models import Campaign, CampaignStatus, Form, FormStatus
from chiso.demo.results import appraise
from chiso.results.models import Snapshot, checksum
from tests.hostile.test_malformed_requests import _routes

ROLES = ("appraiser", "approver", "head_a")
SITE_PREFIXES = ("forms/", "appraisal/", "campaigns/", "results/campaigns/", "evidence/")
C, F = CampaignStatus, FormStatus
STATES = [(c, f) for c in (C.COLLECTING, C.APPRAISING) for f in F] + [
    (c, f) for c in (C.AWAITING_APPROVAL, C.APPROVED) for f in (F.VERIFIED, F.IN_REVIEW)
]


def _filler(values: dict[str, str]) -> Any:
    return lambda m: values.get(m.group(1), "1")


def _site_posts(form: Form, evidence_id: int) -> list[str]:
    from django.urls import get_resolver

    urls = []
    for route in _routes(get_resolver().url_patterns):
        if not route.startswith(SITE_PREFIXES) or "<" not in route:
            continue
        pk = form.pk if route.startswith(("forms/", "appraisal/forms/")) else form.campaign_id
        if route.startswith("evidence/"):
            pk = evidence_id
        for step in ("start", "request", "approve", "reopen"):  # the approval page's steps
            values = {"pk": str(pk), "code": "SS.HT.1", "step": step}
            urls.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", _filler(values), route))
    return sorted(set(urls))


def _api_writes(form: Form, evidence_id: int) -> list[tuple[str, str]]:
    values = {
        "form_id": str(form.pk),
        "campaign_id": str(form.campaign_id),
        "code": "SS.HT.1",
        "evidence_id": str(evidence_id),
        "token_id": "1",
    }
    found = []
    for path, item in openapi_schema()["paths"].items():
        url = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "1"), path)
        found += [(m.upper(), url) for m in item if m in {"post", "put", "delete"}]
    return found


def test_every_write_endpoint_in_every_state_answers_without_a_server_error(
    submitted_a: Form, cast: dict[str, Any]
) -> None:
    form = submitted_a
    appraise(form, cast["appraiser"], {})
    evidence = form.evidence.first()
    assert evidence is not None
    site = _site_posts(form, evidence.pk)
    api = _api_writes(form, evidence.pk)
    assert len(site) > 15 and len(api) > 20
    people = {}
    for role in ROLES:
        web = Client()
        web.force_login(cast[role])
        token = token_create(actor=cast[role], name="walk").secret
        people[role] = (web, {"Authorization": f"Bearer {token}"})
    walks = [(c, f, False) for c, f in STATES] + [(C.APPROVED, F.VERIFIED, True)]
    walks += [(C.APPRAISING, F.IN_REVIEW, True)]  # a correction of published results
    for campaign_state, form_state, published in walks:
        if published and not form.campaign.snapshots.exists():
            Snapshot.objects.create(
                campaign=form.campaign,
                version=1,
                data={"cohorts": []},
                sha256=checksum({"cohorts": []}),
                published_at=timezone.now(),
                published_by=cast["approver"],
            )
        for role in ROLES:
            web, headers = people[role]
            cache.clear()
            for method, url in [("POST", u) for u in site] + api:
                if role == "head_a" and not url.startswith(("/forms/", "/api/v1/forms/")):
                    continue  # the unit's people: their own form's endpoints
                Campaign.objects.filter(pk=form.campaign_id).update(status=campaign_state)
                Form.objects.filter(pk=form.pk).update(status=form_state)
                versions = Form.objects.values_list("version", "campaign__version").get(pk=form.pk)
                version = versions[1] if "campaigns/" in url else versions[0]
                fields = {
                    "version": version,
                    "reason": "Lý do kiểm thử",
                    "message": "Ý kiến kiểm thử",
                    "text": "Câu hỏi kiểm thử",
                    "criterion": "",
                    "decision": "accept",
                    "excluded": "1",
                    "value": "1",
                }
                if url.startswith("/api/"):
                    body = {**fields, "excluded": True, "state": "accepted", "appraiser": None}
                    response = web.generic(
                        method,
                        url,
                        json.dumps(body),
                        content_type="application/json",
                        headers=headers,
                    )
                else:
                    response = web.post(url, {k: str(v) for k, v in fields.items()})
                label = (
                    f"campaign {campaign_state}{' (published)' if published else ''}, "
                    f"form {form_state}: {role} {method} {url} -> {response.status_code}"
                )
                assert response.status_code < 500, label
