"""Builders for the audit tests: answers saved through the real services, raw tampering."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction

from chiso.audit.models import Entry
from chiso.audit.services import audit_record
from chiso.campaigns.services import evidence_add, form_save_answer
from tests.campaigns.test_form_services import PDF

Cast = dict[str, Any]


@pytest.fixture
def activity(campaign: Any, cast: Cast) -> dict[str, Any]:
    """Answers and evidence of Đắk R'Lấp (reporter A) and Cư Jút (reporter B) on 15/10/2019, one
    answer of Đắk R'Lấp on 20/10/2019, a Lâm Đồng entry by its administrator; the fixtures' own
    entries (units, accounts, campaign) are dated today."""
    forms = {f.unit.code: f for f in campaign.forms.filter(unit__code__in=["666", "662"])}
    with time_machine.travel(dt.datetime(2019, 10, 15, 2, 0, tzinfo=dt.UTC), tick=False):
        answer(forms["666"], cast["reporter_a"], "SS.HT.1", ["40", "50"], note="=1+2")
        evidence_add(
            actor=cast["reporter_a"],
            form=forms["666"],
            criterion="SS.MT.1",
            name="qd.pdf",
            data=PDF,
        )
        answer(forms["662"], cast["reporter_b"], "SS.HT.1", ["1", "2"])
    with time_machine.travel(dt.datetime(2019, 10, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        answer(forms["666"], cast["reporter_a"], "SS.HT.2", ["3", "4"])
    audit_record(actor=cast["other_admin"], action="units.agency_add", obj=cast["lamdong"])
    return {"dakrlap": forms["666"], "cujut": forms["662"]}


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
