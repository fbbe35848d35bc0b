"""Killing the server (kill -9 of gunicorn, master and workers) in the middle of a bulk Excel
import or a submission leaves nothing half-written: after a restart the unit's data is all old
or all new.

The request is caught at its last write (the audit entry, held back by a table lock), so every
other write of it is done but uncommitted when the server dies. The department's bulk import is
caught between two files (the second unit's form held by another connection): the first unit is
all new, the second all old, and uploading the same batch again finishes the job.
"""

from __future__ import annotations

import contextlib
import io
import threading
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import psycopg
import pytest

from chiso.appraisal.models import Round
from chiso.audit.models import Entry
from chiso.campaigns.excel_io import form_workbook
from chiso.campaigns.models import Campaign, Form, FormStatus
from chiso.campaigns.services import form_answers
from tests.campaigns.excel_files import form_file
from tests.campaigns.test_form_services import _fill
from tests.excel.builders import zip_of
from tests.faults.conftest import Postgres, csrf, kill_9, signed_in
from tests.gunicorn_server import needs_postgres
from tests.gunicorn_server import test_database_url as database_url

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def _in_background(send: Any) -> threading.Thread:
    """Send a request whose server is killed under it (so its error is expected, and dropped)."""

    def run() -> None:
        with contextlib.suppress(httpx.HTTPError):
            send()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _changed_workbook(form: Form) -> tuple[bytes, dict[str, Any]]:
    """The form's own file with every ratio's first count lowered by one: the "new" data."""
    book = openpyxl.load_workbook(io.BytesIO(form_workbook(form)))
    sheet = book["Phiếu"]
    expected = dict(form_answers(form))
    for row in sheet.iter_rows(min_row=1):
        code, numerator, denominator = row[0].value, row[6].value, row[7].value
        if code in expected and isinstance(expected[code], list) and numerator:
            row[6].value = int(numerator) - 1
            expected[code] = [int(numerator) - 1, int(denominator)]  # the import keeps numbers
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), expected


def test_killing_the_server_during_an_excel_import_leaves_every_old_answer(
    form_a: Form, cast: dict[str, Any], gunicorn: Any, postgres: Postgres, tmp_path: Path
) -> None:
    _fill(form_a, cast["reporter_a"])
    form_a.refresh_from_db()
    before, version = form_answers(form_a), form_a.version
    data, after = _changed_workbook(form_a)
    assert after != before
    server = gunicorn()
    client = signed_in(server, cast["reporter_a"], form_a.pk)

    postgres.hold_audit_lock()
    _in_background(
        lambda: client.post(
            f"/forms/{form_a.pk}/excel/", files={"file": ("phieu.xlsx", data)}, headers=csrf(client)
        )
    )
    backend = postgres.waiting_on_lock()
    kill_9(server)
    postgres.release_audit_lock()
    postgres.gone(backend)

    form = Form.objects.get(pk=form_a.pk)
    assert form_answers(form) == before
    assert form.version == version
    assert not Entry.objects.filter(action="forms.import_excel").exists()

    restarted = gunicorn()
    client = signed_in(restarted, cast["reporter_a"], form_a.pk)
    done = client.post(
        f"/forms/{form_a.pk}/excel/", files={"file": ("phieu.xlsx", data)}, headers=csrf(client)
    )
    assert done.status_code == 302
    assert form_answers(Form.objects.get(pk=form_a.pk)) == after


def test_killing_the_server_during_a_submission_leaves_the_form_a_draft_without_a_round(
    form_a: Form, cast: dict[str, Any], gunicorn: Any, postgres: Postgres
) -> None:
    _fill(form_a, cast["reporter_a"])
    form_a.refresh_from_db()
    server = gunicorn()
    client = signed_in(server, cast["head_a"], form_a.pk)
    submit = {"version": str(form_a.version)}

    postgres.hold_audit_lock()
    _in_background(
        lambda: client.post(f"/forms/{form_a.pk}/submit/", data=submit, headers=csrf(client))
    )
    backend = postgres.waiting_on_lock()
    kill_9(server)
    postgres.release_audit_lock()
    postgres.gone(backend)

    form = Form.objects.get(pk=form_a.pk)
    assert (form.status, form.submitted_at, form.version) == (
        FormStatus.DRAFT,
        None,
        form_a.version,
    )
    assert not Round.objects.filter(form=form).exists()
    assert not Entry.objects.filter(action="forms.submit").exists()

    restarted = gunicorn()
    client = signed_in(restarted, cast["head_a"], form_a.pk)
    done = client.post(f"/forms/{form_a.pk}/submit/", data=submit, headers=csrf(client))
    assert done.status_code == 302
    assert Form.objects.get(pk=form_a.pk).status == FormStatus.SUBMITTED
    assert Round.objects.filter(form=form).count() == 1


def test_killing_the_server_in_a_bulk_import_keeps_each_unit_all_old_or_all_new(
    campaign: Campaign, cast: dict[str, Any], gunicorn: Any, postgres: Postgres
) -> None:
    forms = {form.unit.code: form for form in campaign.forms.select_related("unit")}
    dakrlap, cujut = forms["666"], forms["662"]
    batch = zip_of(
        {
            "dakrlap.xlsx": form_file(dakrlap, {"SS.HT.1": {"G": 40, "H": 50}}),
            "cujut.xlsx": form_file(cujut, {"SS.HT.1": {"G": 30, "H": 50}, "SS.NL.3": {"F": 6}}),
        }
    )
    cujut_before = form_answers(cujut)
    server = gunicorn()
    client = signed_in(server, cast["province_admin"], dakrlap.pk)
    upload = {"files": ("dot-1.zip", batch)}
    # The second unit's form is held by someone else: the first file is imported and committed,
    # the second waits, with its answers written but not committed, when the server dies.
    holder = psycopg.connect(database_url())
    holder.execute("SELECT id FROM campaigns_form WHERE id = %s FOR UPDATE", (cujut.pk,))
    _in_background(
        lambda: client.post(f"/campaigns/{campaign.pk}/import/", files=upload, headers=csrf(client))
    )
    backend = postgres.waiting_on_lock()
    kill_9(server)
    holder.rollback()
    holder.close()
    postgres.gone(backend)

    assert form_answers(Form.objects.get(pk=dakrlap.pk))["SS.HT.1"] == [40, 50]
    assert form_answers(Form.objects.get(pk=cujut.pk)) == cujut_before
    imported = Entry.objects.filter(action="forms.import_excel")
    assert [entry.unit_code for entry in imported] == ["666"]

    restarted = gunicorn()
    client = signed_in(restarted, cast["province_admin"], dakrlap.pk)
    again = client.post(f"/campaigns/{campaign.pk}/import/", files=upload, headers=csrf(client))
    assert again.status_code == 200
    assert again.text.count('data-result="imported"') == 2
    answers = form_answers(Form.objects.get(pk=cujut.pk))
    assert (answers["SS.HT.1"], answers["SS.NL.3"]) == ([30, 50], 6)
    assert form_answers(Form.objects.get(pk=dakrlap.pk))["SS.HT.1"] == [40, 50]
