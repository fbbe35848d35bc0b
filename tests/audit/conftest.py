"""Builders for the audit tests: answers saved through the real services, raw tampering."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, transaction

from chiso.audit.models import Entry

from chiso.campaigns.services import form_save_answer

Cast = dict[str, Any]


def answer(form: Any, actor: Any, code: str, value: Any, note: str | None = None) -> None:
    """Save one answer as the person would, whatever version is current."""
    current = form.answers.filter(criterion=code).values_list("version", flat=True).first()
    form_save_answer(
        actor=actor, form=form, criterion=code, value=value, note=note, expected_version=current
    )


def tamper(sql: str, params: list[Any] | None = None) -> None:
    """Run raw SQL on the audit table as an intruder with database access would.

    On PostgreSQL the append-only trigger would refuse; a superuser can switch triggers off for
    the session (``session_replication_role = replica``), and so does this.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params or [])


def values_of(entry: Entry) -> dict[str, Any]:
    """Every stored column of ``entry`` (``actor_id``, not ``actor``), the id left out."""
    return {f.attname: getattr(entry, f.attname) for f in Entry._meta.concrete_fields[1:]}


def insert_raw(values: dict[str, Any]) -> None:
    """INSERT a row by hand, bypassing the application (and its hash chain)."""
    columns = list(values)
    params = [json.dumps(v) if name == "changes" else v for name, v in values.items()]
    tamper(
        f"INSERT INTO audit_entry ({', '.join(columns)}) "  # noqa: S608 - our own column names
        f"VALUES ({', '.join(['%s'] * len(columns))})",
        params,
    )
