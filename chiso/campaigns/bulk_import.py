"""The department enters many units' filled-in Excel forms at once: several .xlsx or a .zip.

Each file says which campaign and unit it is for (its hidden sheet); it is imported through
``excel_io.form_import_workbook`` — the very checks of the unit's own upload — in a transaction
of its own, as the department person acting for the unit (audited "nhập hộ từ tệp Excel …").
A bad file is refused with its reasons and the others go on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from chiso.accounts.policy import FORBIDDEN_MESSAGE, Action, Target, require
from chiso.campaigns.excel_io import Imported, form_import_workbook, problem_text
from chiso.campaigns.models import Campaign, CampaignStatus, Form
from chiso.campaigns.uploads import sanitize_name
from chiso.excel import WorkbookError, WorkbookProblem, read_form_meta
from chiso.excel.batch import BatchFile, expand_batch
from chiso.excel.form_upload import OTHER_CAMPAIGN

NO_FORM = "đơn vị {unit} không có phiếu trong đợt này"
DUPLICATE = (
    "cùng là phiếu của {unit} như tệp {others}: không biết tệp nào đúng nên không nhập tệp nào;"
    " hãy tải lên lại chỉ một tệp cho đơn vị này"
)
NOT_EDITABLE = "phiếu của {unit} đang ở trạng thái «{status}», không còn nhập được"


@dataclass(frozen=True, slots=True)
class FileResult:
    """What became of one file: imported (``imported`` set) or refused (``problems``)."""

    name: str
    unit: str = ""
    form_id: int | None = None
    imported: Imported | None = None
    problems: tuple[WorkbookProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.imported is not None

    @property
    def problem_texts(self) -> list[str]:
        return [problem_text(problem) for problem in self.problems]


def import_target(campaign: Campaign) -> Target:
    """The campaign as the policy sees a department import into it: open while collecting."""
    return Target(
        era=campaign.era,
        province_code=campaign.province_code,
        form_open=campaign.status == CampaignStatus.COLLECTING,
    )


def bulk_import(
    *, actor: Any, campaign: Campaign, files: list[tuple[str, bytes]]
) -> list[FileResult]:
    """One result per form file of the upload (a .zip counts for the files inside), in order."""
    require(actor, Action.FORM_IMPORT_FOR_UNIT, import_target(campaign))
    forms = {
        (form.unit.era, form.unit.code): form
        for form in Form.objects.filter(campaign=campaign).select_related(
            "campaign", "unit", "framework"
        )
    }
    by_pk = {form.pk: form for form in forms.values()}
    found = [_identify(entry, campaign, forms) for entry in expand_batch(files)]
    files_of: dict[int, list[int]] = defaultdict(list)  # form -> indexes of its files
    for index, (result, _) in enumerate(found):
        if result.form_id is not None and not result.problems:
            files_of[result.form_id].append(index)
    results = []
    for index, (result, data) in enumerate(found):
        if result.problems or result.form_id is None or data is None:
            results.append(result)
            continue
        others = [found[i][0].name for i in files_of[result.form_id] if i != index]
        if others:
            listed = ", ".join(f"«{other}»" for other in others)
            message = DUPLICATE.format(unit=result.unit, others=listed)
            results.append(replace(result, problems=_problems(message)))
            continue
        results.append(_import(actor, by_pk[result.form_id], data, result))
    return results


def _identify(
    entry: BatchFile, campaign: Campaign, forms: dict[tuple[str, str], Form]
) -> tuple[FileResult, bytes | None]:
    """The file's unit and form (an unfinished result) and its bytes, or why it cannot be one
    of this campaign's forms."""
    name = _shown_name(entry.path)
    if entry.data is None:
        return FileResult(name, problems=_problems(entry.problem)), None
    try:
        meta = read_form_meta(entry.data, filename=name)
    except WorkbookError as error:
        return FileResult(name, problems=error.problems), None
    unit = meta.unit_label
    if meta.campaign_id != str(campaign.pk):
        expected = f"{campaign.name} — năm {campaign.year}"
        message = OTHER_CAMPAIGN.format(found=meta.campaign_label, expected=expected)
        return FileResult(name, unit, problems=_problems(message)), None
    form = forms.get((meta.unit_era, meta.unit_code))
    if form is None:
        return FileResult(name, unit, problems=_problems(NO_FORM.format(unit=unit))), None
    return FileResult(name, unit, form.pk), entry.data


def _import(actor: Any, form: Form, data: bytes, found: FileResult) -> FileResult:
    if not form.open_to_unit:
        message = NOT_EDITABLE.format(unit=found.unit, status=form.get_status_display())
        return replace(found, problems=_problems(message))
    try:
        imported = form_import_workbook(
            actor=actor, form=form, data=data, filename=found.name, on_behalf=True
        )
    except WorkbookError as error:
        return replace(found, problems=error.problems)
    except (PermissionDenied, Http404):
        return replace(found, problems=_problems(FORBIDDEN_MESSAGE))
    return replace(found, imported=imported)


def _problems(message: str) -> tuple[WorkbookProblem, ...]:
    return (WorkbookProblem("", None, "", "", message),)


def _shown_name(path: tuple[str, ...]) -> str:
    """The file's name as the table shows it: each folder and file name made safe."""
    parts = [sanitize_name(part) for piece in path for part in piece.split("/") if part]
    return " › ".join(parts) if parts else "tep"
