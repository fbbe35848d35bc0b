"""The hash chain: every entry linked to the one before, and ``chain_verify`` finds tampering."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction

from chiso.audit.chain import EDITED, FORGED, GAP, UNLINKED, chain_verify, entry_hash
from chiso.audit.models import Entry
from chiso.audit.services import audit_record
from tests.audit.conftest import Cast, answer, insert_raw, tamper, values_of


@pytest.fixture
def trail(form_a: Any, cast: Cast) -> list[Entry]:
    """The units, accounts and campaign entries of the fixtures, then 30 saved answers."""
    for number in range(30):
        answer(form_a, cast["reporter_a"], "SS.HT.1", [str(number), "50"])
    return list(Entry.objects.order_by("seq"))


def test_every_entry_is_linked_to_the_one_before(trail: list[Entry]) -> None:
    assert len(trail) > 30
    assert trail[0].prev_hash == ""
    for before, after in zip(trail, trail[1:], strict=False):
        assert after.seq == before.seq + 1
        assert after.prev_hash == before.hash
    assert len({e.hash for e in trail}) == len(trail)


def test_an_untouched_trail_verifies(trail: list[Entry]) -> None:
    result = chain_verify()

    assert result.ok
    assert result.count == len(trail)
    assert result.last_hash == trail[-1].hash


def test_the_hash_covers_the_time_and_the_content(trail: list[Entry]) -> None:
    fields = values_of(trail[-1])

    assert entry_hash(fields) == trail[-1].hash
    later = fields["at"] + dt.timedelta(microseconds=1)
    assert entry_hash({**fields, "at": later}) != fields["hash"]
    assert entry_hash({**fields, "reason": "sửa lén"}) != fields["hash"]


def test_an_edited_entry_is_found(trail: list[Entry]) -> None:
    target = trail[10]
    tamper("UPDATE audit_entry SET reason = %s WHERE id = %s", ["sửa lén", target.pk])

    result = chain_verify()

    assert not result.ok
    assert [(b.entry_id, b.problems) for b in result.breaks] == [(target.pk, (EDITED,))]


def test_an_edited_value_inside_the_changes_is_found(trail: list[Entry]) -> None:
    target = trail[-1]
    tamper(
        "UPDATE audit_entry SET changes = %s WHERE id = %s",
        ['{"criterion": "SS.HT.1", "value": [["1", "50"], ["50", "50"]]}', target.pk],
    )

    assert [b.entry_id for b in chain_verify().breaks] == [target.pk]


def test_a_deleted_entry_is_found_at_the_next_one(trail: list[Entry]) -> None:
    tamper("DELETE FROM audit_entry WHERE id = %s", [trail[5].pk])

    breaks = chain_verify().breaks

    assert [b.entry_id for b in breaks] == [trail[6].pk]
    assert breaks[0].problems == (GAP.format(first=trail[5].seq, last=trail[5].seq),)


def test_deleting_the_last_entries_is_found_by_the_chain_head(trail: list[Entry]) -> None:
    tamper("DELETE FROM audit_entry WHERE seq > %s", [trail[-3].seq])

    breaks = chain_verify().breaks

    assert len(breaks) == 1
    assert breaks[0].entry_id is None
    assert "các mục cuối đã bị xoá" in breaks[0].problems[0]


def test_an_entry_replaced_by_a_correctly_hashed_forgery_is_found_at_the_next_one(
    trail: list[Entry],
) -> None:
    """Whoever knows the hash rule can forge one entry, but not the next entry's link to it."""
    forged = {**values_of(trail[8]), "reason": "ai đó chèn vào"}
    forged["hash"] = entry_hash(forged)
    tamper("DELETE FROM audit_entry WHERE id = %s", [trail[8].pk])
    insert_raw(forged)

    breaks = chain_verify().breaks

    assert [(b.entry_id, b.problems) for b in breaks] == [(trail[9].pk, (UNLINKED,))]


def test_an_entry_appended_by_hand_is_found(trail: list[Entry]) -> None:
    last = values_of(trail[-1])
    insert_raw({**last, "seq": last["seq"] + 1, "prev_hash": last["hash"], "reason": "thêm"})

    breaks = chain_verify().breaks

    # It kept the hash of the entry it was copied from, and it lies beyond the chain head: a
    # forgery at that entry, not "the last entries were deleted".
    forged = Entry.objects.get(seq=last["seq"] + 1)
    assert [(b.entry_id, b.problems) for b in breaks] == [
        (forged.pk, (EDITED, FORGED.format(head=last["seq"])))
    ]


def test_the_time_is_set_when_recorded_and_an_address_is_kept(db: None) -> None:
    entry = audit_record(actor=None, action="units.import", object_type="units.unit", ip="::1")

    stored = Entry.objects.get(pk=entry.pk)
    assert stored.at == entry.at
    assert stored.ip == "::1"
    assert chain_verify().ok


def test_changes_are_stored_as_they_read_back_so_the_hash_holds(db: None) -> None:
    audit_record(
        actor=None,
        action="units.import",
        object_type="units.unit",
        changes={"pair": (1, 2), "day": dt.date(2019, 10, 22), "big": 1e20, "ratio": 0.1},
    )

    stored = Entry.objects.get()
    assert stored.changes["pair"] == [1, 2]
    assert stored.changes["day"] == "2019-10-22"
    assert chain_verify().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_each_get_their_own_place_in_the_chain() -> None:
    """Eight transactions append at once: none fails, none chains onto the same entry."""
    threads, errors = 8, []
    start = threading.Barrier(threads)

    def append(number: int) -> None:
        try:
            start.wait()
            with transaction.atomic():
                for _ in range(5):
                    audit_record(actor=None, action="units.import", object_type=f"t{number}")
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=append, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    result = chain_verify()
    assert (result.ok, result.count) == (True, threads * 5)
