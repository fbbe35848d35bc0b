"""The autosave's statements, their SQL built once per process (issue 18, fifth round).

The ORM builds a statement's SQL text again on every call: for the autosave's locked form read
(four tables) that cost more Python than the database's own work on the statement. Here each
statement the autosave makes is written once per process and connection from the models' own
metadata (tables, columns, quoting, the database's converters) and executed with the request's
values as parameters. Only the text is kept: every row is read from the database on every save,
so several processes sharing the database see each other's writes exactly as through the ORM
(``tests/campaigns/test_prepared.py`` compares both reads, also after a row changed behind the
process's back).

- ``form_read_locked``: what ``Form.objects.select_related("campaign", "unit", "framework")
  .defer("framework__sources").select_for_update(of=FORM_LOCK_OF).get(pk=pk)`` gives, with, on
  SQLite, the form's answers in the same statement (``answer_rows.py`` says why only there)
  and the audit chain's head (``CHAIN_HEAD``).
- ``answers_read_locked``: PostgreSQL's ``Answer.objects.select_for_update().filter(form=form)``.
- ``answer_update`` and ``form_touch_update``: ``save(update_fields=…)`` of the fields an
  autosave changes, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.db import connection
from django.db.models import Field, Model

from chiso.audit.chain import head_column_sql
from chiso.campaigns.answer_rows import ANSWER_ROWS, answer_rows_sql
from chiso.campaigns.models import Answer, Campaign, CampaignFramework, Form
from chiso.inserts import db_value, from_row, named
from chiso.units.models import Unit

# Locked with a form while one of its answers is saved: the campaign (no transition
# meanwhile), the unit and the frozen framework, as `select_for_update()` over these joins does.
FORM_LOCK_OF = ("self", "campaign", "unit", "framework")
# SQLite: the audit chain's head as read with the locked form, for the save's audit entry
# (``form_audit`` takes it, once; ``audit.chain.chain_append`` checks it is still the head).
CHAIN_HEAD = "_chiso_chain_head"

Converter = Callable[[Any, Any, Any], Any]
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class _Part:
    """One model's columns in a statement: its fields, in order, and each one's converters."""

    model: type[Model]
    attnames: tuple[str, ...]  # the fields read, in order (any other is deferred)
    converters: tuple[tuple[int, tuple[Converter, ...], Any], ...]
    width: int

    def build(self, values: Sequence[Any], start: int) -> Model:
        row = list(values[start : start + self.width])
        for index, converters, expression in self.converters:
            value = row[index]
            for convert in converters:
                value = convert(value, expression, connection)
            row[index] = value
        return cast(Model, from_row(self.model, connection.alias, self.attnames, row))


def _part(model: type[Model], leave_out: tuple[str, ...] = ()) -> tuple[_Part, str]:
    """The part and its select list (``table.column, …``), as the ORM would read the model."""
    qn = connection.ops.quote_name
    table = model._meta.db_table
    fields: list[Field[Any, Any]] = [
        f for f in model._meta.concrete_fields if f.name not in leave_out
    ]
    converters = []
    for index, f in enumerate(fields):
        column = f.get_col(table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((index, tuple(found), column))
    attnames = tuple(f.attname for f in fields)
    part = _Part(model, attnames, tuple(converters), len(fields))
    return part, ", ".join(f"{qn(table)}.{qn(f.column)}" for f in fields)


@dataclass(frozen=True, slots=True)
class _FormRead:
    sql: str
    form: _Part
    campaign: _Part
    unit: _Part
    framework: _Part
    answers_column: bool  # SQLite: the answers and the chain's head come last


@dataclass(frozen=True, slots=True)
class _AnswersRead:
    sql: str
    answer: _Part


_prepared: dict[tuple[str, str, str], Any] = {}


def _once(name: str, build: Callable[[], _T]) -> _T:
    """What ``build`` prepares for the statement ``name``, once per process and database."""
    key = (name, connection.alias, connection.vendor)
    found = _prepared.get(key)
    if found is None:
        found = _prepared[key] = build()
    return cast(_T, found)


def _form_read() -> _FormRead:
    return _once("form", _form_read_build)


def _form_read_build() -> _FormRead:
    qn = connection.ops.quote_name
    form, form_cols = _part(Form)
    campaign, campaign_cols = _part(Campaign)
    unit, unit_cols = _part(Unit)
    framework, framework_cols = _part(CampaignFramework, leave_out=("sources",))
    f, c, u, w = (qn(m._meta.db_table) for m in (Form, Campaign, Unit, CampaignFramework))
    sqlite = connection.vendor == "sqlite"
    # SQLite, under the write lock taken by BEGIN IMMEDIATE: the answers and the audit chain's
    # head come with the form (answer_rows.py; audit.chain.head_column_sql).
    answers = f", ({answer_rows_sql()}), {head_column_sql()}" if sqlite else ""
    sql = (
        f"SELECT {form_cols}, {campaign_cols}, {unit_cols}, {framework_cols}{answers}"  # noqa: S608 - the models' names
        f" FROM {f} INNER JOIN {c} ON ({f}.{qn('campaign_id')} = {c}.{qn('id')})"
        f" INNER JOIN {u} ON ({f}.{qn('unit_id')} = {u}.{qn('id')})"
        f" INNER JOIN {w} ON ({f}.{qn('framework_id')} = {w}.{qn('id')})"
        f" WHERE {f}.{qn('id')} = %(pk)s"  # named: inserts.named says why
    )
    if connection.features.has_select_for_update_of:
        sql += f" FOR UPDATE OF {f}, {c}, {u}, {w}"  # FORM_LOCK_OF
    return _FormRead(sql, form, campaign, unit, framework, sqlite)


def form_read_locked(pk: int) -> Form | None:
    """The form ``pk`` with its campaign, unit and framework (without its texts), locked as
    ``select_for_update(of=FORM_LOCK_OF)`` locks it; None if there is none. Inside the
    caller's transaction. On SQLite the answers come with it (``answer_rows.answers_read_with``
    takes them)."""
    if not connection.in_atomic_block:
        raise RuntimeError("form_read_locked needs the caller's transaction")
    read = _form_read()
    with connection.cursor() as cursor:
        cursor.execute(read.sql, {"pk": pk})
        row = cursor.fetchone()
    if row is None:
        return None
    at = 0
    form = read.form.build(row, at)
    at += read.form.width
    for name, part in (
        ("campaign", read.campaign),
        ("unit", read.unit),
        ("framework", read.framework),
    ):
        form._state.fields_cache[name] = part.build(row, at)
        at += part.width
    if read.answers_column:
        form.__dict__[ANSWER_ROWS] = row[at]
        form.__dict__[CHAIN_HEAD] = row[at + 1]
    return form  # type: ignore[return-value]


def _answers_read_build() -> _AnswersRead:
    qn = connection.ops.quote_name
    part, cols = _part(Answer)
    table = qn(Answer._meta.db_table)
    sql = f"SELECT {cols} FROM {table} WHERE {table}.{qn('form_id')} = %(form)s"  # noqa: S608 - the model's names
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    return _AnswersRead(sql, part)


def answers_read_locked(form: Form) -> list[Answer]:
    """Every answer of ``form``, locked (``select_for_update().filter(form=form)``)."""
    read: _AnswersRead = _once("answers", _answers_read_build)
    with connection.cursor() as cursor:
        cursor.execute(read.sql, {"form": form.pk})
        rows = cursor.fetchall()
    answers = []
    for row in rows:
        answer = read.answer.build(row, 0)
        answer._state.fields_cache["form"] = form
        answers.append(answer)
    return answers  # type: ignore[return-value]


_Update = tuple[str, tuple[str, ...], tuple["Field[Any, Any]", ...]]


def _update(model: type[Model], names: tuple[str, ...]) -> _Update:
    def build() -> _Update:
        qn = connection.ops.quote_name
        fields = tuple(f for f in model._meta.concrete_fields for name in names if f.name == name)
        table = qn(model._meta.db_table)
        assignments = ", ".join(f"{qn(f.column)} = %s" for f in fields)
        pk = qn(str(model._meta.pk.column))
        sql, params = named(f"UPDATE {table} SET {assignments} WHERE {pk} = %s")  # noqa: S608
        return sql, params, fields

    return _once(f"update {model._meta.label} {names}", build)


def save_fields(obj: Model, names: tuple[str, ...]) -> None:
    """``obj.save(update_fields=names)`` for a row that exists: each field's ``pre_save`` (a
    ``auto_now`` date is taken now) and its conversion for the database, one UPDATE.

    Neither signals nor the model's ``save`` are involved: only for models that override
    neither and that nothing listens to (Answer, Form: ``test_prepared.py`` checks both).
    RuntimeError if no row was updated (the ORM's ``save`` would have inserted one).
    """
    sql, params, fields = _update(type(obj), names)
    values = [db_value(f, obj, False) for f in fields]
    values.append(obj.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, dict(zip(params, values, strict=True)))
        if cursor.rowcount != 1:
            raise RuntimeError(f"{obj._meta.label} {obj.pk}: no row to update")
