"""The autosave's statements built once (chiso/campaigns/prepared.py) read and write exactly what
the ORM reads and writes, and keep no row: a change made by another process is seen at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import post_init, post_save, pre_init, pre_save
from django.http import Http404

from chiso.audit.models import Entry
from chiso.campaigns.access import form_get_for_user
from chiso.campaigns.answer_rows import answers_read_with
from chiso.campaigns.models import Answer, Campaign, CampaignFramework, Form
from chiso.campaigns.prepared import (
    FORM_LOCK_OF,
    answers_read_locked,
    form_read_locked,
    save_fields,
)
from chiso.units.models import Unit

ANSWER_FIELDS = ("id", "form_id", "criterion", "value", "note", "version", "changed_at")


def _orm_read(pk: int) -> Form:
    """The locked read as the ORM made it before prepared.py."""
    return (
        Form.objects.select_related("campaign", "unit", "framework")
        .defer("framework__sources")
        .select_for_update(of=FORM_LOCK_OF)
        .get(pk=pk)
    )


def _values(obj: Model) -> dict[str, Any]:
    """Every loaded concrete field, by attribute name, with its Python type."""
    loaded = obj.get_deferred_fields()
    return {
        f.attname: (type(getattr(obj, f.attname)), getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.attname not in loaded
    }


def _same(prepared: Form, orm: Form) -> None:
    assert _values(prepared) == _values(orm)
    for name in ("campaign", "unit", "framework"):
        assert _values(getattr(prepared, name)) == _values(getattr(orm, name)), name
    assert prepared.framework.get_deferred_fields() == {"sources"}
    assert orm.framework.get_deferred_fields() == {"sources"}
    assert not prepared._state.adding and prepared._state.db == orm._state.db


def _answers(answers: Any) -> list[tuple[Any, ...]]:
    return sorted(tuple(getattr(a, f) for f in ANSWER_FIELDS) for a in answers)


def test_the_prepared_form_read_is_the_orms_and_sees_another_process_change(
    form_a: Any, cast: dict[str, Any]
) -> None:
    reporter = cast["reporter_a"]
    Answer.objects.create(form=form_a, criterion="SS.HT.1", value=["40", "50"], changed_by=reporter)
    Answer.objects.create(form=form_a, criterion="SS.HT.2", value=None, note="chưa có số liệu")
    with transaction.atomic():
        prepared, orm = form_read_locked(form_a.pk), _orm_read(form_a.pk)
        assert prepared is not None
        _same(prepared, orm)
        first = answers_read_with(prepared) or answers_read_locked(prepared)
    assert _answers(first) == _answers(Answer.objects.filter(form=form_a))
    # Another process (here: statements that do not go through prepared.py) changes the rows.
    when = dt.datetime(2019, 10, 3, 8, 30, tzinfo=dt.UTC)
    Form.objects.filter(pk=form_a.pk).update(
        version=41, answered=7, changed_at=when, changed_by=reporter, tags=["kinh-te-so"]
    )
    Campaign.objects.filter(pk=form_a.campaign_id).update(name="Đợt đã đổi tên", version=9)
    Unit.objects.filter(pk=form_a.unit_id).update(name="Tên mới")
    Answer.objects.filter(form=form_a, criterion="SS.HT.1").update(value=["1", "2"], version=5)
    Answer.objects.create(form=form_a, criterion="SS.HT.3", value={"a": 1.5, "b": "Đắk"})
    with transaction.atomic():
        again, orm = form_read_locked(form_a.pk), _orm_read(form_a.pk)
        assert again is not None
        _same(again, orm)
        read = answers_read_with(again) or answers_read_locked(again)
    assert (again.version, again.answered, again.changed_at, again.tags) == (
        41,
        7,
        when,
        ["kinh-te-so"],
    )
    assert (again.campaign.name, again.unit.name) == ("Đợt đã đổi tên", "Tên mới")
    assert _answers(read) == _answers(Answer.objects.filter(form=form_a))
    assert {a.criterion: a.value for a in read}["SS.HT.1"] == ["1", "2"]
    assert all(a.form is again for a in read)


def test_the_prepared_answers_read_is_the_orms(form_a: Any, cast: dict[str, Any]) -> None:
    """PostgreSQL's own read of the answers (on SQLite they come with the form)."""
    Answer.objects.create(form=form_a, criterion="SS.HT.1", value=["40", "50"])
    Answer.objects.create(form=form_a, criterion="SS.HT.3", value=[1.5, True, None, "x"])
    with transaction.atomic():
        read = answers_read_locked(form_a)
        orm = list(Answer.objects.select_for_update().filter(form=form_a))
    assert [_values(a) for a in sorted(read, key=lambda a: a.pk)] == [
        _values(a) for a in sorted(orm, key=lambda a: a.pk)
    ]


def test_a_missing_form_is_none_and_the_read_needs_a_transaction(
    form_a: Any, cast: dict[str, Any]
) -> None:
    with transaction.atomic():
        assert form_read_locked(10**9) is None
        with pytest.raises(Http404):
            form_get_for_user(cast["reporter_a"], 10**9, lock_of=FORM_LOCK_OF)
        with pytest.raises(ValueError, match="only"):
            form_get_for_user(cast["reporter_a"], form_a.pk, lock_of=("self",))
    if not connection.in_atomic_block:  # pytest-django's test transaction is one
        with pytest.raises(RuntimeError):
            form_read_locked(form_a.pk)


def test_save_fields_writes_what_save_with_update_fields_writes(
    form_a: Any, cast: dict[str, Any]
) -> None:
    reporter = cast["reporter_a"]
    ours = Answer.objects.create(form=form_a, criterion="SS.HT.1", value=["40", "50"])
    theirs = Answer.objects.create(form=form_a, criterion="SS.HT.2", value=["40", "50"])
    for answer, write in ((ours, "prepared"), (theirs, "orm")):
        answer.value = {"not_applicable": True, "reason": "Không có «hồ sơ» & 'x'"}
        answer.note = "ghi chú"
        answer.version = 2
        answer.changed_by = reporter
        names = ("value", "note", "version", "changed_at", "changed_by")
        before = answer.changed_at
        if write == "prepared":
            save_fields(answer, names)
        else:
            answer.save(update_fields=list(names))
        assert answer.changed_at > before  # auto_now taken by both
    ours.refresh_from_db()
    theirs.refresh_from_db()
    fields = ("value", "note", "version", "changed_by_id")
    assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields]
    ours.value = None
    save_fields(ours, ("value",))
    ours.refresh_from_db()
    assert ours.value is None  # SQL NULL, as the ORM writes it
    assert Answer.objects.filter(value__isnull=True, pk=ours.pk).exists()
    gone = Answer(pk=10**9, form=form_a, criterion="X")
    with pytest.raises(RuntimeError, match="no row"):
        save_fields(gone, ("note",))


def test_nothing_listens_to_the_models_the_prepared_statements_write() -> None:
    """save_fields and the chain's insert skip the ORM's save, and so its signals: they may
    only while nothing listens to them and the models keep Django's own save (Entry's only
    refuses an entry already written: chain_append refuses it too, test_chain_prepared.py)."""
    for model in (Answer, Form, Entry, Campaign, Unit, CampaignFramework):
        for signal in (pre_save, post_save, pre_init, post_init):
            assert not signal.has_listeners(model), (model, signal)
    for model in (Answer, Form):
        assert model.save is Model.save, model


def _state(obj: Model) -> dict[str, Any]:
    return {"adding": obj._state.adding, "db": obj._state.db, "cached": obj._state.fields_cache}


@pytest.mark.parametrize("leave_out", [(), ("sources",)])
def test_a_row_built_directly_is_what_from_db_builds(
    form_a: Any, leave_out: tuple[str, ...]
) -> None:
    """``inserts.from_row`` (the prepared reads' models) against ``Model.from_db``, for every
    model the autosave reads: the same attributes, deferred fields and state."""
    from chiso.inserts import from_row, plain_init

    for model, pk in (
        (Form, form_a.pk),
        (Campaign, form_a.campaign_id),
        (Unit, form_a.unit_id),
        (CampaignFramework, form_a.framework_id),
    ):
        assert plain_init(model), model
        fields = [f for f in model._meta.concrete_fields if f.name not in leave_out]
        names = [f.attname for f in fields]
        row = model.objects.values_list(*names).get(pk=pk)
        ours, django = from_row(model, "default", names, row), model.from_db("default", names, row)
        assert {k: v for k, v in ours.__dict__.items() if k != "_state"} == {
            k: v for k, v in django.__dict__.items() if k != "_state"
        }
        assert ours.get_deferred_fields() == django.get_deferred_fields()
        assert _state(ours) == _state(django)


def test_a_model_something_listens_to_is_built_by_from_db(form_a: Any) -> None:
    from chiso.inserts import from_row, plain_init

    seen: list[Any] = []

    def listener(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append(instance)

    post_init.connect(listener, sender=Unit)
    try:
        assert not plain_init(Unit)
        names = [f.attname for f in Unit._meta.concrete_fields]
        unit = from_row(
            Unit, "default", names, Unit.objects.values_list(*names).get(pk=form_a.unit_id)
        )
    finally:
        post_init.disconnect(listener, sender=Unit)
    assert seen == [unit] and unit.pk == form_a.unit_id and not unit._state.adding
    assert plain_init(Unit)
