"""Pages of the other sources: the department assigns agencies, an agency enters its values for
every unit (grid or Excel), an appraiser records a field visit; kept files are served checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chiso.accounts.models import UNIT_ROLES
from chiso.accounts.policy import HIDDEN_MESSAGE, Action, allows, require
from chiso.campaigns.access import form_get_for_user
from chiso.campaigns.form_input import fields_from_raw, raw_from_post
from chiso.campaigns.models import Campaign
from chiso.campaigns.services import form_framework
from chiso.campaigns.uploads import check_size
from chiso.errors import message_of
from chiso.excel.form_open import WorkbookError
from chiso.posted import whole
from chiso.scoring.model import InputKind, ValueSource
from chiso.sources import services
from chiso.sources.access import (
    assignment_get_for_user,
    measurement_get_for_user,
    provided_evidence_get_for_user,
    visit_evidence_get_for_user,
)
from chiso.sources.excel_io import provided_import_workbook, provided_workbook
from chiso.sources.models import ProviderAssignment
from chiso.units.models import Level, Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}
ASSIGNED = "Đã giao tiêu chí {code} cho {agency}."
SAVED = "Đã lưu số liệu của {count} đơn vị."
NOTHING_CHANGED = "Không có thay đổi."
IMPORTED = "Đã nhập số liệu từ tệp {name}: {count} đơn vị thay đổi."
NOT_SAVED = "Chưa lưu gì: {count} dòng có lỗi."
EVIDENCE_ADDED = "Đã tải lên minh chứng {name}."
NO_FILE = "Hãy chọn tệp."
VISIT_SAVED = "Đã ghi kết quả khảo sát thực tế ngày {day}."
BAD_DATE = "Ngày không hợp lệ."


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = Campaign.objects.select_related("province").filter(pk=pk).first()
    if campaign is None:
        raise Http404(HIDDEN_MESSAGE)
    require(request.user, Action.RESULTS_VIEW_DRAFT, campaign)
    return campaign


@login_required
@require_http_methods(["GET", "POST"])
def campaign_sources(request: HttpRequest, pk: int) -> HttpResponse:
    """The department's page: which agency supplies which criterion, by when, how far."""
    campaign = _campaign(request, pk)
    error = ""
    if request.method == "POST":
        agency = Unit.objects.filter(pk=request.POST.get("agency") or 0).first()
        try:
            if agency is None:
                raise ValueError(services.NOT_AN_AGENCY.format(name="?"))
            level, _, code = request.POST.get("criterion", "").partition(":")
            done = services.assignment_create(
                actor=request.user,
                campaign=campaign,
                agency=agency,
                level=level,
                criterion=code,
                deadline=_date(request.POST.get("deadline", "")),
                note=request.POST.get("note", ""),
            )
        except (ValueError, ValidationError) as problem:
            error = message_of(problem)
        else:
            messages.success(request, ASSIGNED.format(code=done.criterion, agency=agency.name))
            return redirect("sources:campaign", pk=campaign.pk)
    criteria: list[tuple[str, str, Any]] = []  # (level:code, level label, criterion)
    for level, framework in services.campaign_frameworks(campaign):
        for item in framework.leaves():
            if item.input is not None and item.input.kind != InputKind.POINTS:
                criteria.append((f"{level}:{item.code}", Level(level).label, item))
    assignments = list(campaign.provider_assignments.select_related("agency").order_by("criterion"))
    for a in assignments:
        a.entered = a.values.exclude(value=None).count()  # type: ignore[attr-defined]
        a.total = len(services.assignment_forms(a))  # type: ignore[attr-defined]
    agencies = Unit.objects.filter(
        era=campaign.era, province_code=campaign.province_code, level=Level.AGENCY
    ).order_by("name")
    return render(
        request,
        "sources/campaign.html",
        {
            "campaign": campaign,
            "assignments": assignments,
            "criteria": sorted(
                criteria, key=lambda c: (c[2].source is not ValueSource.AGENCY, c[0])
            ),
            "agencies": agencies,
            "can_assign": allows(request.user, Action.SOURCE_ASSIGN, campaign),
            "error": error,
            "typed": request.POST if error else {},
        },
        status=422 if error else 200,
    )


@login_required
@require_http_methods(["GET"])
def my_assignments(request: HttpRequest) -> HttpResponse:
    """The criteria the person's agencies were given to supply."""
    units = request.user.role_assignments.filter(role__in=UNIT_ROLES).values("unit_id")  # type: ignore[union-attr]
    assignments = (
        ProviderAssignment.objects.filter(agency_id__in=units)
        .select_related("campaign", "agency")
        .order_by("-campaign__year", "criterion")
    )
    return render(request, "sources/mine.html", {"assignments": assignments})


def _grid_rows(assignment: ProviderAssignment, typed: Any = None) -> list[dict[str, Any]]:
    values = {v.unit_id: v for v in assignment.values.select_related("changed_by")}
    rows = []
    for form in services.assignment_forms(assignment):
        item = form_framework(form).criteria_by_code[assignment.criterion]
        found = values.get(form.unit_id)
        prefix = f"u{form.unit_id}-"
        if typed is not None:
            fields = {k[len(prefix) :]: v for k, v in typed.items() if k.startswith(prefix)}
        else:
            fields = fields_from_raw(item, found.value if found else None)
            fields["note"] = found.note if found else ""
        rows.append(
            {
                "form": form,
                "unit": form.unit,
                "item": item,
                "found": found,
                "fields": fields,
                "prefix": prefix,
                "version": found.version if found else 0,
            }
        )
    return rows


def _assignment_page(
    request: HttpRequest,
    assignment: ProviderAssignment,
    *,
    typed: Any = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = _grid_rows(assignment, typed)
    item = rows[0]["item"] if rows else None
    return render(
        request,
        "sources/assignment.html",
        {
            "assignment": assignment,
            "rows": rows,
            "item": item,
            "kind": item.input.kind.value if item is not None and item.input else "",
            "can_enter": allows(request.user, Action.SOURCE_ENTER, assignment),
            "problems": problems or [],
            "late": assignment.late_on(timezone.localdate()),
            "evidence": list(assignment.evidence.all()),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def show_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency's grid: one row per unit, saved all at once."""
    assignment = assignment_get_for_user(request.user, pk)
    if request.method == "GET":
        return _assignment_page(request, assignment)
    rows, problems = [], []
    for number, row in enumerate(_grid_rows(assignment), start=1):
        prefix = row["prefix"]
        sub = {k[len(prefix) :]: str(v) for k, v in request.POST.items() if k.startswith(prefix)}
        version = sub.get("version", "")
        try:
            raw = raw_from_post(row["item"], sub)
        except ValueError as error:
            problems.append(
                str(services.RowProblem(number, row["unit"].code, row["unit"].name, str(error)))
            )
            continue
        rows.append(
            services.Row(
                row["unit"].pk,
                raw,
                sub.get("note", "")[:2000],
                version=whole(version, 0),
                line=number,
            )
        )
    try:
        if problems:
            raise services.RowsRefused([])
        count = services.provided_values_save(actor=request.user, assignment=assignment, rows=rows)
    except services.RowsRefused as refused:
        problems += [str(p) for p in refused.problems]
        messages.error(request, NOT_SAVED.format(count=len(problems)))
        return _assignment_page(
            request, assignment, typed=request.POST, problems=problems, status=422
        )
    messages.success(request, SAVED.format(count=count) if count else NOTHING_CHANGED)
    return redirect("sources:assignment", pk=assignment.pk)


@login_required
@require_http_methods(["GET"])
def assignment_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for_user(request.user, pk)
    response = HttpResponse(provided_workbook(assignment), content_type=XLSX)
    name = f"so-lieu-{assignment.criterion}-{assignment.campaign.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _upload(request: HttpRequest) -> tuple[str, bytes]:
    upload = request.FILES.get("file")
    if upload is None:
        raise ValueError(NO_FILE)
    check_size(upload.size or 0)
    return upload.name or "tep", upload.read()


@login_required
@require_http_methods(["POST"])
def assignment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The filled-in sheet, all rows or none."""
    assignment = assignment_get_for_user(request.user, pk)
    require(request.user, Action.SOURCE_ENTER, assignment)
    try:
        name, data = _upload(request)
        count = provided_import_workbook(
            actor=request.user, assignment=assignment, data=data, filename=name
        )
    except ValueError as error:
        return _assignment_page(request, assignment, problems=[str(error)], status=422)
    except WorkbookError as error:
        problems = [str(p) for p in error.problems]
        messages.error(request, NOT_SAVED.format(count=len(problems)))
        return _assignment_page(request, assignment, problems=problems, status=422)
    except services.RowsRefused as refused:
        problems = [str(p) for p in refused.problems]
        messages.error(request, NOT_SAVED.format(count=len(problems)))
        return _assignment_page(request, assignment, problems=problems, status=422)
    messages.success(request, IMPORTED.format(name=name, count=count))
    return redirect("sources:assignment", pk=assignment.pk)


@login_required
@require_http_methods(["POST"])
def assignment_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for_user(request.user, pk)
    try:
        name, data = _upload(request)
        found = services.provided_evidence_add(
            actor=request.user, assignment=assignment, name=name, data=data
        )
    except ValueError as error:
        return _assignment_page(request, assignment, problems=[str(error)], status=422)
    messages.success(request, EVIDENCE_ADDED.format(name=found.name))
    return redirect("sources:assignment", pk=assignment.pk)


@login_required
@require_http_methods(["POST"])
def record_visit(request: HttpRequest, pk: int) -> HttpResponse:
    """A field visit to the form's unit; back to the review screen."""
    form = form_get_for_user(request.user, pk)
    files = []
    try:
        for upload in request.FILES.getlist("files"):
            check_size(upload.size or 0)
            files.append((upload.name or "tep", upload.read()))
        visit = services.visit_record(
            actor=request.user,
            form=form,
            visited_on=_date(request.POST.get("visited_on", "")),
            people=request.POST.get("people", ""),
            criteria=request.POST.getlist("criteria"),
            findings=request.POST.get("findings", ""),
            files=files,
        )
    except ValueError as error:
        messages.error(request, str(error), "visit")
        return redirect(f"/appraisal/forms/{form.pk}/#visits")
    messages.success(request, VISIT_SAVED.format(day=f"{visit.visited_on:%d/%m/%Y}"), "visit")
    return redirect(f"/appraisal/forms/{form.pk}/#visits")


def _file(stored: Any, name: str, content_type: str) -> FileResponse:
    response = FileResponse(
        stored.open("rb"),
        as_attachment=content_type not in INLINE_TYPES,
        filename=name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET"])
def download_provided(request: HttpRequest, pk: int) -> FileResponse:
    e = provided_evidence_get_for_user(request.user, pk)
    return _file(e.file, e.name, e.content_type)


@login_required
@require_http_methods(["GET"])
def download_visit(request: HttpRequest, pk: int) -> FileResponse:
    e = visit_evidence_get_for_user(request.user, pk)
    return _file(e.file, e.name, e.content_type)


@login_required
@require_http_methods(["GET"])
def download_measurement(request: HttpRequest, pk: int) -> FileResponse:
    """The page or file a measurement read, as kept: always a download, never rendered."""
    m = measurement_get_for_user(request.user, pk)
    if not m.raw:
        raise Http404(HIDDEN_MESSAGE)
    return _file(m.raw, m.raw_name or "raw.bin", "application/octet-stream")
