"""The department's pages: the campaigns one can see, every unit's progress, who has not submitted.

Province roles (appraiser, approver, administrator) see a whole campaign; a unit's people are
sent to their own form; anyone outside the province gets 404.
"""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chiso.accounts.models import Role
from chiso.accounts.policy import (
    FORBIDDEN_MESSAGE,
    HIDDEN_MESSAGE,
    Action,
    Decision,
    allows,
    decide,
    require,
)
from chiso.campaigns.bulk_import import FileResult, bulk_import, import_target
from chiso.campaigns.models import Campaign
from chiso.campaigns.selectors import (
    CampaignProgress,
    Contact,
    FormRow,
    Progress,
    campaign_progress,
    campaigns_for_user,
    matching_unit_ids,
    own_forms,
    unit_contacts,
)
from chiso.excel.batch import MAX_BATCH_BYTES, MAX_BATCH_FILES
from chiso.units.models import Level

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MISSING_TITLE = "Đơn vị chưa nộp phiếu – {name}"
EXPORTED_AT = "Xuất lúc {when}. Hạn nộp {deadline}; gia hạn đến {grace}."
MISSING_HEADER = (
    "Mã đơn vị",
    "Tên đơn vị",
    "Cấp",
    "Trạng thái",
    "Đã trả lời",
    "Hạn nộp",
    "Còn lại (ngày làm việc)",
    "Cán bộ đầu mối",
    "Email cán bộ đầu mối",
    "Thủ trưởng",
    "Email thủ trưởng",
)
MISSING_WIDTHS = (12, 36, 14, 20, 12, 12, 14, 28, 32, 28, 32)


def _campaign(pk: int) -> Campaign:
    campaign = (
        Campaign.objects.select_related("province")
        .annotate(snapshot_count=Count("snapshots"))  # «Đã công bố» without another query
        .filter(pk=pk)
        .first()
    )
    if campaign is None:
        raise Http404(HIDDEN_MESSAGE)
    return campaign


def _filters(request: HttpRequest) -> dict[str, str]:
    progress = request.GET.get("status", "")
    level = request.GET.get("level", "")
    return {
        "status": progress if progress in Progress.values else "",
        "level": level if level in Level.values else "",
        "q": request.GET.get("q", "").strip(),
    }


def _rows(progress: CampaignProgress, filters: dict[str, str]) -> list[FormRow]:
    return progress.filtered(
        progress=filters["status"],
        level=filters["level"],
        unit_ids=matching_unit_ids(progress.campaign, filters["q"]),
    )


@login_required
@require_http_methods(["GET"])
def list_campaigns(request: HttpRequest) -> HttpResponse:
    campaigns = list(
        campaigns_for_user(request.user)
        .annotate(snapshot_count=Count("snapshots"))
        .order_by("-year", "province__code", "name")
    )
    forms = own_forms(request.user, campaigns)
    items = [
        {
            "campaign": c,
            "schedule": c.schedule,
            "can_view": allows(request.user, Action.RESULTS_VIEW_DRAFT, c),
            "forms": forms.get(c.pk, []),
        }
        for c in campaigns
    ]
    return render(request, "campaigns/department/list_campaigns.html", {"items": items})


@login_required
@require_http_methods(["GET"])
def show_campaign(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(pk)
    decision = decide(request.user, Action.RESULTS_VIEW_DRAFT, campaign)
    if decision is Decision.HIDDEN:
        raise Http404(HIDDEN_MESSAGE)
    if decision is Decision.FORBIDDEN:
        # A unit's reporter or head: their own form is the campaign for them.
        mine = own_forms(request.user, [campaign]).get(campaign.pk)
        if not mine:
            raise PermissionDenied(FORBIDDEN_MESSAGE)
        return redirect("appraisal:show-form", pk=mine[0].pk)
    filters = _filters(request)
    progress = campaign_progress(campaign, today=timezone.localdate())
    levels = sorted({row.unit.level for row in progress.rows}, key=Level.values.index)
    return render(
        request,
        "campaigns/department/show_campaign.html",
        {
            "campaign": campaign,
            "schedule": campaign.schedule,
            "progress": progress,
            "rows": _rows(progress, filters),
            "filters": filters,
            "statuses": Progress.choices,
            "levels": [(value, Level(value).label) for value in levels],
            "can_manage": allows(request.user, Action.CAMPAIGN_MANAGE, campaign),
            "can_import": allows(
                request.user, Action.FORM_IMPORT_FOR_UNIT, import_target(campaign)
            ),
            "import_limits": _limits(),
        },
    )


NO_FILES = "Chưa chọn tệp nào."
BATCH_TOO_LARGE = "Tổng dung lượng các tệp vượt {limit} MB; hãy chia ra nhiều lần tải lên."


def _limits() -> dict[str, object]:
    return {
        "files": MAX_BATCH_FILES,
        "per_request": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        "megabytes": MAX_BATCH_BYTES // (1024 * 1024),
    }


@login_required
@require_http_methods(["POST"])
def import_forms(request: HttpRequest, pk: int) -> HttpResponse:
    """Many units' Excel forms at once; a table of what became of each file. Answers a page,
    or only the table to the page's script (X-Requested-With)."""
    campaign = _campaign(pk)
    require(request.user, Action.FORM_IMPORT_FOR_UNIT, import_target(campaign))
    uploads = request.FILES.getlist("files")
    problem = ""
    results: list[FileResult] = []
    if not uploads:
        problem = NO_FILES
    elif sum(upload.size or 0 for upload in uploads) > MAX_BATCH_BYTES:
        problem = BATCH_TOO_LARGE.format(limit=MAX_BATCH_BYTES // (1024 * 1024))
    else:
        files = [(upload.name or "tep", upload.read()) for upload in uploads]
        results = bulk_import(actor=request.user, campaign=campaign, files=files)
    partial = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    template = "_import_results.html" if partial else "import_results.html"
    return render(
        request,
        f"campaigns/department/{template}",
        {
            "campaign": campaign,
            "problem": problem,
            "results": results,
            "imported": sum(result.ok for result in results),
            "refused": sum(not result.ok for result in results),
        },
        status=400 if problem else 200,
    )


@login_required
@require_http_methods(["GET"])
def export_missing(request: HttpRequest, pk: int) -> HttpResponse:
    """Units that have not submitted, with their reporters and heads, as .xlsx."""
    campaign = _campaign(pk)
    require(request.user, Action.RESULTS_VIEW_DRAFT, campaign)
    filters = _filters(request)
    progress = campaign_progress(campaign, today=timezone.localdate())
    rows = [row for row in _rows(progress, {**filters, "status": ""}) if not row.handed_in]
    contacts = unit_contacts([row.unit.pk for row in rows])
    data = missing_workbook(progress, rows, contacts, timezone.localtime())
    response = HttpResponse(data, content_type=XLSX)
    filename = f"chua-nop-{campaign.year}-{campaign.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _names(people: list[Contact]) -> str:
    return "; ".join(p.name for p in people)


def _emails(people: list[Contact]) -> str:
    return "; ".join(p.email for p in people if p.email)


def missing_workbook(
    progress: CampaignProgress,
    rows: list[FormRow],
    contacts: dict[int, dict[Role, list[Contact]]],
    now: dt.datetime,
) -> bytes:
    """Title row, a note with the export time and dates, a bold header, one row per unit."""
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    from chiso.cells import no_formulas

    campaign, schedule = progress.campaign, progress.campaign.schedule
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Chưa nộp"
    sheet.append([MISSING_TITLE.format(name=campaign.name)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            EXPORTED_AT.format(
                when=f"{now:%H:%M %d/%m/%Y}",
                deadline=f"{schedule.unit_deadline:%d/%m/%Y}",
                grace=f"{schedule.grace_until:%d/%m/%Y}",
            )
        ]
    )
    sheet.append(list(MISSING_HEADER))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        people: dict[Role, list[Contact]] = contacts.get(row.unit.pk, {})
        reporters, heads = people.get(Role.REPORTER, []), people.get(Role.HEAD, [])
        sheet.append(
            [
                row.unit.code,
                row.unit.name,
                row.unit.get_level_display(),
                row.progress.label,
                row.completeness,
                schedule.unit_deadline,
                progress.working_days_left,
                _names(reporters),
                _emails(reporters),
                _names(heads),
                _emails(heads),
            ]
        )
        sheet.cell(sheet.max_row, 6).number_format = "DD/MM/YYYY"
    for index, width in enumerate(MISSING_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    if rows:
        last = get_column_letter(len(MISSING_HEADER))
        sheet.auto_filter.ref = f"A{header_row}:{last}{sheet.max_row}"
    out = io.BytesIO()
    no_formulas(book).save(out)  # unit and officers' names typed "=…" stay text
    return out.getvalue()
