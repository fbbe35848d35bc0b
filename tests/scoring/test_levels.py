"""Levels from the shipped frameworks: the 2392 ladder of Điều 6 and Sơn La's bands."""

from __future__ import annotations

from fractions import Fraction

import pytest

from chiso.scoring import shipped_registry
from chiso.scoring.classify import level_index, level_names


def level(framework: str, section: str, groups: dict[str, str]) -> str:
    sec = shipped_registry().get(framework).section(section)
    points = [Fraction(groups[g.code]) for g in sec.groups]
    index = level_index(sec, sum(points, Fraction(0)), points)
    return "Không xếp hạng" if index is None else level_names(sec)[index]


# Đắk Nông 2019 (QĐ 47/QĐ-UBND): only totals were published; the group points here
# are one split consistent with them. Each published level follows under the Điều 6 rule.
DAK_NONG = [
    ("vn-2392-huyen", "SS", {"SS.HT": "27", "SS.NL": "9.8", "SS.MT": "7"}, "43.8", "Mức II"),
    ("vn-2392-huyen", "SS", {"SS.HT": "24.1", "SS.NL": "9.63", "SS.MT": "6.5"}, "40.23", "Mức II"),
    ("vn-2392-huyen", "SS", {"SS.HT": "23.02", "SS.NL": "8.5", "SS.MT": "5.9"}, "37.42", "Mức IV"),
    (
        "vn-2392-huyen",
        "KQ",
        {"KQ.HD": "36", "KQ.TT": "29", "KQ.GD": "15", "KQ.CD": "1.75"},
        "81.75",
        "Mức III",
    ),
    (
        "vn-2392-huyen",
        "KQ",
        {"KQ.HD": "32.2", "KQ.TT": "24.98", "KQ.GD": "14", "KQ.CD": "0"},
        "71.18",
        "Mức IV",
    ),
    ("vn-2392-xa", "SS", {"SS.HT": "13", "SS.NL": "4.9", "SS.MT": "3.6"}, "21.5", "Mức IV"),
    ("vn-2392-xa", "SS", {"SS.HT": "12.9", "SS.NL": "5", "SS.MT": "3.5"}, "21.4", "Mức IV"),
]


@pytest.mark.parametrize(("framework", "section", "groups", "total", "expected"), DAK_NONG)
def test_dak_nong_2019_published_levels_follow_from_totals(
    framework, section, groups, total, expected
):
    assert sum(Fraction(v) for v in groups.values()) == Fraction(total)
    assert level(framework, section, groups) == expected


@pytest.mark.parametrize(
    ("hd", "expected"),
    [("32", "Mức IV"), ("31.99", "Không xếp hạng"), ("32.01", "Mức IV")],
)
def test_results_minimum_70_5_is_inclusive_and_exact(hd, expected):
    # 32 + 24,5 + 14 = 70,5 meets Mức IV exactly; 70,49 does not, by one hundredth.
    groups = {"KQ.HD": hd, "KQ.TT": "24.5", "KQ.GD": "14", "KQ.CD": "0"}
    assert level("vn-2392-huyen", "KQ", groups) == expected


def test_total_of_level_ii_but_one_group_short_gets_the_level_whose_shares_it_meets():
    # 41 ≥ 40 (Mức II total) but Nhân lực 9,2 < 80 % × 12 = 9,6; 9,2 ≥ 75 % → Mức III.
    groups = {"SS.HT": "24.3", "SS.NL": "9.2", "SS.MT": "7.5"}
    assert level("vn-2392-huyen", "SS", groups) == "Mức III"


def test_commune_presence_uses_its_own_shares_not_the_district_ones():
    # Commune Mức III needs Hiện diện ≥ 80 % of 27 = 21,6 (district would need 85 %: 22,95).
    groups = {"KQ.HD": "21.6", "KQ.TT": "14.4", "KQ.GD": "7.5", "KQ.CD": "0"}
    assert level("vn-2392-xa", "KQ", groups) == "Mức III"


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        ("85", "Tốt"),
        ("84.99", "Khá"),
        ("70", "Khá"),
        ("69.99", "Trung bình"),
        ("50", "Trung bình"),
        ("49.99", "Yếu"),
        ("0", "Yếu"),
    ],
)
def test_son_la_bands_on_the_total(total, expected):
    framework = shipped_registry().get("sonla-cqs-huyen")
    section = framework.sections[0]
    share = Fraction(total) / section.max_points
    points = [share * g.max_points for g in section.groups]
    index = level_index(section, Fraction(total), points)
    assert level_names(section)[index] == expected


@pytest.mark.parametrize("framework", ["vn-2392-huyen", "vn-2392-xa"])
def test_every_2392_minimum_total_equals_the_sum_of_its_group_minimums(framework):
    # Checked by hand: in all 16 cells Σ share × group max = printed minimum.
    for section in shipped_registry().get(framework).sections:
        for lv in section.classification.levels:
            assert sum(points for _, points in lv.requirements) == lv.min_total, lv.name
