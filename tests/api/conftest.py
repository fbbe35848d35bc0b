"""API test helpers: a personal token per person of the cast, and a client that sends it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from chiso.accounts.tokens import token_create
from chiso.results.models import Snapshot
from chiso.results.services import results_publish
from tests.results.conftest import DISTRICTS, SIGNED, run_districts


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    """The anonymous rate limit counts in the cache: every test starts with none spent."""
    cache.clear()


class Api:
    """The Django test client speaking JSON to /api/v1/ as one person (a token) or nobody."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        send = getattr(self.client, method.lower())
        kwargs: dict[str, Any] = {"headers": self.headers, **extra}
        if body is not None:
            kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
        return send(f"/api/v1{path}", **kwargs)

    def get(self, path: str, **extra: Any) -> Any:
        return self.call("GET", path, **extra)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, body if body is not None else {})

    def put(self, path: str, body: Any) -> Any:
        return self.call("PUT", path, body)

    def delete(self, path: str, **extra: Any) -> Any:
        return self.call("DELETE", path, **extra)


def token_for(user: Any) -> str:
    return token_create(actor=user, name="kiểm thử").secret


@pytest.fixture
def as_person(cast: dict[str, Any]) -> Any:
    """``as_person("reporter_a")``: an Api speaking with that person's own token."""
    made: dict[str, Api] = {}

    def make(name: str) -> Api:
        if name == "anonymous":
            return Api()
        if name not in made:
            made[name] = Api(token_for(cast[name]))
        return made[name]

    return make


@pytest.fixture
def published_2018(cast: dict[str, Any]) -> Snapshot:
    """Đắk Nông's 2018 district results, published: Đắk R'Lấp verified, the others left out."""
    campaign = run_districts(cast, 2018, skip=tuple(c for c in DISTRICTS if c != "666"))
    return results_publish(actor=cast["approver"], campaign=campaign, **SIGNED)
