"""The one table of allowed transitions, for forms and for campaigns: (from, to) -> the action.

Every service that changes a status checks ``check_transition`` (or ``check_campaign_transition``)
first, then asks the permission policy for the action the table names; nothing else writes
``Form.status`` or ``Campaign.status``.
"""

from __future__ import annotations

from chiso.accounts.policy import Action
from chiso.campaigns.models import CampaignStatus, FormStatus

F = FormStatus
TRANSITIONS: dict[tuple[FormStatus, FormStatus], Action] = {
    (F.DRAFT, F.SUBMITTED): Action.FORM_SUBMIT,
    (F.RETURNED, F.RESUBMITTED): Action.FORM_SUBMIT,
    # Withdrawing to correct: allowed until appraisal starts (status still "submitted").
    (F.SUBMITTED, F.DRAFT): Action.FORM_SUBMIT,
    # The appraisers take the form up (on their first decision on it).
    (F.SUBMITTED, F.IN_REVIEW): Action.FORM_APPRAISE,
    (F.RESUBMITTED, F.IN_REVIEW): Action.FORM_APPRAISE,
    (F.IN_REVIEW, F.RETURNED): Action.FORM_APPRAISE,
    (F.IN_REVIEW, F.VERIFIED): Action.FORM_APPRAISE,
    # Reopening a verified form, with a reason, until the results are approved.
    (F.VERIFIED, F.IN_REVIEW): Action.FORM_APPRAISE,
}

C = CampaignStatus
CAMPAIGN_TRANSITIONS: dict[tuple[CampaignStatus, CampaignStatus], Action] = {
    (C.DRAFT, C.COLLECTING): Action.CAMPAIGN_MANAGE,
    (C.COLLECTING, C.APPRAISING): Action.CAMPAIGN_APPRAISE,
    (C.APPRAISING, C.AWAITING_APPROVAL): Action.CAMPAIGN_APPRAISE,
    (C.AWAITING_APPROVAL, C.APPROVED): Action.RESULTS_APPROVE,
    # The approver sends the results back to the appraisers, or reopens approved results:
    # both explicit, audited, with a reason.
    (C.AWAITING_APPROVAL, C.APPRAISING): Action.RESULTS_APPROVE,
    (C.APPROVED, C.APPRAISING): Action.RESULTS_APPROVE,
}

NOT_ALLOWED = "Không thể chuyển phiếu từ «{old}» sang «{new}»."
CAMPAIGN_NOT_ALLOWED = "Không thể chuyển đợt đánh giá từ «{old}» sang «{new}»."


class TransitionError(Exception):
    pass


def check_transition(old: str, new: FormStatus) -> Action:
    action = TRANSITIONS.get((FormStatus(old), new))
    if action is None:
        raise TransitionError(NOT_ALLOWED.format(old=FormStatus(old).label, new=new.label))
    return action


def check_campaign_transition(old: str, new: CampaignStatus) -> Action:
    action = CAMPAIGN_TRANSITIONS.get((CampaignStatus(old), new))
    if action is None:
        raise TransitionError(
            CAMPAIGN_NOT_ALLOWED.format(old=CampaignStatus(old).label, new=new.label)
        )
    return action
