"""A 2026 campaign on another framework than 2025's compares with 2025 only through the
crosswalk the province administrator confirmed; without one, each section says it does not
compare instead of putting unlike things side by side."""

from __future__ import annotations

import datetime as dt
from html import unescape
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from chiso.accounts.models import Role
from chiso.accounts.policy import Target
from chiso.accounts.services import role_grant, user_create
from chiso.appraisal import approval, services
from chiso.audit.models import Entry as AuditEntry
from chiso.campaigns.services import campaign_create, campaign_open
from chiso.frameworks import services as fw_services
from chiso.frameworks.crosswalk import Link, propose
from chiso.frameworks.models import FrameworkCrosswalk
from chiso.publish.unit_report import unit_report_html
from chiso.results.bundle import draft_bundle
from chiso.results.documents import result_set
from chiso.results.previous import NOT_COMPARABLE
from chiso.results.selectors import campaign_figures
from chiso.results.services import results_publish
from chiso.units.models import Unit
from tests.campaigns_dept.conftest import head_of
from tests.crosswalk.frameworks import RENAMED, new_framework, new_text, old_framework
from tests.results.conftest import SIGNED, appraise, example, fill, submit

# Xã Trường Xuân and Xã Quảng Sơn (2025 structure), verified both years.
COMMUNES = ("24730", "24616")


def approver_of_lamdong() -> Any:
    user, _ = user_create(
        actor=None,
        username="lanhdao.lamdong",
        full_name="Lãnh đạo Lâm Đồng",
        email="lanhdao.lamdong@example.vn",
        password="mat-khau-thu-2026",
    )
    role_grant(
        actor=None, user=user, role=Role.APPROVER, unit=Unit.objects.get(era="2025", code="68")
    )
    return user


def _lamdong(cast: dict[str, Any], year: int, framework: str, adjust: dict[str, Any]) -> Any:
    """Lâm Đồng's commune campaign of ``year`` on ``framework``, the two communes verified with
    the Đắk Nông example answers (codes renamed for the new framework), the others left out."""
    campaign = campaign_create(
        actor=cast["other_admin"],
        province=cast["lamdong"],
        year=year,
        name=f"CQĐT cấp xã năm {year}",
        request_date=dt.date(year, 10, 1),
        deadline_working_days=15,
        frameworks={"commune": framework},
    )
    campaign_open(actor=cast["other_admin"], campaign=campaign)
    campaign.refresh_from_db()
    answers = example("daknong-2019-xa", "24728", year=year)
    if framework != "vn-2392-xa":
        answers = {RENAMED.get(code, code): value for code, value in answers.items()}
    for form in campaign.forms.select_related("unit"):
        code = form.unit.code
        if code not in COMMUNES:
            services.form_exclude(
                actor=cast["lamdong_approver"], form=form, excluded=True, reason="Ngoài phạm vi thử"
            )
            continue
        head = head_of(form.unit, f"head.{year}.{code}")
        fill(form, head, answers)
        submit(form, head, dt.datetime(year, 10, 12, 9, 0, tzinfo=dt.UTC))
        appraise(form, cast["other_appraiser"], answers, adjust.get(code))
    return campaign


def _publish(cast: dict[str, Any], campaign: Any) -> None:
    approver = cast["lamdong_approver"]
    appraiser = cast["other_appraiser"]
    campaign = approval.campaign_start_appraisal(actor=appraiser, campaign=campaign)
    campaign = approval.campaign_request_approval(actor=appraiser, campaign=campaign)
    campaign = approval.campaign_approve(
        actor=approver, campaign=campaign, expected_version=campaign.version
    )
    signed = {**SIGNED, "decision_date": dt.date(2026, 1, 10)}
    results_publish(actor=approver, campaign=campaign, **signed)


def _section(figures: dict[str, Any], unit: str, code: str) -> dict[str, Any]:
    units = figures["cohorts"][0]["units"]
    found = next(u for u in units if u["unit"] == unit)
    return next(s for s in found["sections"] if s["code"] == code)


@pytest.fixture
def years(cast: dict[str, Any]) -> Any:
    """2025 published on vn-2392-xa (Trường Xuân had 5 of 10 officers with a computer: 2,5 of
    5 points on SS.HT.1); 2026 on the province's lamdong-xa-moi version 1."""
    cast["lamdong_approver"] = approver_of_lamdong()
    _publish(cast, _lamdong(cast, 2025, "vn-2392-xa", {"24730": {"SS.HT.1": ["5", "10"]}}))
    province = Target(era="2025", province_code="68")
    row = fw_services.framework_version_create(
        actor=cast["other_admin"], province=province, text=new_text(), code="lamdong-xa-moi"
    )
    fw_services.framework_version_publish(actor=cast["other_admin"], version=row)
    return _lamdong(cast, 2026, "lamdong-xa-moi@1", {}), province


def test_without_a_confirmed_crosswalk_nothing_compares_and_every_section_says_so(
    years: Any,
) -> None:
    campaign, _ = years
    figures = campaign_figures(campaign)

    assert figures["previous"]["year"] == 2025
    for code in ("SS", "KQ"):
        mine = _section(figures, "24730", code)
        assert mine["previous"] is None
        assert mine["previous_note"] == NOT_COMPARABLE
        frame = next(s for s in figures["cohorts"][0]["sections"] if s["code"] == code)
        assert frame["previous_counts"] is None
        assert frame["previous_note"] == NOT_COMPARABLE
    # The unit's report says so too, instead of a change.
    report = unescape(unit_report_html(result_set(draft_bundle(campaign)), "24730"))
    assert report.count("So với năm trước: không so sánh được: bộ tiêu chí khác năm trước.") == 2


def test_through_the_confirmed_crosswalk_mapped_criteria_compare_and_the_rest_do_not(
    cast: dict[str, Any], years: Any
) -> None:
    campaign, province = years
    old, new = old_framework(), new_framework()
    fw_services.crosswalk_confirm(
        actor=cast["other_admin"], province=province, old=old, new=new, links=propose(old, new)
    )

    figures = campaign_figures(campaign)
    mine = _section(figures, "24730", "SS")
    before = mine["previous"]

    assert "previous_note" not in mine
    assert before["crosswalk"] == {"framework": "vn-2392-xa phiên bản 2017", "section": "SS"}
    # SS.HT.1 (5 of 10 officers: 2,5 of 5 in 2025) is SS.HT.01 this year, with the example's
    # 8 of 10: 4 points.
    assert before["items"]["SS.HT.01"] == "2.5"
    assert mine["items"]["SS.HT.01"]["points_exact"] == "4"
    # The section: everything else answered alike both years, so 4 − 2,5 = 1,5.
    assert before["change"] == "1.5"
    assert before["items"]["SS.NL.3"] == mine["items"]["SS.NL.3"]["points_exact"]
    assert "SS.MT.3" not in before["items"]  # no counterpart
    # The group SS.MT kept its code and maximum (5): it compares, 3 of 10 officers both years.
    assert before["items"]["SS.MT"] == mine["items"]["SS.MT"]["points_exact"]
    frame = figures["cohorts"][0]["sections"][0]
    assert frame["previous_counts"]["units"] == 124 and "previous_note" not in frame

    # The administrator says SS.MT.2 became SS.MT.3 after all: it compares from then on.
    edited = [
        Link("SS.MT.2", "SS.MT.3") if link.old == "SS.MT.2" else link for link in propose(old, new)
    ]
    fw_services.crosswalk_confirm(
        actor=cast["other_admin"], province=province, old=old, new=new, links=edited
    )
    again = _section(campaign_figures(campaign), "24730", "SS")["previous"]
    assert again["items"]["SS.MT.3"] == "0.6"  # 3 of 10 officers × 2 points
    assert FrameworkCrosswalk.objects.count() == 1
    entries = AuditEntry.objects.filter(action="frameworks.crosswalk").order_by("pk")
    assert [e.changes["changed"] for e in entries][1] == [
        {"old": "SS.MT.2", "new": "SS.MT.3", "merge": False}
    ]


def test_a_crosswalk_with_problems_is_refused_whole_and_only_by_the_province_admin(
    cast: dict[str, Any],
) -> None:
    old, new = old_framework(), new_framework()
    province = Target(era="2025", province_code="68")
    links = [Link("SS.HT.2", "SS.HT.9") if x.old == "SS.HT.2" else x for x in propose(old, new)]
    with pytest.raises(ValidationError) as refused:
        fw_services.crosswalk_confirm(
            actor=cast["other_admin"], province=province, old=old, new=new, links=links
        )
    assert refused.value.messages == [
        "«SS.HT.2» ghép vào «SS.HT.9», nhưng «SS.HT.9» không có trong bộ tiêu chí mới"
        " (lamdong-xa-moi phiên bản 1)."
    ]
    assert not FrameworkCrosswalk.objects.exists()
    with pytest.raises(Http404):  # Đắk Nông's appraiser: not even told Lâm Đồng's exists
        fw_services.crosswalk_confirm(
            actor=cast["appraiser"], province=province, old=old, new=new, links=propose(old, new)
        )
    assert Unit.objects.filter(era="2025", code="24730").exists()
