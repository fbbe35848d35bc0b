"""Official results from forms driven through submit, appraisal and approval."""

from __future__ import annotations

from typing import Any

from chiso.results.official import Reason
from chiso.results.selectors import campaign_figures
from tests.results.conftest import example, fill, run_districts, submit


def _table(figures: dict[str, Any], level: str, section: str) -> dict[str, Any]:
    cohort = next(c for c in figures["cohorts"] if c["level"] == level)
    return next(s for s in cohort["sections"] if s["code"] == section)


def test_the_2019_districts_rank_as_decision_47_published(districts_2019: Any) -> None:
    figures = campaign_figures(districts_2019)

    readiness = _table(figures, "district", "SS")
    assert [(r["rank"], r["name"], r["points"], r["level"]) for r in readiness["ranking"]] == [
        (1, "Thành phố Gia Nghĩa", "43.80", "Mức II"),
        (2, "Huyện Cư Jút", "40.23", "Mức II"),
        (3, "Huyện Đắk R'Lấp", "37.42", "Mức IV"),
    ]
    results = _table(figures, "district", "KQ")
    assert [(r["rank"], r["name"], r["points"], r["level"]) for r in results["ranking"]] == [
        (1, "Thành phố Gia Nghĩa", "81.75", "Mức III"),
        (2, "Huyện Krông Nô", "71.18", "Mức IV"),
    ]
    assert readiness["counts"]["ranked"] == 3 and results["counts"]["ranked"] == 2
    assert readiness["counts"]["per_level"] == {"Mức I": 0, "Mức II": 2, "Mức III": 0, "Mức IV": 1}
    dakmil = next(r for r in readiness["not_ranked"] if r["name"] == "Huyện Đắk Mil")
    assert dakmil["points"] == "42.38"
    assert dakmil["reason"] == "không đạt Mức IV: SS.NL 6,10 < 8,40"
    assert figures["provisional"] is False


def test_every_unranked_unit_says_why_late_not_submitted_excluded_or_below_the_level(
    cast: dict[str, Any],
) -> None:
    import datetime as dt

    from chiso.appraisal import services
    from chiso.results.official import EXCLUDED, NOT_SUBMITTED

    campaign = run_districts(
        cast,
        2019,
        skip=("667",),
        late={"665": dt.datetime(2019, 12, 2, 9, 0, tzinfo=dt.UTC)},
        exclude={"663": "Số liệu báo cáo không trung thực"},
        exclude_late=True,
    )
    figures = campaign_figures(campaign)

    readiness = _table(figures, "district", "SS")
    reasons = {r["name"]: r["reason"] for r in readiness["not_ranked"]}
    assert reasons["Huyện Tuy Đức"] == NOT_SUBMITTED
    assert reasons["Huyện Đắk Song"].startswith("Nộp muộn (ngày 02/12/2019, hạn cuối ")
    assert reasons["Huyện Đắk Mil"] == EXCLUDED.format(reason="Số liệu báo cáo không trung thực")
    assert reasons["Huyện Đăk Glong"].startswith("không đạt Mức IV: SS 22,22 < 35,00")
    units = {u["unit"]: u for u in figures["cohorts"][0]["units"]}
    assert units["667"]["reason_code"] == Reason.NOT_SUBMITTED and units["667"]["total"] is None
    assert units["665"]["reason_code"] == Reason.LATE and units["665"]["late"] is True
    assert units["663"]["reason_code"] == Reason.EXCLUDED
    assert units["661"]["sections"][0]["reason_code"] == Reason.BELOW_LEVEL
    # The ranked three are still the published three, with their published points.
    assert [r["points"] for r in readiness["ranking"]] == ["43.80", "40.23", "37.42"]
    assert services.EXCLUDE_REASON  # the approver's reason is required (appraisal service)


def test_a_late_unit_is_ranked_when_the_campaign_does_not_exclude_late_ones(
    cast: dict[str, Any],
) -> None:
    import datetime as dt

    campaign = run_districts(
        cast, 2019, late={"666": dt.datetime(2019, 12, 2, 9, 0, tzinfo=dt.UTC)}
    )
    readiness = _table(campaign_figures(campaign), "district", "SS")
    assert [r["name"] for r in readiness["ranking"]][2] == "Huyện Đắk R'Lấp"
    units = {u["unit"]: u for u in campaign_figures(campaign)["cohorts"][0]["units"]}
    assert units["666"]["late"] is True and units["666"]["reason_code"] == ""


def test_draft_results_of_a_campaign_under_appraisal_are_marked_provisional(
    campaign: Any, cast: dict[str, Any]
) -> None:
    import datetime as dt

    form = campaign.forms.get(unit__code="666")
    answers = example("daknong-2019-huyen", "666")
    fill(form, cast["reporter_a"], answers)
    submit(form, cast["head_a"], dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC))

    figures = campaign_figures(campaign)
    assert figures["provisional"] is True
    districts = next(c for c in figures["cohorts"] if c["level"] == "district")
    dakrlap = next(u for u in districts["units"] if u["unit"] == "666")
    # Alone in the cohort so far, it is its own best in the normalised SS.HT.5 (37,42 once the
    # other districts, Gia Nghĩa's 2,5 Mbps among them, are in).
    assert dakrlap["verified"] is False and dakrlap["sections"][0]["points"] == "39.82"
    # Every other district and commune has not submitted.
    assert sum(len(c["units"]) for c in figures["cohorts"]) == 79
    assert districts["sections"][0]["counts"]["scored"] == 1
