"""The audit trail, read-only in the admin, each province administrator seeing its province."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from chiso.accounts.admin_scope import ProvinceScopedAdmin
from chiso.accounts.policy import grants_of, managed_provinces
from chiso.audit.models import Entry


@admin.register(Entry)
class EntryAdmin(ProvinceScopedAdmin, admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "object_repr", "province_code", "reason"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_repr", "unit_code", "reason"]
    date_hierarchy = "at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Entry]:
        queryset = super().get_queryset(request)
        if grants_of(request.user).system_admin:
            return queryset
        scope = Q(pk__in=[])
        for province in managed_provinces(request.user):
            scope |= Q(era=province.era, province_code=province.code)
        return queryset.filter(scope)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
