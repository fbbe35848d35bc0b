"""Every state-changing request needs the CSRF token; logging in rotates the session."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.html import escape

from chiso.api.errors import CSRF_FAILED
from chiso.views import CSRF_REFUSED
from tests.conftest import PASSWORD


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _sample_url(route: str) -> str:
    """A URL the route matches: numbers for <int:…>, a word for other converters, the first
    alternative of a regex group (the admin's app list)."""
    url = re.sub(r"<int:\w+>", "1", route)
    url = re.sub(r"<\w+:\w+>|<\w+>", "x", url)
    url = re.sub(r"\(\?P<\w+>([^|)]*)[^)]*\)", r"\1", url)
    url = url.replace("^", "").replace("$", "").replace(".*", "")
    return "/" + url


def test_a_post_without_the_csrf_token_is_refused_on_every_url(cast: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["province_admin"])
    refused, unreachable, accepted = 0, [], []

    for route, pattern in _routes(get_resolver().url_patterns):
        url = _sample_url(route)
        try:
            found = resolve(url)
        except Resolver404:
            unreachable.append(route)
            continue
        if found.func is not pattern.callback:
            continue  # an earlier route answers this URL; it is tested as itself
        response = client.post(url, {"anything": "1"})
        if response.status_code == 405:
            continue  # the route takes no POST at all (the API's read-only operations)
        if response.status_code == 403 and "CSRF" in response.content.decode():
            refused += 1
        else:
            accepted.append((route, response.status_code))

    assert unreachable == []
    assert accepted == []
    assert refused > 40  # chiso's own pages and the admin's


def test_a_refused_post_says_why_in_vietnamese_and_the_api_answers_json(
    cast: dict[str, Any],
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["reporter_a"])

    page = client.post("/accounts/password/", {"old_password": PASSWORD})
    api = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")

    assert page.status_code == 403
    assert escape(CSRF_REFUSED) in page.content.decode()
    assert api.status_code == 403
    assert api.json()["code"] == "csrf_failed"
    assert api.json()["message"] == CSRF_FAILED


def test_logging_in_replaces_a_session_planted_before_it(cast: dict[str, Any]) -> None:
    planted = SessionStore()
    planted["planted"] = True
    planted.create()
    client = Client()
    client.cookies["sessionid"] = planted.session_key
    client.get("/accounts/login/")
    csrf_before = client.cookies["csrftoken"].value

    response = client.post("/accounts/login/", {"username": "reporter.a", "password": PASSWORD})

    assert response.status_code == 302
    assert client.cookies["sessionid"].value != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()
    assert client.cookies["csrftoken"].value != csrf_before
