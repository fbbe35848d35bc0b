"""Nobody edits or deletes an audit entry: not the application, not (on PostgreSQL) raw SQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models.deletion import ProtectedError
from django.test import Client

from chiso.audit.models import APPEND_ONLY, AppendOnly, Entry
from chiso.audit.services import audit_record
from tests.audit.conftest import Cast

ONLY_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


@pytest.fixture
def entry(db: None) -> Entry:
    return audit_record(actor=None, action="units.import", object_type="units.unit", reason="r")


def test_an_entry_cannot_be_saved_again(entry: Entry) -> None:
    entry.reason = "sửa"
    with pytest.raises(AppendOnly, match=APPEND_ONLY):
        entry.save()
    assert Entry.objects.get(pk=entry.pk).reason == "r"


def test_an_entry_cannot_be_deleted(entry: Entry) -> None:
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        Entry.objects.filter(pk=entry.pk).delete()
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_entries_cannot_be_updated_or_created_in_bulk(entry: Entry) -> None:
    with pytest.raises(AppendOnly):
        Entry.objects.update(reason="sửa")
    with pytest.raises(AppendOnly):
        Entry.objects.bulk_update([entry], ["reason"])
    with pytest.raises(AppendOnly):
        Entry.objects.bulk_create([Entry(action="x")])
    assert list(Entry.objects.values_list("reason", flat=True)) == ["r"]


def test_an_account_with_entries_cannot_be_deleted(cast: Cast) -> None:
    """Deleting it would null the entries' actor: an edit. Accounts are deactivated instead."""
    audit_record(actor=cast["province_admin"], action="units.agency_add", obj=cast["stttt"])

    with pytest.raises(ProtectedError):
        cast["province_admin"].delete()


def test_the_admin_shows_entries_but_offers_no_change_or_delete(client: Client, cast: Cast) -> None:
    entry = Entry.objects.filter(province_code="67").first()
    client.force_login(cast["province_admin"])

    assert client.get("/admin/audit/entry/").status_code == 200
    page = client.get(f"/admin/audit/entry/{entry.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(f"/admin/audit/entry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Entry.objects.filter(pk=entry.pk).exists()


@ONLY_POSTGRESQL
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_entry SET reason = 'sửa' WHERE id = %s",
        "DELETE FROM audit_entry WHERE id = %s",
    ],
)
def test_postgresql_refuses_a_raw_update_or_delete(entry: Entry, sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match="chỉ được ghi thêm"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert Entry.objects.get(pk=entry.pk).reason == "r"


@pytest.mark.django_db(transaction=True)
def test_the_test_runner_can_still_empty_the_table(cast: Any) -> None:
    """pytest-django flushes after transactional tests: TRUNCATE fires no row trigger."""
    assert Entry.objects.exists()

    call_command("flush", interactive=False, verbosity=0)

    assert not Entry.objects.exists()
    audit_record(actor=None, action="units.import", object_type="units.unit")
    assert Entry.objects.get().seq == 1  # the chain starts again
