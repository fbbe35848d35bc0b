"""Tools for the fault tests: a browser-like client on a gunicorn, and a hand on PostgreSQL to
hold a lock, see who waits on it, and cut connections."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from django.conf import settings
from django.test import Client

from chiso.loadtest.server import Server, child_pids
from tests.gunicorn_server import gunicorn, test_database_url  # noqa: F401 - a fixture here

WAIT = 30.0  # seconds; a step that takes longer than this has failed


def signed_in(server: Server, user: Any, form_pk: int) -> httpx.Client:
    """An HTTP client with ``user``'s session (made here, kept in the database) and the CSRF
    cookie the form page sets, like a browser that has the form open."""
    session = Client()
    session.force_login(user)
    client = httpx.Client(base_url=server.url, timeout=WAIT, follow_redirects=False)
    client.cookies.set(
        settings.SESSION_COOKIE_NAME, session.cookies[settings.SESSION_COOKIE_NAME].value
    )
    assert client.get(f"/forms/{form_pk}/").status_code == 200
    return client


def csrf(client: httpx.Client) -> dict[str, str]:
    return {"X-CSRFToken": client.cookies["csrftoken"]}


def kill_9(server: Server) -> None:
    """SIGKILL the gunicorn master and every worker: no clean-up code runs anywhere."""
    for pid in [server.process.pid, *child_pids(server.process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    server.process.wait()


class Postgres:
    """An autocommit connection to the test database, outside the test's own transaction."""

    def __init__(self) -> None:
        self.connection = psycopg.connect(test_database_url(), autocommit=True)
        self.pid = self.connection.info.backend_pid
        self.lock: psycopg.Connection[Any] | None = None

    def hold_audit_lock(self) -> None:
        """Block every insert into the audit trail: a service then waits at its last step,
        with everything else it wrote still uncommitted."""
        self.lock = psycopg.connect(test_database_url())
        self.lock.execute("LOCK TABLE audit_entry IN EXCLUSIVE MODE")

    def release_audit_lock(self) -> None:
        assert self.lock is not None
        self.lock.rollback()
        self.lock.close()
        self.lock = None

    def backends(self) -> list[tuple[int, str | None]]:
        """(pid, wait_event_type) of the other connections to the test database."""
        ours = {self.pid, self.lock.info.backend_pid if self.lock else 0}
        rows = self.connection.execute(
            "SELECT pid, wait_event_type FROM pg_stat_activity"
            " WHERE datname = current_database() AND backend_type = 'client backend'"
        ).fetchall()
        return [(pid, wait) for pid, wait in rows if pid not in ours]

    def waiting_on_lock(self) -> int:
        """The pid of the server's backend once it waits on the audit lock."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            waiting = [pid for pid, wait in self.backends() if wait == "Lock"]
            if waiting:
                return waiting[0]
            time.sleep(0.05)
        raise AssertionError("the request never reached the audit trail")

    def gone(self, pid: int) -> None:
        """Wait until backend ``pid`` has ended (its transaction rolled back)."""
        deadline = time.monotonic() + WAIT
        while any(p == pid for p, _ in self.backends()):
            assert time.monotonic() < deadline, f"backend {pid} still alive"
            time.sleep(0.05)

    def terminate(self, pids: list[int]) -> None:
        for pid in pids:
            self.connection.execute("SELECT pg_terminate_backend(%s)", (pid,))

    def close(self) -> None:
        if self.lock is not None:
            self.release_audit_lock()
        self.connection.close()


@pytest.fixture
def postgres() -> Iterator[Postgres]:
    handle = Postgres()
    yield handle
    handle.close()
