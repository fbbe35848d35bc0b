"""Every write of the other sources: assign an agency, its values (grid or Excel), its evidence,
a field visit, a measurement. Each checks the one policy, is atomic and writes the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from chiso.accounts.policy import Action, require
from chiso.audit.services import audit_record
from chiso.campaigns.frozen import frozen_framework
from chiso.campaigns.models import Campaign, Form
from chiso.campaigns.services import (
    check_answer_size,
    check_answer_year,
    form_audit,
    form_framework,
)
from chiso.campaigns.uploads import check_upload
from chiso.scoring.answers import parse_value
from chiso.scoring.model import Criterion, Framework, InputKind
from chiso.sources.models import (
    FieldVisit,
    Measurement,
    ProvidedEvidence,
    ProvidedValue,
    ProviderAssignment,
    VisitEvidence,
)
from chiso.units.models import Level, Unit

NOT_AN_AGENCY = "«{name}» không phải sở, ban, ngành của tỉnh."
NOT_IN_CAMPAIGN = "Đợt này không có tiêu chí «{code}» để nhập số liệu."
ALREADY_ASSIGNED = "Tiêu chí {code} đã giao cho {agency}."
NO_DEADLINE = "Hãy nhập hạn cung cấp."
STALE_ROW = (
    "{who} đã sửa giá trị của đơn vị này lúc {when} (nay là «{current}»); điều bạn vừa nhập"
    " chưa được lưu, hãy xem lại"
)
VISIT_DATE = "Hãy nhập ngày khảo sát (không sau hôm nay)."
VISIT_PEOPLE = "Hãy ghi thành phần đoàn khảo sát."
VISIT_FINDINGS = "Hãy ghi kết quả khảo sát."
VISIT_CRITERIA = "Hãy chọn ít nhất một tiêu chí của phiếu."


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One refused row of a grid or a file: where (row, column), which unit, what."""

    row: int
    unit_code: str
    unit_name: str
    message: str
    column: str = ""

    def __str__(self) -> str:
        place = f"dòng {self.row}" + (f", cột {self.column}" if self.column else "")
        return f"{place}, {self.unit_name} ({self.unit_code}): {self.message}"


class RowsRefused(Exception):
    """Nothing was saved: every problem found, located."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "Người khác"


def campaign_frameworks(campaign: Campaign) -> list[tuple[str, Framework]]:
    """The frameworks the campaign opened with, by level of unit."""
    return [
        (cf.level, frozen_framework(cf.framework_code, cf.sha256, cf.sources))
        for cf in campaign.frameworks.order_by("level")
    ]


def campaign_criterion(campaign: Campaign, level: str, code: str) -> Criterion | None:
    """The input criterion ``code`` of the campaign's framework for ``level``, or None."""
    for found, framework in campaign_frameworks(campaign):
        item = framework.criteria_by_code.get(code) if found == level else None
        if item is not None and item.input is not None and item.input.kind != InputKind.POINTS:
            return item
    return None


# --- assignments ------------------------------------------------------------------------------


@transaction.atomic
def assignment_create(
    *,
    actor: Any,
    campaign: Campaign,
    agency: Unit,
    level: str,
    criterion: str,
    deadline: dt.date | None,
    note: str = "",
) -> ProviderAssignment:
    """Give ``agency`` the values of ``criterion`` for every unit of ``level`` in ``campaign``."""
    require(actor, Action.SOURCE_ASSIGN, campaign)
    if agency.level != Level.AGENCY or (agency.era, agency.province_code) != (
        campaign.era,
        campaign.province_code,
    ):
        raise ValueError(NOT_AN_AGENCY.format(name=agency.name))
    if campaign_criterion(campaign, level, criterion) is None:
        raise ValueError(NOT_IN_CAMPAIGN.format(code=criterion))
    if deadline is None:
        raise ValueError(NO_DEADLINE)
    taken = campaign.provider_assignments.select_related("agency").filter(
        level=level, criterion=criterion
    )
    if taken.exists():
        raise ValueError(ALREADY_ASSIGNED.format(code=criterion, agency=taken[0].agency.name))
    assignment = ProviderAssignment(
        campaign=campaign,
        agency=agency,
        level=level,
        criterion=criterion,
        deadline=deadline,
        note=note.strip(),
        created_by=actor,
    )
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=actor,
        action="sources.assign",
        obj=assignment,
        era=campaign.era,
        province_code=campaign.province_code,
        object_repr=str(assignment),
        criterion=criterion,
        changes={
            "agency": agency.code,
            "level": level,
            "criterion": criterion,
            "deadline": f"{deadline:%d/%m/%Y}",
        },
    )
    return assignment


def assignment_forms(assignment: ProviderAssignment) -> list[Form]:
    """The forms (units) the agency supplies values for: the campaign's forms of the level whose
    framework has the criterion, by unit code."""
    forms = []
    chosen = assignment.campaign.forms.filter(framework__level=assignment.level)
    for form in chosen.select_related("unit", "framework", "campaign"):
        item = form_framework(form).criteria_by_code.get(assignment.criterion)
        if item is not None and item.input is not None:
            forms.append(form)
    return sorted(forms, key=lambda f: f.unit.code)


@dataclass(frozen=True, slots=True)
class Row:
    """One unit's value as typed (grid or file): the raw value (None: left empty) and a note."""

    unit_id: int
    raw: object | None
    note: str = ""
    # The version of the unit's value the person saw (0: none yet; None: not known, nothing is
    # checked). A row changed since by someone else is refused unless it says the same.
    version: int | None = None
    line: int = 0  # row number shown in an error (grid row or Excel row)
    column: str = ""


@transaction.atomic
def provided_values_save(
    *, actor: Any, assignment: ProviderAssignment, rows: list[Row], source: str = "grid"
) -> int:
    """Save the agency's values for many units, all or none (``RowsRefused`` lists problems).

    A row left empty clears the value. The same checks as the unit's own form: the value reads
    as the criterion's input kind, sizes and dates in the assessment year.
    """
    assignment = (
        ProviderAssignment.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__province", "agency")
        .get(pk=assignment.pk)
    )
    require(actor, Action.SOURCE_ENTER, assignment)
    forms = {f.unit_id: f for f in assignment_forms(assignment)}
    current = {
        v.unit_id: v
        for v in assignment.values.select_for_update(of=("self",)).select_related(
            "changed_by", "unit"
        )
    }
    problems: list[RowProblem] = []
    late = assignment.late_on(timezone.localdate())
    changes: dict[str, list[object]] = {}
    saved: list[ProvidedValue] = []
    for row in rows:
        form = forms.get(row.unit_id)
        if form is None:
            continue
        unit = form.unit
        item = form_framework(form).criteria_by_code[assignment.criterion]
        found = current.get(row.unit_id)
        if row.raw is not None:
            try:
                check_answer_size(item, row.raw)
                parse_value(item, row.raw)
                check_answer_year(item, row.raw, assignment.campaign.year)
            except ValueError as error:
                problems.append(RowProblem(row.line, unit.code, unit.name, str(error), row.column))
                continue
        moved = (found.version if found is not None else 0) != row.version
        if found is not None and row.version is not None and moved:
            if found.value != row.raw:
                problems.append(
                    RowProblem(
                        row.line,
                        unit.code,
                        unit.name,
                        STALE_ROW.format(
                            who=_name(found.changed_by),
                            when=f"{timezone.localtime(found.changed_at):%H:%M %d/%m/%Y}",
                            current=found.value,
                        ),
                    )
                )
            continue
        note = row.note.strip()
        if found is None and row.raw is None and not note:
            continue
        if found is not None and found.value == row.raw and found.note == note:
            continue
        value = found or ProvidedValue(assignment=assignment, unit=unit, version=0)
        changes[unit.code] = [value.value, row.raw]
        value.value, value.note, value.late = row.raw, note, late
        value.version += 1
        value.changed_by = actor
        saved.append(value)
    if problems:
        raise RowsRefused(problems)
    for value in saved:
        value.save()
    if changes:
        audit_record(
            actor=actor,
            action="sources.values",
            obj=assignment,
            era=assignment.campaign.era,
            province_code=assignment.campaign.province_code,
            unit_code=assignment.agency.code,
            object_repr=str(assignment),
            criterion=assignment.criterion,
            changes={"source": source, "values": changes, "late": late},
        )
    return len(changes)


@transaction.atomic
def provided_evidence_add(
    *, actor: Any, assignment: ProviderAssignment, name: str, data: bytes
) -> ProvidedEvidence:
    """The agency's evidence file, checked by content, size and name like the unit's."""
    require(actor, Action.SOURCE_ENTER, assignment)
    checked = check_upload(name, data)
    evidence = ProvidedEvidence(
        assignment=assignment,
        name=checked.name,
        content_type=checked.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    evidence.file.save(checked.name, ContentFile(data), save=False)
    evidence.save()
    audit_record(
        actor=actor,
        action="sources.evidence_add",
        obj=assignment,
        era=assignment.campaign.era,
        province_code=assignment.campaign.province_code,
        unit_code=assignment.agency.code,
        object_repr=str(assignment),
        criterion=assignment.criterion,
        changes={"file": checked.name, "sha256": evidence.sha256, "size": evidence.size},
    )
    return evidence


# --- field survey -----------------------------------------------------------------------------


@transaction.atomic
def visit_record(
    *,
    actor: Any,
    form: Form,
    visited_on: dt.date | None,
    people: str,
    criteria: list[str],
    findings: str,
    files: list[tuple[str, bytes]],
) -> FieldVisit:
    """An appraiser's field visit to the form's unit, with photos or minutes as evidence."""
    require(actor, Action.SURVEY_RECORD, form)
    if visited_on is None or visited_on > timezone.localdate():
        raise ValueError(VISIT_DATE)
    if not people.strip():
        raise ValueError(VISIT_PEOPLE)
    if not findings.strip():
        raise ValueError(VISIT_FINDINGS)
    known = form_framework(form).criteria_by_code
    codes = [c for c in dict.fromkeys(criteria) if c in known]
    if not codes:
        raise ValueError(VISIT_CRITERIA)
    checked = [(check_upload(name, data), data) for name, data in files]
    visit = FieldVisit(
        form=form,
        visited_on=visited_on,
        people=people.strip()[:500],
        criteria=codes,
        findings=findings.strip(),
        recorded_by=actor,
    )
    visit.full_clean()
    visit.save()
    for found, data in checked:
        evidence = VisitEvidence(
            visit=visit,
            name=found.name,
            content_type=found.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=actor,
        )
        evidence.file.save(found.name, ContentFile(data), save=False)
        evidence.save()
    form_audit(
        actor=actor,
        action="sources.field_visit",
        form=form,
        object_repr=f"{form.unit.name}: khảo sát {visited_on:%d/%m/%Y}",
        criterion=codes[0] if len(codes) == 1 else "",
        changes={
            "visited_on": f"{visited_on:%d/%m/%Y}",
            "people": visit.people,
            "criteria": codes,
            "files": [f.name for f, _ in checked],
        },
    )
    return visit


# --- measurements -----------------------------------------------------------------------------


@transaction.atomic
def measurement_record(
    *,
    campaign: Campaign,
    unit: Unit,
    criterion: str,
    connector: str,
    what: str,
    value: object,
    detail: str,
    source_ref: str,
    measured_at: dt.datetime,
    raw: bytes = b"",
    raw_name: str = "",
    actor: Any = None,
) -> Measurement:
    """Keep one measured value beside the unit's answer (never replacing it), with what was
    read (the fetched page, the imported file) as evidence."""
    measurement = Measurement(
        campaign=campaign,
        unit=unit,
        criterion=criterion,
        connector=connector,
        what=what,
        value=value,
        detail=detail[:4000],
        source_ref=source_ref[:500],
        measured_at=measured_at,
        raw_name=raw_name[:200],
        raw_sha256=hashlib.sha256(raw).hexdigest() if raw else "",
    )
    if raw:
        measurement.raw.save(raw_name or "raw.bin", ContentFile(raw), save=False)
    measurement.save()
    audit_record(
        actor=actor,
        action="sources.measure",
        obj=measurement,
        era=unit.era,
        province_code=unit.province_code,
        unit_code=unit.code,
        object_repr=f"{unit.name}: {criterion}",
        criterion=criterion,
        changes={"connector": f"{connector}.{what}", "value": value, "source": source_ref},
    )
    return measurement
