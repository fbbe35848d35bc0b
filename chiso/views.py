"""Project-wide pages: the home page and the error pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
)
from django.shortcuts import render
from django.template import loader

from chiso.accounts.policy import FORBIDDEN_MESSAGE

PAGE_NOT_FOUND = "Không tìm thấy trang này."


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous: what chiso is. Signed in: the person's roles, forms to fill, campaigns."""
    from chiso.accounts.models import PROVINCE_ROLES, UNIT_ROLES
    from chiso.campaigns.models import Campaign, Form

    assignments: list[object] = []
    forms: list[object] = []
    campaigns: list[object] = []
    if request.user.is_authenticated:
        roles = list(request.user.role_assignments.select_related("unit").order_by("role"))  # type: ignore[union-attr]
        assignments = roles
        unit_ids = {a.unit_id for a in roles if a.role in UNIT_ROLES}
        province_ids = {a.unit_id for a in roles if a.role in PROVINCE_ROLES}
        forms = list(
            Form.objects.filter(unit_id__in=unit_ids)
            .select_related("campaign", "unit")
            .order_by("-campaign__year")
        )
        campaigns = list(
            Campaign.objects.filter(province_id__in=province_ids).select_related("province")
        )
    return render(
        request, "home.html", {"assignments": assignments, "forms": forms, "campaigns": campaigns}
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 page showing a view's own Vietnamese ``Http404`` message, else a generic one.

    Django's unmatched-URL error (``Resolver404``, a subclass) carries a dict, not a message.
    """
    message = PAGE_NOT_FOUND
    if type(exception) is Http404 and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    body = loader.render_to_string("404.html", {"message": message}, request)
    return HttpResponseNotFound(body)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = FORBIDDEN_MESSAGE
    if (
        isinstance(exception, PermissionDenied)
        and exception.args
        and isinstance(exception.args[0], str)
    ):
        message = exception.args[0]
    body = loader.render_to_string("403.html", {"message": message}, request)
    return HttpResponseForbidden(body)
