"""Ranking: standard competition ranking (1, 2, 2, 4), and units listed without a rank."""

from __future__ import annotations

import pytest

from chiso.scoring import UnitAnswers, rank, score_cohort

CRITERIA = """
- code: A
  name: "Tỷ lệ"
  max_points: 10
  input: ratio
  rule: proportional
  legal_basis: {item: "1"}
"""
LADDER = (
    "{type: ladder, levels: [{name: Mức I, min_total: 8, min_share_all: 0.8}, "
    "{name: Mức II, min_total: 5, min_share_all: 0.5}]}"
)


@pytest.fixture
def framework(framework_of):
    return framework_of(CRITERIA, max_points="10", classification=LADDER)


def ranked(framework, ratios, *, excluded=None):
    cohort = [
        UnitAnswers(
            unit=name, name=name, answers={"A": ratio}, excluded=(excluded or {}).get(name, "")
        )
        for name, ratio in ratios.items()
    ]
    result = rank(
        framework,
        score_cohort(framework, cohort),
        excluded={u.unit: u.excluded for u in cohort if u.excluded},
    )
    return result.sections[0]


def test_ties_share_a_rank_and_the_next_rank_is_skipped(framework):
    section = ranked(framework, {"An": [9, 10], "Bình": [7, 10], "Chi": [14, 20], "Dũng": [6, 10]})
    assert [(e.name, e.rank) for e in section.ranked] == [
        ("An", 1),
        ("Bình", 2),
        ("Chi", 2),
        ("Dũng", 4),
    ]


def test_exact_ties_are_recognised_across_different_fractions(framework):
    # 1/3 and 2/6 and 3/9 are the same share: the same points and the same rank.
    section = ranked(framework, {"X": [1, 1], "A": [2, 3], "B": [4, 6], "C": [6, 9]})
    assert [e.rank for e in section.ranked] == [1, 2, 2, 2]


def test_unit_without_level_is_listed_without_rank_and_with_the_reason(framework):
    section = ranked(framework, {"An": [9, 10], "Bình": [4, 10]})
    (entry,) = section.not_ranked
    assert (entry.name, entry.rank, entry.level) == ("Bình", None, "Không xếp hạng")
    assert entry.reason == "không đạt Mức II: HM 4,00 < 5,00; HM.G 4,00 < 5,00"


def test_excluded_unit_is_listed_without_rank_and_does_not_take_a_place(framework):
    section = ranked(
        framework,
        {"An": [9, 10], "Bình": [10, 10], "Chi": [7, 10]},
        excluded={"Bình": "nộp muộn sau thời hạn gia hạn"},
    )
    assert [(e.name, e.rank) for e in section.ranked] == [("An", 1), ("Chi", 2)]
    assert section.not_ranked[0].reason == "nộp muộn sau thời hạn gia hạn"


def test_ties_are_listed_by_vietnamese_name_order(framework):
    section = ranked(framework, {"Yên Châu": [9, 10], "Đắk Mil": [9, 10], "Ân Thi": [9, 10]})
    assert [e.name for e in section.ranked] == ["Ân Thi", "Đắk Mil", "Yên Châu"]
