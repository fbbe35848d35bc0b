"""Publishing results: the first snapshot of an approved campaign, then corrections.

A snapshot freezes every figure with its checksum. Nothing edits one: a correction computes the
results again (after the campaign was reopened, appraised and approved again) and adds the next
version with its reason; the earlier versions stay readable.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chiso.accounts.policy import Action, require
from chiso.appraisal.approval import STALE
from chiso.audit.services import audit_record
from chiso.campaigns.models import Campaign, CampaignStatus
from chiso.results.models import Snapshot, checksum
from chiso.results.selectors import campaign_figures, snapshot_latest

NOT_APPROVED = "Chỉ công bố được kết quả đã phê duyệt (đợt đang ở trạng thái «{status}»)."
ALREADY_PUBLISHED = "Kết quả đợt này đã công bố (phiên bản {version}); hãy dùng «Đính chính»."
NOT_PUBLISHED = "Kết quả đợt này chưa công bố nên chưa thể đính chính."
CORRECTION_REASON = "Đính chính kết quả cần lý do."
NOTHING_CHANGED = "Số liệu không khác phiên bản {version} đã công bố: không có gì để đính chính."
ANOTHER_PUBLISHED = (
    "Năm {year} tỉnh đã công bố kết quả của đợt «{name}»: mỗi năm công bố một đợt "
    "(các cấp đơn vị trong cùng một đợt), để mỗi năm có một địa chỉ kết quả duy nhất."
)
DECISION_TOO_LONG = "Số, ngày quyết định tối đa 200 ký tự."


def _lock_approved(actor: Any, campaign: Campaign, expected_version: int | None) -> Campaign:
    """The campaign, locked; refused unless approved and (if given) still at the version seen:
    a campaign reopened and approved again since may have other figures."""
    campaign = Campaign.objects.select_for_update().select_related("province").get(pk=campaign.pk)
    require(actor, Action.RESULTS_APPROVE, campaign)
    if expected_version is not None and campaign.version != expected_version:
        raise ValidationError(STALE)
    if campaign.status != CampaignStatus.APPROVED:
        raise ValidationError(NOT_APPROVED.format(status=campaign.get_status_display()))
    return campaign


def _snapshot(
    *,
    actor: Any,
    campaign: Campaign,
    version: int,
    data: dict[str, Any],
    decision: str,
    reason: str,
) -> Snapshot:
    snapshot = Snapshot(
        campaign=campaign,
        version=version,
        data=data,
        sha256=checksum(data),
        decision=decision.strip(),
        reason=reason.strip(),
        published_at=timezone.now(),
        published_by=actor,
    )
    try:
        snapshot.full_clean()
    except ValidationError as error:
        if "decision" in error.message_dict:
            raise ValidationError(DECISION_TOO_LONG) from None
        raise
    # The entry first, so the snapshot records the trail up to and including its publication.
    entry = audit_record(
        actor=actor,
        action="results.publish" if version == 1 else "results.correct",
        obj=campaign,
        era=campaign.era,
        province_code=campaign.province_code,
        object_repr=str(snapshot),
        changes={
            "version": version,
            "sha256": snapshot.sha256,
            "decision_document": snapshot.decision,
        },
        reason=snapshot.reason,
    )
    snapshot.audit_entries, snapshot.audit_last_hash = entry.seq, entry.hash
    snapshot.save()
    return snapshot


@transaction.atomic
def results_publish(
    *, actor: Any, campaign: Campaign, decision: str = "", expected_version: int | None = None
) -> Snapshot:
    """Publish the approved results: version 1 of the snapshot (``decision``: its number, date;
    ``expected_version``: the campaign's version the figures were read at)."""
    campaign = _lock_approved(actor, campaign, expected_version)
    latest = snapshot_latest(campaign)
    if latest is not None:
        raise ValidationError(ALREADY_PUBLISHED.format(version=latest.version))
    other = (
        Campaign.objects.filter(province=campaign.province, year=campaign.year)
        .exclude(pk=campaign.pk)
        .filter(snapshots__isnull=False)
        .first()
    )
    if other is not None:
        raise ValidationError(ANOTHER_PUBLISHED.format(year=campaign.year, name=other.name))
    return _snapshot(
        actor=actor,
        campaign=campaign,
        version=1,
        data=campaign_figures(campaign),
        decision=decision,
        reason="Công bố kết quả",
    )


@transaction.atomic
def results_correct(
    *,
    actor: Any,
    campaign: Campaign,
    reason: str,
    decision: str = "",
    expected_version: int | None = None,
) -> Snapshot:
    """Publish corrected results as the next version; the figures must differ from the last."""
    campaign = _lock_approved(actor, campaign, expected_version)
    if not reason.strip():
        raise ValidationError(CORRECTION_REASON)
    latest = snapshot_latest(campaign)
    if latest is None:
        raise ValidationError(NOT_PUBLISHED)
    data = campaign_figures(campaign)
    if checksum(data) == latest.sha256:
        raise ValidationError(NOTHING_CHANGED.format(version=latest.version))
    return _snapshot(
        actor=actor,
        campaign=campaign,
        version=latest.version + 1,
        data=data,
        decision=decision or latest.decision,
        reason=reason,
    )
