"""Unit tags per campaign: set by the province administrator (validated, version-checked,
audited, in bulk), passed to the core wherever a form is scored — live summary, submit checks,
appraisal, official results, the API — with totals computed by hand (tests/campaigns/tags_setup.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from chiso.appraisal.official import side_by_side, verified_score
from chiso.audit.models import Entry
from chiso.campaigns.form_page import live_score
from chiso.campaigns.models import Campaign, CampaignStatus, Form
from chiso.campaigns.services import StaleEdit, form_problems, form_save_answer, form_submit
from chiso.campaigns.tags import TagsChange, form_tags_set
from chiso.results.official import campaign_results
from chiso.scoring.numbers import fmt_points
from tests.api.conftest import Api, token_for
from tests.campaigns.tags_setup import (
    TAGGED,
    UNTAGGED,
    WITH_TAG,
    WITH_TAG_EXACT,
    WITHOUT_TAG,
    WITHOUT_TAG_EXACT,
    agencies_campaign,
    fill,
    people_of,
)

KT = "kinh-te-so"
KT_NA = "theo bộ tiêu chí: chỉ áp dụng cho đơn vị có nhiệm vụ phát triển kinh tế số"


@pytest.fixture
def tagged(cast: dict[str, Any]) -> dict[str, Any]:
    """The campaign; SCT and STP filled alike; SCT tagged ``kinh-te-so``."""
    campaign = agencies_campaign(cast)
    sct = campaign.forms.get(unit__code=TAGGED)
    stp = campaign.forms.get(unit__code=UNTAGGED)
    people = {"sct": people_of(sct, "sct"), "stp": people_of(stp, "stp")}
    fill(sct, people["sct"]["reporter"])
    fill(stp, people["stp"]["reporter"])
    changed = form_tags_set(
        actor=cast["other_admin"], campaign=campaign, changes=[TagsChange(sct.pk, [KT], 0)]
    )
    assert [f.pk for f in changed] == [sct.pk]
    return {"campaign": campaign, "people": people, **_fresh(campaign)}


def _fresh(campaign: Campaign) -> dict[str, Form]:
    return {
        "sct": campaign.forms.get(unit__code=TAGGED),
        "stp": campaign.forms.get(unit__code=UNTAGGED),
    }


def _total(form: Form) -> tuple[str, str]:
    live = live_score(form)
    assert live.score is not None, live.error
    return fmt_points(live.score.total), str(live.score.total)


def test_the_tagged_and_the_untagged_so_score_as_computed_by_hand(tagged: dict[str, Any]):
    assert tagged["sct"].tags == [KT] and tagged["stp"].tags == []
    assert _total(tagged["sct"]) == (WITH_TAG, WITH_TAG_EXACT)
    assert _total(tagged["stp"]) == (WITHOUT_TAG, WITHOUT_TAG_EXACT)
    # The untagged sở: KT not applicable, and why; its KT.1 answer is kept, unscored.
    result = live_score(tagged["stp"]).score
    assert result is not None
    assert result.criterion("KT.1").not_applicable == KT_NA
    assert tagged["stp"].answers.get(criterion="KT.1").value == [1, 2]
    assert "860,00 / 900,00 × 1000,00" in result.section("CDS").scaling_explanation()
    # The appraisal's side by side and the verified score (no verification yet: the unit's
    # values) agree with the unit's page.
    for key, expected in (("sct", WITH_TAG), ("stp", WITHOUT_TAG)):
        verified = verified_score(tagged[key])
        assert verified is not None and fmt_points(verified.total) == expected
        both = side_by_side(tagged[key])
        assert both.own is not None and fmt_points(both.own.total) == expected


def test_submit_checks_follow_the_tags(cast: dict[str, Any]):
    campaign = agencies_campaign(cast)
    sct = campaign.forms.get(unit__code=TAGGED)
    stp = campaign.forms.get(unit__code=UNTAGGED)
    people = people_of(sct, "sct")
    fill(sct, people["reporter"], skip=frozenset({"KT.1"}))
    fill(stp, people_of(stp, "stp")["reporter"], skip=frozenset({"KT.1"}))
    assert not any(p.startswith("KT.1") for p in form_problems(sct))  # untagged: not needed
    form_tags_set(
        actor=cast["other_admin"], campaign=campaign, changes=[TagsChange(sct.pk, [KT], 0)]
    )
    sct.refresh_from_db()
    assert "KT.1: thiếu câu trả lời cho tiêu chí bắt buộc" in form_problems(sct)
    assert form_problems(stp) == []
    # An answer typed on the untagged sở's KT.1 is kept and needs no evidence there.
    form_save_answer(
        actor=people["reporter"], form=sct, criterion="KT.1", value=[1, 2], expected_version=None
    )
    form_tags_set(actor=cast["other_admin"], campaign=campaign, changes=[TagsChange(sct.pk, [], 1)])
    sct.refresh_from_db()
    assert form_problems(sct) == []


def test_tags_are_validated_version_checked_audited_and_set_in_bulk(
    cast: dict[str, Any], tagged: dict[str, Any]
):
    campaign, sct, stp = tagged["campaign"], tagged["sct"], tagged["stp"]
    admin = cast["other_admin"]
    with pytest.raises(ValidationError) as refused:
        form_tags_set(
            actor=admin, campaign=campaign, changes=[TagsChange(stp.pk, [KT, "vung-sau"], 0)]
        )
    assert refused.value.messages == [
        "Sở Tư pháp: nhãn «vung-sau» không có trong bộ tiêu chí «Bộ chỉ số đánh giá chuyển đổi"
        " số của các sở, ban, ngành (mẫu năm 2026)» (có: kinh-te-so, khong-tthc)."
    ]
    with pytest.raises(StaleEdit) as stale:  # SCT's tags moved to version 1 since
        form_tags_set(actor=admin, campaign=campaign, changes=[TagsChange(sct.pk, [], 0)])
    assert "Sở Công Thương: nhãn đã được đổi" in stale.value.message
    assert "«có nhiệm vụ phát triển kinh tế số»" in stale.value.message
    _, stp_now = _fresh(campaign).values()
    assert stp_now.tags == [] and stp_now.tags_version == 0  # nothing half-written
    # Bulk: SCT loses the tag, STP gets both (written in the framework's order); one audit
    # entry per changed form; the form's version moves (its figures changed).
    before = stp.version
    changed = form_tags_set(
        actor=admin,
        campaign=campaign,
        changes=[TagsChange(sct.pk, [], 1), TagsChange(stp.pk, ["khong-tthc", KT], 0)],
    )
    assert {f.unit.code for f in changed} == {TAGGED, UNTAGGED}
    sct, stp = _fresh(campaign).values()
    assert (sct.tags, stp.tags) == ([], [KT, "khong-tthc"])
    assert stp.version == before + 1 and stp.tags_version == 1
    entry = Entry.objects.filter(action="forms.tags", unit_code=UNTAGGED).latest("pk")
    assert entry.changes["tags"] == [[], [KT, "khong-tthc"]]
    assert _total(sct) == (WITHOUT_TAG, WITHOUT_TAG_EXACT)
    # STP without procedures: HD.3–HD.7 (90 of HD's 200) do not apply either; HD = 110/110 →
    # weight 200 still (value 1); total 910 as SCT's with the tag.
    assert _total(stp) == (WITH_TAG, WITH_TAG_EXACT)
    # Unchanged: nothing written.
    assert form_tags_set(actor=admin, campaign=campaign, changes=[TagsChange(sct.pk, [], 1)]) == []


@pytest.mark.parametrize("who", ["reporter_a", "appraiser", "other_appraiser", "province_admin"])
def test_only_the_province_administrator_sets_tags(
    cast: dict[str, Any], tagged: dict[str, Any], who: str
):
    with pytest.raises((PermissionDenied, Http404)):
        form_tags_set(
            actor=cast[who],
            campaign=tagged["campaign"],
            changes=[TagsChange(tagged["stp"].pk, [KT], 0)],
        )
    assert _fresh(tagged["campaign"])["stp"].tags == []


def test_a_submitted_form_is_rescored_until_the_results_are_approved(
    cast: dict[str, Any], tagged: dict[str, Any]
):
    campaign = tagged["campaign"]
    for key in ("sct", "stp"):
        form = tagged[key]
        form_submit(actor=tagged["people"][key]["head"], form=form, expected_version=form.version)
    totals = {
        e.form.unit.code: fmt_points(e.score.total)
        for cohort in campaign_results(campaign).cohorts
        for e in cohort.entries
        if e.score is not None
    }
    assert totals == {TAGGED: WITH_TAG, UNTAGGED: WITHOUT_TAG}
    sct, stp = _fresh(campaign).values()
    form_tags_set(
        actor=cast["other_admin"],
        campaign=campaign,
        changes=[TagsChange(sct.pk, [], 1), TagsChange(stp.pk, [KT], 0)],
    )
    totals = {
        e.form.unit.code: fmt_points(e.score.total)
        for cohort in campaign_results(campaign).cohorts
        for e in cohort.entries
        if e.score is not None
    }
    assert totals == {TAGGED: WITHOUT_TAG, UNTAGGED: WITH_TAG}  # answers kept: KT.1 counts again
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.APPROVED)
    with pytest.raises(ValidationError) as refused:
        form_tags_set(
            actor=cast["other_admin"], campaign=campaign, changes=[TagsChange(stp.pk, [], 1)]
        )
    assert "đã được phê duyệt" in refused.value.messages[0]


def test_the_api_reads_and_sets_tags_and_scores_with_them(
    cast: dict[str, Any], tagged: dict[str, Any]
):
    admin = Api(token_for(cast["other_admin"]))
    sct, stp = tagged["sct"], tagged["stp"]
    got = admin.get(f"/forms/{stp.pk}/tags").json()
    assert got["tags"][0] == {
        "code": KT,
        "name": "có nhiệm vụ phát triển kinh tế số",
        "carried": False,
    }
    assert got["not_applicable"]["KT"] == KT_NA and got["tags_version"] == 0
    assert admin.get(f"/forms/{stp.pk}").json()["total"] == "955.56"
    assert admin.get(f"/forms/{sct.pk}").json()["total"] == "910.00"
    assert admin.get(f"/forms/{sct.pk}").json()["form"]["tags"] == [KT]
    # A reporter reads, never sets.
    reporter = Api(token_for(tagged["people"]["stp"]["reporter"]))
    assert reporter.get(f"/forms/{stp.pk}/tags").status_code == 200
    assert reporter.put(f"/forms/{stp.pk}/tags", {"tags": [KT], "version": 0}).status_code == 403
    bad = admin.put(f"/forms/{stp.pk}/tags", {"tags": ["vung-sau"], "version": 0})
    assert bad.status_code == 422 and bad.json()["field"] == "tags"
    stale = admin.put(f"/forms/{sct.pk}/tags", {"tags": [], "version": 0})
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    done = admin.put(
        f"/campaigns/{tagged['campaign'].pk}/tags",
        {
            "changes": [
                {"form": sct.pk, "tags": [], "version": 1},
                {"form": stp.pk, "tags": [KT], "version": 0},
            ]
        },
    )
    assert done.status_code == 200, done.content
    assert sorted(c["unit"] for c in done.json()["changed"]) == [TAGGED, UNTAGGED]
    assert admin.get(f"/forms/{stp.pk}").json()["total"] == "910.00"
    assert admin.get(f"/forms/{sct.pk}").json()["total"] == "955.56"


def test_the_appraiser_decides_only_what_applies_to_the_unit(
    cast: dict[str, Any], tagged: dict[str, Any]
):
    """The untagged sở's KT.1 is not the appraiser's to decide: «accept the rest» leaves it, the
    count is of the 37 criteria that apply (38 for the tagged sở), and appraisal can finish."""
    from chiso.appraisal.models import VerificationState
    from chiso.appraisal.services import accept_remaining, form_verify, verification_save

    appraiser = cast["other_appraiser"]
    for key in ("sct", "stp"):
        form = tagged[key]
        form_submit(actor=tagged["people"][key]["head"], form=form, expected_version=form.version)
    counts = {}
    for key in ("sct", "stp"):
        form = Form.objects.get(pk=tagged[key].pk)
        accepted = accept_remaining(actor=appraiser, form=form, expected_version=form.version)
        assert ("KT.1" in accepted) is (key == "sct")
        form.refresh_from_db()
        verification_save(
            actor=appraiser,
            form=form,
            criterion="AT.5",
            state=VerificationState.ADJUSTED,
            value="20",
            reason_code="other",
            reason="Đã kiểm tra hồ sơ an toàn thông tin",
            expected_version=None,
        )
        both = side_by_side(Form.objects.get(pk=form.pk))
        counts[key] = (both.decided, both.total)
        form.refresh_from_db()
        done = form_verify(actor=appraiser, form=form, expected_version=form.version)
        verified = verified_score(done)
        assert verified is not None
        # AT.5's 20 points: AT 100/100. Tagged: 910 + 20 = 930; untagged: 880 of the 900
        # applicable → 880 / 900 × 1000 = 8800/9 = 977,78.
        assert fmt_points(verified.total) == ("930,00" if key == "sct" else "977,78")
    assert counts == {"sct": (38, 38), "stp": (37, 37)}


def test_the_tags_page_saves_several_units_and_refuses_a_stale_or_foreign_change(
    client: Any, cast: dict[str, Any], tagged: dict[str, Any]
):
    campaign, sct, stp = tagged["campaign"], tagged["sct"], tagged["stp"]
    url = f"/campaigns/{campaign.pk}/tags/"
    client.force_login(tagged["people"]["stp"]["reporter"])
    assert client.get(url).status_code == 403  # a unit sees no department page
    client.force_login(cast["other_appraiser"])
    page = client.get(url)
    assert page.status_code == 200 and "Lưu nhãn" not in page.content.decode()  # reads only
    assert client.post(url, {"form": [stp.pk], f"v-{stp.pk}": 0}).status_code == 403
    client.force_login(cast["other_admin"])
    page = client.get(url).content.decode()
    assert "quyết định KT" in page and "quyết định HD.3, HD.4, HD.5, HD.6, HD.7" in page
    assert f'name="tags-{sct.pk}" value="{KT}"' in page
    stale = client.post(
        url, {"form": [sct.pk, stp.pk], f"v-{sct.pk}": 0, f"v-{stp.pk}": 0, f"tags-{stp.pk}": KT}
    )
    assert stale.status_code == 422
    text = stale.content.decode()
    assert "Chưa lưu gì" in text and "Sở Công Thương: nhãn đã được đổi" in text
    assert _fresh(campaign)["stp"].tags == []  # all or nothing
    saved = client.post(
        url,
        {"form": [sct.pk, stp.pk], f"v-{sct.pk}": 1, f"v-{stp.pk}": 0, f"tags-{stp.pk}": KT},
        follow=True,
    )
    assert "Đã cập nhật nhãn của 2 đơn vị." in saved.content.decode()
    assert [f.tags for f in _fresh(campaign).values()] == [[], [KT]]
    # The untagged sở's form now says why KT.1 asks nothing; the tagged one asks for it.
    client.force_login(tagged["people"]["sct"]["reporter"])
    form_page = client.get(f"/forms/{sct.pk}/").content.decode()
    assert "Không áp dụng với đơn vị</strong> (" + KT_NA + ")" in form_page
    assert "Câu trả lời đã nhập trước đây vẫn được giữ nhưng không tính điểm." in form_page
