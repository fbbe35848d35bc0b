"""Start-up checks in chiso/settings.py: bad configuration stops the process with a message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def import_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter (without pytest loaded) under ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHISO_", "DATABASE_URL"))}
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", "import chiso.settings as s; print(s.DEBUG, s.SECRET_KEY)"],
        cwd=ROOT,
        env={**clean, "CHISO_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_placeholder_secret_key_is_refused_when_debug_is_off(tmp_path: Path) -> None:
    result = import_settings(tmp_path)

    assert result.returncode != 0
    assert "CHISO_SECRET_KEY" in result.stderr


def test_placeholder_secret_key_is_allowed_in_debug(tmp_path: Path) -> None:
    result = import_settings(tmp_path, CHISO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True ")


def test_secret_key_is_read_from_the_file_named_by_secret_key_file(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("a-real-key-from-a-file\n", encoding="utf-8")

    result = import_settings(tmp_path, CHISO_SECRET_KEY_FILE=str(key_file))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False a-real-key-from-a-file"


@pytest.mark.parametrize(
    ("name", "value"),
    [("CHISO_DEBUG", "ture"), ("CHISO_DB_CONN_MAX_AGE", "ten"), ("CHISO_API_ANON_RATE", "60")],
)
def test_malformed_values_stop_start_up_naming_the_variable(
    tmp_path: Path, name: str, value: str
) -> None:
    result = import_settings(tmp_path, CHISO_SECRET_KEY="k", **{name: value})

    assert result.returncode != 0
    assert f"{name}={value!r}" in result.stderr


def test_the_demo_flag_allows_the_placeholder_key_and_plain_http_cookies(tmp_path: Path) -> None:
    """`make run` (CHISO_DEMO=1): DEBUG off, a key of its own kept in var/, cookies over http."""
    code = (
        "import chiso.settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECRET_KEY == s.PLACEHOLDER_SECRET_KEY, s.SECRET_KEY)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHISO_", "DATABASE_URL"))}
    env = {**clean, "CHISO_VAR_DIR": str(tmp_path), "CHISO_DEMO": "1"}

    runs = [
        subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        for _ in range(2)
    ]

    for run in runs:
        assert run.returncode == 0, run.stderr
    first = runs[0].stdout.split()
    assert first[:5] == ["False", "False", "False", "0", "False"]
    assert runs[1].stdout == runs[0].stdout  # the same key after a restart: sessions survive
    assert (tmp_path / "demo-secret-key").read_text(encoding="utf-8").strip() == first[5]


def test_check_deploy_warns_when_the_demo_flag_is_on(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHISO_", "DATABASE_URL"))}
    base = {**clean, "CHISO_VAR_DIR": str(tmp_path), "CHISO_SECRET_KEY": "k" * 60}

    def check(**env: str) -> str:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", "check", "--deploy"],
            cwd=ROOT,
            env={**base, **env},
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout + result.stderr

    assert "chiso.W001" in check(CHISO_DEMO="1")
    assert "chiso.W001" not in check()


def test_the_login_address_limit_is_read_from_the_environment(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHISO_", "DATABASE_URL"))}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-c",
            "import chiso.settings as s; print(s.CHISO_LOGIN_ADDRESS_FAILURE_LIMIT)",
        ],
        cwd=ROOT,
        env={
            **clean,
            "CHISO_VAR_DIR": str(tmp_path),
            "CHISO_DEBUG": "1",
            "CHISO_LOGIN_ADDRESS_FAILURE_LIMIT": "80",
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.stdout.strip() == "80", result.stderr
