"""Campaigns in the Vietnamese admin: a province administrator prepares, opens and dates them.

Creating goes through ``campaign_create`` (frameworks are chosen then, and frozen at opening by
``campaign_open``); the change page shows the dates the rules give, never only "N days", and
every later change of the dates or rules is audited as ``campaigns.change``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from chiso.accounts.admin_scope import ProvinceScopedAdmin
from chiso.accounts.policy import (
    Action,
    allows,
    grants_of,
    managed_provinces,
)
from chiso.campaigns.models import Campaign, CampaignStatus
from chiso.campaigns.services import (
    CAMPAIGN_STALE,
    EDITABLE,
    NO_FRAMEWORK,
    campaign_change,
    campaign_create,
    campaign_open,
)
from chiso.errors import message_of
from chiso.scoring import shipped_registry
from chiso.units.models import Era, Level, era_of_year

CREATED = (
    "Đã tạo đợt «{name}». Hạn nộp của đơn vị: {deadline}. "
    "Kiểm tra các hạn dưới đây rồi bấm «Mở đợt» để gửi phiếu cho các đơn vị."
)
OPENED = "Đã mở đợt «{name}»: {count} phiếu đã được tạo cho các đơn vị."
YEAR_OF_OTHER_ERA = "Năm {year} đánh giá theo {era_of_year}; tỉnh đã chọn thuộc {era_of_province}."
LATE_REJUDGED = "Theo các hạn mới, trạng thái nộp muộn đã được tính lại cho đơn vị: {units}."
NO_FRAMEWORK_CHOSEN = "— không áp dụng —"

FRAMEWORK_FIELDS = {
    "framework_district": Level.DISTRICT,
    "framework_commune": Level.COMMUNE,
    "framework_agency": Level.AGENCY,
}
DEADLINE_FIELDSET = (
    "Hạn nộp và thẩm định",
    {
        "fields": (
            "deadline_working_days",
            "deadline_fixed",
            "grace_days",
            "grace_kind",
            "appraisal_working_days",
        ),
        "description": "Nhập số ngày làm việc kể từ ngày công văn HOẶC một ngày cố định, "
        "không nhập cả hai. Ngày làm việc không tính thứ Bảy, Chủ nhật và ngày lễ, Tết.",
    },
)
RULES_FIELDSET = (
    "Quy định",
    {"fields": ("exclude_late", "reporter_may_submit", "lock_at_deadline")},
)


# Django's "vi" locale has no DATE_INPUT_FORMATS, so the default would read 01/10/2019 as
# 10 January. Users type dd/mm/yyyy; the admin's calendar inserts yyyy-mm-dd.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_FIELDS = ("request_date", "deadline_fixed")


def _vietnamese_dates(form: forms.ModelForm) -> None:
    for name in DATE_FIELDS:
        field = form.fields.get(name)
        if isinstance(field, forms.DateField):
            field.input_formats = DATE_INPUT_FORMATS
            field.widget.format = DATE_INPUT_FORMATS[0]


def _framework_choices() -> list[tuple[str, str]]:
    from chiso.frameworks.models import FrameworkVersion, VersionStatus

    # The provinces' published versions too ("code@N"); campaign_create keeps each province's own.
    published = FrameworkVersion.objects.filter(status=VersionStatus.PUBLISHED)
    return (
        [("", NO_FRAMEWORK_CHOSEN)]
        + [
            (f.code, f"{f.name} ({f.code}, phiên bản {f.version})")
            for f in shipped_registry().all()
        ]
        + [(v.ref, f"{v.title} ({v.code}, phiên bản {v.version} của tỉnh)") for v in published]
    )


def _check_schedule(form: forms.ModelForm) -> None:
    """Show the deadline rule's own message on the field it is about."""
    campaign = form.instance
    if campaign.request_date is None or campaign.appraisal_working_days is None:
        return  # the missing field has its own error already
    campaign.__dict__.pop("schedule", None)
    try:
        campaign.schedule  # noqa: B018 - computing it validates the rule
    except (ValueError, TypeError) as error:
        only_fixed = campaign.deadline_fixed is not None and campaign.deadline_working_days is None
        field = "deadline_fixed" if only_fixed else "deadline_working_days"
        form.add_error(field if field in form.fields else None, str(error))


class CampaignAddForm(forms.ModelForm):
    framework_district = forms.ChoiceField(
        label="Bộ tiêu chí cho cấp huyện", choices=_framework_choices, required=False
    )
    framework_commune = forms.ChoiceField(
        label="Bộ tiêu chí cho cấp xã", choices=_framework_choices, required=False
    )
    framework_agency = forms.ChoiceField(
        label="Bộ tiêu chí cho sở, ban, ngành", choices=_framework_choices, required=False
    )

    class Meta:
        model = Campaign
        fields = ["province", "year", "name", "request_date", *EDITABLE[2:]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _vietnamese_dates(self)

    def frameworks(self) -> dict[str, str]:
        return {
            level.value: self.cleaned_data[name]
            for name, level in FRAMEWORK_FIELDS.items()
            if self.cleaned_data.get(name)
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.frameworks():
            self.add_error(None, NO_FRAMEWORK)
        province, year = data.get("province"), data.get("year")
        if province is not None and year and era_of_year(year) != province.era:
            # A 2019-structure province has no unit valid at the end of 2026: opening would fail.
            self.add_error(
                "year",
                YEAR_OF_OTHER_ERA.format(
                    year=year,
                    era_of_year=Era(era_of_year(year)).label,
                    era_of_province=Era(province.era).label,
                ),
            )
        return data

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        _check_schedule(self)


class CampaignChangeForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [*EDITABLE, "version"]
        widgets = {"version": forms.HiddenInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _vietnamese_dates(self)

    def clean_version(self) -> int:
        seen = self.cleaned_data["version"]
        if (
            Campaign.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            != seen
        ):
            raise ValidationError(CAMPAIGN_STALE)
        return int(seen)

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        _check_schedule(self)


@admin.register(Campaign)
class CampaignAdmin(ProvinceScopedAdmin, admin.ModelAdmin):
    list_display = [
        "name",
        "province",
        "year",
        "stage",
        "request_date",
        "unit_deadline",
        "opened_at",
    ]
    list_filter = ["status", "year"]
    search_fields = ["name"]
    actions = ["open_campaigns"]
    change_form_template = "campaigns/department/admin_change_form.html"
    add_fieldsets = (
        (None, {"fields": ("province", "year", "name", "request_date")}),
        DEADLINE_FIELDSET,
        (
            "Bộ tiêu chí",
            {
                "fields": tuple(FRAMEWORK_FIELDS),
                "description": "Chọn bộ tiêu chí cho từng cấp đơn vị được đánh giá; bỏ trống cấp "
                "không đánh giá. Sau khi mở đợt không đổi được bộ tiêu chí.",
            },
        ),
        RULES_FIELDSET,
    )
    change_fieldsets = (
        (
            None,
            {
                "fields": (
                    "province",
                    "year",
                    "name",
                    "request_date",
                    "status",
                    "opened_at",
                    "version",
                )
            },
        ),
        (
            "Các hạn đã tính",
            {"fields": ("unit_deadline", "grace_until", "appraisal_deadline", "schedule_explain")},
        ),
        DEADLINE_FIELDSET,
        ("Bộ tiêu chí", {"fields": ("frameworks_display",)}),
        RULES_FIELDSET,
    )
    computed = (
        "unit_deadline",
        "grace_until",
        "appraisal_deadline",
        "schedule_explain",
        "frameworks_display",
    )

    @admin.display(description="trạng thái", ordering="status")
    def stage(self, obj: Campaign) -> str:
        return obj.stage_label  # «Đã công bố» once published, not just «Đã phê duyệt»

    # --- scope --------------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Campaign]:
        queryset = (
            super()
            .get_queryset(request)
            .select_related("province")
            .annotate(snapshot_count=Count("snapshots"))  # the list's «Đã công bố»
        )
        if grants_of(request.user).system_admin:
            return queryset
        return queryset.filter(province__in=managed_provinces(request.user))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        # Approved results are published on these dates: they are no longer changed.
        return obj.status != CampaignStatus.APPROVED and allows(
            request.user, Action.CAMPAIGN_MANAGE, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "province":
            kwargs["queryset"] = managed_provinces(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- the page -----------------------------------------------------------------------------

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return self.add_fieldsets
        if self.has_change_permission(request, obj):
            return self.change_fieldsets
        first, *rest = self.change_fieldsets
        return ((None, {"fields": first[1]["fields"][:-1]}), *rest)  # without the version

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        fixed = ("province", "year", "status", "opened_at", *self.computed)
        if not self.has_change_permission(request, obj):
            return (*fixed, *EDITABLE)
        return fixed

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["form"] = CampaignAddForm if obj is None else CampaignChangeForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = dict(super().get_changeform_initial_data(request))
        initial.setdefault("year", timezone.localdate().year)
        # A new campaign locks unsubmitted forms at its deadline unless the department says not.
        initial.setdefault("lock_at_deadline", True)
        provinces = list(managed_provinces(request.user)[:2])
        if len(provinces) == 1:
            initial.setdefault("province", provinces[0].pk)
        return initial

    @admin.display(description="Hạn nộp của đơn vị")
    def unit_deadline(self, obj: Campaign) -> str:
        return f"{obj.schedule.unit_deadline:%d/%m/%Y}"

    @admin.display(description="Hết gia hạn")
    def grace_until(self, obj: Campaign) -> str:
        return f"{obj.schedule.grace_until:%d/%m/%Y}"

    @admin.display(description="Hạn thẩm định")
    def appraisal_deadline(self, obj: Campaign) -> str:
        return f"{obj.schedule.appraisal_deadline:%d/%m/%Y}"

    @admin.display(description="Cách tính")
    def schedule_explain(self, obj: Campaign) -> str:
        lines = obj.schedule.explain()
        return format_html(
            '<ul class="schedule-explain">{}</ul>',
            format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
        )

    @admin.display(description="Bộ tiêu chí theo cấp")
    def frameworks_display(self, obj: Campaign) -> str:
        frozen = "đã đóng băng khi mở đợt" if obj.opened_at else "đóng băng khi mở đợt"
        return format_html(
            "<ul>{}</ul><p>({})</p>",
            format_html_join(
                "",
                "<li>{}: {} {}</li>",
                (
                    (
                        cf.get_level_display(),
                        cf.framework_code,
                        f"phiên bản {cf.framework_version}" if cf.framework_version else "",
                    )
                    for cf in obj.frameworks.order_by("level")
                ),
            ),
            frozen,
        )

    # --- writes -------------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Campaign, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            try:
                changes = campaign_change(
                    actor=request.user,
                    campaign=obj,
                    values={name: data[name] for name in EDITABLE if name in data},
                    expected_version=data["version"],
                )
            except ValidationError as error:
                messages.error(request, message_of(error))
                return
            if "late" in changes:
                messages.info(
                    request, LATE_REJUDGED.format(units=", ".join(sorted(changes["late"])))
                )
            return
        campaign = campaign_create(
            actor=request.user,
            province=data["province"],
            year=data["year"],
            name=data["name"],
            request_date=data["request_date"],
            frameworks=form.frameworks(),
            deadline_working_days=data["deadline_working_days"],
            deadline_fixed=data["deadline_fixed"],
            grace_days=data["grace_days"],
            grace_kind=data["grace_kind"],
            appraisal_working_days=data["appraisal_working_days"],
            exclude_late=data["exclude_late"],
            reporter_may_submit=data["reporter_may_submit"],
            lock_at_deadline=data.get("lock_at_deadline", False),
        )
        obj.pk = campaign.pk
        obj.version = campaign.version

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None  # the frameworks are saved by campaign_create; there is nothing else

    def response_add(
        self, request: HttpRequest, obj: Campaign, post_url_continue: str | None = None
    ) -> HttpResponse:
        if IS_POPUP_VAR in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        # Straight to the change page: the person checks the dates the rules gave.
        messages.success(
            request,
            CREATED.format(name=obj.name, deadline=f"{obj.schedule.unit_deadline:%d/%m/%Y}"),
        )
        return HttpResponseRedirect(reverse("admin:campaigns_campaign_change", args=[obj.pk]))

    def _open(self, request: HttpRequest, campaign: Campaign) -> None:
        try:
            count = campaign_open(actor=request.user, campaign=campaign)
        except ValidationError as error:
            messages.error(request, f"{campaign.name}: {message_of(error)}")
        else:
            messages.success(request, OPENED.format(name=campaign.name, count=count))

    @admin.action(description="Mở đợt (đóng băng bộ tiêu chí, tạo phiếu cho các đơn vị)")
    def open_campaigns(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        for campaign in queryset:
            self._open(request, campaign)

    def get_urls(self) -> list[Any]:
        custom = [
            path(
                "<path:object_id>/open/",
                self.admin_site.admin_view(self.open_view),
                name="campaigns_campaign_open",
            )
        ]
        return custom + super().get_urls()

    def open_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        campaign = self.get_object(request, object_id)
        if not self.has_change_permission(request, campaign):
            raise PermissionDenied
        self._open(request, campaign)
        return HttpResponseRedirect(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))
