"""The trail's anchors: each published snapshot (and each backup manifest) records the number of
entries and the last hash at that moment, so that what the chain alone cannot show — a trail
wiped, cut or rewritten consistently — is found, and every kind of tampering is named precisely.

Runs on SQLite and on PostgreSQL (where ``tamper`` switches the append-only trigger off, as a
superuser could; TRUNCATE fires no row trigger anyway)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from chiso.audit.chain import (
    ANCHOR_MISSING,
    ANCHOR_REWRITTEN,
    ANCHOR_WIPED,
    EDITED,
    FORGED,
    GAP,
    UNLINKED,
    chain_verify,
    entry_hash,
    snapshot_anchors,
)
from chiso.audit.models import ChainHead, Entry
from chiso.audit.services import audit_record
from chiso.backup import backup
from chiso.cli import main
from chiso.results.models import Snapshot
from tests.audit.conftest import insert_raw, tamper, values_of


@pytest.fixture
def anchored(published_2019: Snapshot) -> tuple[Snapshot, list[Entry]]:  # noqa: F811
    """A published campaign, then three more entries (work goes on after a publication)."""
    for number in range(3):
        audit_record(actor=None, action="units.import", object_type=f"sau.{number}")
    return published_2019, list(Entry.objects.order_by("seq"))


def _label(snapshot: Snapshot) -> str:
    (anchor,) = [a for a in snapshot_anchors() if a.entries == snapshot.audit_entries]
    return anchor.label


def _rewrite_from(seq: int, reason: str) -> None:
    """Edit entry ``seq`` and hash it and every later entry again, head included: a chain that
    links from end to end."""
    previous = Entry.objects.get(seq=seq - 1).hash if seq > 1 else ""
    for entry in Entry.objects.filter(seq__gte=seq).order_by("seq"):
        values = {**values_of(entry), "prev_hash": previous}
        if entry.seq == seq:
            values["reason"] = reason
        values["hash"] = entry_hash(values)
        tamper(
            "UPDATE audit_entry SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [values["reason"], values["prev_hash"], values["hash"], entry.pk],
        )
        previous = values["hash"]
    tamper("UPDATE audit_chainhead SET hash = %s", [previous])


def _wipe() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the test's own deferred checks, first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        tamper("TRUNCATE audit_entry, audit_chainhead")
    else:
        tamper("DELETE FROM audit_entry")
        tamper("DELETE FROM audit_chainhead")


def test_a_publication_records_its_own_entry_as_the_anchor(
    anchored: tuple[Snapshot, list[Entry]],
) -> None:
    snapshot, trail = anchored
    entry = Entry.objects.get(action="results.publish")

    assert (snapshot.audit_entries, snapshot.audit_last_hash) == (entry.seq, entry.hash)
    assert entry.changes["sha256"] == snapshot.sha256
    assert trail[-1].seq > entry.seq
    result = chain_verify()
    assert result.ok and result.count == len(trail)


def test_an_edited_entry_is_named_and_nothing_else(anchored: tuple[Snapshot, list[Entry]]) -> None:
    snapshot, trail = anchored
    target = trail[3]
    tamper("UPDATE audit_entry SET reason = %s WHERE id = %s", ["sửa lén", target.pk])

    breaks = chain_verify().breaks

    assert [(b.entry_id, b.problems) for b in breaks] == [(target.pk, (EDITED,))]


def test_a_deleted_entry_is_named_at_the_next_one(anchored: tuple[Snapshot, list[Entry]]) -> None:
    snapshot, trail = anchored
    tamper("DELETE FROM audit_entry WHERE id = %s", [trail[4].pk])

    breaks = chain_verify().breaks

    gap = GAP.format(first=trail[4].seq, last=trail[4].seq)
    assert [(b.entry_id, b.problems) for b in breaks] == [(trail[5].pk, (gap,))]


def test_an_inserted_forgery_is_named_at_the_next_one(
    anchored: tuple[Snapshot, list[Entry]],
) -> None:
    snapshot, trail = anchored
    forged = {**values_of(trail[6]), "reason": "ai đó chèn vào"}
    forged["hash"] = entry_hash(forged)
    tamper("DELETE FROM audit_entry WHERE id = %s", [trail[6].pk])
    insert_raw(forged)

    breaks = chain_verify().breaks

    assert [(b.entry_id, b.problems) for b in breaks] == [(trail[7].pk, (UNLINKED,))]


@pytest.mark.parametrize("linked", [True, False])
def test_an_appended_forgery_is_called_forged_not_deleted_entries(
    anchored: tuple[Snapshot, list[Entry]], linked: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """Correctly hashed and linked to the last entry, or not: it lies beyond the chain head."""
    snapshot, trail = anchored
    last = values_of(trail[-1])
    forged = {**last, "seq": last["seq"] + 1, "prev_hash": last["hash"] if linked else "x" * 64}
    forged["reason"] = "mục thêm lén"
    forged["hash"] = entry_hash(forged)
    insert_raw(forged)
    row = Entry.objects.get(seq=forged["seq"])

    breaks = chain_verify().breaks

    expected = (
        (FORGED.format(head=last["seq"]),)
        if linked
        else (UNLINKED, FORGED.format(head=last["seq"]))
    )
    assert [(b.entry_id, b.problems) for b in breaks] == [(row.pk, expected)]
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"(số {row.seq}, lúc" in out and "giả mạo" in out and "đã bị xoá" not in out


def test_a_wiped_trail_is_not_intact(
    anchored: tuple[Snapshot, list[Entry]], capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot, trail = anchored
    label = _label(snapshot)
    _wipe()

    result = chain_verify()

    wiped = ANCHOR_WIPED.format(
        label=label, entries=snapshot.audit_entries, hash=snapshot.audit_last_hash
    )
    assert (result.count, [b.problems for b in result.breaks]) == (0, [(wiped,)])
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "Nhật ký nguyên vẹn" not in out
    assert (
        f"nhật ký có 0 mục nhưng {label} đã ghi nhận {snapshot.audit_entries} mục, "
        f"mã băm mục cuối {snapshot.audit_last_hash}"
    ) in out


def test_a_trail_rewritten_from_a_point_before_a_publication_is_found_by_its_anchor(
    anchored: tuple[Snapshot, list[Entry]],
) -> None:
    snapshot, trail = anchored
    _rewrite_from(trail[2].seq, "viết lại")

    assert chain_verify([]).ok, "consistent from end to end: the chain alone cannot tell"
    breaks = chain_verify().breaks

    anchored_entry = Entry.objects.get(seq=snapshot.audit_entries)
    rewritten = ANCHOR_REWRITTEN.format(
        label=_label(snapshot),
        entries=snapshot.audit_entries,
        actual=anchored_entry.hash,
        hash=snapshot.audit_last_hash,
    )
    assert [(b.entry_id, b.problems) for b in breaks] == [(anchored_entry.pk, (rewritten,))]


def test_entries_cut_back_past_a_publication_with_the_head_moved_are_found(
    anchored: tuple[Snapshot, list[Entry]],
) -> None:
    snapshot, trail = anchored
    keep = trail[snapshot.audit_entries - 3]
    tamper("DELETE FROM audit_entry WHERE seq > %s", [keep.seq])
    tamper("UPDATE audit_chainhead SET seq = %s, hash = %s", [keep.seq, keep.hash])

    assert chain_verify([]).ok
    breaks = chain_verify().breaks

    missing = ANCHOR_MISSING.format(
        count=keep.seq,
        label=_label(snapshot),
        entries=snapshot.audit_entries,
        hash=snapshot.audit_last_hash,
    )
    assert [b.problems for b in breaks] == [(missing,)]


def test_a_backup_manifest_anchors_the_trail_too(
    anchored: tuple[Snapshot, list[Entry]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot, trail = anchored
    archive = tmp_path / "chiso.tar.gz"
    backup(archive)
    assert main(["audit", "verify", "--backup", str(archive)]) == 0
    assert "Khớp 2 mốc" in capsys.readouterr().out

    # After the backup: the last entries removed and the head moved back, before any new
    # publication; only the backup knows.
    keep = trail[-3]
    tamper("DELETE FROM audit_entry WHERE seq > %s", [keep.seq])
    tamper("UPDATE audit_chainhead SET seq = %s, hash = %s", [keep.seq, keep.hash])
    assert main(["audit", "verify"]) == 0
    capsys.readouterr()

    assert main(["audit", "verify", "--backup", str(archive)]) == 1
    out = capsys.readouterr().out
    assert f"không còn mục số {trail[-1].seq}" in out and "bản sao lưu chiso.tar.gz" in out
    assert trail[-1].hash in out

    assert main(["audit", "verify", "--backup", str(tmp_path / "none.tar.gz")]) == 2


def test_a_new_installation_with_no_entries_and_no_anchor_is_intact(db: None) -> None:
    assert not ChainHead.objects.exclude(seq=0).exists()
    assert chain_verify().ok


def test_the_migration_gives_snapshots_published_before_it_their_anchor(
    anchored: tuple[Snapshot, list[Entry]],
) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("chiso.results.migrations.0002_backup_sqlite_audit_anchor")
    snapshot, trail = anchored
    Snapshot.objects.filter(pk=snapshot.pk).update(audit_entries=None, audit_last_hash="")
    assert snapshot_anchors() == []

    migration.backfill(apps, None)

    stored = Snapshot.objects.get(pk=snapshot.pk)
    assert (stored.audit_entries, stored.audit_last_hash) == (
        snapshot.audit_entries,
        snapshot.audit_last_hash,
    )
