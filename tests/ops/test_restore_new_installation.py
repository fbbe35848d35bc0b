"""``chiso restore`` into a new installation (an empty folder, a new PostgreSQL database), as an
operator runs it: every published checksum, public API answer and open-data download, evidence
file and the audit trail come back identical, on the same engine and across engines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings as conf

from chiso.backup import backup
from chiso.cli import main as cli_main
from chiso.results.models import Snapshot
from tests.ops.published_state import published_state

ROOT = Path(__file__).resolve().parents[2]
CHISO = [sys.executable, "-m", "chiso.cli"]
POSTGRES = "postgres://postgres@127.0.0.1:5432/"


def _postgres_answers() -> bool:
    try:
        psycopg.connect(POSTGRES + "postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def installation_env(var: Path, database_url: str | None = None) -> dict[str, str]:
    """A new installation in ``var`` (SQLite there unless ``database_url``)."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("CHISO_", "DATABASE_URL"))}
    env = {
        **keep,
        "DJANGO_SETTINGS_MODULE": "chiso.settings",
        "CHISO_DEBUG": "1",
        "CHISO_VAR_DIR": str(var),
        "CHISO_ALLOWED_HOSTS": "testserver",
        "CHISO_API_ANON_RATE": "100000/m",
        "PYTHONPATH": str(ROOT),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command line
        list(args), env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


def state_of(env: dict[str, str]) -> dict[str, Any]:
    done = run(env, sys.executable, "-m", "tests.ops.published_state")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def new_postgres() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    if not _postgres_answers():
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    name = f"backup_sqlite_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES + "postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield POSTGRES + name
    with psycopg.connect(POSTGRES + "postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restore_and_compare(env: dict[str, str], archive: Path, before: dict[str, Any]) -> None:
    restored = run(env, *CHISO, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "Đã khôi phục" in restored.stdout

    after = state_of(env)
    assert after == before
    verified = run(env, *CHISO, "audit", "verify", "--backup", str(archive))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # Restoring a second time is refused: the installation is no longer new.
    again = run(env, *CHISO, "restore", str(archive))
    assert again.returncode == 2 and "cài đặt trống" in again.stderr


@pytest.fixture
def backed_up(published_2019: Snapshot, settings: Any, tmp_path: Path) -> tuple[Path, dict]:  # noqa: F811
    """A published campaign with evidence, backed up; its state as the source installation
    shows it."""
    settings.CHISO_API_ANON_RATE = "100000/m"
    before = published_state()
    assert before["evidence"] and before["audit"]["ok"] and before["anchors"][0][0]
    assert all(recorded == stored for recorded, stored in before["evidence"])
    archive = tmp_path / "chiso.tar.gz"
    backup(archive)
    return archive, before


def test_a_backup_restores_into_an_empty_folder_identically(
    backed_up: tuple[Path, dict], tmp_path: Path
) -> None:
    archive, before = backed_up
    var = tmp_path / "new"
    var.mkdir()

    _restore_and_compare(installation_env(var), archive, before)

    assert (var / "chiso.sqlite3").exists()
    assert len(list((var / "evidence").rglob("*.pdf"))) == len(before["evidence"])


def test_a_backup_restores_into_a_new_postgresql_database_identically(
    backed_up: tuple[Path, dict], tmp_path: Path, new_postgres: str
) -> None:
    archive, before = backed_up
    var = tmp_path / "new"
    var.mkdir()

    _restore_and_compare(installation_env(var, new_postgres), archive, before)


@pytest.mark.skipif(
    "sqlite" not in conf.DATABASES["default"]["ENGINE"],
    reason="the SQLite pass runs it (the demo's installation on SQLite, as before)",
)
def test_the_demo_restored_into_an_empty_folder_reproduces_every_published_checksum(
    demo_world: list[str], settings: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The source installation is the demo as ``chiso demo --province-only`` loads it, built
    once per process (``demo_world``), backed up by ``chiso backup``'s own command in this
    process; the restore into an empty folder, the state read there, ``audit verify --backup``
    and the refused second restore run as an operator runs them, in subprocesses."""
    settings.CHISO_API_ANON_RATE = "100000/m"
    archive = tmp_path / "demo.tar.gz"
    assert cli_main(["backup", str(archive)]) == 0
    assert "Đã sao lưu" in capsys.readouterr().out
    before = published_state()
    assert len(before["snapshots"]) >= 2 and all(s[4] for s in before["snapshots"])
    target = tmp_path / "empty"
    target.mkdir()

    _restore_and_compare(installation_env(target), archive, before)
