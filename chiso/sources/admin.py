"""Admin: each unit's portal address (for ``chiso measure``), within the administrator's
provinces."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from chiso.accounts.admin_scope import ProvinceScopedAdmin
from chiso.accounts.policy import managed_provinces
from chiso.audit.services import audit_record
from chiso.sources.models import UnitPortal
from chiso.units.models import Unit


def _scope(request: HttpRequest) -> Q:
    scope = Q(pk__in=[])
    for province in managed_provinces(request.user):
        scope |= Q(era=province.era, province_code=province.code)
    return scope


@admin.register(UnitPortal)
class UnitPortalAdmin(ProvinceScopedAdmin, admin.ModelAdmin):
    list_display = ("unit", "url")
    search_fields = ("unit__name", "unit__code", "url")
    autocomplete_fields = ()
    raw_id_fields = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnitPortal]:
        units = Unit.objects.filter(_scope(request))
        return super().get_queryset(request).select_related("unit").filter(unit__in=units)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.filter(_scope(request)).order_by("code")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: UnitPortal, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="sources.portal_address",
            obj=obj,
            era=obj.unit.era,
            province_code=obj.unit.province_code,
            unit_code=obj.unit.code,
            object_repr=f"{obj.unit.name}: {obj.url}",
            changes={"url": obj.url},
        )
