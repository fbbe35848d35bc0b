"""Security headers on every page, and a production configuration that `check --deploy` passes."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def test_pages_carry_csp_nosniff_referrer_policy_and_frame_rules(db: None) -> None:
    response = Client().get("/accounts/login/")
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no inline script, no eval
    assert directives["frame-ancestors"] == "'self'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_documented_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "CHISO_SECRET_KEY": secrets.token_urlsafe(50),
        "CHISO_ALLOWED_HOSTS": "chiso.example.gov.vn",
        "CHISO_SSL_REDIRECT": "1",
        "CHISO_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
