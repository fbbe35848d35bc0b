"""SQLite, the embedded default, under a small office's load: 20 people saving different criteria
of one form at the same moment through a live gunicorn on a database file. Every save answers
200 and every value is stored (no "database is locked"): WAL, a busy timeout and write
transactions that take the write lock when they begin (chiso/settings.py)."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from chiso.campaigns.models import Form
from chiso.loadtest.prepare import _criteria
from chiso.loadtest.run import server_env
from chiso.loadtest.scenario import entries
from chiso.loadtest.server import start_gunicorn

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="the SQLite configuration (the PostgreSQL run has its own load test)",
    ),
    pytest.mark.django_db(transaction=True),
]

SAVERS = 20
ROUNDS = 3  # each person saves their criterion three times (versions 1, 2, 3)


def _note(note: str, round_: int) -> str:
    """The note of each round differs: a save of the value already saved writes nothing."""
    return f"{note} (lần {round_})"


def _copy_to_file(path: Path) -> None:
    """The test database (in this process's memory) as a file, committed data only."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    connections.close_all()


def test_twenty_concurrent_savers_on_sqlite_all_succeed_and_every_value_is_stored(
    form_a: Form, cast: dict[str, Any], tmp_path: Path
) -> None:
    criteria = _criteria(form_a)
    assert len(criteria) >= SAVERS
    chosen = entries(criteria, unit=form_a.unit.code, year=form_a.campaign.year)[:SAVERS]
    browser = Client()
    browser.force_login(cast["reporter_a"])
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    database = tmp_path / "chiso.sqlite3"
    _copy_to_file(database)
    env = {
        **server_env(f"sqlite:///{database}", tmp_path / "var", Path(settings.EVIDENCE_ROOT)),
        "CHISO_TEST_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_SETTINGS_MODULE": "tests.server_settings",
        "CHISO_DB_CONN_MAX_AGE": "0",
        "CHISO_PDF_WARM_UP": "0",  # no PDF asked for (tests.gunicorn_server.gunicorn_env)
    }
    server = start_gunicorn(env, workers=2, threads=SAVERS // 2, log=tmp_path / "log")
    try:
        form_url = f"/forms/{form_a.pk}/"
        first = httpx.Client(base_url=server.url, timeout=60, cookies={"sessionid": session})
        assert first.get(form_url).status_code == 200
        cookies = {c.name: c.value for c in first.cookies.jar}  # the latest of each
        start = threading.Barrier(SAVERS)
        results: dict[str, list[tuple[int, str]]] = {e.code: [] for e in chosen}

        def save(entry: Any) -> None:
            client = httpx.Client(base_url=server.url, timeout=60, cookies=cookies)
            version = ""
            start.wait()
            for round_ in range(1, ROUNDS + 1):
                response = client.post(
                    f"{form_url}answers/{entry.code}/",
                    data={**entry.fields, "note": _note(entry.note, round_), "version": version},
                    headers={"X-CSRFToken": cookies["csrftoken"], "Accept": "application/json"},
                )
                results[entry.code].append((response.status_code, response.text[:300]))
                if response.status_code == 200:
                    version = str(response.json()["version"])

        savers = [threading.Thread(target=save, args=(entry,)) for entry in chosen]
        for saver in savers:
            saver.start()
        for saver in savers:
            saver.join()
        log = (tmp_path / "log").read_text()
    finally:
        server.stop()

    failed = {code: r for code, r in results.items() if [s for s, _ in r] != [200] * ROUNDS}
    assert failed == {}, log[-3000:]
    assert "database is locked" not in log
    with sqlite3.connect(database) as stored:
        rows = stored.execute(
            "SELECT criterion, value, note, version FROM campaigns_answer WHERE form_id = ?",
            [form_a.pk],
        ).fetchall()
        (mode,) = stored.execute("PRAGMA journal_mode").fetchone()
    assert mode == "wal"
    assert {c: (json.loads(v), n, ver) for c, v, n, ver in rows} == {
        e.code: (e.value, _note(e.note, ROUNDS), ROUNDS) for e in chosen
    }
