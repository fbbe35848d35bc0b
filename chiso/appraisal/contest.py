"""A window to contest: before approval the department opens N working days in which every unit
sees its verified result per criterion beside its own, with the appraiser's reasons, and may
object to a criterion with an explanation and a file. The appraiser answers each objection:
accepted, the value is changed through the ordinary verification (the form is reopened with
the reason, decided again and verified again); rejected, with the reason. Results cannot be
sent for approval, nor approved, while the window is open or an objection is unanswered.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from chiso.accounts.policy import Action, allows, require
from chiso.appraisal.models import (
    ContestWindow,
    Objection,
    Outcome,
    Reason,
    Verification,
    VerificationState,
)
from chiso.appraisal.official import input_leaves, side_by_side
from chiso.audit.services import audit_record
from chiso.campaigns.models import Campaign, CampaignStatus, Evidence, Form, FormStatus
from chiso.campaigns.services import form_answers, form_audit, form_framework
from chiso.deadlines import add_working_days
from chiso.notices.services import notices_contest_answered
from chiso.scoring.model import InputKind
from chiso.scoring.shown import answer_text

DEFAULT_DAYS = 5
NOT_APPRAISING = "Chỉ mở thời hạn khiếu nại khi đợt đang thẩm định, trước khi trình phê duyệt."
ALREADY_OPEN = "Đợt đã mở thời hạn khiếu nại từ {opens} đến hết {closes}."
DAYS_RANGE = "Số ngày làm việc của thời hạn khiếu nại phải từ 1 đến 30."
UNKNOWN_CRITERION = "Phiếu không có tiêu chí «{code}»."
EXPLANATION_REQUIRED = "Hãy ghi giải trình: vì sao kết quả thẩm định tiêu chí này chưa đúng."
ALREADY_FILED = "Đơn vị đã gửi khiếu nại về tiêu chí {code}; mỗi tiêu chí một khiếu nại."
ALREADY_ANSWERED = "Khiếu nại về tiêu chí {code} đã được trả lời."
ANSWER_REQUIRED = "Hãy ghi nội dung trả lời (lý do chấp nhận hoặc không chấp nhận)."
POINTS_REQUIRED = "Tiêu chí do thẩm định viên chấm điểm: chấp nhận khiếu nại cần điểm mới."
WINDOW_OPEN = "Thời hạn khiếu nại còn đến hết ngày {closes}: chưa trình hoặc phê duyệt được."
UNANSWERED = "Còn {count} khiếu nại chưa trả lời: {items}."
ACCEPT_REOPEN = "Chấp nhận khiếu nại của đơn vị về tiêu chí {code}: {answer}"


def _d(day: Any) -> str:
    return f"{day:%d/%m/%Y}"


def contest_window(campaign: Campaign) -> ContestWindow | None:
    return ContestWindow.objects.filter(campaign=campaign).first()


@transaction.atomic
def contest_open(
    *, actor: Any, campaign: Campaign, working_days: int = DEFAULT_DAYS
) -> ContestWindow:
    """Open the window from today for ``working_days`` working days (the last day included)."""
    campaign = Campaign.objects.select_for_update().select_related("province").get(pk=campaign.pk)
    require(actor, Action.CONTEST_OPEN, campaign)
    if campaign.status != CampaignStatus.APPRAISING:
        raise ValidationError(NOT_APPRAISING)
    found = contest_window(campaign)
    if found is not None:
        raise ValidationError(
            ALREADY_OPEN.format(opens=_d(found.opens_on), closes=_d(found.closes_on))
        )
    if not 1 <= working_days <= 30:
        raise ValidationError(DAYS_RANGE)
    today = timezone.localdate()
    window = ContestWindow.objects.create(
        campaign=campaign,
        working_days=working_days,
        opens_on=today,
        closes_on=add_working_days(today, working_days - 1) if working_days > 1 else today,
        opened_by=actor,
    )
    audit_record(
        actor=actor,
        action="contest.open",
        obj=campaign,
        era=campaign.era,
        province_code=campaign.province_code,
        changes={
            "opens_on": _d(window.opens_on),
            "closes_on": _d(window.closes_on),
            "days": working_days,
        },
    )
    return window


def _lock_form(form: Form) -> Form:
    return (
        Form.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__province", "unit", "framework")
        .get(pk=form.pk)
    )


@transaction.atomic
def objection_file(
    *,
    actor: Any,
    form: Form,
    criterion: str,
    explanation: str,
    file_name: str = "",
    file_data: bytes = b"",
) -> Objection:
    """The unit contests the verified value of one criterion, with an explanation and perhaps
    a file (checked as evidence is: ``uploads.check_upload``)."""
    from chiso.campaigns.uploads import check_upload

    form = _lock_form(form)
    require(actor, Action.OBJECTION_FILE, form)
    if criterion not in form_framework(form).criteria_by_code:
        raise ValueError(UNKNOWN_CRITERION.format(code=criterion))
    explanation = (explanation or "").strip()
    if not explanation:
        raise ValueError(EXPLANATION_REQUIRED)
    if Objection.objects.filter(form=form, criterion=criterion).exists():
        raise ValueError(ALREADY_FILED.format(code=criterion))
    evidence = None
    if file_name or file_data:
        checked = check_upload(file_name, file_data)
        evidence = Evidence(
            form=form,
            criterion=criterion,
            name=checked.name,
            content_type=checked.content_type,
            size=len(file_data),
            sha256=hashlib.sha256(file_data).hexdigest(),
            uploaded_by=actor,
        )
        evidence.file.save(checked.name, ContentFile(file_data), save=False)
        evidence.save()
    objection = Objection.objects.create(
        form=form,
        criterion=criterion,
        explanation=explanation[:4000],
        evidence=evidence,
        filed_by=actor,
    )
    form_audit(
        actor=actor,
        action="contest.objection",
        form=form,
        object_repr=f"{form.unit.name}: {criterion}",
        criterion=criterion,
        changes={
            "criterion": criterion,
            "explanation": objection.explanation,
            **({"file": evidence.name, "sha256": evidence.sha256} if evidence else {}),
        },
    )
    return objection


@transaction.atomic
def objection_answer(
    *,
    actor: Any,
    objection: Objection,
    accepted: bool,
    answer: str,
    value: object = None,
) -> Objection:
    """Answer an objection. Accepted: the form is reopened with the answer as the reason, the
    criterion decided again (``value`` given: adjusted to it; none: the unit's own value is
    accepted) and the form verified again, all through the appraisal's own services."""
    from chiso.appraisal import services as appraisal

    objection = Objection.objects.select_for_update().select_related("form").get(pk=objection.pk)
    form = _lock_form(objection.form)
    require(actor, Action.OBJECTION_ANSWER, form)
    code = objection.criterion
    if objection.outcome != Outcome.PENDING:
        raise ValidationError(ALREADY_ANSWERED.format(code=code))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError(ANSWER_REQUIRED)
    item = form_framework(form).criteria_by_code[code]
    before = Verification.objects.filter(form=form, criterion=code).first()
    shown_before = _verified_value(form, code, before)
    if accepted:
        points = item.input is not None and item.input.kind == InputKind.POINTS
        if points and value in (None, ""):
            raise ValidationError(POINTS_REQUIRED)
        if form.status == FormStatus.VERIFIED:
            appraisal.form_reopen(
                actor=actor, form=form, reason=ACCEPT_REOPEN.format(code=code, answer=answer)
            )
        adjusted = value not in (None, "")
        appraisal.verification_save(
            actor=actor,
            form=form,
            criterion=code,
            state=VerificationState.ADJUSTED if adjusted else VerificationState.ACCEPTED,
            value=value if adjusted else None,
            reason_code=Reason.OTHER if adjusted else "",
            reason=f"Khiếu nại được chấp nhận: {answer}" if adjusted else "",
            expected_version=before.version if before is not None else None,
        )
        form.refresh_from_db(fields=["version", "status"])
        appraisal.form_verify(actor=actor, form=form, expected_version=form.version)
        after = Verification.objects.filter(form=form, criterion=code).first()
        objection.value_after = _verified_value(form, code, after)
    objection.value_before = shown_before
    objection.outcome = Outcome.ACCEPTED if accepted else Outcome.REJECTED
    objection.answer = answer[:4000]
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save(
        update_fields=[
            "outcome",
            "answer",
            "answered_by",
            "answered_at",
            "value_before",
            "value_after",
        ]
    )
    form_audit(
        actor=actor,
        action="contest.answer",
        form=form,
        object_repr=f"{form.unit.name}: {code}",
        criterion=code,
        changes={
            "criterion": code,
            "outcome": objection.outcome,
            "value": [
                objection.value_before,
                objection.value_after if accepted else objection.value_before,
            ],
        },
        reason=answer,
    )
    notices_contest_answered(objection, accepted=accepted)
    return objection


def _verified_value(form: Form, code: str, decision: Verification | None) -> object:
    if decision is not None and decision.state == VerificationState.ADJUSTED:
        return decision.value
    return form_answers(form).get(code)


def check_contest_settled(campaign: Campaign) -> None:
    """ValidationError while the window is open or an objection is unanswered (approval
    waits: ``approval._move`` asks before sending for approval and before approving)."""
    window = contest_window(campaign)
    if window is None:
        return
    if timezone.localdate() <= window.closes_on:
        raise ValidationError(WINDOW_OPEN.format(closes=_d(window.closes_on)))
    pending = list(
        Objection.objects.filter(form__campaign=campaign, outcome=Outcome.PENDING)
        .select_related("form__unit")
        .order_by("form__unit__code", "criterion")
    )
    if pending:
        items = ", ".join(f"{o.form.unit.name} ({o.criterion})" for o in pending[:10])
        raise ValidationError(UNANSWERED.format(count=len(pending), items=items))


def campaign_objections(campaign: Campaign) -> list[Objection]:
    """Every objection of the campaign, with ``before_text`` and ``after_text``: the verified
    value before and after the answer as a person reads it («30/50»)."""
    found = list(
        Objection.objects.filter(form__campaign=campaign)
        .select_related("form__unit", "form__framework", "filed_by", "answered_by", "evidence")
        .order_by("form__unit__code", "criterion")
    )
    for o in found:
        o.form.campaign = campaign
        item = form_framework(o.form).criteria_by_code.get(o.criterion)
        o.before_text = answer_text(item, o.value_before) if item else ""  # type: ignore[attr-defined]
        o.after_text = answer_text(item, o.value_after) if item else ""  # type: ignore[attr-defined]
    return found


@dataclass(frozen=True)
class ContestLine:
    """One criterion as the unit sees it in the window: its value and points, the verified
    ones, the appraiser's reason, and its objection if it filed one."""

    code: str
    name: str
    own: str
    verified: str
    own_points: str
    verified_points: str
    reason: str
    adjusted: bool
    objection: Objection | None


@dataclass(frozen=True)
class UnitContest:
    window: ContestWindow
    lines: list[ContestLine]
    may_file: bool

    @property
    def adjusted(self) -> list[ContestLine]:
        return [line for line in self.lines if line.adjusted or line.objection]

    @property
    def others(self) -> list[ContestLine]:
        return [line for line in self.lines if not (line.adjusted or line.objection)]


def unit_contest(form: Form, user: Any) -> UnitContest | None:
    """What the unit's form page shows once a window has been opened and its form verified."""
    if form.status != FormStatus.VERIFIED:
        return None
    window = contest_window(form.campaign)
    if window is None:
        return None
    framework = form_framework(form)
    answers = form_answers(form)
    decided = {v.criterion: v for v in form.verifications.all()}
    objections = {o.criterion: o for o in form.objections.select_related("evidence")}
    both = side_by_side(form, framework)
    lines = []
    for item in input_leaves(framework):
        v = decided.get(item.code)
        own_points, verified_points, _ = both.shown(item.code)
        adjusted = v is not None and v.state == VerificationState.ADJUSTED
        points = item.input is not None and item.input.kind == InputKind.POINTS
        lines.append(
            ContestLine(
                code=item.code,
                name=item.name,
                own="" if points else answer_text(item, answers.get(item.code)),
                verified=answer_text(
                    item, v.value if v is not None and adjusted else answers.get(item.code)
                )
                if not points or adjusted
                else "",
                own_points=own_points,
                verified_points=verified_points,
                reason=v.reason_text if v is not None else "",
                adjusted=adjusted,
                objection=objections.get(item.code),
            )
        )
    return UnitContest(window, lines, allows(user, Action.OBJECTION_FILE, form))


def objection_lines(campaign: Campaign) -> tuple[str, ...]:
    """One sentence per objection and its outcome, for the Tờ trình (``Meta.objections``)."""
    lines = []
    for o in campaign_objections(campaign):
        head = f"{o.form.unit.name}, tiêu chí {o.criterion}: đơn vị đề nghị «{o.explanation}»"
        if o.outcome == Outcome.ACCEPTED:
            tail = (
                f"chấp nhận, giá trị thẩm định điều chỉnh từ {o.before_text} thành "  # type: ignore[attr-defined]
                f"{o.after_text} ({o.answer})"  # type: ignore[attr-defined]
            )
        elif o.outcome == Outcome.REJECTED:
            tail = f"không chấp nhận: {o.answer}"
        else:
            tail = "chưa trả lời"
        lines.append(f"{head}; {tail}.")
    return tuple(lines)
