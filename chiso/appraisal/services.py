"""Every write of the appraisal: decide a criterion, ask, return, verify, reopen, assign, exclude.

Each service locks the form, checks the transition table and the permission policy, refuses a
stale edit (with who changed what, and when), and writes its audit entry with the reason.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from chiso.accounts.models import Role
from chiso.accounts.policy import FORBIDDEN_MESSAGE, Action, require
from chiso.appraisal.models import Comment, Reason, Round, Side, Verification, VerificationState
from chiso.appraisal.official import pending_criteria, verified_score
from chiso.campaigns.models import Form, FormStatus
from chiso.campaigns.services import (
    StaleEdit,
    check_answer_size,
    check_answer_year,
    form_audit,
    form_framework,
)
from chiso.campaigns.workflow import FORM_REOPEN_REASON, RETURN_REASON, form_step, need_reason
from chiso.errors import InvalidValue
from chiso.notices.services import (
    notices_appraisal_finished,
    notices_form_returned,
    notices_question,
)
from chiso.scoring.answers import parse_value
from chiso.scoring.model import Criterion, InputKind, InputSpec
from chiso.scoring.numbers import fmt_points, to_fraction

REASON_REQUIRED = "Hãy chọn lý do điều chỉnh."
REASON_TEXT_REQUIRED = "Lý do «Lý do khác»: hãy ghi rõ lý do."
UNKNOWN_CRITERION = "Phiếu không có tiêu chí «{code}»."
POINTS_RANGE = "điểm phải từ 0 đến {max}"
POINTS_ONLY_SET = "Tiêu chí này do thẩm định viên chấm điểm: hãy nhập điểm."
VALUE_REQUIRED = "Hãy nhập giá trị thẩm định."
VERIFIED_LOCKED = "Phiếu đã thẩm định xong; hãy mở lại phiếu (có lý do) trước khi sửa."
STALE = (
    "{who} đã ghi kết quả thẩm định tiêu chí này lúc {when}: {current}. "
    "Điều bạn vừa nhập chưa được lưu; hãy xem lại rồi nhập lại."
)
FORM_STALE = "Phiếu đã thay đổi (bởi {who} lúc {when}) kể từ khi bạn mở; hãy tải lại trang."
TEXT_REQUIRED = "Hãy nhập nội dung."
RETURN_NEEDS_COMMENT = RETURN_REASON
NOT_DECIDED = "Còn {count} tiêu chí chưa thẩm định: {codes}."
REOPEN_REASON = FORM_REOPEN_REASON
EXCLUDE_REASON = "Không xếp hạng đơn vị cần lý do."
NOT_APPRAISER = "«{name}» không phải thẩm định viên của tỉnh."
CAMPAIGN_CLOSED = "Đợt đánh giá không còn ở giai đoạn thẩm định."


def _lock(form: Form) -> Form:
    # Not changed_by: only a stale edit's message names that person (read then); on PostgreSQL
    # each table more in the join costs planning time on every appraisal action.
    return (
        Form.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__province", "unit", "framework")
        .get(pk=form.pk)
    )


def _when(at: Any) -> str:
    return timezone.localtime(at).strftime("%H:%M:%S %d/%m/%Y") if at else ""


def _name(user: Any) -> str:
    return user.get_full_name() if user is not None else "Người khác"


def _check_form_version(form: Form, expected: int | None) -> None:
    if expected is not None and form.version != expected:
        raise StaleEdit(FORM_STALE.format(who=_name(form.changed_by), when=_when(form.changed_at)))


def _bump(actor: Any, form: Form, *fields: str) -> None:
    form.version += 1
    form.changed_at = timezone.now()
    form.changed_by = actor
    form.save(update_fields=["version", "changed_at", "changed_by", *fields])


def _set_status(actor: Any, form: Form, step: str, *, reason: str = "", **extra: Any) -> None:
    """The one way the appraisal changes a form's status: the table's row for (status, step),
    its action allowed by the policy, its reason given when it needs one."""
    old = form.status
    row = form_step(old, step)
    require(actor, row.action, form)
    reason = need_reason(row, reason)
    new = FormStatus(row.target)
    form.status = new
    for name, value in extra.items():
        setattr(form, name, value)
    _bump(actor, form, "status", *extra)
    form_audit(
        actor=actor,
        action=f"forms.{new.value}",
        form=form,
        changes={"status": [old, new.value]},
        reason=reason,
    )


def _take_up(actor: Any, form: Form) -> None:
    """The first decision of the appraisers on a submitted form starts its review."""
    require(actor, Action.FORM_APPRAISE, form)
    if form.status == FormStatus.VERIFIED:
        raise ValidationError(VERIFIED_LOCKED)
    if form.status in (FormStatus.SUBMITTED, FormStatus.RESUBMITTED):
        _set_status(actor, form, "take_up")


def _criterion(form: Form, code: str) -> tuple[Criterion, InputSpec]:
    item = form_framework(form).criteria_by_code.get(code)
    if item is None or item.input is None:
        raise InvalidValue(UNKNOWN_CRITERION.format(code=code), field="criterion")
    return item, item.input


def _check_value(item: Criterion, spec: InputSpec, value: object, year: int) -> object:
    if value is None or value == "":
        raise ValueError(VALUE_REQUIRED)
    check_answer_size(item, value)
    if spec.kind == InputKind.POINTS:
        if not isinstance(value, str | int) or len(str(value)) > 12 or "e" in str(value).lower():
            raise ValueError(POINTS_RANGE.format(max=fmt_points(item.max_points)))
        points = to_fraction(value)
        if not 0 <= points <= item.max_points:
            raise ValueError(POINTS_RANGE.format(max=fmt_points(item.max_points)))
        return str(value)
    parse_value(item, value)
    check_answer_year(item, value, year)
    return value


def _describe(v: Verification | None) -> str:
    if v is None:
        return "chưa thẩm định"
    if v.state == VerificationState.ACCEPTED:
        return "chấp nhận số liệu đơn vị"
    return f"điều chỉnh thành {v.value} ({v.reason_text})"


@transaction.atomic
def verification_save(
    *,
    actor: Any,
    form: Form,
    criterion: str,
    state: VerificationState,
    value: object = None,
    reason_code: str = "",
    reason: str = "",
    expected_version: int | None,
) -> Verification:
    """Accept the unit's value of one criterion, or set the verified value with a reason.

    ``expected_version`` is the version of the decision the appraiser saw (None: none yet).
    ValueError carries the Vietnamese message shown next to the field.
    """
    form = _lock(form)
    _take_up(actor, form)
    item, spec = _criterion(form, criterion)
    reason = reason.strip()
    if state == VerificationState.ADJUSTED:
        if reason_code not in Reason.values:
            raise InvalidValue(REASON_REQUIRED, field="reason_code")
        if reason_code == Reason.OTHER and not reason:
            raise InvalidValue(REASON_TEXT_REQUIRED, field="reason")
        value = _check_value(item, spec, value, form.campaign.year)
    else:
        if spec.kind == InputKind.POINTS:
            raise InvalidValue(POINTS_ONLY_SET, field="state")
        value, reason_code = None, ""
    found = _decision_locked(form, criterion, expected_version)
    before = _describe(found)
    v = found or Verification(form=form, criterion=criterion)
    v.state, v.value, v.reason_code, v.reason = state, value, reason_code, reason
    v.version = (v.version + 1) if v.pk else 1
    v.changed_by = actor
    v.save()
    _decided(actor, form, criterion, before, v)
    return v


GROUP_REJECT_REASON = "Không chấp nhận khai «không áp dụng»: hãy chọn lý do và ghi rõ cho đơn vị."
NOT_DECLARED = "Đơn vị không khai nhóm «{code}» không áp dụng."


def _describe_group(v: Verification | None) -> str:
    if v is None:
        return "chưa thẩm định"
    if v.state == VerificationState.ACCEPTED:
        return "chấp nhận khai không áp dụng"
    return f"không chấp nhận khai không áp dụng ({v.reason_text})"


def undecided_declarations(form: Form, framework: Any) -> list[str]:
    """Groups the unit declares không áp dụng that no appraiser has accepted or rejected."""
    from chiso.campaigns.services import declared_groups, form_answers

    decided = set(form.verifications.values_list("criterion", flat=True))
    groups = set(declared_groups(framework, form_answers(form)).values())
    return sorted(groups - decided)


@transaction.atomic
def declaration_decide(
    *,
    actor: Any,
    form: Form,
    group: str,
    accept: bool,
    reason_code: str = "",
    reason: str = "",
    expected_version: int | None,
) -> Verification:
    """Accept or reject the unit's declaration that a whole group does not apply to it.

    Rejected (a reason the unit reads is needed), the group is scored like any other from its
    criteria's answers; accepted, the total is scaled by the framework's ``na_scaling``.
    """
    from chiso.campaigns.services import declared_groups, form_answers

    form = _lock(form)
    _take_up(actor, form)
    framework = form_framework(form)
    item = framework.groups_by_code.get(group)
    if item is None or not item.allow_unit_not_applicable:
        raise ValueError(UNKNOWN_CRITERION.format(code=group))
    if group not in declared_groups(framework, form_answers(form)):
        raise ValueError(NOT_DECLARED.format(code=group))
    reason = reason.strip()
    if accept:
        reason_code, reason = "", ""
    elif reason_code not in Reason.values or not reason:
        raise ValueError(GROUP_REJECT_REASON)
    found = _decision_locked(form, group, expected_version)
    before = _describe_group(found)
    v = found or Verification(form=form, criterion=group)
    v.state = VerificationState.ACCEPTED if accept else VerificationState.ADJUSTED
    v.value, v.reason_code, v.reason = None, reason_code, reason
    v.version = (v.version + 1) if v.pk else 1
    v.changed_by = actor
    v.save()
    _bump(actor, form)
    form_audit(
        actor=actor,
        action="appraisal.verify",
        form=form,
        object_repr=f"{form.unit.name}: nhóm {group}",
        criterion=group,
        changes={"decision": [before, _describe_group(v)]},
        reason=v.reason_text,
    )
    return v


def _decision_locked(form: Form, criterion: str, expected: int | None) -> Verification | None:
    """The current decision, locked; StaleEdit (who, when, what) unless it is the one seen."""
    found = Verification.objects.select_for_update().filter(form=form, criterion=criterion).first()
    if (found.version if found else None) != expected:
        raise StaleEdit(
            STALE.format(
                who=_name(found.changed_by) if found else "Người khác",
                when=_when(found.changed_at if found else None),
                current=_describe(found),
            )
        )
    return found


def _decided(actor: Any, form: Form, criterion: str, before: str, v: Verification | None) -> None:
    _bump(actor, form)
    form_audit(
        actor=actor,
        action="appraisal.verify",
        form=form,
        object_repr=f"{form.unit.name}: {criterion}",
        criterion=criterion,
        changes={"decision": [before, _describe(v)]},
        reason=v.reason_text if v is not None else "",
    )


@transaction.atomic
def verification_clear(*, actor: Any, form: Form, criterion: str, expected_version: int) -> None:
    """Take back a decision on a criterion (it is appraised again)."""
    form = _lock(form)
    _take_up(actor, form)
    if not Verification.objects.filter(form=form, criterion=criterion).exists():
        return
    found = _decision_locked(form, criterion, expected_version)
    before = _describe(found)
    if found is not None:
        found.delete()
    _decided(actor, form, criterion, before, None)


@transaction.atomic
def accept_remaining(*, actor: Any, form: Form, expected_version: int) -> list[str]:
    """Accept the unit's value of every criterion not yet decided (points excepted)."""
    form = _lock(form)
    _check_form_version(form, expected_version)
    _take_up(actor, form)
    framework = form_framework(form)
    codes = [
        c.code
        for c in pending_criteria(form, framework)
        if c.input is not None and c.input.kind != InputKind.POINTS
    ]
    Verification.objects.bulk_create(
        [
            Verification(
                form=form, criterion=code, state=VerificationState.ACCEPTED, changed_by=actor
            )
            for code in codes
        ]
    )
    if codes:
        _bump(actor, form)
        form_audit(
            actor=actor,
            action="appraisal.accept_remaining",
            form=form,
            changes={"criteria": codes, "decision": "chấp nhận số liệu đơn vị"},
        )
    return codes


def _current_round(form: Form) -> Round:
    found = form.rounds.order_by("-number").first()
    if found is None:  # a form submitted before rounds were kept
        found = Round.objects.create(
            form=form,
            number=1,
            submitted_at=form.submitted_at or timezone.now(),
            submitted_by_id=form.submitted_by_id,
            snapshot={},
        )
    return found


@transaction.atomic
def question_ask(*, actor: Any, form: Form, criterion: str, text: str) -> Comment:
    """The appraisers ask the unit about one criterion ("" = the whole form)."""
    form = _lock(form)
    _take_up(actor, form)
    if criterion:
        _criterion(form, criterion)
    return notices_question(_comment(actor, form, criterion, text, Side.APPRAISER), asked=True)


@transaction.atomic
def question_reply(*, actor: Any, form: Form, criterion: str, text: str) -> Comment:
    """The unit answers the appraisers' question on a criterion."""
    form = _lock(form)
    require(actor, Action.FORM_REPLY, form)
    if criterion:
        _criterion(form, criterion)
    return notices_question(_comment(actor, form, criterion, text, Side.UNIT), asked=False)


def _comment(actor: Any, form: Form, criterion: str, text: str, side: Side) -> Comment:
    text = text.strip()
    if not text:
        raise ValueError(TEXT_REQUIRED)
    comment = Comment.objects.create(
        form=form,
        criterion=criterion,
        round=_current_round(form).number,
        side=side,
        text=text[:4000],
        author=actor,
    )
    form_audit(
        actor=actor,
        action="appraisal.question" if side == Side.APPRAISER else "appraisal.reply",
        form=form,
        object_repr=f"{form.unit.name}: {criterion or 'cả phiếu'}",
        criterion=criterion,
        changes={"text": comment.text},
    )
    return comment


@transaction.atomic
def form_return(*, actor: Any, form: Form, message: str, expected_version: int) -> Form:
    """Send the form back to the unit with comments; it corrects, answers and resubmits."""
    form = _lock(form)
    _check_form_version(form, expected_version)
    _take_up(actor, form)
    current = _current_round(form)
    message = message.strip()
    asked = form.comments.filter(round=current.number, side=Side.APPRAISER)
    # The reason of the return: the general comment, or else the questions of this round.
    reason = message or "; ".join(asked.values_list("text", flat=True))
    need_reason(form_step(form.status, "return"), reason)  # refused before anything is written
    if message:
        _comment(actor, form, "", message, Side.APPRAISER)
    _set_status(actor, form, "return", reason=reason)
    current.returned_at = timezone.now()
    current.returned_by = actor
    current.return_message = message[:4000]
    current.save(update_fields=["returned_at", "returned_by", "return_message"])
    notices_form_returned(form, reason)
    return form


@transaction.atomic
def form_verify(*, actor: Any, form: Form, expected_version: int) -> Form:
    """Close the appraisal of the form: every criterion decided, the verified score fixed."""
    form = _lock(form)
    _check_form_version(form, expected_version)
    _take_up(actor, form)
    framework = form_framework(form)
    pending = [c.code for c in pending_criteria(form, framework)]
    pending += undecided_declarations(form, framework)
    if pending:
        raise ValidationError(NOT_DECIDED.format(count=len(pending), codes=", ".join(pending)))
    score = verified_score(form, framework)
    _set_status(actor, form, "verify", verified_at=timezone.now(), verified_by=actor)
    form_audit(
        actor=actor,
        action="appraisal.score",
        form=form,
        changes={"verified_total": fmt_points(score.total) if score else ""},
    )
    notices_appraisal_finished(form, fmt_points(score.total) if score else "")
    return form


@transaction.atomic
def form_reopen(*, actor: Any, form: Form, reason: str) -> Form:
    """Reopen a verified form (until the results are approved); the reason is kept."""
    form = _lock(form)
    require(actor, Action.FORM_APPRAISE, form)
    _set_status(actor, form, "reopen", reason=reason, verified_at=None, verified_by=None)
    return form


@transaction.atomic
def form_assign(*, actor: Any, form: Form, appraiser: Any | None) -> Form:
    """Give the form to one appraiser of the province (None: any of them)."""
    form = _lock(form)
    require(actor, Action.CAMPAIGN_APPRAISE, form.campaign)
    if (
        appraiser is not None
        and not appraiser.role_assignments.filter(
            role=Role.APPRAISER, unit=form.campaign.province
        ).exists()
    ):
        raise ValidationError(NOT_APPRAISER.format(name=_name(appraiser)))
    before = _name(form.appraiser) if form.appraiser_id else ""
    form.appraiser = appraiser
    _bump(actor, form, "appraiser")
    form_audit(
        actor=actor,
        action="appraisal.assign",
        form=form,
        changes={"appraiser": [before, _name(appraiser) if appraiser else ""]},
    )
    return form


@transaction.atomic
def form_exclude(*, actor: Any, form: Form, excluded: bool, reason: str = "") -> Form:
    """The approver leaves a unit out of the ranking (or takes it back in), with the reason."""
    form = _lock(form)
    require(actor, Action.RESULTS_APPROVE, form.campaign)
    if form.campaign.status not in ("collecting", "appraising", "awaiting_approval"):
        raise PermissionDenied(FORBIDDEN_MESSAGE)
    reason = reason.strip()
    if excluded and not reason:
        raise ValidationError(EXCLUDE_REASON)
    before = [form.excluded, form.exclusion_reason]
    form.excluded, form.exclusion_reason = excluded, reason if excluded else ""
    _bump(actor, form, "excluded", "exclusion_reason")
    form_audit(
        actor=actor,
        action="appraisal.exclude" if excluded else "appraisal.include",
        form=form,
        changes={"excluded": [before[0], excluded], "reason": [before[1], form.exclusion_reason]},
        reason=reason,
    )
    return form
