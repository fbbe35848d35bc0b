"""Logging in and out (``/accounts/login/``, ``/accounts/logout/``), lockout after failures,
idle sessions, and the forced change of a one-time password (``/accounts/password/``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

import chiso.settings
from chiso.accounts.forms import PASSWORD_TOO_SHORT, WRONG_LOGIN
from chiso.accounts.middleware import MUST_CHANGE
from chiso.accounts.models import Role, User
from chiso.accounts.services import role_grant, user_create
from chiso.accounts.views import PASSWORD_CHANGED
from chiso.audit.models import Entry
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"
PASSWORD_CHANGE = "/accounts/password/"

Cast = dict[str, Any]


def _login(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _page(response: Any) -> str:
    return str(response.content.decode())


def _wrong_login_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return WRONG_LOGIN.format(limit=settings.AXES_FAILURE_LIMIT, minutes=minutes)


def _vietnamese_refusal(password: str, user: User) -> list[str]:
    """What Django's validators say about ``password``, in Vietnamese (and not in English)."""
    for language in ("vi", "en"):
        with translation.override(language):
            try:
                validate_password(password, user)
            except ValidationError as error:
                messages = list(error.messages)
            else:
                raise AssertionError(f"{password!r} was accepted")
        if language == "vi":
            vietnamese = messages
    assert vietnamese != messages, "Django's Vietnamese translation is missing"
    return vietnamese


# --- the login page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_is_in_vietnamese(client: Client) -> None:
    response = client.get(LOGIN)

    assert response.status_code == 200
    page = _page(response)
    assert '<html lang="vi">' in page
    for text in ("Đăng nhập", "Tên đăng nhập", "Mật khẩu"):
        assert text in page


def test_right_password_logs_in_and_home_shows_the_persons_roles(
    client: Client, cast: Cast
) -> None:
    response = _login(client, "reporter.a", PASSWORD, follow=True)

    assert response.redirect_chain == [("/", 302)]
    page = _page(response)
    assert "Xin chào reporter_a" in page
    assert Role.REPORTER.label in page
    assert escape(cast["dakrlap"].name) in page


def test_wrong_password_shows_the_vietnamese_wrong_login_message(
    client: Client, cast: Cast
) -> None:
    response = _login(client, "reporter.a", "sai-mat-khau")

    assert response.status_code == 200
    assert escape(_wrong_login_message()) in _page(response)
    assert "_auth_user_id" not in client.session


def test_unknown_username_gets_the_same_message_as_a_wrong_password(
    client: Client, cast: Cast
) -> None:
    response = _login(client, "khong.co.ai", PASSWORD)

    assert escape(_wrong_login_message()) in _page(response)


def test_login_returns_to_the_page_asked_for(client: Client, cast: Cast) -> None:
    response = client.post(
        f"{LOGIN}?next=/accounts/me/",
        {"username": "reporter.a", "password": PASSWORD, "next": "/accounts/me/"},
    )

    assert response["Location"] == "/accounts/me/"


def test_login_never_sends_the_person_to_another_site(client: Client, cast: Cast) -> None:
    response = client.post(
        LOGIN, {"username": "reporter.a", "password": PASSWORD, "next": "https://lua-dao.example/"}
    )

    assert response["Location"] == "/"


def test_a_deactivated_account_cannot_log_in(client: Client, cast: Cast) -> None:
    reporter = cast["reporter_a"]
    reporter.is_active = False
    reporter.save(update_fields=["is_active"])

    response = _login(client, "reporter.a", PASSWORD)

    assert response.status_code == 200
    assert escape(_wrong_login_message()) in _page(response)
    assert "_auth_user_id" not in client.session


def test_logged_in_person_opening_the_login_page_goes_home(client: Client, cast: Cast) -> None:
    client.force_login(cast["reporter_a"])

    assert client.get(LOGIN)["Location"] == "/"


# --- lockout (django-axes) ----------------------------------------------------------------


def _assert_lockout_page(response: Any) -> None:
    assert response.status_code == 429
    page = _page(response)
    assert "Tạm khoá đăng nhập" in page
    assert f"sai mật khẩu {settings.AXES_FAILURE_LIMIT} lần liên tiếp" in page
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"trong {minutes} phút" in page


def test_repeated_failures_for_one_username_lock_it_even_with_the_right_password(
    client: Client, cast: Cast
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "reporter.a", "sai-mat-khau").status_code == 200

    _assert_lockout_page(_login(client, "reporter.a", "sai-mat-khau"))
    response = _login(client, "reporter.a", PASSWORD)

    _assert_lockout_page(response)
    assert "<strong>reporter.a</strong>" in _page(response)
    assert "_auth_user_id" not in client.session


def test_a_locked_username_is_locked_from_every_address(client: Client, cast: Cast) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "reporter.a", "sai-mat-khau", REMOTE_ADDR="10.0.0.1")

    _assert_lockout_page(_login(client, "reporter.a", PASSWORD, REMOTE_ADDR="10.0.0.2"))


def test_lockout_ends_after_the_cool_off_time(client: Client, cast: Cast) -> None:
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(client, "reporter.a", "sai-mat-khau")
    later = start + settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        response = _login(client, "reporter.a", PASSWORD)
        assert client.get("/accounts/me/").status_code == 200

    assert response.status_code == 302


def _assert_address_lockout_page(response: Any) -> None:
    assert response.status_code == 429
    page = _page(response)
    assert "Tạm khoá đăng nhập" in page
    assert f"{settings.CHISO_LOGIN_ADDRESS_FAILURE_LIMIT} lần nhập sai mật khẩu" in page
    assert "từ địa chỉ này bị tạm khoá" in page


def test_one_persons_mistakes_do_not_lock_colleagues_behind_the_same_address(
    client: Client, cast: Cast
) -> None:
    """An office or commune reaches the server through one NAT address."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "reporter.a", "sai-mat-khau", REMOTE_ADDR="10.0.0.9")
    _assert_lockout_page(_login(client, "reporter.a", PASSWORD, REMOTE_ADDR="10.0.0.9"))

    for colleague in ("reporter.b", "head.a", "appraiser"):
        assert _login(client, colleague, PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302
        client.post(LOGOUT)


def test_the_address_limit_is_50_by_default() -> None:
    assert chiso.settings.CHISO_LOGIN_ADDRESS_FAILURE_LIMIT == 50
    assert settings.CHISO_LOGIN_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT


def _fail_from(client: Client, address: str, count: int) -> None:
    """``count`` failures from ``address``, spread over accounts so none reaches its own limit."""
    for i in range(count):
        name = f"khong.co.ai.{i // (settings.AXES_FAILURE_LIMIT - 1)}"
        _login(client, name, "sai-mat-khau", REMOTE_ADDR=address)


def test_many_failures_from_one_address_across_accounts_lock_that_address(
    client: Client, cast: Cast
) -> None:
    limit = settings.CHISO_LOGIN_ADDRESS_FAILURE_LIMIT
    _fail_from(client, "10.0.0.9", limit - 1)
    # One short of the limit: people there still log in (and that does not reset the count).
    assert _login(client, "reporter.b", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302
    client.post(LOGOUT)

    _fail_from(client, "10.0.0.9", 1)

    _assert_address_lockout_page(_login(client, "reporter.a", PASSWORD, REMOTE_ADDR="10.0.0.9"))
    # The same person from another address is not locked: only that address is.
    assert _login(client, "reporter.a", PASSWORD, REMOTE_ADDR="10.0.0.10").status_code == 302


def test_successful_login_resets_the_failure_count(client: Client, cast: Cast) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "reporter.a", "sai-mat-khau")
    assert _login(client, "reporter.a", PASSWORD).status_code == 302
    client.post(LOGOUT)

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "reporter.a", "sai-mat-khau")

    assert _login(client, "reporter.a", PASSWORD).status_code == 302


# --- logout -------------------------------------------------------------------------------


def test_logout_by_get_is_refused_and_keeps_the_session(client: Client, cast: Cast) -> None:
    client.force_login(cast["reporter_a"])

    assert client.get(LOGOUT).status_code == 405
    assert client.get("/accounts/me/").status_code == 200


def test_logout_by_post_ends_the_session(client: Client, cast: Cast) -> None:
    client.force_login(cast["reporter_a"])

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/me/")["Location"] == f"{LOGIN}?next=/accounts/me/"


def test_every_page_offers_logout_as_a_post_form(client: Client, cast: Cast) -> None:
    client.force_login(cast["reporter_a"])

    page = _page(client.get("/"))

    assert f'<form method="post" action="{LOGOUT}"' in page


# --- how passwords are stored and how long a session lasts ---------------------------------


def test_production_settings_store_passwords_with_argon2id_at_owasp_cost(cast: Cast) -> None:
    # tests/conftest.py replaces the hashers on django.conf.settings for speed; the settings
    # module itself keeps the list production uses.
    hashers = chiso.settings.PASSWORD_HASHERS
    assert hashers[0] == "chiso.accounts.hashers.ChisoArgon2PasswordHasher"
    user = cast["reporter_a"]

    with override_settings(PASSWORD_HASHERS=hashers):
        user.set_password(PASSWORD)
        assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        assert user.check_password(PASSWORD)
        assert not user.check_password(PASSWORD + "x")


def test_a_password_hashed_with_djangos_argon2_cost_still_logs_in_and_is_rehashed(
    client: Client, cast: Cast
) -> None:
    user = cast["reporter_a"]
    old = Argon2PasswordHasher()
    user.password = old.encode(PASSWORD, old.salt())
    user.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in user.password

    with override_settings(PASSWORD_HASHERS=chiso.settings.PASSWORD_HASHERS):
        response = _login(client, user.username, PASSWORD)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_sessions_last_120_idle_minutes_and_end_when_the_browser_closes(
    client: Client, cast: Cast
) -> None:
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True

    _login(client, "reporter.a", PASSWORD)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""


def test_a_session_idle_longer_than_the_limit_is_logged_out(client: Client, cast: Cast) -> None:
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    idle = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(start, tick=False):
        client.force_login(cast["reporter_a"])
        assert client.get("/accounts/me/").status_code == 200

    with time_machine.travel(start + idle + dt.timedelta(minutes=1), tick=False):
        response = client.get("/accounts/me/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/accounts/me/"


def test_each_request_moves_the_idle_limit(client: Client, cast: Cast) -> None:
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    almost = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE) - dt.timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        client.force_login(cast["reporter_a"])
        client.get("/")
    with time_machine.travel(start + almost, tick=False):
        assert client.get("/accounts/me/").status_code == 200

    with time_machine.travel(start + 2 * almost, tick=False):
        assert client.get("/accounts/me/").status_code == 200


def test_a_session_is_rewritten_at_most_once_a_minute(client: Client, cast: Cast) -> None:
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(cast["reporter_a"])
        client.get("/")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def expiry() -> dt.datetime:
        return Session.objects.get(session_key=key).expire_date

    first = expiry()
    later = start + dt.timedelta(seconds=30)
    with time_machine.travel(later, tick=False), CaptureQueriesContext(connection) as queries:
        assert client.get("/accounts/me/").status_code == 200
    assert not [q for q in queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]]
    assert expiry() == first
    with time_machine.travel(start + dt.timedelta(seconds=90), tick=False):
        assert client.get("/accounts/me/").status_code == 200
    assert expiry() == first + dt.timedelta(seconds=90)


# --- forced change of a one-time password ---------------------------------------------------


@pytest.fixture
def newcomer(cast: Cast) -> tuple[User, str]:
    """A reporter of Đắk R'Lấp holding a one-time password, as the import creates one."""
    user, password = user_create(
        actor=None, username="moi.den", full_name="Người Mới Đến", email="moi.den@example.vn"
    )
    role_grant(actor=None, user=user, role=Role.REPORTER, unit=cast["dakrlap"])
    return user, password


def _change(client: Client, old: str, new: str) -> Any:
    return client.post(
        PASSWORD_CHANGE, {"old_password": old, "new_password1": new, "new_password2": new}
    )


@pytest.mark.parametrize("path", ["/", "/accounts/me/", "/units/", "/frameworks/", "/admin/"])
def test_one_time_password_holder_is_sent_to_the_password_change_page(
    client: Client, newcomer: tuple[User, str], path: str
) -> None:
    user, password = newcomer
    assert user.must_change_password
    _login(client, user.username, password)

    response = client.get(path, follow=True)

    assert response.redirect_chain[-1] == (PASSWORD_CHANGE, 302)
    page = _page(response)
    assert "Đổi mật khẩu" in page
    assert escape(MUST_CHANGE) in page


def test_the_reason_for_the_redirect_is_shown_once_however_many_pages_were_tried(
    client: Client, newcomer: tuple[User, str]
) -> None:
    user, password = newcomer
    _login(client, user.username, password)
    for path in ("/", "/accounts/me/", "/units/"):
        client.get(path)

    page = _page(client.get(PASSWORD_CHANGE))

    assert page.count(escape(MUST_CHANGE)) == 1


def test_one_time_password_holder_may_still_log_out(
    client: Client, newcomer: tuple[User, str]
) -> None:
    user, password = newcomer
    _login(client, user.username, password)

    client.post(LOGOUT)

    assert "_auth_user_id" not in client.session


def test_a_too_short_new_password_is_refused_in_vietnamese(
    client: Client, newcomer: tuple[User, str]
) -> None:
    user, password = newcomer
    _login(client, user.username, password)

    response = _change(client, password, "Ng4n")

    assert response.status_code == 200
    assert escape(PASSWORD_TOO_SHORT.format(min_length=8)) in _page(response)
    user.refresh_from_db()
    assert user.must_change_password
    assert client.get("/")["Location"] == PASSWORD_CHANGE


def test_a_common_new_password_is_refused_with_djangos_vietnamese_message(
    client: Client, newcomer: tuple[User, str]
) -> None:
    user, password = newcomer
    _login(client, user.username, password)

    response = _change(client, password, "password123")

    assert response.status_code == 200
    page = _page(response)
    for message in _vietnamese_refusal("password123", user):
        assert escape(message) in page
    user.refresh_from_db()
    assert user.must_change_password


def test_after_changing_the_password_pages_open_normally_and_the_change_is_audited(
    client: Client, newcomer: tuple[User, str]
) -> None:
    user, password = newcomer
    _login(client, user.username, password)

    response = _change(client, password, "Cao-nguyen-Dak-Nong-2026")

    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert escape(PASSWORD_CHANGED) in _page(home)
    assert client.get("/accounts/me/").status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password
    entry = Entry.objects.get(action="accounts.password_change")
    assert entry.actor == user
    assert entry.object_id == str(user.pk)
    # The new password is the one that works from now on.
    client.post(LOGOUT)
    assert _login(client, user.username, password).status_code == 200
    assert _login(client, user.username, "Cao-nguyen-Dak-Nong-2026").status_code == 302


def test_a_wrong_old_password_does_not_change_anything(
    client: Client, newcomer: tuple[User, str]
) -> None:
    user, password = newcomer
    _login(client, user.username, password)

    response = _change(client, "khong-phai-mat-khau-cu", "Cao-nguyen-Dak-Nong-2026")

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.must_change_password
    assert not Entry.objects.filter(action="accounts.password_change").exists()


@pytest.mark.django_db
def test_anonymous_visitor_of_the_password_change_page_is_sent_to_login(client: Client) -> None:
    assert client.get(PASSWORD_CHANGE)["Location"] == f"{LOGIN}?next={PASSWORD_CHANGE}"
