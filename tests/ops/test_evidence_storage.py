"""Evidence storage is configuration: a folder by default, an S3-compatible bucket on demand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from chiso.campaigns.models import Evidence
from chiso.campaigns.storage import EvidenceStorage

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='chiso.settings'; django.setup();"
    "from chiso.campaigns.models import Evidence; s = Evidence._meta.get_field('file').storage;"
    "print(type(s).__module__ + '.' + type(s).__name__, getattr(s, 'bucket_name', ''),"
    " getattr(s, 'endpoint_url', ''), getattr(s, 'default_acl', ''))"
)


def storage_in_subprocess(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHISO_", "DATABASE_URL"))}
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env={**clean, "CHISO_VAR_DIR": str(tmp_path), "CHISO_SECRET_KEY": "k", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_evidence_is_stored_in_the_evidence_folder_by_default() -> None:
    assert isinstance(Evidence._meta.get_field("file").storage, EvidenceStorage)


def test_s3_storage_is_chosen_from_the_environment_and_kept_private(tmp_path: Path) -> None:
    done = storage_in_subprocess(
        tmp_path,
        CHISO_EVIDENCE_STORAGE="s3",
        CHISO_S3_BUCKET="chiso-minh-chung",
        CHISO_S3_ENDPOINT_URL="https://s3.example.gov.vn",
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "chiso-minh-chung",
        "https://s3.example.gov.vn",
        "private",
    ]


def test_s3_storage_without_a_bucket_stops_start_up(tmp_path: Path) -> None:
    done = storage_in_subprocess(tmp_path, CHISO_EVIDENCE_STORAGE="s3")

    assert done.returncode != 0
    assert "CHISO_S3_BUCKET" in done.stderr


def test_an_unknown_evidence_storage_stops_start_up(tmp_path: Path) -> None:
    done = storage_in_subprocess(tmp_path, CHISO_EVIDENCE_STORAGE="ftp")

    assert done.returncode != 0
    assert "CHISO_EVIDENCE_STORAGE" in done.stderr
