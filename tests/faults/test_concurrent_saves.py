"""Fifty people saving the same criterion of one unit's form at the same moment, on gunicorn
and PostgreSQL: each save lands or is refused (409) with the value now in place; none is lost
without its author being told, and the final answer is the last one accepted."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from chiso.accounts.models import Role
from chiso.accounts.services import role_grant, user_create
from chiso.audit.models import Entry
from chiso.campaigns.models import Answer, Form
from tests.faults.conftest import csrf, signed_in
from tests.gunicorn_server import needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 50
ATTEMPTS = 3  # each person tries again on top of what they were shown, like "Ghi đè"


def _reporters(form: Form) -> list[Any]:
    people = []
    for n in range(CLIENTS):
        user, _ = user_create(
            actor=None,
            username=f"daumoi.{n}",
            full_name=f"Cán bộ {n}",
            email=f"daumoi.{n}@example.vn",
            password="mat-khau-thu-2026",
        )
        role_grant(actor=None, user=user, role=Role.REPORTER, unit=form.unit)
        people.append(user)
    return people


def test_fifty_clients_saving_one_criterion_each_land_or_are_told(
    form_a: Form, gunicorn: Any
) -> None:
    server = gunicorn(workers=3)
    clients = [signed_in(server, person, form_a.pk) for person in _reporters(form_a)]
    start = threading.Barrier(CLIENTS)
    outcomes: list[tuple[int, str, httpx.Response]] = []
    lock = threading.Lock()

    def person(n: int, client: httpx.Client) -> None:
        version = ""
        start.wait()
        for attempt in range(ATTEMPTS):
            numerator = f"{n * ATTEMPTS + attempt}"
            response = client.post(
                f"/forms/{form_a.pk}/answers/SS.HT.1/",
                data={"numerator": numerator, "denominator": "1000", "version": version},
                headers={**csrf(client), "Accept": "application/json"},
            )
            with lock:
                outcomes.append((n, numerator, response))
            version = str(response.json()["version"])

    threads = [threading.Thread(target=person, args=(n, c)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == CLIENTS * ATTEMPTS
    assert {r.status_code for _, _, r in outcomes} <= {200, 409}
    accepted = sorted(
        (r.json()["version"], numerator) for _, numerator, r in outcomes if r.status_code == 200
    )
    refused = [r.json() for _, _, r in outcomes if r.status_code == 409]
    # Every accepted save made exactly the next version: none overwrote another unseen.
    assert [version for version, _ in accepted] == list(range(1, len(accepted) + 1))
    assert all("chưa được lưu" in r["conflict"] and r["ok"] is False for r in refused)
    assert len(accepted) + len(refused) == CLIENTS * ATTEMPTS
    answer = Answer.objects.get(form=form_a, criterion="SS.HT.1")
    assert (answer.version, answer.value) == (len(accepted), [accepted[-1][1], "1000"])
    history = Entry.objects.filter(action="forms.answer", object_id=str(form_a.pk)).order_by("pk")
    assert [e.changes["value"][1][0] for e in history] == [n for _, n in accepted]
