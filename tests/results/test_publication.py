"""Publishing freezes the figures with a checksum; a correction is a new, visible version."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from chiso.appraisal import approval
from chiso.audit.models import Entry
from chiso.results.models import SNAPSHOT_FROZEN, Snapshot, checksum
from chiso.results.selectors import campaign_figures, snapshot_latest
from chiso.results.services import (
    ALREADY_PUBLISHED,
    CORRECTION_REASON,
    NOTHING_CHANGED,
    results_correct,
    results_publish,
)
from tests.results.conftest import DECISION, SIGNED, reapprove_gia_nghia_fixed


def _gia_nghia_readiness(data: dict[str, Any]) -> str:
    cohort = data["cohorts"][0]
    unit = next(u for u in cohort["units"] if u["unit"] == "660")
    return str(unit["sections"][0]["points"])


def test_publishing_freezes_every_figure_with_its_checksum_and_is_audited(
    districts_2019: Any, cast: dict[str, Any]
) -> None:
    snapshot = results_publish(actor=cast["approver"], campaign=districts_2019, **SIGNED)

    snapshot.refresh_from_db()
    assert snapshot.version == 1
    assert snapshot.sha256 == checksum(snapshot.data) and snapshot.intact
    assert snapshot.decision == DECISION
    assert _gia_nghia_readiness(snapshot.data) == "43.80"
    entry = Entry.objects.get(action="results.publish")
    assert entry.actor == cast["approver"] and entry.changes["sha256"] == snapshot.sha256
    with pytest.raises(ValidationError, match="đã công bố"):
        results_publish(actor=cast["approver"], campaign=districts_2019, **SIGNED)
    assert ALREADY_PUBLISHED.startswith("Kết quả đợt này đã công bố")
    with pytest.raises(ValueError, match=SNAPSHOT_FROZEN):
        snapshot.save()


def test_only_the_provinces_approver_publishes_and_only_approved_results(
    districts_2019: Any, cast: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        results_publish(actor=cast["appraiser"], campaign=districts_2019, **SIGNED)
    with pytest.raises(PermissionDenied):
        results_publish(actor=cast["head_a"], campaign=districts_2019, **SIGNED)
    with pytest.raises(Http404):
        results_publish(actor=cast["other_admin"], campaign=districts_2019, **SIGNED)
    approval.campaign_reopen(actor=cast["approver"], campaign=districts_2019, reason="Kiểm tra lại")
    with pytest.raises(ValidationError, match="Chỉ công bố được kết quả đã phê duyệt"):
        results_publish(actor=cast["approver"], campaign=districts_2019, **SIGNED)
    assert not Snapshot.objects.exists()


def _correct_gia_nghia(campaign: Any, cast: dict[str, Any]) -> Any:
    """Reopened after publication, Gia Nghĩa's SS.HT.1 adjusted, approved again, corrected."""
    approver = cast["approver"]
    campaign = reapprove_gia_nghia_fixed(campaign, cast)
    with pytest.raises(ValidationError, match=CORRECTION_REASON):
        results_correct(actor=approver, campaign=campaign, reason=" ")
    results_correct(actor=approver, campaign=campaign, reason="Sửa SS.HT.1 của Gia Nghĩa")
    return campaign


def test_a_correction_is_a_new_version_and_the_published_one_never_changes(
    districts_2019: Any, cast: dict[str, Any]
) -> None:
    approver = cast["approver"]
    first = results_publish(actor=approver, campaign=districts_2019, **SIGNED)
    published = (first.sha256, _gia_nghia_readiness(first.data))

    campaign = _correct_gia_nghia(districts_2019, cast)

    # The live figures moved; the published ones did not.
    assert _gia_nghia_readiness(campaign_figures(campaign)) == "44.04"
    first.refresh_from_db()
    assert (first.sha256, _gia_nghia_readiness(first.data)) == published and first.intact

    second = snapshot_latest(campaign)
    assert second is not None
    assert second.version == 2 and second.sha256 != first.sha256
    assert _gia_nghia_readiness(second.data) == "44.04"
    assert second.decision == DECISION  # the decision is kept unless a new one is named
    assert Entry.objects.filter(
        action="results.correct", reason="Sửa SS.HT.1 của Gia Nghĩa"
    ).exists()
    with pytest.raises(ValidationError) as caught:
        results_correct(actor=approver, campaign=campaign, reason="Lần nữa")
    assert caught.value.messages == [NOTHING_CHANGED.format(version=2)]
    assert list(campaign.snapshots.values_list("version", flat=True)) == [1, 2]
