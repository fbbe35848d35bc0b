"""The demo's Lâm Đồng 2026 campaign on the 2026 templates: its sở and new communes, collecting,
with forms in each state, a commune declaring a criterion not applicable; Đắk Nông untouched."""

from __future__ import annotations

from collections import Counter

import pytest

from chiso.appraisal.official import verified_score
from chiso.campaigns.models import Campaign, CampaignStatus
from chiso.demo.load import demo_load
from chiso.demo.y2026 import NAME


@pytest.fixture
def story(demo_world: list[str]) -> list[str]:
    """The demo, loaded once for the session (tests/conftest.py); what its story told."""
    return demo_world


def test_lam_dong_2026_templates_campaign_is_collecting_with_forms_in_each_state(
    story: list[str],
) -> None:
    campaign = Campaign.objects.get(name=NAME)
    assert campaign.status == CampaignStatus.COLLECTING
    codes = dict(campaign.frameworks.values_list("level", "framework_code"))
    assert codes == {"agency": "mau-2026-so-ban-nganh", "commune": "mau-2026-xa-phuong"}
    for level, count in (("agency", 12), ("commune", 124)):
        forms = campaign.forms.filter(unit__level=level)
        assert forms.count() == count
        states = Counter(forms.values_list("status", flat=True))
        assert states == {"verified": 2, "submitted": 2, "returned": 1, "draft": count - 5}
        assert forms.filter(status="draft", answers__isnull=False).distinct().count() == 1
    assert any(line.startswith(NAME) for line in story)


def test_a_commune_declaring_a_criterion_not_applicable_gets_a_scaled_total(story: list[str]):
    campaign = Campaign.objects.get(name=NAME)
    form = campaign.forms.filter(unit__level="commune", status="verified").order_by("unit__code")[1]
    result = verified_score(form)
    assert result is not None
    section = result.section("CDS")
    kt3 = result.criterion("KT.3")
    assert kt3.not_applicable.startswith("đơn vị khai không áp dụng: Xã không có chợ")
    text = section.scaling_explanation()
    assert "không áp dụng: " in text and "Tổng điểm:" in text
    assert 0 < section.points <= 1000 and section.level in {"Tốt", "Khá", "Trung bình", "Yếu"}


def test_loading_again_changes_nothing(story: list[str]) -> None:
    before = Campaign.objects.get(name=NAME).forms.values_list("status", flat=True)
    before = sorted(before)
    _, again = demo_load(all_units=False)
    assert f"{NAME}: giữ nguyên (Đang thu thập)." in again or any(NAME in a for a in again)
    assert sorted(Campaign.objects.get(name=NAME).forms.values_list("status", flat=True)) == before


def test_two_so_carry_the_digital_economy_tag_and_are_scored_on_kinh_te_so(story: list[str]):
    campaign = Campaign.objects.get(name=NAME)
    agencies = campaign.forms.filter(unit__level="agency").select_related("unit")
    assert sorted(f.unit.code for f in agencies if f.tags) == ["68-SCT", "68-SKHCN"]
    assert all(f.tags == ["kinh-te-so"] for f in agencies if f.tags)
    tagged = verified_score(agencies.get(unit__code="68-SCT"))  # verified
    untagged = verified_score(agencies.get(unit__code="68-SGDDT"))  # verified, no tag
    assert tagged is not None and untagged is not None
    assert tagged.criterion("KT.1").not_applicable == ""
    assert untagged.criterion("KT.1").not_applicable == (
        "theo bộ tiêu chí: chỉ áp dụng cho đơn vị có nhiệm vụ phát triển kinh tế số"
    )
