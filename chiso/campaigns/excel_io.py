"""The form as an Excel file: download it pre-filled, upload it back in one transaction.

An upload of a form that changed after the file was downloaded is merged (see
``chiso.excel.form_merge``): what only the file changed is taken, what only chiso changed is
kept; if a criterion changed on both sides, differently, nothing is imported and each such
criterion is listed with who changed it on chiso, when, and both values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from chiso.accounts.policy import Action, require
from chiso.campaigns.form_page import input_criteria
from chiso.campaigns.models import Answer, Form
from chiso.campaigns.services import form_audit, form_framework, form_touch
from chiso.excel import (
    Conflict,
    Field,
    FormMeta,
    FormUpload,
    WorkbookError,
    WorkbookProblem,
    build_form_workbook,
    merge_upload,
    read_form_workbook,
    saved_answer,
    shown,
)
from chiso.excel.form_layout import COL_NOTE, FORM_SHEET, column_letter, input_spec, main_column
from chiso.scoring import Framework

FORM_CHANGED = (
    "phiếu đã được sửa trên chiso sau khi tệp này được tải về (lúc {downloaded}): {count} chỗ"
    " bị sửa ở cả hai nơi với giá trị khác nhau, nên chưa nhập gì. Hãy sửa các chỗ dưới đây"
    " cho khớp (trên web hoặc trong tệp) rồi tải lên lại, hoặc tải phiếu mới; những tiêu chí"
    " chỉ sửa trong tệp sẽ được nhập, những tiêu chí chỉ sửa trên chiso được giữ nguyên"
)
OLD_FILE = (
    "tệp được tải về từ phiên bản trước của chiso, không ghi thời điểm tải, nên không biết các"
    " giá trị đã lưu dưới đây có được sửa sau khi tải tệp hay không; chưa nhập gì. Hãy tải"
    " phiếu mới, chép số liệu sang rồi tải lên lại (tệp cũ chỉ điền được các ô còn trống)"
)
CONFLICT = "{who} đã sửa {field} lúc {when}: trên chiso là «{saved}», trong tệp là «{theirs}»"
SOMEONE = "người khác"
UNKNOWN_TIME = "không rõ"
ON_BEHALF = "nhập hộ từ tệp Excel {name}"


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
        form_version=form.version,
        downloaded_at=timezone.localtime(),
    )


def form_workbook(form: Form) -> bytes:
    """The form as .xlsx, stamped with the form's version and the time, so an upload of it
    can tell what changed on chiso since."""
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
    changed: int  # criteria whose value or note the file changed
    cleared: int  # of which answers the file emptied
    kept: int  # criteria changed on chiso after the download that the file left alone


@transaction.atomic
def form_import_workbook(
    *, actor: Any, form: Form, data: bytes, filename: str, on_behalf: bool = False
) -> Imported:
    """Replace the form's answers by the file's, all or none (WorkbookError lists problems).

    The file is the whole form: a blank cell clears that answer, unless the form changed after
    the download (see the module). ``on_behalf``: the department imports the unit's file.
    """
    form = (
        Form.objects.select_for_update()
        .select_related("campaign", "unit", "framework")
        .get(pk=form.pk)
    )
    require(actor, Action.FORM_IMPORT_FOR_UNIT if on_behalf else Action.FORM_EDIT, form)
    framework = form_framework(form)
    upload = read_form_workbook(
        data, framework=framework, expected=form_meta(form), filename=filename
    )
    inputs = {c.code: c for c in input_criteria(framework)}
    current = {
        a.criterion: a
        for a in form.answers.select_for_update(of=("self",)).select_related("changed_by")
        if a.criterion in inputs
    }
    saved = {code: saved_answer(inputs[code], a.value, a.note) for code, a in current.items()}
    merge = merge_upload(upload, saved, form_version=form.version)
    if merge.conflicts:
        raise WorkbookError(filename, _conflicts(upload, merge.conflicts, current, framework))
    cleared = 0
    changes: dict[str, list[object]] = {}
    for code, new in merge.answers.items():
        answer = current.get(code) or Answer(form=form, criterion=code, version=0)
        changes[code] = [answer.value, new.value]
        cleared += new.value is None and answer.value is not None
        answer.value, answer.note = new.value, new.note
        answer.version += 1
        answer.changed_by = actor
        answer.save()
    if changes:
        form_touch(actor=actor, form=form)
    kept = sorted({code for code, _ in merge.kept})
    form_audit(
        actor=actor,
        action="forms.import_excel",
        form=form,
        changes={"file": filename, "answers": changes, "kept": kept},
        reason=ON_BEHALF.format(name=filename) if on_behalf else "",
    )
    return Imported(len(changes), cleared, len(kept))


def _conflicts(
    upload: FormUpload,
    conflicts: tuple[Conflict, ...],
    current: dict[str, Answer],
    framework: Framework,
) -> list[WorkbookProblem]:
    downloaded = upload.meta.downloaded_at
    if upload.base is None:
        problems = [WorkbookProblem("", None, "", "", OLD_FILE)]
    else:
        when = _when(downloaded) if downloaded else UNKNOWN_TIME
        message = FORM_CHANGED.format(downloaded=when, count=len(conflicts))
        problems = [WorkbookProblem("", None, "", "", message)]
    for conflict in conflicts:
        criterion = framework.criteria_by_code[conflict.criterion]
        answer = current.get(conflict.criterion)
        who = answer.changed_by if answer is not None else None
        column = (
            COL_NOTE if conflict.field is Field.NOTE else main_column(input_spec(criterion).kind)
        )
        message = CONFLICT.format(
            who=(who.get_full_name() or who.get_username()) if who is not None else SOMEONE,
            field=conflict.field.value,
            when=_when(answer.changed_at) if answer is not None else UNKNOWN_TIME,
            saved=shown(criterion, conflict.field, conflict.saved),
            theirs=shown(criterion, conflict.field, conflict.theirs),
        )
        problems.append(
            WorkbookProblem(
                FORM_SHEET, conflict.row, column_letter(column), conflict.criterion, message
            )
        )
    return problems


def _when(moment: Any) -> str:
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"


def problem_text(problem: WorkbookProblem) -> str:
    """A problem as the pages list it: "trang «Phiếu», dòng 12, cột G, tiêu chí X: message"."""
    place = ", ".join(
        part
        for part in (
            f"trang «{problem.sheet}»" if problem.sheet else "",
            f"dòng {problem.row}" if problem.row else "",
            f"cột {problem.column}" if problem.column else "",
            f"tiêu chí {problem.criterion}" if problem.criterion else "",
        )
        if part
    )
    return f"{place}: {problem.message}" if place else problem.message
