"""A real gunicorn (gunicorn.conf.py) on the PostgreSQL test database, for the tests that need
several processes: the scaled-down load test and the fault tests. Skipped on SQLite, whose test
database lives in the test process's memory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connections

from chiso.loadtest.run import server_env
from chiso.loadtest.server import Server, start_gunicorn

needs_postgres = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL (DATABASE_URL=postgres://…): several server processes share the DB",
)


def test_database_url() -> str:
    """The URL of the database the tests run on (pytest-django's test database)."""
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


test_database_url.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def gunicorn_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The load test's production-like environment on the test database and evidence folder;
    the test's secret key, so that sessions made with ``Client.force_login`` are valid there."""
    env = server_env(test_database_url(), tmp_path / "var", Path(settings.EVIDENCE_ROOT))
    return {
        **env,
        "CHISO_TEST_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_SETTINGS_MODULE": "tests.server_settings",
        # No test asks these servers for a unit PDF: each worker's WeasyPrint warm-up (~1
        # CPU-second) is left out; tests/publish/test_pdf_warm_up.py tests it.
        "CHISO_PDF_WARM_UP": "0",
        **extra,
    }


def serve(tmp_path: Path, *, workers: int = 2, threads: int = 4, **extra: str) -> Server:
    """gunicorn on the committed test data; the test's own connection is closed first so the
    server sees everything the test wrote."""
    connections.close_all()
    return start_gunicorn(
        gunicorn_env(tmp_path, **extra), workers=workers, threads=threads, log=tmp_path / "log"
    )


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[Any]:
    """Start servers with ``gunicorn(**env)``; all are stopped when the test ends."""
    started: list[Server] = []

    def start(**extra: str) -> Server:
        server = serve(tmp_path, **extra)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
