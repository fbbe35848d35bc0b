"""Publishing results: the first snapshot of an approved campaign, then corrections.

A snapshot freezes every figure with its checksum. Nothing edits one: a correction computes the
results again (after the campaign was reopened, appraised and approved again) and adds the next
version with its reason; the earlier versions stay readable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chiso.accounts.policy import Action, require
from chiso.appraisal.approval import STALE
from chiso.audit.services import audit_record
from chiso.campaigns.models import Campaign, CampaignStatus
from chiso.notices.services import notices_results_published
from chiso.results import draft_jobs, figures_cache, parts
from chiso.results.models import Snapshot, canonical_json, checksum
from chiso.results.selectors import campaign_figures_now, snapshot_latest

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
NUMBER_MISSING = "Nhập số quyết định công bố, ví dụ 47/QĐ-UBND."
NUMBER_TOO_LONG = "Số quyết định tối đa 100 ký tự."
DATE_MISSING = "Nhập ngày ký quyết định."
DATE_INVALID = "Ngày không hợp lệ: ghi ngày/tháng/năm, ví dụ 10/01/2020."
DATE_FUTURE = "Ngày quyết định không được sau hôm nay ({today})."
DATE_EARLY = "Ngày quyết định không được trước ngày công văn của đợt ({start})."
SIGNER_MISSING = "Nhập họ tên, chức vụ người ký quyết định."
SIGNER_TOO_LONG = "Người ký tối đa 200 ký tự."
DECISION_FIELDS = ("decision_number", "decision_date", "decision_signer")


@dataclass(frozen=True)
class Decision:
    """The decision the leader signed to publish: its number, date and signer."""

    number: str
    date: dt.date
    signer: str

    @property
    def text(self) -> str:
        return f"Quyết định số {self.number} ngày {self.date:%d/%m/%Y}"


def _day(raw: object) -> dt.date | None:
    """A date typed as 2020-01-10 (the browser's date field, the API) or 10/01/2020."""
    if isinstance(raw, dt.date):
        return raw
    text = str(raw or "").strip()
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if found:
            day, month, year = (int(part) for part in found.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def decision_check(campaign: Campaign, number: str, date: object, signer: str) -> Decision:
    """The decision, or a ValidationError naming each wrong field (``DECISION_FIELDS``)."""
    errors: dict[str, str] = {}
    number, signer = (number or "").strip(), (signer or "").strip()
    if not number:
        errors["decision_number"] = NUMBER_MISSING
    elif len(number) > 100:
        errors["decision_number"] = NUMBER_TOO_LONG
    day = _day(date)
    today = timezone.localdate()
    if not str(date or "").strip():
        errors["decision_date"] = DATE_MISSING
    elif day is None:
        errors["decision_date"] = DATE_INVALID
    elif day > today:
        errors["decision_date"] = DATE_FUTURE.format(today=f"{today:%d/%m/%Y}")
    elif day < campaign.request_date:
        errors["decision_date"] = DATE_EARLY.format(start=f"{campaign.request_date:%d/%m/%Y}")
    if not signer:
        errors["decision_signer"] = SIGNER_MISSING
    elif len(signer) > 200:
        errors["decision_signer"] = SIGNER_TOO_LONG
    if errors or day is None:
        raise ValidationError(errors)
    return Decision(number, day, signer)


def _lock_approved(actor: Any, campaign: Campaign, expected_version: int | None) -> Campaign:
    """The campaign, locked; refused unless approved and (if given) still at the version seen:
    a campaign reopened and approved again since may have other figures."""
    campaign = Campaign.objects.select_for_update().select_related("province").get(pk=campaign.pk)
    require(actor, Action.RESULTS_APPROVE, campaign)
    if expected_version is not None and campaign.version != expected_version:
        raise ValidationError(STALE, code="stale")
    if campaign.status != CampaignStatus.APPROVED:
        raise ValidationError(NOT_APPROVED.format(status=campaign.get_status_display()))
    return campaign


def results_check(
    *,
    actor: Any,
    campaign: Campaign,
    correction: bool = False,
    expected_version: int | None = None,
    reason: str = "",
    decision: str = "",
    decision_number: str = "",
    decision_date: object = "",
    decision_signer: str = "",
) -> None:
    """What ``results_publish`` (or, ``correction``, ``results_correct``) would refuse before
    computing any figure, asked without a lock and in the same order: a background job
    (``publish_jobs``) is started only for a publication these allow, so a refusal is the
    request's answer. The service asks all of it again in its own transaction."""
    require(actor, Action.RESULTS_APPROVE, campaign)
    if expected_version is not None and campaign.version != expected_version:
        raise ValidationError(STALE, code="stale")
    if campaign.status != CampaignStatus.APPROVED:
        raise ValidationError(NOT_APPROVED.format(status=campaign.get_status_display()))
    latest = snapshot_latest(campaign)
    if correction:
        if not reason.strip():
            raise ValidationError({"reason": CORRECTION_REASON})
        if latest is None:
            raise ValidationError(NOT_PUBLISHED)
        return
    decision_check(campaign, decision_number, decision_date, decision_signer)
    if latest is not None:
        raise ValidationError(ALREADY_PUBLISHED.format(version=latest.version))


def _snapshot(
    *,
    actor: Any,
    campaign: Campaign,
    version: int,
    data: dict[str, Any],
    decision: str,
    reason: str,
    signed: Decision | None = None,
) -> Snapshot:
    text = canonical_json(data)  # encoded once: the checksum, then what this process keeps
    snapshot = Snapshot(
        campaign=campaign,
        version=version,
        data=data,
        sha256=hashlib.sha256(text).hexdigest(),
        decision=decision.strip(),
        reason=reason.strip(),
        decision_number=signed.number if signed else "",
        decision_date=signed.date if signed else None,
        decision_signer=signed.signer if signed else "",
        published_at=timezone.now(),
        published_by=actor,
    )
    try:
        # The figures are this process's own, just encoded for their checksum: validating
        # them would encode the national cohort's ~25 MB once more.
        snapshot.full_clean(exclude=["data"])
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
            "decision_signer": snapshot.decision_signer,
        },
        reason=snapshot.reason,
    )
    snapshot.audit_entries, snapshot.audit_last_hash = entry.seq, entry.hash
    snapshot.save()
    figures_cache.kept(snapshot, len(text))
    parts.store(snapshot)  # what public pages show, derived from the figures just hashed
    return snapshot


@transaction.atomic
def results_publish(
    *,
    actor: Any,
    campaign: Campaign,
    decision_number: str,
    decision_date: object,
    decision_signer: str,
    expected_version: int | None = None,
    progress: draft_jobs.Progress | None = None,
) -> Snapshot:
    """Publish the approved results as version 1 of the snapshot, under the decision the leader
    signed (number, date, signer: all required, checked field by field);
    ``expected_version``: the campaign's version the figures were read at; ``progress``: told
    how far the figures have got, when the publication runs in the background
    (``publish_jobs``)."""
    campaign = _lock_approved(actor, campaign, expected_version)
    signed = decision_check(campaign, decision_number, decision_date, decision_signer)
    return notices_results_published(_first(actor, campaign, signed.text, signed, progress))


@transaction.atomic
def results_record_publication(*, actor: Any, campaign: Campaign, decision: str) -> Snapshot:
    """Record a publication made before chiso, whose decision is known only as text (the demo's
    historical years); people and the API publish through ``results_publish``."""
    return _first(actor, _lock_approved(actor, campaign, None), decision, None)


def _first(
    actor: Any,
    campaign: Campaign,
    decision: str,
    signed: Decision | None,
    progress: draft_jobs.Progress | None = None,
) -> Snapshot:
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
        data=campaign_figures_now(campaign, progress),
        decision=decision,
        reason="Công bố kết quả",
        signed=signed,
    )


@transaction.atomic
def results_correct(
    *,
    actor: Any,
    campaign: Campaign,
    reason: str,
    decision: str = "",
    expected_version: int | None = None,
    progress: draft_jobs.Progress | None = None,
) -> Snapshot:
    """Publish corrected results as the next version; the figures must differ from the last.
    ``progress``: as for ``results_publish``, when it runs in the background."""
    campaign = _lock_approved(actor, campaign, expected_version)
    if not reason.strip():
        raise ValidationError({"reason": CORRECTION_REASON})
    latest = snapshot_latest(campaign)
    if latest is None:
        raise ValidationError(NOT_PUBLISHED)
    data = campaign_figures_now(campaign, progress)
    if checksum(data) == latest.sha256:
        raise ValidationError(NOTHING_CHANGED.format(version=latest.version))
    return notices_results_published(
        _snapshot(
            actor=actor,
            campaign=campaign,
            version=latest.version + 1,
            data=data,
            decision=decision or latest.decision,
            reason=reason,
            # The decision is kept, field by field, unless the correction names a new one.
            signed=None if decision.strip() else _signed(latest),
        )
    )


def _signed(snapshot: Snapshot) -> Decision | None:
    if snapshot.decision_date is None:  # recorded as text only (a publication before chiso)
        return None
    return Decision(snapshot.decision_number, snapshot.decision_date, snapshot.decision_signer)
