"""What every province-scoped admin page shares: who may enter, and 404 outside the scope."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from chiso.accounts.policy import HIDDEN_MESSAGE, managed_provinces


class ProvinceScopedAdmin:
    """Mix in before ``ModelAdmin``: province and system administrators enter and add; an
    object outside the querysets' scope is 404 (policy HIDDEN), not Django's redirect."""

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        if obj is None:
            raise Http404(HIDDEN_MESSAGE)
        return obj

    def has_module_permission(self, request: HttpRequest) -> bool:
        return managed_provinces(request.user).exists()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)
