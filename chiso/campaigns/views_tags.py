"""The department's page of unit tags: for each framework of the campaign that declares tags,
every unit with a box per tag; the province administrator ticks several units at once and saves
them in one go (``chiso.campaigns.tags.form_tags_set``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, allows, require
from chiso.campaigns.models import Campaign, CampaignFramework, CampaignStatus, Form
from chiso.campaigns.selectors import LEVEL_ORDER
from chiso.campaigns.services import StaleEdit, form_framework_of
from chiso.campaigns.tags import NO_CHANGES, TagsChange, form_tags_set
from chiso.errors import DomainError
from chiso.posted import whole
from chiso.scoring.applicability import applicable_items
from chiso.scoring.model import Framework, Tag

SAVED = "Đã cập nhật nhãn của {count} đơn vị."
RESCORED = " {count} phiếu đã nộp được tính lại điểm theo nhãn mới."


@dataclass(frozen=True)
class Row:
    form: Form
    ticks: list[tuple[Tag, bool]]  # each of the framework's tags, and whether it is ticked


@dataclass(frozen=True)
class Cohort:
    """One framework with tags, and the forms it assesses."""

    cf: CampaignFramework
    framework: Framework
    rows: list[Row]
    uses: list[tuple[Tag, list[str]]]  # each tag and the groups and criteria it decides


def _uses(framework: Framework) -> list[tuple[Tag, list[str]]]:
    found: dict[str, list[str]] = {t.code: [] for t in framework.tags}
    for item in applicable_items(framework):
        if item.applies_to is None:
            continue
        for tag in (*item.applies_to.tags, *item.applies_to.without_tags):
            found.setdefault(tag, []).append(item.code)
    return [(t, found[t.code]) for t in framework.tags]


def _cohorts(campaign: Campaign, posted: dict[int, set[str]]) -> list[Cohort]:
    """``posted``: the ticks of a refused save, shown again instead of the stored tags."""
    forms = list(campaign.forms.select_related("unit", "framework").order_by("unit__code"))
    forms.sort(key=lambda f: (LEVEL_ORDER.get(f.unit.level, len(LEVEL_ORDER)), f.unit.code))
    found = []
    for cf in campaign.frameworks.order_by("level"):
        framework = form_framework_of(cf)
        if not framework.tags:
            continue
        rows = []
        for form in (f for f in forms if f.framework_id == cf.pk):
            ticked = posted.get(form.pk, set(form.tags))
            rows.append(Row(form, [(t, t.code in ticked) for t in framework.tags]))
        found.append(Cohort(cf, framework, rows, _uses(framework)))
    return found


def _changes(request: HttpRequest) -> list[TagsChange]:
    """One change per form listed on the page (``form``): its ticked tags and the version seen."""
    changes = []
    for raw in request.POST.getlist("form"):
        pk = whole(raw)
        if pk is None:
            continue
        changes.append(
            TagsChange(
                pk,
                request.POST.getlist(f"tags-{raw}"),
                whole(request.POST.get(f"v-{raw}"), -1),
            )
        )
    return changes


@login_required
@require_http_methods(["GET", "POST"])
def unit_tags(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = Campaign.objects.select_related("province").filter(pk=pk).first()
    if campaign is None:
        raise Http404(HIDDEN_MESSAGE)
    require(request.user, Action.RESULTS_VIEW_DRAFT, campaign)
    errors: list[str] = []
    posted: dict[int, set[str]] = {}
    if request.method == "POST":
        require(request.user, Action.FORM_TAGS_SET, campaign)
        changes = _changes(request)
        try:
            changed = form_tags_set(actor=request.user, campaign=campaign, changes=changes)
        except (ValidationError, StaleEdit) as problem:
            errors = DomainError.of(problem).messages
            posted = {c.form_id: set(c.tags) for c in changes}
        else:
            if not changed:
                messages.info(request, NO_CHANGES)
            else:
                text = SAVED.format(count=len(changed))
                handed_in = sum(1 for f in changed if f.status != "draft")
                if handed_in:
                    text += RESCORED.format(count=handed_in)
                messages.success(request, text)
            return redirect("campaigns:unit-tags", pk=campaign.pk)
    may_set = (
        allows(request.user, Action.FORM_TAGS_SET, campaign)
        and campaign.status != CampaignStatus.APPROVED
    )
    return render(
        request,
        "campaigns/department/unit_tags.html",
        {
            "campaign": campaign,
            "cohorts": _cohorts(campaign, posted),
            "may_set": may_set,
            "approved": campaign.status == CampaignStatus.APPROVED,
            "errors": errors,
        },
        status=422 if errors else 200,
    )
