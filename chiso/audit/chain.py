"""The hash chain of the audit trail: what is hashed, how an entry is appended, how it is checked.

An entry's ``hash`` is SHA-256 over a canonical JSON of its fields and ``prev_hash``. Appends take
a lock on the single ``ChainHead`` row, so two transactions never chain onto the same entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar, cast

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from chiso.audit.models import AppendOnly, ChainHead, Entry
from chiso.inserts import compiled_insert, fields_of, insert_params, named

HEAD_PK = 1
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "era",
    "province_code",
    "unit_code",
    "criterion",
    "changes",
    "reason",
    "ip",
    "prev_hash",
)

EDITED = "nội dung đã bị sửa (mã băm không khớp)"
GAP = "thiếu mục số {first}–{last} ngay trước mục này (đã bị xoá)"
UNLINKED = (
    "không nối với mục liền trước (mã băm mục trước không khớp): "
    "mục trước đã bị sửa cả mã băm, hoặc mục này được chèn thêm"
)
TAIL_CUT = "đầu chuỗi ghi mục số {seq} nhưng mục cuối là số {last}: các mục cuối đã bị xoá"
HEAD_CHANGED = "mã băm ở đầu chuỗi không khớp với mục cuối"
HEAD_MISSING = "đầu chuỗi (bảng audit_chainhead) đã bị xoá"
FORGED = (
    "mục giả mạo: nằm sau mục cuối mà chiso đã ghi (số {head}), tức được ghi thêm thẳng vào "
    "CSDL, không qua chiso"
)
# Anchors: the trail's number of entries and last hash, recorded with each published snapshot
# and in each backup's manifest. An anchored entry must still be there with the same hash.
ANCHOR_WIPED = "nhật ký có 0 mục nhưng {label} đã ghi nhận {entries} mục, mã băm mục cuối {hash}"
ANCHOR_MISSING = (
    "nhật ký có {count} mục, không còn mục số {entries} mà {label} đã ghi nhận "
    "(mã băm {hash}): các mục đã bị xoá"
)
ANCHOR_REWRITTEN = (
    "mục số {entries} có mã băm {actual}, khác mã băm {hash} mà {label} đã ghi nhận: "
    "nhật ký đã bị viết lại (sửa rồi tính lại mã băm) từ một mục đến mục này"
)


def json_value(value: Any) -> Any:
    """``value`` as it comes back from a JSON column: lists for tuples, dates as text."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _numbers(value: Any) -> Any:
    # PostgreSQL's jsonb gives 1e+20 back as 100000000000000000000: hash whole floats as ints.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    return value


def normal_ip(ip: Any) -> str | None:
    """One spelling per address (PostgreSQL's inet and SQLite's text may differ); None if none."""
    if ip in (None, ""):
        return None
    return _normal_ip(ip)


@lru_cache(maxsize=1024)  # a pure function of the address: each one parsed once per process
def _normal_ip(ip: Any) -> str:
    try:
        return str(ipaddress.ip_address(str(ip)))
    except ValueError:
        return str(ip)


def entry_hash(values: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``HASHED_FIELDS`` taken from ``values``."""
    canonical = {name: values[name] for name in HASHED_FIELDS}
    at: dt.datetime = canonical["at"]
    canonical["at"] = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    canonical["ip"] = normal_ip(canonical["ip"])
    canonical["changes"] = _numbers(canonical["changes"])
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _values(entry: Entry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in HASHED_FIELDS}


# The chain's statements, their SQL built once per process and database (not their values:
# the head is read on every append, under its lock). Keyed by alias and vendor.
_sql: dict[tuple[str, str, str], Any] = {}
_T = TypeVar("_T")


def _once(name: str, build: Callable[[], _T]) -> _T:
    """The statement ``name`` as ``build`` writes it, built once per process and database."""
    key = (name, connection.alias, connection.vendor)
    sql = _sql.get(key)
    if sql is None:
        sql = _sql[key] = build()
    return cast(_T, sql)


def _head_sql() -> str:
    def build() -> str:
        qn = connection.ops.quote_name
        head = qn(ChainHead._meta.db_table)
        sql = f"SELECT {qn('seq')}, {qn('hash')} FROM {head} WHERE {qn('id')} = %(id)s"  # noqa: S608
        return sql + (" FOR UPDATE" if connection.features.has_select_for_update else "")

    return _once("head", build)


def _locked_head() -> tuple[int, str]:
    """The head's position and hash, its row locked (``select_for_update().get(pk=HEAD_PK)``)."""
    with connection.cursor() as cursor:
        cursor.execute(_head_sql(), {"id": HEAD_PK})
        row = cursor.fetchone()
    if row is not None:
        return int(row[0]), str(row[1])
    head = _new_head()
    return head.seq, head.hash


def _new_head() -> ChainHead:
    # First entry (or a database emptied by a test's flush): start from the last entry, if any.
    last = Entry.objects.order_by("-seq").values("seq", "hash").first()
    start = ChainHead(pk=HEAD_PK, seq=last["seq"], hash=last["hash"]) if last else None
    ChainHead.objects.bulk_create([start or ChainHead(pk=HEAD_PK)], ignore_conflicts=True)
    return ChainHead.objects.select_for_update().get(pk=HEAD_PK)


def head_column_sql() -> str:
    """SQLite: a column for a statement that opens a write transaction (the autosave's locked
    form read): the head as ``"<seq> <hash>"`` (NULL without a head), for ``chain_append``'s
    ``head``. Under ``BEGIN IMMEDIATE`` the database's one write lock is held from the first
    statement to the commit, so the head read there is still the head when the entry is
    appended; ``chain_append`` moves it only if it still is (one statement less, issue 18)."""

    def build() -> str:
        qn = connection.ops.quote_name
        head = qn(ChainHead._meta.db_table)
        return (
            f"(SELECT CAST({qn('seq')} AS TEXT) || ' ' || {qn('hash')}"  # noqa: S608
            f" FROM {head} WHERE {qn('id')} = {HEAD_PK})"
        )

    return _once("head column", build)


def _read_head(head: str | None) -> tuple[int, str] | None:
    if not head:
        return None
    seq, _, hash_ = head.partition(" ")
    return int(seq), hash_


def chain_append(entry: Entry, *, head: str | None = None) -> Entry:
    """Give ``entry`` its time, position and hashes, and insert it at the end of the chain.

    ``head``: the head as read earlier in this transaction (``head_column_sql``), if it was.
    The head is then moved only if it is still that one (seq and hash compared in the UPDATE,
    which holds the head's row until the commit); otherwise it is read, locked, as without it.
    """
    # No savepoint of its own: an error here ends the caller's transaction anyway.
    if not entry._state.adding:
        raise AppendOnly  # what Entry.save says of an entry already written
    with transaction.atomic(savepoint=False):
        known = _read_head(head)
        if known is not None:
            _place(entry, *known)
            if _move(entry, known):  # the head was still `known`: now it is this entry
                _insert(entry)
                return entry
        seq, prev_hash = _locked_head()
        _place(entry, seq, prev_hash)
        if connection.vendor == "postgresql":
            _insert_moving_head(entry)
        else:  # SQLite: no INSERT inside a WITH; two statements, under the database's lock
            _insert(entry)
            _move(entry, None)
    return entry


def _place(entry: Entry, seq: int, prev_hash: str) -> None:
    """The entry's time, position and hashes after the head (``seq``, ``prev_hash``)."""
    entry.at = timezone.now()  # taken under the lock: time order is chain order
    entry.seq = seq + 1
    entry.prev_hash = prev_hash
    entry.hash = entry_hash(_values(entry))


_FIELDS = fields_of(Entry)


def _insert_sql() -> str:
    """Django's own INSERT of an entry (``InsertQuery``), built once: the text does not depend
    on the values (``test_chain_prepared.py`` compares it with the compiler's for entries)."""
    return _once("insert", lambda: _compiled_insert(Entry(at=timezone.now(), seq=0, changes={}))[0])


def _compiled_insert(entry: Entry) -> tuple[str, tuple[Any, ...]]:
    return compiled_insert(entry, _FIELDS)


def _insert_params(entry: Entry) -> tuple[Any, ...]:
    """The values as the compiler gives them: each field's ``pre_save`` and database form."""
    return insert_params(entry, _FIELDS)


def _move_sql(guarded: bool) -> str:
    def build() -> str:
        qn = connection.ops.quote_name
        head = qn(ChainHead._meta.db_table)
        sql = (
            f"UPDATE {head} SET {qn('seq')} = %(seq)s, {qn('hash')} = %(hash)s"  # noqa: S608
            f" WHERE {qn('id')} = %(id)s"
        )
        if guarded:  # only if the head is still the one read before
            sql += f" AND {qn('seq')} = %(was_seq)s AND {qn('hash')} = %(was_hash)s"
        return sql

    return _once(f"move {guarded}", build)


def _move(entry: Entry, known: tuple[int, str] | None) -> bool:
    """Move the head to ``entry``; with ``known``, only if the head is still that: whether it
    moved. Without it, RuntimeError if there is no head (``_locked_head`` made it)."""
    params: dict[str, Any] = {"seq": entry.seq, "hash": entry.hash, "id": HEAD_PK}
    if known is not None:
        params["was_seq"], params["was_hash"] = known
    with connection.cursor() as cursor:
        cursor.execute(_move_sql(known is not None), params)
        moved = cursor.rowcount == 1
    if not moved and known is None:
        raise RuntimeError("audit_chainhead: the head row is gone")  # locked just before
    return moved


def _insert(entry: Entry) -> None:
    """``entry.save(force_insert=True)`` without the model's save machinery (its own ``save``
    only refuses an entry already written, checked by ``chain_append``; nothing listens to its
    signals)."""

    def build() -> tuple[str, tuple[str, ...]]:
        return named(_insert_sql() + " RETURNING " + connection.ops.quote_name("id"))

    sql, names = _once("insert returning", build)
    with connection.cursor() as cursor:
        cursor.execute(sql, dict(zip(names, _insert_params(entry), strict=True)))
        row = cursor.fetchone()
    if row is None:
        raise RuntimeError("audit_entry: the insert returned no id")
    _written(entry, row[0])


def _written(entry: Entry, pk: int) -> None:
    entry.pk = pk
    entry._state.adding = False
    entry._state.db = connection.alias


def _insert_moving_head(entry: Entry) -> None:
    """PostgreSQL: insert ``entry`` and move the head to it in one statement, Django's own
    INSERT in a WITH: one round trip less while the head is locked (issue 18)."""

    def build() -> tuple[str, tuple[str, ...]]:
        head = ChainHead._meta.db_table
        return named(
            f"WITH e AS ({_insert_sql()} RETURNING id)"  # noqa: S608 - Django's SQL, values as params
            f" UPDATE {head} SET seq = %s, hash = %s WHERE id = %s RETURNING (SELECT id FROM e)"
        )

    sql, names = _once("insert moving head", build)
    values = (*_insert_params(entry), entry.seq, entry.hash, HEAD_PK)
    with connection.cursor() as cursor:
        cursor.execute(sql, dict(zip(names, values, strict=True)))
        row = cursor.fetchone()
    if row is None:
        raise RuntimeError("audit_chainhead: the head row is gone")  # locked just before
    _written(entry, row[0])


@dataclass(frozen=True, slots=True)
class Break:
    """One entry that does not check out, and why (Vietnamese); ``anchor``: the anchor broken."""

    entry_id: int | None
    seq: int | None
    at: dt.datetime | None
    problems: tuple[str, ...]
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Anchor:
    """What the trail was at some point, recorded outside it: ``entries`` and the last hash."""

    label: str
    entries: int
    last_hash: str


def snapshot_anchors() -> list[Anchor]:
    """The anchor of every published snapshot that has one (read here: results imports audit)."""
    from django.apps import apps
    from django.utils import timezone as tz

    snapshot_model = apps.get_model("results", "Snapshot")
    snapshots = (
        snapshot_model.objects.filter(audit_entries__isnull=False)
        .select_related("campaign")
        .order_by("audit_entries", "pk")
    )
    return [
        Anchor(
            f"kết quả công bố «{s}» (lúc {tz.localtime(s.published_at):%d/%m/%Y %H:%M})",
            s.audit_entries,
            s.audit_last_hash,
        )
        for s in snapshots
    ]


@dataclass(slots=True)
class Verification:
    count: int = 0
    last_seq: int = 0
    last_hash: str = ""
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


def _rows() -> Iterator[dict[str, Any]]:
    return Entry.objects.order_by("seq").values("id", "hash", *HASHED_FIELDS).iterator(2000)


def _anchor_check(anchor: Anchor, count: int, found: dict[int, dict[str, Any]]) -> Break | None:
    values = {"label": anchor.label, "entries": anchor.entries, "hash": anchor.last_hash}
    if anchor.entries == 0:
        return None
    row = found.get(anchor.entries)
    if row is None:
        problem = ANCHOR_WIPED if count == 0 else ANCHOR_MISSING
        return Break(
            None, anchor.entries, None, (problem.format(count=count, **values),), anchor.label
        )
    if row["hash"] != anchor.last_hash:
        problem = ANCHOR_REWRITTEN.format(actual=row["hash"], **values)
        return Break(row["id"], row["seq"], row["at"], (problem,), anchor.label)
    return None


def chain_verify(anchors: list[Anchor] | None = None) -> Verification:
    """Walk the chain from the first entry; every entry edited, missing, inserted or appended
    outside chiso is a Break, and so is every anchor (``anchors``, default: the published
    snapshots') whose entry is gone or has another hash."""
    if anchors is None:
        anchors = snapshot_anchors()
    anchored = {a.entries for a in anchors}
    found: dict[int, dict[str, Any]] = {}
    result = Verification()
    head_before = ChainHead.objects.filter(pk=HEAD_PK).first()
    beyond = head_before.seq if head_before is not None else None
    tail: list[tuple[dict[str, Any], list[str]]] = []
    for row in _rows():
        problems = []
        if row["seq"] != result.last_seq + 1:
            problems.append(GAP.format(first=result.last_seq + 1, last=row["seq"] - 1))
        elif row["prev_hash"] != result.last_hash:
            problems.append(UNLINKED)
        if entry_hash(row) != row["hash"]:
            problems.append(EDITED)
        if row["seq"] in anchored:
            found[row["seq"]] = row
        if beyond is not None and row["seq"] > beyond:
            tail.append((row, problems))  # appended since the head was read, or forged
        elif problems:
            result.breaks.append(Break(row["id"], row["seq"], row["at"], tuple(problems)))
        result.count += 1
        result.last_seq, result.last_hash = row["seq"], row["hash"]
    # Read again: entries chiso appended while the walk went on moved the head past them.
    head = ChainHead.objects.filter(pk=HEAD_PK).first()
    for row, problems in tail:
        if head is not None and row["seq"] > head.seq:
            problems.append(FORGED.format(head=head.seq))
        if problems:
            result.breaks.append(Break(row["id"], row["seq"], row["at"], tuple(problems)))
    if head is None and result.count:
        result.breaks.append(Break(None, None, None, (HEAD_MISSING,)))
    elif head_before is not None and head_before.seq > result.last_seq:
        message = TAIL_CUT.format(seq=head_before.seq, last=result.last_seq)
        result.breaks.append(Break(None, None, None, (message,)))
    elif head is not None and head.seq == result.last_seq and head.hash != result.last_hash:
        result.breaks.append(Break(None, None, None, (HEAD_CHANGED,)))
    for anchor in anchors:
        broken = _anchor_check(anchor, result.count, found)
        if broken is not None:
            result.breaks.append(broken)
    return result
