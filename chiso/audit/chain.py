"""The hash chain of the audit trail: what is hashed, how an entry is appended, how it is checked.

An entry's ``hash`` is SHA-256 over a canonical JSON of its fields and ``prev_hash``. Appends take
a lock on the single ``ChainHead`` row, so two transactions never chain onto the same entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from chiso.audit.models import ChainHead, Entry

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


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=HEAD_PK).first()
    if head is not None:
        return head
    # First entry (or a database emptied by a test's flush): start from the last entry, if any.
    last = Entry.objects.order_by("-seq").values("seq", "hash").first()
    start = ChainHead(pk=HEAD_PK, seq=last["seq"], hash=last["hash"]) if last else None
    ChainHead.objects.bulk_create([start or ChainHead(pk=HEAD_PK)], ignore_conflicts=True)
    return ChainHead.objects.select_for_update().get(pk=HEAD_PK)


def chain_append(entry: Entry) -> Entry:
    """Give ``entry`` its time, position and hashes, and insert it at the end of the chain."""
    with transaction.atomic():
        head = _locked_head()
        entry.at = timezone.now()  # taken under the lock: time order is chain order
        entry.seq = head.seq + 1
        entry.prev_hash = head.hash
        entry.hash = entry_hash(_values(entry))
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True, slots=True)
class Break:
    """One entry that does not check out, and why (Vietnamese)."""

    entry_id: int | None
    seq: int | None
    at: dt.datetime | None
    problems: tuple[str, ...]


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


def chain_verify() -> Verification:
    """Walk the chain from the first entry; every entry edited, missing or inserted is a Break."""
    result = Verification()
    for row in _rows():
        problems = []
        if row["seq"] != result.last_seq + 1:
            problems.append(GAP.format(first=result.last_seq + 1, last=row["seq"] - 1))
        elif row["prev_hash"] != result.last_hash:
            problems.append(UNLINKED)
        if entry_hash(row) != row["hash"]:
            problems.append(EDITED)
        if problems:
            result.breaks.append(Break(row["id"], row["seq"], row["at"], tuple(problems)))
        result.count += 1
        result.last_seq, result.last_hash = row["seq"], row["hash"]
    head = ChainHead.objects.filter(pk=HEAD_PK).first()
    if head is None and result.count:
        result.breaks.append(Break(None, None, None, (HEAD_MISSING,)))
    elif head is not None and head.seq != result.last_seq:
        message = TAIL_CUT.format(seq=head.seq, last=result.last_seq)
        result.breaks.append(Break(None, None, None, (message,)))
    elif head is not None and head.hash != result.last_hash:
        result.breaks.append(Break(None, None, None, (HEAD_CHANGED,)))
    return result
