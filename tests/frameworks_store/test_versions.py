"""Frameworks as the province's data: versions stored, edited as drafts, published, frozen."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chiso.accounts.policy import target_of
from chiso.audit.models import Entry
from chiso.campaigns.models import Form
from chiso.frameworks.models import FrameworkVersion, VersionStatus
from chiso.frameworks.services import (
    CODE_SHIPPED,
    framework_of,
    framework_version_copy,
    framework_version_create,
    framework_version_publish,
    framework_version_update,
)
from chiso.frameworks.texts import shipped_text
from chiso.scoring import FrameworkError
from tests.conftest import open_campaign


def _draft(cast: dict[str, Any], code: str = "daknong-2026-huyen") -> FrameworkVersion:
    text, _ = shipped_text("vn-2392-huyen")
    return framework_version_create(
        actor=cast["province_admin"],
        province=target_of(cast["province"]),
        text=text,
        code=code,
        based_on="mẫu vn-2392-huyen",
    )


def test_a_template_becomes_the_provinces_draft_version_1_with_its_own_code(cast):
    row = _draft(cast)
    assert (row.code, row.version, row.status) == ("daknong-2026-huyen", 1, VersionStatus.DRAFT)
    framework = framework_of(row)
    assert (framework.code, framework.version) == ("daknong-2026-huyen", "1")
    assert Entry.objects.filter(
        action="frameworks.create", object_repr__contains="daknong"
    ).exists()


def test_a_shipped_code_is_refused_for_a_stored_version(cast):
    text, _ = shipped_text("vn-2392-xa")
    with pytest.raises(ValidationError) as caught:
        framework_version_create(
            actor=cast["province_admin"], province=target_of(cast["province"]), text=text
        )
    assert CODE_SHIPPED.format(code="vn-2392-xa") in caught.value.messages


def test_an_invalid_text_is_refused_with_every_problem_and_nothing_stored(cast):
    text, _ = shipped_text("vn-2392-huyen")
    broken = text.replace("max_points: 30", "max_points: 31", 1).replace("type: ladder", "type: x")
    with pytest.raises(FrameworkError) as caught:
        framework_version_create(
            actor=cast["province_admin"],
            province=target_of(cast["province"]),
            text=broken,
            code="hong",
        )
    messages = [str(p) for p in caught.value.problems]
    assert any("cộng lại 30 điểm, khác điểm tối đa 31" in m for m in messages)
    assert any("classification.type" in m for m in messages)
    assert not FrameworkVersion.objects.exists()


def test_only_the_province_administrator_manages_versions(cast):
    text, _ = shipped_text("vn-2392-huyen")
    with pytest.raises(PermissionDenied):
        framework_version_create(
            actor=cast["appraiser"], province=target_of(cast["province"]), text=text, code="x-y"
        )


def test_a_draft_is_edited_a_stale_edit_refused_a_published_version_never_changes(cast):
    row = _draft(cast)
    edited = row.yaml_text.replace('{name: "Mức I",', '{name: "Mức Một",', 1)
    row = framework_version_update(
        actor=cast["province_admin"], version=row, text=edited, seen_revision=1
    )
    ladder = framework_of(row).sections[0].classification
    assert row.revision == 2 and ladder.levels[0].name == "Mức Một"  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="lần sửa 2"):
        framework_version_update(
            actor=cast["province_admin"], version=row, text=edited, seen_revision=1
        )
    row = framework_version_publish(actor=cast["province_admin"], version=row)
    assert row.status == VersionStatus.PUBLISHED and row.published_by == cast["province_admin"]
    with pytest.raises(ValidationError, match="đã ban hành"):
        framework_version_update(
            actor=cast["province_admin"], version=row, text=edited, seen_revision=2
        )
    second = framework_version_copy(actor=cast["province_admin"], version=row)
    assert (second.code, second.version, second.status) == (row.code, 2, VersionStatus.DRAFT)
    actions = list(
        Entry.objects.filter(action__startswith="frameworks.").values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        ["frameworks.create", "frameworks.edit", "frameworks.publish", "frameworks.create"]
    )


def test_a_campaign_freezes_a_published_version_and_opens_forms_with_it(cast):
    row = framework_version_publish(actor=cast["province_admin"], version=_draft(cast))
    campaign = open_campaign(cast, year=2021, frameworks={"district": row.ref})
    cf = campaign.frameworks.get()
    assert (cf.framework_code, cf.framework_version) == ("daknong-2026-huyen", "1")
    assert "daknong-2026-huyen.yaml" in cf.sources and cf.sha256
    assert Form.objects.filter(campaign=campaign).count() == 8  # Đắk Nông's districts


def test_a_draft_cannot_be_chosen_for_a_campaign(cast):
    row = _draft(cast)
    with pytest.raises(ValidationError, match="Không có bộ tiêu chí"):
        open_campaign(cast, year=2021, frameworks={"district": row.ref})


def test_shipped_frameworks_are_still_chosen_by_code(campaign):
    assert sorted(campaign.frameworks.values_list("framework_code", flat=True)) == [
        "vn-2392-huyen",
        "vn-2392-xa",
    ]
