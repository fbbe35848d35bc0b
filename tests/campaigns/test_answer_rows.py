"""SQLite: the answers read with the locked form are the ORM's answers (issue 18)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from chiso.campaigns.access import form_get_for_user
from chiso.campaigns.answer_rows import answers_read_with
from chiso.campaigns.models import Answer
from chiso.campaigns.services import FORM_LOCK_OF

FIELDS = ("id", "criterion", "value", "note", "version", "changed_at", "changed_by_id")


def _fields(answers: Any) -> list[tuple[Any, ...]]:
    return sorted(tuple(getattr(a, f) for f in FIELDS) for a in answers)


def test_the_answers_read_with_the_locked_form_are_the_orms(
    form_a: Any, cast: dict[str, Any]
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL reads the answers after the form's lock, in their own statement")
    reporter = cast["reporter_a"]
    Answer.objects.create(form=form_a, criterion="SS.HT.1", value=["40", "50"], changed_by=reporter)
    Answer.objects.create(form=form_a, criterion="SS.HT.2", value=None, note="chưa có số liệu")
    Answer.objects.create(form=form_a, criterion="SS.HT.3", value={"a": 1.5, "b": "Đắk"})
    with transaction.atomic():
        form = form_get_for_user(reporter, form_a.pk, lock_of=FORM_LOCK_OF)
        read = answers_read_with(form)
        assert read is not None and answers_read_with(form) is None  # read once
    assert _fields(read) == _fields(Answer.objects.filter(form=form_a))
    assert all(a.form is form for a in read)
    assert answers_read_with(form_get_for_user(reporter, form_a.pk)) is None  # not locked: no
