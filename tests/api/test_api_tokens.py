"""Personal API tokens: made at the site (or the API with the session), shown once, stored as a
hash, listed and revoked by their owner only, refused once revoked; the session needs CSRF."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.test import Client

from chiso.accounts.models import ApiToken
from chiso.accounts.tokens import token_create
from chiso.audit.models import Entry
from tests.api.conftest import Api


def _logged_in(user: Any, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def test_a_token_made_on_the_account_page_is_shown_once_and_stored_only_as_its_hash(
    cast: dict[str, Any],
) -> None:
    client = _logged_in(cast["reporter_a"])
    assert "Mã truy cập API" in client.get("/accounts/me/").content.decode()

    page = client.post("/accounts/me/tokens/", {"name": "Hệ thống quản lý văn bản"})
    html = page.content.decode()
    stored = ApiToken.objects.get(user=cast["reporter_a"])
    secret = re.findall(r'value="(chiso_[^"]+)"', html)[0]
    assert len(secret) > 40
    assert page["Cache-Control"] == "no-store"
    assert stored.sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.name, stored.prefix, stored.sha256}
    assert secret.startswith(stored.prefix)
    # Shown once: the list afterwards has its name and prefix, never the token.
    again = client.get("/accounts/me/tokens/").content.decode()
    assert "Hệ thống quản lý văn bản" in again and stored.prefix in again and secret not in again
    assert Entry.objects.filter(action="accounts.token_create", actor=cast["reporter_a"]).exists()

    me = Api(secret).get("/me")
    assert me.status_code == 200 and me.json()["username"] == "reporter.a"
    stored.refresh_from_db()
    assert stored.last_used is not None


def test_a_revoked_token_is_refused_with_401_and_the_revocation_is_audited(
    cast: dict[str, Any],
) -> None:
    created = token_create(actor=cast["reporter_a"], name="Cổng dịch vụ công")
    api = Api(created.secret)
    assert api.get("/forms").status_code == 200

    listed = api.get("/tokens").json()
    assert [t["name"] for t in listed["items"]] == ["Cổng dịch vụ công"]
    assert "token" not in listed["items"][0]
    revoked = api.delete(f"/tokens/{created.token.pk}")
    assert revoked.status_code == 200 and revoked.json()["revoked"] is not None

    refused = api.get("/forms")
    assert refused.status_code == 401
    assert refused.json()["code"] == "bad_token"
    assert Entry.objects.filter(action="accounts.token_revoke", actor=cast["reporter_a"]).exists()


def test_nobody_lists_or_revokes_another_persons_token(cast: dict[str, Any]) -> None:
    theirs = token_create(actor=cast["reporter_a"], name="A")
    mine = Api(token_create(actor=cast["system_admin"], name="B").secret)

    assert [t["name"] for t in mine.get("/tokens").json()["items"]] == ["B"]
    assert mine.delete(f"/tokens/{theirs.token.pk}").status_code == 404
    assert Api(theirs.secret).get("/me").status_code == 200


def test_a_token_cannot_mint_tokens_but_the_session_can_with_csrf(cast: dict[str, Any]) -> None:
    api = Api(token_create(actor=cast["reporter_a"], name="A").secret)
    refused = api.post("/tokens", {"name": "B"})
    assert refused.status_code == 403 and "đăng nhập trên trang web" in refused.json()["message"]

    client = _logged_in(cast["reporter_a"], csrf=True)
    client.get("/accounts/me/tokens/")  # the page sets the CSRF cookie
    body = {"name": "Power BI"}
    no_csrf = client.post("/api/v1/tokens", body, content_type="application/json")
    assert no_csrf.status_code == 403 and no_csrf.json()["code"] == "csrf_failed"
    csrf = client.cookies["csrftoken"].value
    made = client.post(
        "/api/v1/tokens", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert made.status_code == 201
    assert Api(made.json()["token"]).get("/me").status_code == 200


def test_the_session_reads_without_csrf(cast: dict[str, Any]) -> None:
    client = _logged_in(cast["appraiser"], csrf=True)
    assert client.get("/api/v1/me").json()["roles"][0]["role"] == "appraiser"


def test_a_token_of_a_deactivated_account_stops_working(cast: dict[str, Any]) -> None:
    created = token_create(actor=cast["reporter_b"], name="A")
    cast["reporter_b"].is_active = False
    cast["reporter_b"].save(update_fields=["is_active"])
    assert Api(created.secret).get("/me").status_code == 401


def test_a_token_needs_a_name(cast: dict[str, Any]) -> None:
    client = _logged_in(cast["reporter_a"])
    page = client.post("/accounts/me/tokens/", {"name": "   "})
    assert page.status_code == 400 and "Hãy đặt tên" in page.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_on_the_page_stops_the_token(cast: dict[str, Any]) -> None:
    created = token_create(actor=cast["head_a"], name="A")
    client = _logged_in(cast["head_a"])
    page = client.post(f"/accounts/me/tokens/{created.token.pk}/revoke/", follow=True)
    assert "Đã thu hồi mã «A»" in page.content.decode()
    assert Api(created.secret).get("/me").status_code == 401
    other = _logged_in(cast["reporter_a"])
    assert other.post(f"/accounts/me/tokens/{created.token.pk}/revoke/").status_code == 404


def test_a_session_holding_a_one_time_password_gets_a_json_error_and_so_does_a_token(
    cast: dict[str, Any],
) -> None:
    from chiso.accounts.middleware import MUST_CHANGE

    person = cast["reporter_a"]
    secret = token_create(actor=person, name="Máy chủ văn bản").secret
    person.must_change_password = True
    person.save(update_fields=["must_change_password"])

    session = _logged_in(person).get("/api/v1/me")

    assert session.status_code == 403
    assert session.json()["code"] == "password_change_required"
    assert session.json()["message"] == MUST_CHANGE
    # Issue 15: the check ran on the session only, before the token was read; the token's
    # owner holds the same one-time password and gets the same answer.
    by_token = Api(secret).get("/me")
    assert by_token.status_code == 403
    assert by_token.json()["code"] == "password_change_required"
