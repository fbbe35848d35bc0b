"""The mail settings from the environment, and ``chiso notify`` without a mail server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chiso.cli import main
from tests.test_settings import import_settings


def _mail(tmp_path: Path, **env: str) -> Any:
    import os
    import subprocess
    import sys

    from tests.test_settings import ROOT

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHISO_", "DATABASE_URL"))}
    code = (
        "import chiso.settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER)"
    )
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "CHISO_VAR_DIR": str(tmp_path), "CHISO_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_mail_url_configures_djangos_smtp_backend(tmp_path: Path) -> None:
    result = _mail(tmp_path, CHISO_EMAIL_URL="smtp+tls://chiso:mat-khau@mail.tinh.gov.vn:587")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.tinh.gov.vn",
        "587",
        "True",
        "chiso",
    ]


@pytest.mark.parametrize(
    ("name", "value"), [("CHISO_BASE_URL", "chiso.tinh.gov.vn"), ("CHISO_EMAIL_TIMEOUT", "x")]
)
def test_malformed_mail_values_stop_start_up_naming_the_variable(
    tmp_path: Path, name: str, value: str
) -> None:
    result = import_settings(tmp_path, CHISO_SECRET_KEY="k", **{name: value})
    assert result.returncode != 0
    assert f"{name}={value!r}" in result.stderr


@pytest.mark.django_db
def test_notify_without_a_mail_server_keeps_the_emails_waiting(
    campaign: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from chiso.notices.models import MailStatus, Notice

    assert main(["notify"]) == 0
    assert "Chưa đặt CHISO_EMAIL_URL" in capsys.readouterr().out
    assert not Notice.objects.exclude(mail_status=MailStatus.PENDING).exists()
