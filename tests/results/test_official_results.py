"""Official results from forms driven through submit, appraisal and approval."""

from __future__ import annotations

from typing import Any

from chiso.results.official import Reason
from chiso.results.selectors import campaign_figures


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
