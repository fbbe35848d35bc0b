"""SQLite: a form's answers read in the same statement as the form, for the autosave.

On SQLite every write transaction begins with ``BEGIN IMMEDIATE`` (settings), which takes the
database's one write lock before the first read: nothing can change the form's answers between
the statement that reads the locked form and the save, so they can come with the form (one
statement less per autosave, issue 18). PostgreSQL keeps its own ``SELECT … FOR UPDATE`` of the
answers after the form's lock: a statement that waited for that lock still sees the answers as
they were when it began (READ COMMITTED), and a stale edit would slip through.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.db.models import QuerySet, TextField
from django.db.models.expressions import RawSQL

from chiso.campaigns.models import Answer, Form
from chiso.inserts import from_row

ANSWER_ROWS = "_chiso_answer_rows"
_ANSWER_FIELDS = (
    "id",
    "form_id",
    "criterion",
    "value",
    "note",
    "version",
    "changed_at",
    "changed_by_id",
)

# The answers' table as the models name it; the form's id as Django names it in the query;
# no value of the request goes into the text.
_ANSWER_ROWS_SQLITE = (
    "SELECT JSON_GROUP_ARRAY(JSON_OBJECT("
    "'id', a.id, 'criterion', a.criterion, 'value', JSON(a.value), 'note', a.note,"
    " 'version', a.version, 'changed_at', a.changed_at, 'changed_by', a.changed_by_id))"
    ' FROM campaigns_answer a WHERE a.form_id = "campaigns_form"."id"'
)


def answer_rows_sql() -> str:
    """The column's subquery; the form's table named, not aliased (``prepared.py`` uses it)."""
    return _ANSWER_ROWS_SQLITE


def with_answer_rows(forms: QuerySet[Form]) -> QuerySet[Form]:
    """``forms`` with their answers in the same statement, on SQLite only (see above)."""
    if connection.vendor != "sqlite" or not connection.in_atomic_block:
        return forms
    rows = RawSQL(_ANSWER_ROWS_SQLITE, (), output_field=TextField())  # noqa: S611 - constant
    return forms.annotate(**{ANSWER_ROWS: rows})


def answers_read_with(form: Form) -> list[Answer] | None:
    """The answers read with ``form`` (then forgotten: read once), or None when they were not."""
    text = form.__dict__.pop(ANSWER_ROWS, None)
    if text is None:
        return None
    convert = connection.ops.convert_datetimefield_value  # type: ignore[attr-defined] # SQLite's
    alias = connection.alias
    answers = []
    for row in _rows(text):
        # The concrete fields in order; the value is already decoded (``JSON(a.value)`` in
        # the column).
        answer = from_row(
            Answer,
            alias,
            _ANSWER_FIELDS,
            (
                row["id"],
                form.pk,
                row["criterion"],
                row["value"],
                row["note"],
                row["version"],
                convert(row["changed_at"], None, connection),
                row["changed_by"],
            ),
        )
        answer._state.fields_cache["form"] = form
        answers.append(answer)
    return answers


def _rows(text: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(text)
    return rows
