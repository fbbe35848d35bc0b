"""A campaign refuses a framework whose unit kinds do not match its units (issue 16)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from chiso.campaigns.models import Campaign, CampaignFramework, CampaignStatus
from chiso.campaigns.services import campaign_create, campaign_open
from chiso.scoring.model import UNIT_KINDS
from chiso.units.models import Kind


def create(cast: dict[str, Any], province: str, frameworks: dict[str, str]) -> Campaign:
    admin = cast["province_admin"] if province == "province" else cast["other_admin"]
    return campaign_create(
        actor=admin,
        province=cast[province],
        year=2026 if province == "lamdong" else 2019,
        name="Đánh giá chuyển đổi số",
        request_date=dt.date(2026 if province == "lamdong" else 2019, 10, 1),
        deadline_working_days=15,
        frameworks=frameworks,
    )


def refused(cast: dict[str, Any], province: str, frameworks: dict[str, str]) -> str:
    with pytest.raises(ValidationError) as caught:
        create(cast, province, frameworks)
    return " ".join(caught.value.message_dict["frameworks"])


def test_core_kinds_are_the_unit_kinds() -> None:
    assert set(UNIT_KINDS) == {str(k.value) for k in Kind}


def test_a_district_framework_finds_no_district_in_a_two_tier_province(
    cast: dict[str, Any],
) -> None:
    message = refused(cast, "lamdong", {"district": "vn-2392-huyen"})
    assert message.startswith("Cấp huyện: Bộ tiêu chí «vn-2392-huyen» dành cho loại đơn vị «Huyện»")
    assert "không có đơn vị nào loại đó" in message
    assert not Campaign.objects.filter(province=cast["lamdong"]).exists()


def test_the_agencies_framework_is_refused_for_communes(cast: dict[str, Any]) -> None:
    message = refused(cast, "lamdong", {"commune": "sonla-cqs-tinh"})
    assert "«sonla-cqs-tinh» dành cho loại đơn vị «Sở», «Ban», «Cơ quan, ngành»" in message
    assert "và 119 đơn vị khác (loại «Đặc khu», «Phường», «Xã»)" in message
    assert message.startswith("Cấp xã: ")


def test_a_commune_framework_is_refused_for_districts(cast: dict[str, Any]) -> None:
    message = refused(cast, "province", {"district": "vn-2392-xa"})
    assert "(loại «Huyện», «Thành phố thuộc tỉnh»)" in message


def test_matching_kinds_are_accepted(cast: dict[str, Any]) -> None:
    campaign = create(cast, "lamdong", {"commune": "vn-2392-xa"})
    assert campaign_open(actor=cast["other_admin"], campaign=campaign) == 124


def test_opening_checks_the_kinds_again_and_changes_nothing(cast: dict[str, Any]) -> None:
    campaign = create(cast, "lamdong", {"commune": "vn-2392-xa"})
    # A draft whose framework no longer fits (changed outside the services, or units changed).
    CampaignFramework.objects.filter(campaign=campaign).update(framework_code="sonla-cqs-tinh")
    with pytest.raises(ValidationError) as caught:
        campaign_open(actor=cast["other_admin"], campaign=campaign)
    assert "«sonla-cqs-tinh»" in " ".join(caught.value.messages)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT and not campaign.forms.exists()
