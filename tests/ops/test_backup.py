"""Backup and restore: database and evidence together, into an empty installation."""

from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from chiso.appraisal.models import Verification
from chiso.audit.models import Entry
from chiso.backup import BackupError, backup, restore
from chiso.campaigns.models import Answer, Evidence, Form


def _state() -> dict[str, Any]:
    return {
        "answers": sorted(Answer.objects.values_list("form__unit__code", "criterion", "value")),
        "forms": sorted(Form.objects.values_list("unit__code", "status", "late", "version")),
        "verifications": sorted(Verification.objects.values_list("criterion", "state", "value")),
        "audit": list(Entry.objects.order_by("id").values_list("id", "action", "at", "changes")),
        "evidence": sorted(
            (e.sha256, Path(e.file.path).read_bytes()) for e in Evidence.objects.all()
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_an_empty_installation_gives_back_every_value_file_and_entry(
    submitted_a: Any, cast: dict[str, Any], tmp_path: Path
) -> None:
    from chiso.appraisal.services import accept_remaining

    submitted_a.refresh_from_db()
    accept_remaining(
        actor=cast["appraiser"], form=submitted_a, expected_version=submitted_a.version
    )
    before = _state()
    assert before["evidence"], "the submitted form has evidence files"
    out = tmp_path / "chiso.tar.gz"

    summary = backup(out)
    assert summary.files == len(before["evidence"])
    with pytest.raises(BackupError, match="đã có"):
        backup(out)
    with pytest.raises(BackupError, match="cài đặt trống"):
        restore(out)

    call_command("flush", interactive=False, verbosity=0)
    for path in Path(settings.EVIDENCE_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()
    restore(out)

    assert _state() == before


@pytest.mark.django_db(transaction=True)
def test_a_tampered_backup_is_refused_before_anything_is_written(
    submitted_a: Any, tmp_path: Path
) -> None:
    out = tmp_path / "chiso.tar.gz"
    backup(out)
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(out) as source, tarfile.open(bad, "w:gz") as target:
        for member in source.getmembers():
            handle = source.extractfile(member)
            data = handle.read() if handle else b""
            if member.name.startswith("evidence/"):
                data = data + b"tampered"
                member.size = len(data)
            import io

            target.addfile(member, io.BytesIO(data))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(BackupError, match="không khớp mã băm"):
        restore(bad)
    assert Form.objects.count() == 0


def test_the_backups_data_is_what_dumpdata_writes_in_a_few_queries(
    submitted_a: Any, django_assert_max_num_queries: Any
) -> None:
    """``backup.dump`` reads each user a row refers to in the row's own query; the XML is
    ``dumpdata --natural-foreign``'s, byte for byte, which ``loaddata`` reads back."""
    import io

    from django.apps import apps

    from chiso.backup import EXCLUDED, dump

    expected = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, format="xml", stdout=expected)
    written = io.StringIO()
    models = len(apps.get_models(include_auto_created=True))
    with django_assert_max_num_queries(models + 2 * 20):  # + each account's groups, permissions
        dump(written)
    assert written.getvalue() == expected.getvalue()
    assert "<natural>" in expected.getvalue()  # the users are named by their natural key
