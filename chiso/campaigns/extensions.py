"""Deadlines enforced: extensions (gia hạn) granted by a decision, and recording overdue forms.

A form not submitted by its deadline (the campaign's end of grace, or its latest extension's
new date) is locked for the unit when the campaign says so (``Campaign.lock_at_deadline``);
the lock is computed on read (``Form.locked_by_deadline``), so it holds the second the day
passes without any job having run. ``forms_record_overdue`` (the ``chiso deadlines`` command)
only records the event once per form in the audit trail and hands it to the notices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chiso.accounts.models import Role, RoleAssignment
from chiso.accounts.policy import Action, require
from chiso.audit.services import audit_record
from chiso.campaigns.hooks import forms_overdue
from chiso.campaigns.models import Campaign, CampaignStatus, Extension, Form, FormStatus
from chiso.campaigns.services import form_audit
from chiso.errors import DomainError

NO_FORMS = "Hãy chọn ít nhất một đơn vị được gia hạn."
NOT_IN_CAMPAIGN = "Có đơn vị không thuộc đợt đánh giá này."
FIELD_REQUIRED = "Hãy nhập {field}."
DEADLINE_NOT_LATER = (
    "Hạn nộp mới ({new}) phải sau hạn hiện tại của đợt ({grace}) và không trước hôm nay ({today})."
)
DECISION_IN_FUTURE = "Ngày văn bản ({day}) không thể sau hôm nay."
ALREADY_SUBMITTED = "{name} đã nộp phiếu: không cần gia hạn."
CAMPAIGN_NOT_COLLECTING = "Đợt đánh giá không còn nhận phiếu: không gia hạn được."

# What the unit reads on its locked form, and what autosave answers after the lock.
LOCKED = (
    "Phiếu đã khóa: hạn nộp là hết ngày {deadline} mà phiếu chưa được nộp, nên đơn vị không "
    "sửa và không nộp được nữa. Muốn nộp, đơn vị đề nghị Sở gia hạn bằng văn bản; liên hệ: "
    "{contacts}."
)
LOCKED_NOT_SAVED = (
    "Chưa lưu: phiếu đã khóa vì hết hạn nộp ngày {deadline}. Nội dung bạn vừa nhập vẫn còn "
    "trên màn hình, chưa gửi đi; hãy sao chép lại nếu cần, rồi đề nghị Sở gia hạn."
)
OVERDUE_REASON = "Không nộp phiếu đến hết hạn {deadline}"


class FormLocked(DomainError, ValueError):
    """A write to a form that locked unsubmitted at its deadline (not a bad value: a conflict)."""

    code = "locked"


def department_contacts(campaign: Campaign) -> str:
    """Who a unit asks about its deadline: the province's administrators (the department
    running the campaign), with their e-mail, else the appraisers."""
    people = list(
        RoleAssignment.objects.filter(
            unit=campaign.province,
            role__in=[Role.PROVINCE_ADMIN, Role.APPRAISER],
            user__is_active=True,
        )
        .select_related("user")
        .order_by("role", "user__full_name")
    )
    admins = [a for a in people if a.role == Role.PROVINCE_ADMIN] or people
    shown = [f"{a.user.get_full_name()} ({a.user.email})" for a in admins[:3] if a.user.email]
    return ", ".join(shown) or "bộ phận thẩm định của Sở"


def locked_message(form: Form) -> str:
    return LOCKED.format(
        deadline=f"{form.deadline:%d/%m/%Y}", contacts=department_contacts(form.campaign)
    )


def check_not_locked(actor: Any, form: Form) -> None:
    """FormLocked (with the date and whom to ask) if the form locked at its deadline; someone
    who may not even see the form gets the policy's 404 instead."""
    if form.locked_by_deadline:
        require(actor, Action.FORM_VIEW, form)
        raise FormLocked(LOCKED_NOT_SAVED.format(deadline=f"{form.deadline:%d/%m/%Y}"))


@transaction.atomic
def extension_grant(
    *,
    actor: Any,
    campaign: Campaign,
    forms: Sequence[Form],
    decision_number: str,
    decision_date: dt.date,
    signer: str,
    reason: str,
    new_deadline: dt.date,
) -> Extension:
    """Record the decision giving these units until ``new_deadline``; their forms reopen."""
    campaign = Campaign.objects.select_for_update().select_related("province").get(pk=campaign.pk)
    require(actor, Action.DEADLINE_EXTEND, campaign)
    if campaign.status not in (CampaignStatus.COLLECTING, CampaignStatus.APPRAISING):
        raise ValidationError(CAMPAIGN_NOT_COLLECTING)
    texts = {"số văn bản": decision_number, "người ký": signer, "lý do": reason}
    for field, text in texts.items():
        if not (text or "").strip():
            raise ValidationError(FIELD_REQUIRED.format(field=field))
    if not forms:
        raise ValidationError(NO_FORMS)
    today = timezone.localdate()
    grace = campaign.schedule.grace_until
    if new_deadline <= grace or new_deadline < today:
        raise ValidationError(
            DEADLINE_NOT_LATER.format(
                new=f"{new_deadline:%d/%m/%Y}", grace=f"{grace:%d/%m/%Y}", today=f"{today:%d/%m/%Y}"
            )
        )
    if decision_date > today:
        raise ValidationError(DECISION_IN_FUTURE.format(day=f"{decision_date:%d/%m/%Y}"))
    locked = list(
        Form.objects.select_for_update()
        .filter(pk__in=[f.pk for f in forms])
        .select_related("unit", "campaign")
        .order_by("unit__code")
    )
    if len(locked) != len(forms) or any(f.campaign_id != campaign.pk for f in locked):
        raise ValidationError(NOT_IN_CAMPAIGN)
    for form in locked:
        if form.status != FormStatus.DRAFT:
            raise ValidationError(ALREADY_SUBMITTED.format(name=form.unit.name))
    extension = Extension(
        campaign=campaign,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        signer=signer.strip(),
        reason=reason.strip(),
        new_deadline=new_deadline,
        granted_by=actor,
    )
    extension.full_clean()
    extension.save()
    extension.forms.set(locked)
    Form.objects.filter(pk__in=[f.pk for f in locked]).update(overdue_at=None)
    for form in locked:
        form_audit(
            actor=actor,
            action="forms.extension",
            form=form,
            changes={"deadline": [f"{form.deadline:%d/%m/%Y}", f"{new_deadline:%d/%m/%Y}"]},
            reason=f"{extension.decision_text}: {extension.reason}",
        )
    audit_record(
        actor=actor,
        action="campaigns.extension",
        obj=campaign,
        era=campaign.era,
        province_code=campaign.province_code,
        changes={
            "units": [f.unit.code for f in locked],
            "deadline": f"{new_deadline:%d/%m/%Y}",
            "decision": extension.decision_text,
        },
        reason=extension.reason,
    )
    return extension


@transaction.atomic
def forms_record_overdue(*, campaign: Campaign | None = None) -> list[Form]:
    """Record, once, each form that locked unsubmitted at its deadline (audit ``forms.overdue``)
    and hand them to the notices. Idempotent: a form already recorded is skipped; an extension
    clears the record so a second lapse is recorded again."""
    campaigns = Campaign.objects.filter(
        lock_at_deadline=True,
        status__in=[CampaignStatus.COLLECTING, CampaignStatus.APPRAISING],
    )
    if campaign is not None:
        campaigns = campaigns.filter(pk=campaign.pk)
    recorded: list[Form] = []
    now = timezone.now()
    for current in campaigns.select_related("province"):
        candidates = (
            Form.objects.select_for_update(of=("self",))
            .filter(campaign=current, status=FormStatus.DRAFT, overdue_at__isnull=True)
            .select_related("unit", "campaign", "campaign__province")
            .prefetch_related("extensions")
            .order_by("unit__code")
        )
        for form in candidates:
            if not form.locked_by_deadline:
                continue
            form.overdue_at = now
            form.save(update_fields=["overdue_at"])
            form_audit(
                actor=None,  # the scheduled command: the system itself
                action="forms.overdue",
                form=form,
                changes={"deadline": f"{form.deadline:%d/%m/%Y}", "locked": True},
                reason=OVERDUE_REASON.format(deadline=f"{form.deadline:%d/%m/%Y}"),
            )
            recorded.append(form)
    if recorded:
        forms_overdue(recorded)  # notices tells the units (hooks.py)
    return recorded
