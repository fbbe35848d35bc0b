"""The one table of allowed form transitions: (from, to) -> the policy action that allows it.

Every service that changes a form's status checks ``check_transition`` first; nothing else
writes ``Form.status``. Issue 5 (appraisal) adds its rows here.
"""

from __future__ import annotations

from chiso.accounts.policy import Action
from chiso.campaigns.models import FormStatus

TRANSITIONS: dict[tuple[FormStatus, FormStatus], Action] = {
    (FormStatus.DRAFT, FormStatus.SUBMITTED): Action.FORM_SUBMIT,
    (FormStatus.RETURNED, FormStatus.RESUBMITTED): Action.FORM_SUBMIT,
    # Withdrawing to correct: allowed until appraisal starts (status still "submitted").
    (FormStatus.SUBMITTED, FormStatus.DRAFT): Action.FORM_SUBMIT,
}

NOT_ALLOWED = "Không thể chuyển phiếu từ «{old}» sang «{new}»."


class TransitionError(Exception):
    pass


def check_transition(old: str, new: FormStatus) -> Action:
    action = TRANSITIONS.get((FormStatus(old), new))
    if action is None:
        raise TransitionError(NOT_ALLOWED.format(old=FormStatus(old).label, new=new.label))
    return action
