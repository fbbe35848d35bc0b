"""The form as an Excel file: download it pre-filled, upload it back in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from chiso.accounts.policy import Action, require
from chiso.campaigns.form_page import input_criteria
from chiso.campaigns.models import Answer, Form
from chiso.campaigns.services import form_audit, form_framework, form_touch
from chiso.excel import FormMeta, build_form_workbook, read_form_workbook


def form_meta(form: Form) -> FormMeta:
    framework = form_framework(form)
    schedule = form.campaign.schedule
    return FormMeta(
        campaign_id=str(form.campaign_id),
        campaign_name=form.campaign.name,
        year=form.campaign.year,
        unit_era=form.unit.era,
        unit_code=form.unit.code,
        unit_name=form.unit.name,
        framework_code=framework.code,
        framework_version=framework.version,
        deadline=f"{schedule.grace_until:%d/%m/%Y}",
    )


def form_workbook(form: Form) -> bytes:
    answers = {a.criterion: a for a in form.answers.all()}
    framework = form_framework(form)
    inputs = {c.code for c in input_criteria(framework)}
    return build_form_workbook(
        framework=framework,
        answers={k: a.value for k, a in answers.items() if a.value is not None and k in inputs},
        notes={k: a.note for k, a in answers.items() if a.note and k in inputs},
        meta=form_meta(form),
    )


@dataclass(frozen=True, slots=True)
class Imported:
    changed: int
    cleared: int


@transaction.atomic
def form_import_workbook(*, actor: Any, form: Form, data: bytes, filename: str) -> Imported:
    """Replace the form's answers by the file's, all or none (WorkbookError lists problems).

    The file is the whole form: a blank cell clears that answer.
    """
    form = (
        Form.objects.select_for_update()
        .select_related("campaign", "unit", "framework")
        .get(pk=form.pk)
    )
    require(actor, Action.FORM_EDIT, form)
    framework = form_framework(form)
    upload = read_form_workbook(
        data, framework=framework, expected=form_meta(form), filename=filename
    )
    current = {a.criterion: a for a in form.answers.select_for_update()}
    changed = cleared = 0
    changes: dict[str, list[object]] = {}
    for criterion in input_criteria(framework):
        code = criterion.code
        value = upload.answers.get(code)
        note = upload.notes.get(code, "")
        answer = current.get(code)
        if answer is None:
            if value is None and not note:
                continue
            answer = Answer(form=form, criterion=code, version=0)
        if answer.value == value and answer.note == note:
            continue
        changes[code] = [answer.value, value]
        cleared += value is None and answer.value is not None
        changed += 1
        answer.value, answer.note = value, note
        answer.version += 1
        answer.changed_by = actor
        answer.save()
    form_touch(actor=actor, form=form)
    form_audit(
        actor=actor,
        action="forms.import_excel",
        form=form,
        changes={"file": filename, "answers": changes},
    )
    return Imported(changed, cleared)
