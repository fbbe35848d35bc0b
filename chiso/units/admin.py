"""Units in the Vietnamese admin: official units read-only, agencies added per province."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from chiso.accounts.policy import Action, allows, managed_provinces, visible_units
from chiso.units.models import AGENCY_KINDS, Level, Unit
from chiso.units.selectors import unit_search
from chiso.units.services import agency_add, agency_rename, agency_validate


class AgencyAddForm(forms.ModelForm):
    code = forms.CharField(
        label="Mã viết tắt",
        max_length=12,
        help_text="Chữ không dấu và số, ví dụ STTTT; mã đầy đủ sẽ là <mã tỉnh>-STTTT.",
    )
    kind = forms.ChoiceField(label="Loại", choices=[(k.value, k.label) for k in AGENCY_KINDS])

    class Meta:
        model = Unit
        fields = ["parent", "code", "name", "kind"]
        labels = {"parent": "Tỉnh"}

    def _post_clean(self) -> None:
        # The service builds the row (full code, search key, validity); check what it checks.
        parent = self.cleaned_data.get("parent")
        if parent is None:
            return
        errors = agency_validate(
            parent,
            self.cleaned_data.get("code", ""),
            self.cleaned_data.get("name", ""),
            self.cleaned_data.get("kind", ""),
        )
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "era", "province_code"]
    list_filter = ["era", "level", "kind"]
    search_fields = ["name", "code"]
    ordering = ["era", "province_code", "level", "code"]
    readonly_fields = [
        "era",
        "code",
        "kind",
        "level",
        "parent",
        "province_code",
        "valid_from",
        "valid_to",
    ]
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Unit]:
        return visible_units(request.user).select_related("parent")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Unit], search_term: str
    ) -> tuple[QuerySet[Unit], bool]:
        return unit_search(queryset, search_term), False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return managed_provinces(request.user).exists()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Official units come from the shipped data; only agencies' names are edited here.
        return (
            obj is not None
            and obj.level == Level.AGENCY
            and allows(request.user, Action.UNIT_MANAGE, obj)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = AgencyAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else self.readonly_fields

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["parent", "code", "name", "kind"]
        return ["name", *self.readonly_fields]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "parent":
            kwargs["queryset"] = managed_provinces(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        if change:
            agency_rename(actor=request.user, unit=Unit.objects.get(pk=obj.pk), name=obj.name)
            return
        data = form.cleaned_data
        unit = agency_add(
            actor=request.user,
            province=data["parent"],
            short_code=data["code"],
            name=data["name"],
            kind=data["kind"],
        )
        for field in Unit._meta.concrete_fields:
            setattr(obj, field.attname, getattr(unit, field.attname))
