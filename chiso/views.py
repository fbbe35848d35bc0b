"""Project-wide pages: the home page and the error pages."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader

from chiso.accounts.policy import FORBIDDEN_MESSAGE

PAGE_NOT_FOUND = "Không tìm thấy trang này."
DATABASE_UNAVAILABLE = (
    "Tạm thời không kết nối được cơ sở dữ liệu (máy chủ đang khởi động lại hoặc quá tải). "
    "Dữ liệu vừa gửi chưa được lưu; trang sẽ tự gửi lại, đừng đóng trang."
)
CSRF_REFUSED = (
    "Biểu mẫu thiếu hoặc sai mã bảo vệ (CSRF), có thể do trang đã mở quá lâu hoặc phiên đăng "
    "nhập đã đổi. Dữ liệu vừa gửi chưa được lưu: hãy tải lại trang rồi gửi lại."
)
SERVER_ERROR = (
    "Hệ thống gặp lỗi khi xử lý yêu cầu; dữ liệu vừa gửi chưa được lưu. "
    "Lỗi đã được ghi lại; hãy thử lại sau ít phút."
)


def _deadline_note(form: object) -> tuple[str, str] | None:
    """(the unit deadline, the working days left to it) for a form still to be handed in."""
    from django.utils import timezone

    from chiso.campaigns.models import CampaignStatus, FormStatus
    from chiso.campaigns.selectors import DAYS_LEFT, DAYS_PAST, DEADLINE_TODAY
    from chiso.deadlines import working_days_between

    campaign = form.campaign  # type: ignore[attr-defined]
    still_open = form.status in (FormStatus.DRAFT, FormStatus.RETURNED)  # type: ignore[attr-defined]
    if campaign.status != CampaignStatus.COLLECTING or not still_open:
        return None
    deadline = campaign.schedule.unit_deadline
    days = working_days_between(timezone.localdate(), deadline)
    left = (
        DAYS_LEFT.format(days=days)
        if days > 0
        else (DEADLINE_TODAY if days == 0 else DAYS_PAST.format(days=-days))
    )
    return f"{deadline:%d/%m/%Y}", left


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous: what chiso is. Signed in: the person's roles, forms to fill, campaigns."""
    from django.db.models import Count

    from chiso.accounts.models import PROVINCE_ROLES, READER_ROLES, UNIT_ROLES
    from chiso.campaigns.models import Campaign, Form

    assignments: Sequence[object] = []
    forms: list[object] = []
    campaigns: list[object] = []
    home_affairs: list[object] = []
    if request.user.is_authenticated:
        roles = list(request.user.role_assignments.select_related("unit").order_by("role"))
        assignments = roles
        unit_ids = {a.unit_id for a in roles if a.role in UNIT_ROLES}
        province_ids = {a.unit_id for a in roles if a.role in PROVINCE_ROLES}
        forms = list(
            Form.objects.filter(unit_id__in=unit_ids)
            .select_related("campaign", "campaign__province", "unit")
            .order_by("-campaign__year")
        )
        for form in forms:
            form.deadline_note = _deadline_note(form)  # type: ignore[attr-defined]
        campaigns = list(
            Campaign.objects.filter(province_id__in=province_ids)
            .select_related("province")
            .annotate(snapshot_count=Count("snapshots"))
        )
        # Sở Nội vụ: the campaigns of its province with published results, and nothing else.
        reader_ids = {a.unit_id for a in roles if a.role in READER_ROLES}
        home_affairs = list(
            Campaign.objects.filter(province_id__in=reader_ids, snapshots__isnull=False)
            .select_related("province")
            .distinct()
            .order_by("-year", "pk")
        )
    from chiso.sources.models import ProviderAssignment

    supplies = (
        list(
            ProviderAssignment.objects.filter(agency_id__in=unit_ids)
            .select_related("campaign", "agency")
            .order_by("-campaign__year", "criterion")
        )
        if request.user.is_authenticated
        else []
    )
    context = {
        "assignments": assignments,
        "forms": forms,
        "campaigns": campaigns,
        "home_affairs": home_affairs,
        "supplies": supplies,
    }
    return render(request, "home.html", context)


def show_help(request: HttpRequest) -> HttpResponse:
    """``/huong-dan/``: the yearly cycle and each role's part, the person's own first."""
    from chiso.help import CYCLE, GENERAL_CONTACT, help_page

    context = {
        "page": help_page(request.user),
        "cycle": CYCLE,
        "general_contact": GENERAL_CONTACT,
    }
    return render(request, "help.html", context)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 page showing a view's own Vietnamese ``Http404`` message, else a generic one.

    Django's unmatched-URL error (``Resolver404``, a subclass) carries a dict, not a message.
    """
    message = PAGE_NOT_FOUND
    if type(exception) is Http404 and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    body = loader.render_to_string("404.html", {"message": message}, request)
    return HttpResponseNotFound(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A write refused for a missing or wrong CSRF token (settings.CSRF_FAILURE_VIEW): said in
    Vietnamese on the site, as the API's ``csrf_failed`` JSON error under ``/api/``."""
    from chiso.api.errors import CSRF_FAILED
    from chiso.api.middleware import PREFIX
    from chiso.errors import error_response

    if request.path.startswith(PREFIX):
        return error_response(403, "csrf_failed", CSRF_FAILED)
    body = loader.render_to_string("403.html", {"message": CSRF_REFUSED}, request)
    return HttpResponseForbidden(body)


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


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the database is unreachable (restarting, connection cut); JSON for the
    autosave, which keeps the typed value and retries.

    Django calls this inside its ``except`` block, so the exception is in ``sys.exc_info()``.
    The page is rendered without the request: the session and user may need the database.
    """
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    status, message = (503, DATABASE_UNAVAILABLE) if unavailable else (500, SERVER_ERROR)
    if "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse(
            {"ok": False, "error": message, "retry": unavailable}, status=status
        )
    else:
        body = loader.render_to_string("500.html", {"message": message})
        response = HttpResponse(body, status=status)
    if unavailable:
        response["Retry-After"] = "5"
    return response
