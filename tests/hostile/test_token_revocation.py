"""API tokens end with the access they stood for (issue 15): the owner changing the password,
an administrator resetting it (the admin page or ``manage.py changepassword``) or deactivating
the account revokes every token (401 ``bad_token``), audited; a token of someone who must
change a one-time password gets 403 ``password_change_required``, as the site's pages would."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from chiso.accounts.models import ApiToken, User
from chiso.accounts.tokens import token_create
from chiso.audit.models import Entry
from chiso.campaigns.models import Answer
from tests.conftest import PASSWORD

NEW = "mat-khau-moi-2026-Xy"


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _write(secret: str, form: Any) -> Any:
    """What the probe did after the reset: write an answer with the old token."""
    return Client().put(
        f"/api/v1/forms/{form.pk}/answers/SS.HT.1",
        data=json.dumps({"value": [40, 50], "note": "sau khi đặt lại", "version": None}),
        content_type="application/json",
        headers=_bearer(secret),
    )


def _refused(response: Any, status: int = 401, code: str = "bad_token") -> bool:
    return response.status_code == status and response.json()["code"] == code


def _two_tokens(user: User) -> list[str]:
    return [token_create(actor=user, name=f"hệ thống {n}").secret for n in (1, 2)]


def _revocation(user: User) -> Entry:
    return Entry.objects.get(action="accounts.tokens_revoke_all", object_id=str(user.pk))


def _works(secret: str) -> bool:
    return Client().get("/api/v1/me", headers=_bearer(secret)).status_code == 200


def test_changing_ones_password_revokes_ones_tokens(cast: dict[str, Any], form_a: Any) -> None:
    person = cast["reporter_a"]
    secrets = _two_tokens(person)
    assert all(_works(s) for s in secrets)
    client = Client()
    client.force_login(person)

    tokens_page = client.get("/accounts/me/tokens/").content.decode()
    page = client.get("/accounts/password/").content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )

    assert "mọi mã truy cập API của bạn bị thu hồi" in page
    assert "mọi mã\n  đang dùng đều bị thu hồi" in tokens_page
    assert response.status_code == 302
    assert all(_refused(_write(s, form_a)) for s in secrets)
    assert not Answer.objects.filter(form=form_a, criterion="SS.HT.1").exists()
    entry = _revocation(person)
    assert (entry.actor, entry.changes["reason"]) == (person, "password_change")
    assert sorted(entry.changes["tokens"]) == sorted(s[:14] for s in secrets)
    assert not ApiToken.objects.filter(user=person, revoked=None).exists()


def test_an_administrators_reset_revokes_the_tokens(cast: dict[str, Any], form_a: Any) -> None:
    person = cast["reporter_a"]
    secrets = _two_tokens(person)
    admin = Client()
    admin.force_login(cast["province_admin"])

    page = admin.get(f"/admin/accounts/user/{person.pk}/password/").content.decode()
    response = admin.post(
        f"/admin/accounts/user/{person.pk}/password/",
        {"password1": NEW, "password2": NEW, "usable_password": "true"},
    )

    assert "Mọi mã truy cập API của tài khoản bị thu hồi" in page
    assert response.status_code == 302
    assert all(_refused(_write(s, form_a)) for s in secrets)
    assert not Answer.objects.filter(form=form_a, criterion="SS.HT.1").exists()
    entry = _revocation(person)
    assert (entry.actor, entry.changes["reason"]) == (cast["province_admin"], "password_reset")
    assert Entry.objects.filter(action="accounts.password_reset", object_id=str(person.pk)).exists()


def test_a_password_made_unusable_revokes_the_tokens(cast: dict[str, Any]) -> None:
    person = cast["reporter_a"]
    [secret, _] = _two_tokens(person)

    person.set_unusable_password()
    person.save(update_fields=["password"])

    assert _refused(Client().get("/api/v1/me", headers=_bearer(secret)))
    assert _revocation(person).changes["reason"] == "password_reset"


def _change_form_data(response: Any) -> dict[str, Any]:
    """What the admin's change page would post back unchanged: the account's fields and its
    roles' inline formset."""
    data: dict[str, Any] = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        if field.disabled or name in ("password", "last_login", "date_joined"):
            continue
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline in formset.formset.forms:
            for name in inline.fields:
                value = inline[name].value()
                if value not in (None, "", False):
                    data[inline.add_prefix(name)] = value
    return data


def test_deactivating_an_account_revokes_its_tokens(cast: dict[str, Any]) -> None:
    person = cast["reporter_a"]
    [secret, _] = _two_tokens(person)
    admin = Client()
    admin.force_login(cast["province_admin"])
    data = _change_form_data(admin.get(f"/admin/accounts/user/{person.pk}/change/"))
    data.pop("is_active")

    response = admin.post(f"/admin/accounts/user/{person.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert not person.is_active
    # Active again: the tokens stay revoked (a revocation is for good).
    User.objects.filter(pk=person.pk).update(is_active=True)
    assert _refused(Client().get("/api/v1/me", headers=_bearer(secret)))
    entry = _revocation(person)
    assert (entry.actor, entry.changes["reason"]) == (cast["province_admin"], "deactivate")


def test_the_command_lines_changepassword_revokes_the_tokens(
    cast: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    person = cast["reporter_a"]
    [secret, _] = _two_tokens(person)
    monkeypatch.setattr(
        "django.contrib.auth.management.commands.changepassword.getpass.getpass",
        lambda prompt="": NEW,
    )

    call_command("changepassword", person.username)

    assert _refused(Client().get("/api/v1/me", headers=_bearer(secret)))
    entry = _revocation(person)
    assert (entry.actor, entry.actor_label, entry.changes["reason"]) == (
        None,
        "hệ thống",
        "password_reset",
    )


def test_saving_an_account_otherwise_keeps_its_tokens(cast: dict[str, Any], settings: Any) -> None:
    """Logging in (which upgrades an old password hash), renaming, granting a role: no
    revocation."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",  # "current" for this test
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    person = cast["reporter_a"]
    [secret, _] = _two_tokens(person)

    login = Client().post("/accounts/login/", {"username": person.username, "password": PASSWORD})
    assert login.status_code == 302
    person.refresh_from_db()
    assert person.password.startswith("pbkdf2_sha1$")  # upgraded at the login
    person.full_name = "Nguyễn Văn A"
    person.save()

    assert _works(secret)
    assert not Entry.objects.filter(action="accounts.tokens_revoke_all").exists()


def test_a_token_of_someone_who_must_change_the_password_is_refused(
    cast: dict[str, Any], form_a: Any
) -> None:
    person = cast["reporter_a"]
    [secret, _] = _two_tokens(person)
    User.objects.filter(pk=person.pk).update(must_change_password=True)

    assert _refused(_write(secret, form_a), 403, "password_change_required")
    assert not Answer.objects.filter(form=form_a, criterion="SS.HT.1").exists()


def test_a_token_is_judged_by_its_owner_not_by_the_browsers_session(
    cast: dict[str, Any],
) -> None:
    """The must-change check on the session ran before the token was read: a browser logged in
    with a one-time password could not use a colleague's program token, and the token's own
    owner was never checked. Now the token decides."""
    holder = cast["reporter_b"]
    User.objects.filter(pk=holder.pk).update(must_change_password=True)
    [secret, _] = _two_tokens(cast["reporter_a"])
    browser = Client()
    browser.force_login(User.objects.get(pk=holder.pk))

    response = browser.get("/api/v1/me", headers=_bearer(secret))

    assert response.status_code == 200
    assert response.json()["username"] == cast["reporter_a"].username
    assert _refused(browser.get("/api/v1/me"), 403, "password_change_required")
