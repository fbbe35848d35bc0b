"""Single sign-on through the province's OpenID Connect provider (a test one on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.test import Client

from chiso.accounts import sso
from chiso.accounts.models import User
from chiso.accounts.services import user_create
from chiso.accounts.sso_views import STATE_MISMATCH
from chiso.audit.models import Entry
from tests.conftest import PASSWORD
from tests.oidc_provider import Provider

LOGIN = "/accounts/login/"
START = "/accounts/sso/"
CALLBACK = "/accounts/sso/callback/"


@pytest.fixture
def provider(settings: Any) -> Iterator[Provider]:
    p = Provider(
        people={
            "lan": {"sub": "lan-0001", "email": "Lan.Nguyen@daknong.gov.vn", "name": "Nguyễn Lan"},
            "binh": {"sub": "binh-0002", "email": "binh@daknong.gov.vn"},
            "khach": {"sub": "khach-0003", "email": "khach@example.vn"},
            "nam": {"sub": "nam-0004", "preferred_username": "nam.tran"},
            "chuaxacminh": {
                "sub": "x-5",
                "email": "lan.nguyen@daknong.gov.vn",
                "email_verified": False,
            },
        }
    ).start()
    settings.CHISO_OIDC_DISCOVERY_URL = p.discovery_url
    settings.CHISO_OIDC_CLIENT_ID = p.client_id
    settings.CHISO_OIDC_CLIENT_SECRET = p.client_secret
    settings.CHISO_OIDC_MATCH = "email"
    sso._clients.clear()
    yield p
    p.stop()
    sso._clients.clear()


@pytest.fixture
def people(db: None) -> dict[str, User]:
    lan, _ = user_create(
        actor=None,
        username="lan.nguyen",
        full_name="Nguyễn Thị Lan",
        email="lan.nguyen@daknong.gov.vn",
        password=PASSWORD,
    )
    binh, _ = user_create(
        actor=None,
        username="binh",
        full_name="Trần Bình",
        email="binh@daknong.gov.vn",
        password=PASSWORD,
    )
    binh.is_active = False
    binh.save(update_fields=["is_active"])
    nam, _ = user_create(
        actor=None,
        username="nam.tran",
        full_name="Trần Nam",
        email="nam@daknong.gov.vn",
        password=PASSWORD,
    )
    return {"lan": lan, "binh": binh, "nam": nam}


def _start(client: Client) -> dict[str, str]:
    response = client.get(START)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    return {k: v[0] for k, v in parse_qs(location.query).items()}


def _sign_in(client: Client, provider: Provider, login: str, **change: str) -> Any:
    """The person signs in at the provider; the browser comes back to the callback."""
    params = _start(client)
    params.update(change)
    back = httpx.post(f"{provider.issuer}/authorize", data={**params, "login": login})
    assert back.status_code == 302
    target = urlsplit(back.headers["location"])
    assert target.path == CALLBACK
    return client.get(f"{target.path}?{target.query}")


def _refusals() -> list[Entry]:
    return list(Entry.objects.filter(action="accounts.sso_refused").order_by("pk"))


def test_login_page_shows_the_button_only_when_configured(db: None, settings: Any) -> None:
    settings.CHISO_OIDC_DISCOVERY_URL = ""
    page = Client().get(LOGIN).content.decode()
    assert "Đăng nhập bằng tài khoản một cửa của tỉnh" not in page
    assert Client().get(START).status_code == 404
    settings.CHISO_OIDC_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    settings.CHISO_OIDC_LABEL = "Đăng nhập bằng tài khoản một cửa của tỉnh"
    page = Client().get(LOGIN).content.decode()
    assert 'id="sso-login"' in page
    assert "Đăng nhập bằng tài khoản một cửa của tỉnh" in page


def test_a_known_person_is_signed_in_with_pkce_state_and_nonce(
    provider: Provider, people: dict[str, User]
) -> None:
    client = Client()
    response = _sign_in(client, provider, "lan")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/accounts/me/").context["user"] == people["lan"]
    sent = provider.authorize_requests[-1]
    assert sent["code_challenge_method"] == "S256"
    assert sent["state"] and sent["nonce"] and sent["code_challenge"]
    assert provider.token_requests[-1]["code_verifier"]
    entry = Entry.objects.get(action="accounts.sso_login")
    assert entry.actor == people["lan"]
    assert entry.changes["subject"] == "lan-0001"


def test_the_local_password_still_works_beside_sign_on(
    provider: Provider, people: dict[str, User]
) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "lan.nguyen", "password": PASSWORD})
    assert response.status_code == 302


def test_next_page_is_kept_and_an_outside_one_is_not(
    provider: Provider, people: dict[str, User]
) -> None:
    client = Client()
    client.get(START + "?next=/accounts/me/")
    params = _start(client)  # a second start without next forgets it
    client2 = Client()
    client2.get(START + "?next=https://evil.example/")
    assert params["state"]
    response = _sign_in(client2, provider, "lan")
    assert response["Location"] == "/"
    client3 = Client()
    params = {
        k: v[0]
        for k, v in parse_qs(
            urlsplit(client3.get(START + "?next=/accounts/me/")["Location"]).query
        ).items()
    }
    back = httpx.post(f"{provider.issuer}/authorize", data={**params, "login": "lan"})
    target = urlsplit(back.headers["location"])
    assert client3.get(f"{target.path}?{target.query}")["Location"] == "/accounts/me/"


@pytest.mark.parametrize("tamper", ["forged", "expired", "nonce", "issuer", "audience"])
def test_a_bad_id_token_is_refused(
    provider: Provider, people: dict[str, User], tamper: str
) -> None:
    provider.tamper = tamper
    client = Client()
    response = _sign_in(client, provider, "lan")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không xác nhận được lần đăng nhập" in page
    assert "_auth_user_id" not in client.session
    assert not Entry.objects.filter(action="accounts.sso_login").exists()
    assert _refusals()[-1].changes["code"].startswith("token")


def test_a_wrong_state_is_refused(provider: Provider, people: dict[str, User]) -> None:
    client = Client()
    response = _sign_in(client, provider, "lan", state="a-state-never-issued")
    assert response.status_code == 403
    assert sso.REFUSED_PROTOCOL.format(detail=STATE_MISMATCH) in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert _refusals()[-1].changes["code"] == "state"


def test_a_callback_replayed_in_another_browser_is_refused(
    provider: Provider, people: dict[str, User]
) -> None:
    params = _start(Client())
    back = httpx.post(f"{provider.issuer}/authorize", data={**params, "login": "lan"})
    target = urlsplit(back.headers["location"])
    other = Client()
    response = other.get(f"{target.path}?{target.query}")
    assert response.status_code == 403
    assert "_auth_user_id" not in other.session


def test_an_unknown_person_gets_no_account(provider: Provider, people: dict[str, User]) -> None:
    before = User.objects.count()
    response = _sign_in(Client(), provider, "khach")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Chưa có tài khoản nào trong hệ thống chấm điểm" in page
    assert "khach@example.vn" in page
    assert User.objects.count() == before
    refusal = _refusals()[-1]
    assert (refusal.changes["code"], refusal.object_repr) == ("unknown", "khach@example.vn")


def test_an_inactive_account_is_refused(provider: Provider, people: dict[str, User]) -> None:
    client = Client()
    response = _sign_in(client, provider, "binh")
    assert response.status_code == 403
    assert sso.REFUSED_INACTIVE.format(username="binh") in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert _refusals()[-1].changes["code"] == "inactive"


def test_an_unverified_email_is_refused(provider: Provider, people: dict[str, User]) -> None:
    response = _sign_in(Client(), provider, "chuaxacminh")
    assert response.status_code == 403
    assert _refusals()[-1].changes["code"] == "email_unverified"


def test_matching_by_username_uses_the_configured_claim(
    provider: Provider, people: dict[str, User], settings: Any
) -> None:
    settings.CHISO_OIDC_MATCH = "username"
    client = Client()
    assert _sign_in(client, provider, "nam").status_code == 302
    assert client.get("/accounts/me/").context["user"] == people["nam"]
    # lan's identity has no preferred_username: not matched by e-mail in this mode
    response = _sign_in(Client(), provider, "lan")
    assert response.status_code == 403
    assert _refusals()[-1].changes["code"] == "no_identity"


def test_a_locked_out_account_stays_locked_for_sign_on(
    provider: Provider, people: dict[str, User], settings: Any
) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "lan.nguyen", "password": "sai-mat-khau"})
    response = _sign_in(Client(), provider, "lan")
    assert response.status_code == 403
    assert "đang bị tạm khoá" in response.content.decode()
    assert _refusals()[-1].changes["code"] == "locked"


def test_an_unreachable_provider_gives_a_vietnamese_page(db: None, settings: Any) -> None:
    settings.CHISO_OIDC_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    settings.CHISO_OIDC_CLIENT_ID = "chiso"
    sso._clients.clear()
    response = Client().get(START)
    assert response.status_code == 403
    assert "không liên lạc được với hệ thống một cửa" in response.content.decode()
    sso._clients.clear()
