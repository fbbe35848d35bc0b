"""The one table of allowed transitions, for forms and for campaigns.

Each row names a step (what a person asks for: "submit", "reopen"…), the status it starts
from, the status it leads to, the action the permission policy must allow, and whether it needs
a reason. A service asks ``form_step`` / ``campaign_step`` with the status it found and the step
it performs, and gets the row or ``TransitionError``; it then asks the policy for the row's
action and, when the row needs one, a reason (``need_reason``). Nothing else writes
``Form.status`` or ``Campaign.status``, and a step never leads anywhere its row does not say:
a step is looked up by (status, step), never by the status it would lead to.

Published results. A campaign is published when its approved results have a snapshot
(chiso.results). Its only way back to the appraisers is the approver's "reopen" of approved
results, with a reason that the audit trail keeps; the corrected results are then approved
again and published as the next version with their own reason (``results_correct``). Starting
appraisal ("start") is a step of a collecting campaign only: it never reopens anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from chiso.accounts.policy import Action
from chiso.campaigns.models import CampaignStatus, FormStatus
from chiso.errors import DomainError


@dataclass(frozen=True, slots=True)
class Transition:
    step: str
    source: str
    target: str
    action: Action
    needs_reason: bool = False
    reason_message: str = ""


F = FormStatus
RETURN_REASON = "Trả lại phiếu cần ý kiến: ghi ý kiến chung hoặc đặt câu hỏi ở tiêu chí."
FORM_REOPEN_REASON = "Mở lại phiếu đã thẩm định cần lý do."
FORM_TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", F.DRAFT, F.SUBMITTED, Action.FORM_SUBMIT),
    Transition("submit", F.RETURNED, F.RESUBMITTED, Action.FORM_SUBMIT),
    # Withdrawing to correct: allowed until appraisal starts (status still "submitted").
    Transition("withdraw", F.SUBMITTED, F.DRAFT, Action.FORM_SUBMIT),
    # The appraisers take the form up (on their first decision on it).
    Transition("take_up", F.SUBMITTED, F.IN_REVIEW, Action.FORM_APPRAISE),
    Transition("take_up", F.RESUBMITTED, F.IN_REVIEW, Action.FORM_APPRAISE),
    Transition("return", F.IN_REVIEW, F.RETURNED, Action.FORM_APPRAISE, True, RETURN_REASON),
    Transition("verify", F.IN_REVIEW, F.VERIFIED, Action.FORM_APPRAISE),
    # Reopening a verified form, with a reason, while appraisal is open (the policy's
    # FORM_APPRAISE needs the campaign collecting or appraising).
    Transition("reopen", F.VERIFIED, F.IN_REVIEW, Action.FORM_APPRAISE, True, FORM_REOPEN_REASON),
)

C = CampaignStatus
CAMPAIGN_REASON = "Thao tác này cần lý do."
CAMPAIGN_TRANSITIONS: tuple[Transition, ...] = (
    Transition("open", C.DRAFT, C.COLLECTING, Action.CAMPAIGN_MANAGE),
    Transition("start", C.COLLECTING, C.APPRAISING, Action.CAMPAIGN_APPRAISE),
    Transition("request", C.APPRAISING, C.AWAITING_APPROVAL, Action.CAMPAIGN_APPRAISE),
    Transition("approve", C.AWAITING_APPROVAL, C.APPROVED, Action.RESULTS_APPROVE),
    # The approver sends the results back to the appraisers, or reopens approved (and perhaps
    # published) results for a correction: both explicit, audited, with a reason.
    Transition(
        "reopen", C.AWAITING_APPROVAL, C.APPRAISING, Action.RESULTS_APPROVE, True, CAMPAIGN_REASON
    ),
    Transition("reopen", C.APPROVED, C.APPRAISING, Action.RESULTS_APPROVE, True, CAMPAIGN_REASON),
)

FORM_STEPS = {(t.source, t.step): t for t in FORM_TRANSITIONS}
CAMPAIGN_STEPS = {(t.source, t.step): t for t in CAMPAIGN_TRANSITIONS}
assert len(FORM_STEPS) == len(FORM_TRANSITIONS)  # noqa: S101 - one row per (status, step)
assert len(CAMPAIGN_STEPS) == len(CAMPAIGN_TRANSITIONS)  # noqa: S101

STEP_LABELS = {
    "submit": "nộp",
    "withdraw": "rút lại",
    "take_up": "bắt đầu thẩm định",
    "return": "trả lại",
    "verify": "thẩm định xong",
    "reopen": "mở lại",
    "open": "mở đợt",
    "start": "chuyển sang thẩm định",
    "request": "trình phê duyệt",
    "approve": "phê duyệt",
}
NOT_ALLOWED = "Phiếu đang ở trạng thái «{old}»: không thể {step}."
CAMPAIGN_NOT_ALLOWED = "Đợt đánh giá đang ở trạng thái «{old}»: không thể {step}."


class TransitionError(DomainError):
    """A step the transition table has no row for, from the current state."""

    code = "transition_not_allowed"


def form_step(old: str, step: str) -> Transition:
    row = FORM_STEPS.get((FormStatus(old), step))
    if row is None:
        label = STEP_LABELS.get(step, step)
        raise TransitionError(NOT_ALLOWED.format(old=FormStatus(old).label, step=label))
    return row


def campaign_step(old: str, step: str) -> Transition:
    row = CAMPAIGN_STEPS.get((CampaignStatus(old), step))
    if row is None:
        label = STEP_LABELS.get(step, step)
        raise TransitionError(
            CAMPAIGN_NOT_ALLOWED.format(old=CampaignStatus(old).label, step=label)
        )
    return row


def need_reason(row: Transition, reason: str) -> str:
    """The reason, stripped; ValidationError (the row's message) if the row needs one and none
    was given."""
    reason = (reason or "").strip()
    if row.needs_reason and not reason:
        raise ValidationError(row.reason_message)
    return reason
