"""Two app servers (two gunicorns) on one database, as behind a load balancer: whatever one
server did, the other knows — the session, the latest version of an answer, the evidence file,
a login lockout. Nothing that matters lives in an app process."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from chiso.accounts.hashers import ChisoArgon2PasswordHasher
from chiso.accounts.models import Role, User
from chiso.accounts.services import role_grant
from chiso.campaigns.models import Evidence, Form
from chiso.loadtest.scenario import pdf
from tests.gunicorn_server import needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-that-dai-2026"  # noqa: S105 - test account


def _csrf(client: httpx.Client) -> dict[str, str]:
    return {"X-CSRFToken": client.cookies["csrftoken"]}


def test_a_second_app_server_carries_on_where_the_first_left_off(
    form_a: Form, cast: dict[str, Any], gunicorn: Any
) -> None:
    # The production hasher, so that both servers check the password themselves.
    hasher = ChisoArgon2PasswordHasher()
    person = User.objects.create(
        username="daumoi.hai",
        full_name="Cán bộ hai",
        password=hasher.encode(PASSWORD, hasher.salt()),
    )
    role_grant(actor=None, user=person, role=Role.REPORTER, unit=cast["dakrlap"])
    one, two = gunicorn(), gunicorn()
    first = httpx.Client(base_url=one.url, timeout=30)
    first.get("/accounts/login/")
    login = {
        "username": "daumoi.hai",
        "password": PASSWORD,
        "csrfmiddlewaretoken": first.cookies["csrftoken"],
    }
    assert first.post("/accounts/login/", data=login).status_code == 302
    second = httpx.Client(base_url=two.url, timeout=30, cookies=first.cookies)
    save = f"/forms/{form_a.pk}/answers/SS.HT.1/"
    json = {"Accept": "application/json"}

    assert second.get(f"/forms/{form_a.pk}/").status_code == 200  # the session made on one
    saved = first.post(
        save,
        data={"numerator": "40", "denominator": "50", "version": ""},
        headers={**_csrf(first), **json},
    )
    assert saved.json()["version"] == 1
    later = second.post(
        save,
        data={"numerator": "41", "denominator": "50", "version": "1"},
        headers={**_csrf(second), **json},
    )
    stale = first.post(
        save,
        data={"numerator": "39", "denominator": "50", "version": "1"},
        headers={**_csrf(first), **json},
    )
    assert later.status_code == 200 and later.json()["version"] == 2
    assert stale.status_code == 409

    document = pdf("66601")
    uploaded = first.post(
        f"/forms/{form_a.pk}/evidence/KQ.HD.1/",
        data={"csrfmiddlewaretoken": first.cookies["csrftoken"]},
        files={"file": ("ke-hoach.pdf", document, "application/pdf")},
    )
    assert uploaded.status_code == 302
    evidence = Evidence.objects.get(form=form_a)
    assert second.get(f"/evidence/{evidence.pk}/").content == document

    stranger = httpx.Client(base_url=one.url, timeout=30)
    stranger.get("/accounts/login/")
    for _ in range(5):
        stranger.post(
            "/accounts/login/",
            data={**login, "password": "sai", "csrfmiddlewaretoken": stranger.cookies["csrftoken"]},
        )
    elsewhere = httpx.Client(base_url=two.url, timeout=30)
    elsewhere.get("/accounts/login/")
    locked = elsewhere.post(
        "/accounts/login/", data={**login, "csrfmiddlewaretoken": elsewhere.cookies["csrftoken"]}
    )
    assert locked.status_code != 302
    assert "Tạm khoá đăng nhập" in locked.text
