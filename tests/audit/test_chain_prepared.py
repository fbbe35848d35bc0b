"""The chain's statements built once per process (chiso/audit/chain.py, issue 18 fifth round):
the insert is Django's own, with the values Django's compiler gives; the head is read from the
database on every append; an entry already written is still refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chiso.audit import chain
from chiso.audit.chain import chain_append, chain_verify
from chiso.audit.models import AppendOnly, ChainHead, Entry
from chiso.audit.services import audit_record


def _entries() -> list[Entry]:
    at = dt.datetime(2019, 10, 3, 8, 30, 0, 123456, tzinfo=dt.UTC)
    return [
        Entry(at=at, seq=1, changes={}, action="x", object_type="t"),
        Entry(
            at=at,
            seq=2,
            actor_label="bao.cao",
            action="forms.answer",
            object_type="campaigns.form",
            object_id="17",
            object_repr="Đắk R'Lấp: SS.HT.1",
            era="2019",
            province_code="67",
            unit_code="666",
            criterion="SS.HT.1",
            changes={"value": [["40", "50"], {"not_applicable": True, "reason": "«x» & 'y'"}]},
            reason="",
            ip="2001:db8::1",
            prev_hash="a" * 64,
            hash="b" * 64,
        ),
        Entry(at=at, seq=3, changes={"n": [None, 1.5]}, ip="10.0.0.7", action="y"),
    ]


def _plain(params: tuple[Any, ...]) -> list[Any]:
    """PostgreSQL's JSON parameters (psycopg's Jsonb) compare by what they wrap."""
    return [(type(p), p.obj) if type(p).__name__ == "Jsonb" else p for p in params]


@pytest.mark.django_db
def test_the_insert_is_djangos_own_statement_with_its_values() -> None:
    for entry in _entries():
        sql, params = chain._compiled_insert(entry)
        assert chain._insert_sql() == sql
        assert _plain(chain._insert_params(entry)) == _plain(params)


@pytest.mark.django_db
def test_appends_chain_on_the_head_as_the_database_has_it() -> None:
    first = audit_record(actor=None, action="a.one", changes={"v": [1, 2]})
    # Another process moves the head (its own append): the next append reads it, not a copy.
    other = Entry(action="a.other", object_type="", changes={})
    other.at = dt.datetime.now(dt.UTC)
    other.seq = first.seq + 1
    other.prev_hash = first.hash
    other.hash = chain.entry_hash(chain._values(other))
    other.save(force_insert=True)  # through the ORM, as an older chiso would
    ChainHead.objects.filter(pk=chain.HEAD_PK).update(seq=other.seq, hash=other.hash)
    second = audit_record(actor=None, action="a.two", changes={})
    assert (second.seq, second.prev_hash) == (other.seq + 1, other.hash)
    assert Entry.objects.get(pk=second.pk).hash == second.hash
    head = ChainHead.objects.get(pk=chain.HEAD_PK)
    assert (head.seq, head.hash) == (second.seq, second.hash)
    assert chain_verify(anchors=[]).ok


@pytest.mark.django_db
def test_an_entry_already_written_is_refused_and_a_missing_head_is_made_again() -> None:
    entry = audit_record(actor=None, action="a.one", changes={})
    with pytest.raises(AppendOnly):
        chain_append(entry)
    ChainHead.objects.all().delete()
    again = audit_record(actor=None, action="a.two", changes={})
    assert again.seq == entry.seq + 1 and again.prev_hash == entry.hash
    assert chain_verify(anchors=[]).ok


@pytest.mark.django_db
def test_a_head_read_earlier_is_used_only_while_it_is_still_the_head() -> None:
    """``chain_append(head=…)``: the head as read earlier in the transaction (the autosave's
    form read on SQLite). Still the head: the entry follows it, the head moved in the same
    UPDATE that checks it (two statements). Moved since: read again, locked, as without it."""
    first = audit_record(actor=None, action="a.one", changes={})
    read = f"{first.seq} {first.hash}"
    with CaptureQueriesContext(connection) as captured:
        second = chain_append(Entry(action="a.two", object_type="", changes={}), head=read)
    assert len(captured.captured_queries) == 2
    assert (second.seq, second.prev_hash) == (first.seq + 1, first.hash)
    stale = chain_append(Entry(action="a.three", object_type="", changes={}), head=read)
    assert (stale.seq, stale.prev_hash) == (second.seq + 1, second.hash)
    head = ChainHead.objects.get(pk=chain.HEAD_PK)
    assert (head.seq, head.hash) == (stale.seq, stale.hash)
    assert Entry.objects.get(pk=stale.pk).hash == stale.hash
    assert chain_verify(anchors=[]).ok
