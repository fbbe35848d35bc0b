"""Year over year: the same unit against last year's published figures, and across the 2025
reform a new commune against the communes it was formed from."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from chiso.appraisal import approval, services
from chiso.campaigns.services import campaign_create, campaign_open
from chiso.results.bundle import snapshot_bundle
from chiso.results.selectors import campaign_figures
from chiso.results.services import results_publish
from chiso.units.models import Unit
from tests.campaigns_dept.conftest import head_of
from tests.conftest import open_campaign
from tests.results.conftest import SIGNED, appraise, example, fill, run_districts, submit


def _unit(figures: dict[str, Any], level: str, code: str) -> dict[str, Any]:
    cohort = next(c for c in figures["cohorts"] if c["level"] == level)
    return next(u for u in cohort["units"] if u["unit"] == code)


def test_each_unit_compares_with_last_years_published_score_rank_and_level(
    cast: dict[str, Any],
) -> None:
    # 2018: Gia Nghĩa had 40 of 50 officers with a computer (4,80 points) instead of 48.
    y2018 = run_districts(cast, 2018, adjust={"660": {"SS.HT.1": ["40", "50"]}})
    old = results_publish(actor=cast["approver"], campaign=y2018, **SIGNED)
    y2019 = run_districts(cast, 2019)

    figures = campaign_figures(y2019)

    assert figures["previous"]["year"] == 2018
    assert figures["previous"]["sources"][0]["sha256"] == old.sha256
    before = _unit(figures, "district", "660")["sections"][0]["previous"]
    assert (before["basis"], before["points"], before["change"]) == ("same_unit", "42.84", "0.96")
    assert (before["rank"], before["level"], before["level_change"]) == (1, "Mức II", "same")
    assert before["derivation"] == ""
    assert _unit(figures, "district", "662")["sections"][0]["previous"]["change"] == "0"
    readiness = figures["cohorts"][0]["sections"][0]
    assert readiness["previous_counts"]["ranked"] == 3
    assert readiness["previous_counts"]["per_level"]["Mức II"] == 2

    story = snapshot_bundle(results_publish(actor=cast["approver"], campaign=y2019, **SIGNED))[
        "stories"
    ]
    gia_nghia = story["district"]["660"][0]
    assert gia_nghia["change"] == (
        "Tăng 0,96 điểm so với năm 2018 (42,84 điểm); hạng 1 → 1; Mức II → Mức II."
    )
    assert gia_nghia["gains"][0].startswith("SS.HT.1 ")
    assert "tăng 0,96 điểm (4,80 → 5,76)" in gia_nghia["gains"][0]
    assert gia_nghia["drops"] == []


def _communes_2019_published(cast: dict[str, Any]) -> dict[str, Any]:
    """Đắk Nông 2019, communes: three appraised and verified, the other 68 left out."""
    campaign = open_campaign(cast, year=2019, frameworks={"commune": "vn-2392-xa"})
    answers = example("daknong-2019-xa", "24728")
    adjust = {"24728": None, "24730": {"SS.HT.1": ["5", "10"]}, "24616": {"SS.HT.1": ["8", "10"]}}
    for form in campaign.forms.select_related("unit"):
        code = form.unit.code
        if code not in adjust:
            services.form_exclude(
                actor=cast["approver"], form=form, excluded=True, reason="Ngoài phạm vi thử"
            )
            continue
        head = head_of(form.unit, f"head.{code}")
        fill(form, head, answers)
        submit(form, head, dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC))
        appraise(form, cast["appraiser"], answers, adjust[code])
    campaign = approval.campaign_start_appraisal(actor=cast["appraiser"], campaign=campaign)
    campaign = approval.campaign_request_approval(actor=cast["appraiser"], campaign=campaign)
    campaign = approval.campaign_approve(
        actor=cast["approver"], campaign=campaign, expected_version=campaign.version
    )
    return dict(results_publish(actor=cast["approver"], campaign=campaign, **SIGNED).data)


def lamdong_2026(cast: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """Đắk Nông's 2019 communes published, then Lâm Đồng's 2026 commune campaign (2025
    structure) with Xã Trường Xuân and Xã Quảng Sơn verified: (2019 figures, 2026 campaign)."""
    old = _communes_2019_published(cast)
    lamdong = cast["lamdong"]
    campaign = campaign_create(
        actor=cast["other_admin"],
        province=lamdong,
        year=2026,
        name="CQĐT cấp xã năm 2026",
        request_date=dt.date(2026, 10, 1),
        deadline_working_days=15,
        frameworks={"commune": "vn-2392-xa"},
    )
    campaign_open(actor=cast["other_admin"], campaign=campaign)
    campaign.refresh_from_db()
    answers = example("daknong-2019-xa", "24728", year=2026)
    for code in ("24730", "24616"):  # Xã Trường Xuân, Xã Quảng Sơn (2025 structure)
        unit = Unit.objects.get(era="2025", code=code)
        form = campaign.forms.get(unit=unit)
        head = head_of(unit, f"head.2025.{code}")
        fill(form, head, answers)
        submit(form, head, dt.datetime(2026, 10, 12, 9, 0, tzinfo=dt.UTC))
        appraise(form, cast["other_appraiser"], answers)
    return old, campaign


def test_a_merged_commune_compares_with_the_mean_of_the_communes_it_was_formed_from(
    cast: dict[str, Any],
) -> None:
    old, campaign = lamdong_2026(cast)

    figures = campaign_figures(campaign)

    assert figures["previous"]["year"] == 2019
    assert figures["previous"]["sources"][0]["province"]["name"] == "Tỉnh Đắk Nông"
    before = {
        u["unit"]: u["sections"][0]["points_exact"]
        for u in _unit_list(old, "commune")
        if u["total"]
    }
    merged = _unit(figures, "commune", "24730")["sections"][0]
    prev = merged["previous"]
    assert prev["basis"] == "mean"
    assert prev["derivation"] == "bình quân của Xã Nâm N'Jang, Xã Trường Xuân"
    mean = (Fraction(before["24728"]) + Fraction(before["24730"])) / 2
    assert Fraction(prev["points_exact"]) == mean
    assert Fraction(prev["change"]) == Fraction(merged["points_exact"]) - mean
    assert prev["rank"] is None and prev["level"] is None  # no rank across the reform

    single = _unit(figures, "commune", "24616")["sections"][0]["previous"]
    assert single["basis"] == "successor"
    assert single["derivation"] == "theo Xã Quảng Sơn (đơn vị trước sắp xếp năm 2025)"
    assert single["points_exact"] == before["24616"] and single["rank"] is None
    assert single["level"] is not None  # one predecessor: its level compares
    # Phường Bắc Gia Nghĩa's four predecessors published nothing: no previous figure.
    assert _unit(figures, "commune", "24611")["sections"] == []


def _unit_list(figures: dict[str, Any], level: str) -> list[dict[str, Any]]:
    return list(next(c for c in figures["cohorts"] if c["level"] == level)["units"])
