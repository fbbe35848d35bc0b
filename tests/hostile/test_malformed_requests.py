"""Malformed requests to every endpoint: never a 5xx.

Each kind of broken request — multipart without a boundary, multipart cut short, broken JSON,
a content type nobody reads, a body above the upload limit, bytes that are not UTF-8 — is sent
to EVERY operation of the API (taken from the ninja schema, so a new endpoint is covered the
day it is added), anonymously and with a privileged person's token, and as a POST to every URL
of the site (taken from the URL resolver) by a signed-in person. The API must answer its error
shape (400 ``bad_request`` for an unreadable body), the site a 4xx page or its usual answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from chiso.accounts.tokens import token_create
from chiso.api.api import openapi_schema
from chiso.campaigns.models import Form

HUGE = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024
# (name, content type, body)
MALFORMED: list[tuple[str, str, bytes]] = [
    ("multipart without boundary", "multipart/form-data", b"version=1"),
    (
        "multipart cut short",
        "multipart/form-data; boundary=XyZ",
        b'--XyZ\r\nContent-Disposition: form-data; name="version"\r\n\r\n1',
    ),
    ("multipart, empty boundary", "multipart/form-data; boundary=", b"--\r\n"),
    ("broken JSON", "application/json", b'{"version": 1, "reason": '),
    ("JSON not an object", "application/json", b'[1, 2, "x"]'),
    ("wrong content type", "text/plain", b"version=1&reason=x"),
    ("XML", "application/xml", b"<version>1</version>"),
    ("huge JSON", "application/json", b'{"reason": "' + b"a" * HUGE + b'"}'),
    ("huge form", "application/x-www-form-urlencoded", b"reason=" + b"a" * HUGE),
    ("bad UTF-8 in JSON", "application/json", b'{"reason": "\xff\xfe\xc3("}'),
    ("bad UTF-8 in a form", "application/x-www-form-urlencoded", b"reason=\xff\xfe\xc3%28"),
    ("bad charset", "application/json; charset=no-such-charset", b'{"reason": "x"}'),
]
IDS = [m[0] for m in MALFORMED]


def _api_operations(values: dict[str, str]) -> list[tuple[str, str]]:
    """Every (method, path) of the API schema with its parameters filled in."""
    operations = []
    for path, item in openapi_schema()["paths"].items():
        filled = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "1"), path)
        for method in item:
            if method in {"get", "post", "put", "patch", "delete"}:
                operations.append((method, filled))
    return operations


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _site_urls(values: dict[str, str]) -> list[str]:
    urls = set()
    for route in _routes(get_resolver().url_patterns):
        if route.startswith("api/"):
            continue  # the API is walked from its schema
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "1"), route)
        url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values.get(m.group(1), "1"), url)
        url = url.replace("^", "").replace("$", "").replace("\\", "")
        urls.add("/" + url)
    return sorted(urls)


@pytest.fixture
def values(submitted_a: Form, cast: dict[str, Any]) -> dict[str, str]:
    campaign = submitted_a.campaign
    return {
        "form_id": str(submitted_a.pk),
        "campaign_id": str(campaign.pk),
        "pk": str(submitted_a.pk),
        "object_id": str(campaign.pk),
        "code": "SS.HT.1",
        "criterion": "SS.HT.1",
        "province": "67",
        "year": "2019",
        "version": "1",
        "level": "district",
        "section": "SS",
        "step": "start",
        "era": "2019",
        "framework": "vn-2392-huyen",
        "app_label": "campaigns",
    }


@pytest.mark.parametrize(("name", "content_type", "body"), MALFORMED, ids=IDS)
def test_every_api_operation_answers_a_malformed_request_without_a_server_error(
    name: str, content_type: str, body: bytes, values: dict[str, str], cast: dict[str, Any]
) -> None:
    callers = [("anonymous", {})]
    for person in ("head_a", "approver"):
        secret = token_create(actor=cast[person], name="t").secret
        callers.append((person, {"Authorization": f"Bearer {secret}"}))
    client = Client()
    operations = _api_operations(values)
    assert len(operations) > 30 and all(url.startswith("/api/v1/") for _, url in operations)
    for who, headers in callers:
        cache.clear()  # the anonymous rate limit
        found = 0
        for method, url in operations:
            response = client.generic(
                method.upper(), url, body, content_type=content_type, headers=headers
            )
            label = f"{name}: {who} {method.upper()} {url} -> {response.status_code}"
            assert response.status_code < 500, label
            if response.status_code >= 400:
                assert response["Content-Type"].startswith("application/json"), label
                error = response.json()
                assert set(error) == {"code", "message", "field", "details"}, label
            if response.status_code == 400:
                assert error["code"] == "bad_request", label
            found += response.status_code != 404
        if who != "anonymous":  # the walk reaches the endpoints, not only "no such address"
            assert found > len(operations) // 2, f"{who}: {found} of {len(operations)} answered"


@pytest.mark.parametrize(("name", "content_type", "body"), MALFORMED, ids=IDS)
def test_every_site_url_answers_a_malformed_post_without_a_server_error(
    name: str, content_type: str, body: bytes, values: dict[str, str], cast: dict[str, Any]
) -> None:
    urls = _site_urls(values)
    assert len(urls) > 50
    for person in ("approver", "head_a"):
        client = Client()
        client.force_login(cast[person])
        found = 0
        for url in urls:
            if url.startswith("/accounts/logout"):
                continue  # would end the session the walk uses
            response = client.generic("POST", url, body, content_type=content_type)
            label = f"{name}: {person} POST {url} -> {response.status_code}"
            assert response.status_code < 500, label
            found += response.status_code != 404
        assert found > len(urls) // 2, f"{person}: {found} of {len(urls)} answered"
