"""A database restart while units save: the person is told in Vietnamese that the value is not
saved yet (JSON, not an error page), form.js keeps it and sends it again, and the draft is whole.
"""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from chiso.campaigns.models import Answer, Form
from chiso.campaigns.services import form_save_answer
from chiso.views import DATABASE_UNAVAILABLE
from tests.faults.conftest import Postgres, csrf, signed_in
from tests.gunicorn_server import needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]

JSON = {"Accept": "application/json"}


def _started_draft(form: Form, actor: Any) -> None:
    form_save_answer(
        actor=actor, form=form, criterion="SS.HT.1", value=["40", "50"], expected_version=None
    )


def _save(client: httpx.Client, form: Form, numerator: str) -> httpx.Response:
    return client.post(
        f"/forms/{form.pk}/answers/SS.HT.2/",
        data={"numerator": numerator, "denominator": "400", "version": ""},
        headers={**csrf(client), **JSON},
    )


def test_a_save_cut_off_from_the_database_is_told_in_vietnamese_and_saved_on_retry(
    form_a: Form, cast: dict[str, Any], gunicorn: Any, postgres: Postgres
) -> None:
    _started_draft(form_a, cast["reporter_a"])
    client = signed_in(gunicorn(), cast["reporter_a"], form_a.pk)
    answers: list[httpx.Response] = []

    postgres.hold_audit_lock()
    saving = threading.Thread(target=lambda: answers.append(_save(client, form_a, "122")))
    saving.start()
    backend = postgres.waiting_on_lock()
    postgres.terminate([backend])  # what a restart does to every open connection
    saving.join()
    postgres.release_audit_lock()

    (cut,) = answers
    assert cut.status_code == 503
    assert cut.headers["Content-Type"] == "application/json"
    assert cut.json() == {"ok": False, "error": DATABASE_UNAVAILABLE, "retry": True}
    assert not Answer.objects.filter(form=form_a, criterion="SS.HT.2").exists()
    assert Answer.objects.get(form=form_a, criterion="SS.HT.1").value == ["40", "50"]

    again = _save(client, form_a, "122")  # what form.js does a few seconds later
    assert again.status_code == 200 and again.json()["ok"] is True
    assert Answer.objects.get(form=form_a, criterion="SS.HT.2").value == ["122", "400"]
    assert Answer.objects.get(form=form_a, criterion="SS.HT.1").value == ["40", "50"]


def test_after_a_database_restart_the_next_save_reconnects_and_lands(
    form_a: Form, cast: dict[str, Any], gunicorn: Any, postgres: Postgres
) -> None:
    _started_draft(form_a, cast["reporter_a"])
    client = signed_in(gunicorn(), cast["reporter_a"], form_a.pk)  # workers keep connections

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (ours,) = cursor.fetchone()
    postgres.terminate([pid for pid, _ in postgres.backends() if pid != ours])

    saved = _save(client, form_a, "122")
    assert saved.status_code == 200 and saved.json()["ok"] is True
    assert Answer.objects.get(form=form_a, criterion="SS.HT.2").value == ["122", "400"]
