"""Evidence storage is configuration: a folder by default, an S3-compatible bucket on demand;
with the bucket, evidence is stored privately, never overwritten, and read back through the
checked view (against moto's S3 in process)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from moto import mock_aws
from storages.backends.s3 import S3Storage

from chiso.campaigns.models import Evidence
from chiso.campaigns.storage import EvidenceStorage
from tests.campaigns.test_form_views import PDF

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


@pytest.fixture
def bucket() -> Iterator[Any]:
    """A private S3 bucket (moto, in process) as ``Evidence.file``'s storage for one test."""
    settings_s3 = {
        "bucket_name": "chiso-minh-chung",
        "region_name": "us-east-1",
        "access_key": "kiem-thu",
        "secret_key": "kiem-thu",
        "location": "evidence",
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
    }
    field = Evidence._meta.get_field("file")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="chiso-minh-chung")
        folder = field.storage
        field.storage = S3Storage(**settings_s3)
        try:
            yield client
        finally:
            field.storage = folder


def test_evidence_goes_to_the_bucket_privately_and_comes_back_only_through_the_checked_view(
    form_a: Any, cast: dict[str, Any], bucket: Any
) -> None:
    def client(user: Any) -> Client:
        signed_in = Client()
        signed_in.force_login(user)
        return signed_in

    for name in ("ke-hoach.pdf", "ke-hoach.pdf"):  # the same name twice: never overwritten
        client(cast["reporter_a"]).post(
            f"/forms/{form_a.pk}/evidence/SS.MT.1/", {"file": SimpleUploadedFile(name, PDF)}
        )

    first, second = Evidence.objects.order_by("pk")
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket="chiso-minh-chung")["Contents"]]
    assert sorted(keys) == sorted(f"evidence/{e.file.name}" for e in (first, second))
    assert first.file.name != second.file.name
    grants = bucket.get_object_acl(Bucket="chiso-minh-chung", Key=keys[0])["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only
    stored = bucket.get_object(Bucket="chiso-minh-chung", Key=keys[0])["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == first.sha256

    served = client(cast["appraiser"]).get(f"/evidence/{first.pk}/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF
    assert client(cast["reporter_b"]).get(f"/evidence/{first.pk}/").status_code == 404
