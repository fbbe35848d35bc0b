"""Rows of one model inserted with the INSERT Django compiles for one row (``InsertQuery``),
its values prepared as Django's compiler prepares them, run for many rows by the driver's
``executemany``.

Why not ``bulk_create`` for large values: on PostgreSQL, Django 5.2 sends a batch as one array
per column (``UNNEST``); with client-side binding (Django's default psycopg cursor) psycopg
quotes each element of an array in Python, one regular-expression callback per quote and
backslash. The JSON of a published snapshot's parts at 3,321 units (6,655 rows, each a unit's
figures) took seconds to quote that way (issue 17); ``executemany`` quotes each value with
libpq's own escaping, the statements sent in one pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import CharField, Field, Model, TextField
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.db.models.sql import InsertQuery

# Django's own pattern for a "format" placeholder (``%s``, not ``%%s``).
_PLACEHOLDER = re.compile(r"(?<!%)%s")


def named(sql: str) -> tuple[str, tuple[str, ...]]:
    """``sql`` with its ``%s`` placeholders named ``%(p0)s``, ``%(p1)s``… in order, and the names.

    For a statement whose text is built once and run often (the autosave's, issue 18): Django's
    SQLite cursor turns the "format" style into SQLite's with a regular expression over the
    whole text on every execute (~30 µs for the autosave's 2,400-character form read), the
    "pyformat" style with one ``%`` of a small dict. psycopg takes either alike. Run it with
    ``dict(zip(names, values))``.
    """
    names: list[str] = []

    def name(_: re.Match[str]) -> str:
        names.append(f"p{len(names)}")
        return f"%({names[-1]})s"

    return _PLACEHOLDER.sub(name, sql), tuple(names)


def fields_of(model: type[Model]) -> list[Field[Any, Any]]:
    """The columns an INSERT of ``model`` writes: every concrete field but the primary key."""
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def compiled_insert(row: Model, fields: Sequence[Field[Any, Any]]) -> tuple[str, tuple[Any, ...]]:
    """Django's own INSERT of ``row`` (its SQL does not depend on the values) and its values."""
    query = InsertQuery(type(row))
    query.insert_values(list(fields), [row])
    [(sql, params)] = query.get_compiler(connection=connection).as_sql()
    return sql, tuple(params)


def insert_params(row: Model, fields: Sequence[Field[Any, Any]]) -> tuple[Any, ...]:
    """The values as the compiler gives them: each field's ``pre_save`` and database form."""
    return tuple(db_value(f, row, True) for f in fields)


# Exactly these classes (not subclasses): their pre_save reads the attribute, and a str is its
# own database form (``get_prep_value`` and ``to_python`` give it back unchanged).
_PLAIN_TEXT = frozenset({CharField, TextField})


def db_value(field: Field[Any, Any], row: Model, add: bool) -> Any:
    """``field.get_db_prep_save(field.pre_save(row, add), connection)``, what the compiler
    sends; a plain text field's str as it is, without the five calls that give it back."""
    if type(field) in _PLAIN_TEXT:
        value = getattr(row, field.attname)
        if type(value) is str:
            return value
    return field.get_db_prep_save(field.pre_save(row, add), connection)


def insert_many(rows: Sequence[Model]) -> None:
    """INSERT ``rows`` (instances of one model, not saved yet) as ``bulk_create`` would, without
    its signals or the primary keys set back (none is wanted by the callers)."""
    if not rows:
        return
    fields = fields_of(type(rows[0]))
    sql, _ = compiled_insert(rows[0], fields)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [insert_params(row, fields) for row in rows])


def plain_init(model: type[Model]) -> bool:
    """Whether ``model`` is built by Django's own ``__init__`` and ``from_db`` with nothing
    listening to its ``pre_init``/``post_init``: then ``from_row`` gives what ``from_db`` does."""
    return (
        model.__init__ is Model.__init__
        and model.from_db.__func__ is Model.from_db.__func__  # type: ignore[attr-defined]
        and not pre_init.has_listeners(model)
        and not post_init.has_listeners(model)
    )


def from_row(model: type[Model], alias: str, attnames: Sequence[str], values: Sequence[Any]) -> Any:
    """``model.from_db(alias, attnames, values)`` for a row read by a prepared statement:
    ``attnames`` names each value, in the order of the model's concrete fields (a field left
    out is deferred, as ``from_db`` leaves it).

    For a plain model (``plain_init``) the attributes are set directly: ``Model.__init__`` sets
    each field's attribute from its value the same way, through a dozen checks per field and the
    two signals (~5 µs a model; the autosave builds five, issue 18). Otherwise ``from_db``.
    ``tests/campaigns/test_prepared.py`` compares both for every model read this way."""
    if not plain_init(model):
        return model.from_db(alias, list(attnames), list(values))
    obj = model.__new__(model)
    obj.__dict__.update(zip(attnames, values, strict=True))
    state = obj._state = ModelState()
    state.adding = False
    state.db = alias
    return obj
