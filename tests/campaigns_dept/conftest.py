"""The Đắk Nông 2019 campaign of tests/campaigns, plus builders for forms at each stage."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from chiso.accounts.models import Role
from chiso.accounts.services import role_grant, user_create
from chiso.campaigns.models import Form
from chiso.campaigns.services import form_save_answer, form_submit
from tests.campaigns.test_form_services import _fill

Cast = dict[str, Any]


def save_one(form: Form, actor: Any) -> None:
    """One answer (SS.HT.1 is a ratio in both 2392 frameworks): the form is started."""
    form_save_answer(
        actor=actor, form=form, criterion="SS.HT.1", value=["1", "2"], expected_version=None
    )


def submit(form: Form, reporter: Any, head: Any, *, on: dt.datetime) -> Form:
    """Fill every answer with evidence, then the head submits at the time ``on``."""
    _fill(form, reporter)
    form.refresh_from_db()
    with time_machine.travel(on, tick=False):
        return form_submit(actor=head, form=form, expected_version=form.version)


def head_of(unit: Any, username: str) -> Any:
    user, _ = user_create(
        actor=None,
        username=username,
        full_name=f"Chủ tịch {unit.name}",
        email=f"{username}@example.vn",
        password="mat-khau-thu-2026",
    )
    role_grant(actor=None, user=user, role=Role.HEAD, unit=unit)
    return user
