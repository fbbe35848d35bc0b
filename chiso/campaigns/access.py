"""Fetch a form or an evidence file and check the person's right to it in one call."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, require
from chiso.campaigns.answer_rows import with_answer_rows
from chiso.campaigns.models import Evidence, Form


def form_get_for_user(
    user: Any, pk: int, action: Action = Action.FORM_VIEW, *, lock_of: tuple[str, ...] = ()
) -> Form:
    """``lock_of``: read it ``select_for_update(of=lock_of)`` (inside the caller's transaction)."""
    if lock_of:
        # The autosave: only what the policy, the save and the audit entry read, so the one
        # statement stays small (the province and the people are not shown in its answer).
        # Not the framework's texts (~100 kB of JSON): form_framework reads them only once.
        forms = Form.objects.select_related("campaign", "unit", "framework")
        forms = forms.defer("framework__sources")
        forms = forms.select_for_update(of=lock_of)
        # SQLite: its answers in the same statement, under the database's write lock.
        forms = with_answer_rows(forms)
    else:
        forms = Form.objects.select_related(
            "campaign", "campaign__province", "unit", "framework", "changed_by", "submitted_by"
        )
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
