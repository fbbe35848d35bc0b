"""The audit trail in the web: filter, page through, download as Excel.

Each person sees the entries of their scope (``selectors.audit_scope``); a form's trail
(``?form=<id>``) is 404 outside the person's scope, like the form itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chiso.accounts.policy import FORBIDDEN_MESSAGE, HIDDEN_MESSAGE, Action, require
from chiso.audit.display import ChangeLine, action_label, entry_lines
from chiso.audit.export import entries_workbook
from chiso.audit.forms import EntryFilters
from chiso.audit.models import Entry
from chiso.audit.selectors import audit_scope, entries_matching

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_FILTER = "không lọc"


@dataclass(frozen=True, slots=True)
class Row:
    entry: Entry
    action: str
    changes: list[ChangeLine]


def _filtered(request: HttpRequest) -> tuple[EntryFilters, Any, Q]:
    """The filters, the form they are limited to (checked), and the person's scope."""
    filters = EntryFilters(request.GET)
    scope = audit_scope(request.user)
    if scope is None:
        raise PermissionDenied(FORBIDDEN_MESSAGE)
    form = None
    if filters.is_valid() and filters.cleaned_data["form"]:
        form = _form_for_user(request.user, filters.cleaned_data["form"])
    return filters, form, scope


def _form_for_user(user: Any, pk: int) -> Any:
    """The form whose trail is asked for: 404 when missing, as outside the person's scope.

    audit sits below campaigns (docs/architecture.md, "Layers"): it names the form's model by
    its label, as a ForeignKey("campaigns.Form") would, and asks the one policy.
    """
    forms = apps.get_model("campaigns", "Form").objects.select_related("campaign", "unit")
    form = forms.filter(pk=pk).first()
    if form is None:
        raise Http404(HIDDEN_MESSAGE)
    require(user, Action.AUDIT_VIEW, form)
    return form


@login_required
@require_http_methods(["GET"])
def list_entries(request: HttpRequest) -> HttpResponse:
    filters, form, scope = _filtered(request)
    entries = entries_matching(scope, filters.cleaned_data) if filters.is_valid() else None
    page = Paginator(entries if entries is not None else Entry.objects.none(), PAGE_SIZE)
    current = page.get_page(request.GET.get("page"))
    rows = [Row(e, action_label(e.action), entry_lines(e)) for e in current]
    return render(
        request,
        "audit/list_entries.html",
        {"filters": filters, "form": form, "page": current, "rows": rows},
    )


def _described(filters: EntryFilters) -> str:
    parts = []
    for name, value in filters.cleaned_data.items():
        if value in (None, ""):
            continue
        shown = action_label(value) if name == "action" else value
        if isinstance(value, dt.date):
            shown = f"{value:%d/%m/%Y}"
        parts.append(f"{filters.fields[name].label or 'Phiếu số'}: {shown}")
    return "; ".join(parts) or NO_FILTER


@login_required
@require_http_methods(["GET"])
def export_entries(request: HttpRequest) -> HttpResponse:
    filters, _, scope = _filtered(request)
    if not filters.is_valid():
        # The page names what is wrong.
        return redirect(f"{reverse('audit:list-entries')}?{request.GET.urlencode()}")
    entries = entries_matching(scope, filters.cleaned_data)
    now = timezone.localtime()
    data = entries_workbook(
        entries.iterator(chunk_size=2000),
        count=entries.count(),
        filters=_described(filters),
        now=now,
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{now:%Y%m%d-%H%M}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
