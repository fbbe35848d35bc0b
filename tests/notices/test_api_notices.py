"""/api/v1/notices: the caller's own notices, unread filter, mark one read; others' are 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chiso.notices.models import Notice

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_person_lists_their_notices_and_marks_one_read(
    campaign: Any, cast: dict[str, Any]
) -> None:
    client = _client(cast["head_a"])
    listed = client.get("/api/v1/notices?unread=true").json()
    assert listed["count"] == 1
    [item] = listed["items"]
    assert item["event"] == "campaign_opened" and item["link"].startswith("/forms/")
    csrf = client.get("/thong-bao/").cookies.get("csrftoken")
    headers = {"X-CSRFToken": csrf.value} if csrf else {}
    read = client.post(f"/api/v1/notices/{item['id']}/read", headers=headers)
    assert read.status_code == 200 and read.json()["read_at"]
    assert client.get("/api/v1/notices?unread=true").json()["count"] == 0
    assert client.get("/api/v1/notices").json()["count"] == 1


def test_someone_elses_notice_is_not_found_and_anonymous_is_refused(
    campaign: Any, cast: dict[str, Any]
) -> None:
    notice = Notice.objects.get(user=cast["head_a"])
    other = Client(enforce_csrf_checks=False)
    other.force_login(cast["reporter_b"])
    assert other.post(f"/api/v1/notices/{notice.pk}/read").status_code == 404
    assert Client().get("/api/v1/notices").status_code == 401
