"""Accounts and roles in the Vietnamese admin, each province administrator within its province.

Role changes go through ``role_grant``/``role_revoke`` (scope check + audit); the bulk import
page creates accounts from an Excel list and hands back the one-time passwords once.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BLANK_CHOICE_DASH, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from chiso.accounts.admin_scope import ProvinceScopedAdmin
from chiso.accounts.forms import (
    AccountsImportForm,
    AdminPasswordChangeForm,
    AdminUserCreationForm,
)
from chiso.accounts.models import Role, RoleAssignment, User
from chiso.accounts.policy import (
    Action,
    allows,
    grants_of,
    managed_provinces,
)
from chiso.accounts.services import (
    ROLE_OUTSIDE_SCOPE,
    accounts_import,
    credentials_workbook,
    role_grant,
    role_revoke,
)
from chiso.accounts.tokens import acting_as
from chiso.audit.services import audit_record, field_changes
from chiso.errors import message_of
from chiso.tabular import TableError
from chiso.units.models import Unit

NEEDS_A_ROLE = "Tài khoản do quản trị tỉnh tạo phải có ít nhất một vai trò trong tỉnh."
IMPORT_NOTHING_NEW = "Không có tài khoản mới; đã thêm {roles} vai trò cho tài khoản sẵn có."


def _is_system_admin(request: HttpRequest) -> bool:
    return grants_of(request.user).system_admin


def _managed_scope(request: HttpRequest) -> Q:
    scope = Q(pk__in=[])
    for province in managed_provinces(request.user):
        scope |= Q(era=province.era, province_code=province.code)
    return scope


class RoleInlineFormSet(forms.BaseInlineFormSet):
    request: HttpRequest

    def clean(self) -> None:
        super().clean()
        if _is_system_admin(self.request):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(NEEDS_A_ROLE)
        # Refuse a unit of another province here, so the page shows the error on its row and
        # saves nothing, instead of saving the account and dropping the role.
        for f in kept:
            unit = f.cleaned_data.get("unit")
            if unit is not None and not allows(self.request.user, Action.ACCOUNT_MANAGE, unit):
                f.add_error("unit", ROLE_OUTSIDE_SCOPE.format(unit=unit.name))


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    formset = RoleInlineFormSet
    extra = 1
    autocomplete_fields = ["unit"]
    fields = ["role", "unit"]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request  # type: ignore[attr-defined]
        return formset

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleAssignment]:
        queryset = super().get_queryset(request).select_related("unit")
        if _is_system_admin(request):
            return queryset
        return queryset.filter(unit__in=Unit.objects.filter(_managed_scope(request)))

    # Django's default asks for model permissions, which nobody here holds: the inline would
    # vanish. Whether the account itself may be changed is UserAdmin.has_change_permission's call.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return managed_provinces(request.user).exists()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role" and not _is_system_admin(request):
            # Keep the blank choice: without it a browser submits the first role for the empty
            # extra row, which then fails for want of a unit.
            kwargs["choices"] = [
                *BLANK_CHOICE_DASH,
                *((r.value, r.label) for r in Role if r != Role.SYSTEM_ADMIN),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(ProvinceScopedAdmin, DjangoUserAdmin):
    list_display = [
        "username",
        "full_name",
        "email",
        "is_active",
        "must_change_password",
        "last_login",
    ]
    list_filter = ["is_active", "must_change_password", "role_assignments__role"]
    search_fields = ["username", "full_name", "email"]
    ordering = ["username"]
    inlines = [RoleInline]
    add_form = AdminUserCreationForm
    change_password_form = AdminPasswordChangeForm
    change_list_template = "admin/accounts/user/change_list.html"
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Thông tin", {"fields": ("full_name", "email")}),
        (
            "Trạng thái",
            {"fields": ("is_active", "must_change_password", "last_login", "date_joined")},
        ),
    )
    superuser_fieldsets = (("Quản trị hệ thống", {"fields": ("is_superuser",)}),)
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and _is_system_admin(request):
            return (*fieldsets, *self.superuser_fieldsets)
        return fieldsets

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        queryset = super().get_queryset(request)
        if _is_system_admin(request):
            return queryset
        units = Unit.objects.filter(_managed_scope(request))
        return queryset.filter(role_assignments__unit__in=units, is_superuser=False).distinct()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self.has_module_permission(request):
            return False
        if obj is None or _is_system_admin(request):
            return True
        # A province administrator edits only people whose every role lies in its provinces.
        return not obj.is_superuser and all(
            a.unit is not None and allows(request.user, Action.ACCOUNT_MANAGE, a.unit)
            for a in obj.role_assignments.select_related("unit")
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: the audit trail keeps pointing at the account

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            obj.must_change_password = True  # the administrator chose it; the owner replaces it
        fields = [k for k in form.changed_data if k in form.cleaned_data and "password" not in k]
        before = {}
        if change and fields:
            before = dict(User.objects.filter(pk=obj.pk).values(*fields).first() or {})
        with acting_as(request.user):  # deactivating revokes the account's API tokens
            super().save_model(request, obj, form, change)
        changes = field_changes(before, {k: form.cleaned_data[k] for k in fields})
        if change and not changes:
            return  # saved as it was (perhaps only its roles changed, audited on their own)
        audit_record(
            actor=request.user,
            action="accounts.user_change" if change else "accounts.user_create",
            obj=obj,
            changes=changes,
        )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """The administrator's new password is a one-time one, as an imported account's is."""
        before = User.objects.filter(pk=unquote(id)).values_list("password", flat=True).first()
        with acting_as(request.user):  # the reset revokes the account's API tokens
            response = super().user_change_password(request, id, form_url)
        user = User.objects.filter(pk=unquote(id)).first()
        if request.method == "POST" and user is not None and user.password != before:
            if user.has_usable_password() and user != request.user:
                user.must_change_password = True
                user.save(update_fields=["must_change_password"])
            audit_record(
                actor=request.user,
                action="accounts.password_reset",
                obj=user,
                changes={"usable": user.has_usable_password()},
            )
        return response

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        # What formset.save() would record; the admin's change message and history read it.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            data = inline_form.cleaned_data
            if not data or (inline_form.instance.pk is not None and not inline_form.has_changed()):
                continue
            # The form has already copied the posted values onto its instance: reload the row.
            old = (
                RoleAssignment.objects.filter(pk=inline_form.instance.pk).first()
                if inline_form.instance.pk
                else None
            )
            try:
                if data.get("DELETE"):
                    if old is not None:
                        role_revoke(actor=request.user, assignment=old)
                        formset.deleted_objects.append(old)
                    continue
                # Grant first: if the new role is refused, the old one is kept.
                new = role_grant(
                    actor=request.user,
                    user=form.instance,
                    role=Role(data["role"]),
                    unit=data.get("unit"),
                )
                if old is None:
                    formset.new_objects.append(new)
                elif old.pk != new.pk:
                    role_revoke(actor=request.user, assignment=old)
                    formset.changed_objects.append((new, inline_form.changed_data))
            except ValidationError as exc:
                messages.error(request, message_of(exc))
        return None

    def get_urls(self) -> list[Any]:
        custom = [
            path(
                "import/", self.admin_site.admin_view(self.import_view), name="accounts_user_import"
            )
        ]
        return custom + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        problems: list[str] = []
        form = AccountsImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = accounts_import(
                    actor=request.user,
                    era=form.cleaned_data["era"],
                    data=upload.read(),
                    filename=upload.name,
                )
            except TableError as exc:
                problems = [str(p) for p in exc.problems]
            else:
                if not result.created:
                    messages.info(request, IMPORT_NOTHING_NEW.format(roles=result.roles_added))
                else:
                    # The passwords exist only in this response: they are not stored anywhere.
                    response = HttpResponse(
                        credentials_workbook(result.created),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    )
                    response["Content-Disposition"] = 'attachment; filename="tai-khoan-moi.xlsx"'
                    response["Cache-Control"] = "no-store"
                    return response
        context = {
            **self.admin_site.each_context(request),
            "title": "Tạo tài khoản từ tệp Excel",
            "form": form,
            "problems": problems,
            "opts": self.model._meta,
        }
        return render(
            request, "admin/accounts/user/import.html", context, status=400 if problems else 200
        )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ProvinceScopedAdmin, admin.ModelAdmin):
    """Read-only overview of who holds which role where; changes are made on the account."""

    list_display = ["user", "role", "unit", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "unit__name", "unit__code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleAssignment]:
        queryset = super().get_queryset(request).select_related("user", "unit")
        if _is_system_admin(request):
            return queryset
        return queryset.filter(unit__in=Unit.objects.filter(_managed_scope(request)))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
