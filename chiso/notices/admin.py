"""A campaign's reminder days and the công văn's number and contact, in the admin, for the
campaign's province administrators; each save is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from chiso.accounts.admin_scope import ProvinceScopedAdmin
from chiso.accounts.policy import Action, allows, grants_of, managed_provinces
from chiso.campaigns.models import Campaign
from chiso.notices.models import CampaignNotices
from chiso.notices.services import campaign_notices_save


@admin.register(CampaignNotices)
class CampaignNoticesAdmin(ProvinceScopedAdmin, admin.ModelAdmin):
    list_display = ["campaign", "reminder_days", "letter_number", "contact_name", "contact_phone"]
    fields = [
        "campaign",
        "reminder_days",
        "letter_number",
        "contact_name",
        "contact_phone",
        "contact_email",
    ]

    def _campaigns(self, request: HttpRequest) -> QuerySet[Campaign]:
        campaigns = Campaign.objects.select_related("province")
        if grants_of(request.user).system_admin:
            return campaigns
        return campaigns.filter(province__in=managed_provinces(request.user))

    def get_queryset(self, request: HttpRequest) -> QuerySet[CampaignNotices]:
        return (
            super()
            .get_queryset(request)
            .select_related("campaign__province")
            .filter(campaign__in=self._campaigns(request))
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "campaign":
            kwargs["queryset"] = self._campaigns(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return allows(request.user, Action.CAMPAIGN_MANAGE, obj.campaign)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        campaign_notices_save(actor=request.user, settings=obj, changed=list(form.changed_data))
