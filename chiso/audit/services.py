"""Writing to the audit trail. Every service that changes a value, status or score calls this."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.db import models

from chiso.audit.chain import chain_append, json_value
from chiso.audit.middleware import client_address
from chiso.audit.models import Entry


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_repr: str = "",
    era: str = "",
    province_code: str = "",
    unit_code: str = "",
    criterion: str = "",
    changes: dict[str, Any] | None = None,
    reason: str = "",
    ip: str | None = None,
    head: str | None = None,
) -> Entry:
    """Append one entry; the scope (era, province, unit) is taken from ``obj`` when it has one.

    ``criterion``: the framework criterion the change is about, for the per-criterion view.
    ``ip`` defaults to the address of the web request being served (``AuditAddressMiddleware``).
    ``head``: the chain's head read earlier in the transaction (``chain.chain_append``).
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_repr = object_repr or str(obj)[:300]
        era = era or getattr(obj, "era", "") or ""
        province_code = province_code or getattr(obj, "province_code", "") or ""
        if object_type == "units.unit":
            unit_code = unit_code or getattr(obj, "code", "")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    entry = Entry(
        actor=actor if authenticated else None,
        actor_label=actor.get_username() if authenticated else "hệ thống",
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=object_repr,
        era=era,
        province_code=province_code,
        unit_code=unit_code,
        criterion=criterion,
        # Stored as it will be read back, so the hash computed now is the one verify computes.
        changes=json_value(changes or {}),
        reason=reason,
        ip=_address(ip or client_address.get()),
    )
    return chain_append(entry, head=head)


@lru_cache(maxsize=1024)  # a pure function of the text: each request's address parsed once
def _address(ip: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(ip)) if ip else None
    except ValueError:
        return None  # not an address (a misconfigured proxy header): record none


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """``{"field": [old, new]}`` for the fields whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
