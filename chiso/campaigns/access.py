"""Fetch a form or an evidence file and check the person's right to it in one call."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, require
from chiso.campaigns.models import Evidence, Form
from chiso.campaigns.prepared import FORM_LOCK_OF, form_read_locked


def form_get_for_user(
    user: Any, pk: int, action: Action = Action.FORM_VIEW, *, lock_of: tuple[str, ...] = ()
) -> Form:
    """``lock_of``: read it ``select_for_update(of=lock_of)`` (inside the caller's transaction)."""
    if lock_of:
        # The autosave: only what the policy, the save and the audit entry read (the province
        # and the people are not shown in its answer), not the framework's texts (~100 kB of
        # JSON: form_framework reads them only once), on SQLite with the form's answers; its
        # SQL built once per process (prepared.py).
        if tuple(lock_of) != FORM_LOCK_OF:
            raise ValueError(f"lock_of: only {FORM_LOCK_OF} is prepared, not {lock_of}")
        found = form_read_locked(pk)
        if found is None:
            raise Http404(HIDDEN_MESSAGE)
        form = found
    else:
        # Not the framework's texts (~100 kB of JSON decoded on every request): form_framework
        # reads them once per process, when it has not loaded that framework yet. Not the
        # people who last changed and submitted it either: no page or action of a form shows
        # them (a stale edit's message reads its author then); on PostgreSQL planning the seven
        # tables' join took 2 ms of the server on every request, four times its execution.
        forms = Form.objects.select_related(
            "campaign", "campaign__province", "unit", "framework"
        ).defer("framework__sources")
        try:  # get(), not first(): no ORDER BY (the forms' default order joins the unit again)
            form = forms.get(pk=pk)
        except Form.DoesNotExist:
            raise Http404(HIDDEN_MESSAGE) from None
    require(user, action, form)
    return form


def evidence_get_for_user(user: Any, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("form", "form__unit", "form__campaign")
        .filter(pk=pk, removed=False)
        .first()
    )
    if evidence is None:
        raise Http404(HIDDEN_MESSAGE)
    require(user, Action.FORM_VIEW, evidence.form)
    return evidence
