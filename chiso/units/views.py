"""The unit directory: search within one's scope, one unit with its children and lineage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from chiso.accounts.forms import AgenciesImportForm
from chiso.accounts.policy import Action, allows, visible_units
from chiso.tabular import TableError
from chiso.units.access import unit_get_for_user
from chiso.units.models import Era, Level
from chiso.units.selectors import unit_lineage, unit_search
from chiso.units.services import NOT_A_PROVINCE, agencies_import

PAGE_SIZE = 50
AGENCIES_ADDED = "Đã thêm {count} cơ quan."


@login_required
@require_http_methods(["GET"])
def list_units(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    era = request.GET.get("era", "")
    level = request.GET.get("level", "")
    units = visible_units(request.user).select_related("parent")
    if era in Era.values:
        units = units.filter(era=era)
    if level in Level.values:
        units = units.filter(level=level)
    units = unit_search(units, query).order_by("era", "province_code", "level", "code")
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "units/list_units.html",
        {
            "page": page,
            "query": query,
            "era": era,
            "level": level,
            "eras": Era.choices,
            "levels": Level.choices,
        },
    )


@login_required
@require_http_methods(["GET"])
def show_unit(request: HttpRequest, era: str, code: str) -> HttpResponse:
    unit = unit_get_for_user(request.user, era, code)
    came_from, went_to = unit_lineage(unit)
    children = visible_units(request.user).filter(parent=unit).order_by("level", "code")
    return render(
        request,
        "units/show_unit.html",
        {
            "unit": unit,
            "children": children,
            "came_from": came_from,
            "went_to": went_to,
            "can_manage": allows(request.user, Action.UNIT_MANAGE, unit) and unit.is_province,
            "import_form": AgenciesImportForm(),
        },
    )


@login_required
@require_http_methods(["POST"])
def import_agencies(request: HttpRequest, era: str, code: str) -> HttpResponse:
    province = unit_get_for_user(request.user, era, code, Action.UNIT_MANAGE)
    if not province.is_province:
        raise Http404(NOT_A_PROVINCE)  # agencies belong to provinces: there is no such list
    form = AgenciesImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            added = agencies_import(
                actor=request.user, province=province, data=upload.read(), filename=upload.name
            )
        except TableError as exc:
            problems = [str(p) for p in exc.problems]
        else:
            messages.success(request, AGENCIES_ADDED.format(count=len(added)))
            return redirect("units:show-unit", era=era, code=code)
    came_from, went_to = unit_lineage(province)
    return render(
        request,
        "units/show_unit.html",
        {
            "unit": province,
            "children": visible_units(request.user)
            .filter(parent=province)
            .order_by("level", "code"),
            "came_from": came_from,
            "went_to": went_to,
            "can_manage": True,
            "import_form": form,
            "problems": problems,
        },
        status=400,
    )
