"""The campaign's states after collection: appraising, awaiting approval, approved, reopened.

One service per step of ``CAMPAIGN_TRANSITIONS`` (the row is looked up by the status found and
the step, so no service leads anywhere its row does not); approval needs every form verified or
excluded with a reason, and locks every value (no form is open to the unit or the appraisers
once the campaign is no longer collecting or appraising).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from chiso.accounts.policy import require
from chiso.audit.services import audit_record
from chiso.campaigns.models import Campaign, CampaignStatus, Form, FormStatus
from chiso.campaigns.workflow import CAMPAIGN_REASON, campaign_step, need_reason

NOT_READY = "Còn {count} đơn vị chưa thẩm định xong và chưa được loại khỏi xếp hạng: {names}."
REASON_REQUIRED = CAMPAIGN_REASON
STALE = "Đợt đánh giá đã thay đổi kể từ khi bạn mở trang; hãy tải lại trang."


def overdue_forms(campaign: Campaign) -> list[Form]:
    """Forms locked unsubmitted at their deadline (with grace and any extension): they are not
    ranked (``Không nộp phiếu``) without anyone excluding them by hand. In a campaign that does
    not lock, a late form may still come in, so approval waits for it or for an exclusion."""
    if not campaign.lock_at_deadline:
        return []
    drafts = campaign.forms.filter(status=FormStatus.DRAFT).select_related("unit")
    found = []
    for form in drafts.prefetch_related("extensions").order_by("unit__code"):
        form.campaign = campaign
        if form.locked_by_deadline:
            found.append(form)
    return found


def unfinished(campaign: Campaign) -> QuerySet[Form]:
    """Forms that are neither verified nor excluded, nor overdue unsubmitted: they keep the
    results from approval."""
    return (
        campaign.forms.exclude(status=FormStatus.VERIFIED)
        .exclude(pk__in=[f.pk for f in overdue_forms(campaign)])
        .filter(Q(excluded=False))
        .select_related("unit")
        .order_by("unit__code")
    )


def _move(
    *,
    actor: Any,
    campaign: Campaign,
    step: str,
    reason: str = "",
    needs_ready: bool = False,
    expected_version: int | None = None,
) -> Campaign:
    campaign = Campaign.objects.select_for_update().select_related("province").get(pk=campaign.pk)
    row = campaign_step(campaign.status, step)
    require(actor, row.action, campaign)
    if expected_version is not None and campaign.version != expected_version:
        raise ValidationError(STALE, code="stale")  # the API answers 409 stale with the version
    reason = need_reason(row, reason)
    new = CampaignStatus(row.target)
    if step in ("request", "approve"):
        from chiso.appraisal.contest import check_contest_settled

        check_contest_settled(campaign)
    if needs_ready:
        left = list(unfinished(campaign)[:11])
        if left:
            names = ", ".join(f.unit.name for f in left[:10]) + ("…" if len(left) > 10 else "")
            count = unfinished(campaign).count()
            raise ValidationError(NOT_READY.format(count=count, names=names))
    old = campaign.status
    changes: dict[str, Any] = {"status": [old, new.value], "at": timezone.now().isoformat()}
    published = campaign.snapshots.order_by("-version").values_list("version", flat=True).first()
    if published is not None and step == "reopen":
        changes["published_version"] = published  # a correction of published results starts
    campaign.status = new
    campaign.version = F("version") + 1
    campaign.save(update_fields=["status", "version"])
    campaign.refresh_from_db(fields=["version"])
    audit_record(
        actor=actor,
        action=f"campaigns.{new.value}",
        obj=campaign,
        era=campaign.era,
        province_code=campaign.province_code,
        changes=changes,
        reason=reason,
    )
    return campaign


@transaction.atomic
def campaign_start_appraisal(*, actor: Any, campaign: Campaign) -> Campaign:
    """A collecting campaign goes to appraisal (never a way back from approval)."""
    return _move(actor=actor, campaign=campaign, step="start")


@transaction.atomic
def campaign_request_approval(*, actor: Any, campaign: Campaign) -> Campaign:
    return _move(actor=actor, campaign=campaign, step="request", needs_ready=True)


@transaction.atomic
def campaign_approve(*, actor: Any, campaign: Campaign, expected_version: int) -> Campaign:
    return _move(
        actor=actor,
        campaign=campaign,
        step="approve",
        needs_ready=True,
        expected_version=expected_version,
    )


@transaction.atomic
def campaign_reopen(*, actor: Any, campaign: Campaign, reason: str) -> Campaign:
    """Back to the appraisers, with a reason: results awaiting approval sent back, or approved
    (perhaps published) ones reopened for a correction."""
    return _move(actor=actor, campaign=campaign, step="reopen", reason=reason)
