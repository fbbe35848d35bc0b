"""The admin site: only province and system administrators (``is_staff``) enter it.

Anyone else who is logged in gets the Vietnamese 403 page saying so, rather than Django's admin
login form (which would ask a reporter for a password that can never work there).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

ADMIN_FOR_ADMINISTRATORS = (
    "Trang quản trị chỉ dành cho quản trị viên của tỉnh và quản trị hệ thống. "
    "Tài khoản của bạn làm việc trên các trang thường: về trang chủ để xem việc của mình."
)


class ChisoAdminSite(AdminSite):
    site_header = "Quản trị chiso"
    site_title = "Quản trị chiso"
    index_title = "Đơn vị, tài khoản, đợt đánh giá"

    def _refuse_non_staff(self, request: HttpRequest) -> None:
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied(ADMIN_FOR_ADMINISTRATORS)

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def refusing(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            self._refuse_non_staff(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(refusing, inner)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        self._refuse_non_staff(request)
        return super().login(request, extra_context)


class ChisoAdminConfig(AdminConfig):
    default_site = "chiso.admin_site.ChisoAdminSite"
