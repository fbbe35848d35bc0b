"""Building a KindResult: cohort profiles, last year's figures through the lineage, snapshots."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest

from chiso.publish import NotRanked, build_kind
from chiso.publish.serialize import (
    checksum,
    result_set_from_json,
    result_set_to_json,
    with_checksum,
)
from chiso.scoring import score_cohort, shipped_registry

from .conftest import read_cohort


@pytest.fixture(scope="module")
def communes_2019(results):
    return results.kind("xa")


def build_communes(*, cohort, year, previous=None, previous_year=None, lineage=None, excluded=None):
    framework = shipped_registry().get("vn-2392-xa")
    return build_kind(
        framework,
        score_cohort(framework, cohort),
        year=year,
        kind="xa",
        label="cấp xã",
        names={u.unit: u.name for u in cohort},
        excluded=excluded,
        previous=previous,
        previous_year=previous_year,
        lineage=lineage,
    )


def test_group_profile_compares_the_unit_with_its_cohort(results):
    districts = results.kind("huyen")
    groups = districts.unit("660").section("SS").groups
    staff = next(g for g in groups if g.code == "SS.NL")
    all_points = [u.section("SS").groups[1].points for u in districts.units]
    assert staff.points == Fraction("9.8")
    assert staff.cohort_average == sum(all_points, Fraction(0)) / 8
    assert staff.percentile == 1  # more than every other district
    lowest = districts.unit("667").section("SS").groups[1]
    assert lowest.percentile == 0


def test_next_step_names_the_gaps_to_the_level_above(results):
    section = results.kind("huyen").unit("660").section("SS")
    assert section.next_step.level == "Mức I"
    total = section.next_step.gaps[0]
    assert (total.is_total, total.has, total.needs, total.missing) == (
        True,
        Fraction("43.8"),
        Fraction(45),
        Fraction("1.2"),
    )
    assert total.room[0].points_left > 0


def test_history_runs_from_last_year_to_this_year(results):
    history = results.kind("xa").unit("24728").section("SS").history
    assert [(h.year, h.points, h.rank, h.level) for h in history] == [
        (2018, Fraction("18.5"), None, "Không xếp hạng"),
        (2019, Fraction("21.5"), 1, "Mức IV"),
    ]


def test_a_merged_unit_compares_with_the_average_of_its_predecessors(communes_2019):
    cohort = read_cohort("daknong-2019-xa")
    cohort[3] = dataclasses.replace(cohort[3], unit="99001", name="Xã Nâm N'Jang mới")
    merged = build_communes(
        cohort=cohort,
        year=2020,
        previous=communes_2019,
        previous_year=2019,
        lineage={"99001": ["24728", "24655"]},
    )
    entry = next(e for e in merged.section("SS").entries if e.unit == "99001")
    assert entry.previous.points == (Fraction("21.5") + Fraction("21.4")) / 2
    assert entry.previous.rank is None
    assert entry.previous.note == (
        "trung bình cộng điểm năm 2019 của Xã Nâm N'Jang 21,50, Xã Tâm Thắng 21,40 trước khi "
        "sắp xếp; không so sánh thứ hạng, mức"
    )
    assert merged.section("SS").previous_ranked == 2


def test_a_renamed_unit_keeps_its_predecessors_figure_and_history(communes_2019):
    cohort = read_cohort("daknong-2019-xa")
    cohort[3] = dataclasses.replace(cohort[3], unit="99001")
    renamed = build_communes(
        cohort=cohort,
        year=2020,
        previous=communes_2019,
        previous_year=2019,
        lineage={"99001": ["24728"]},
    )
    entry = next(e for e in renamed.section("SS").entries if e.unit == "99001")
    assert (entry.previous.points, entry.previous.rank) == (Fraction("21.5"), 1)
    assert entry.previous.note == "số liệu của Xã Nâm N'Jang (mã 24728) trước khi sắp xếp"
    history = renamed.unit("99001").section("SS").history
    assert [h.year for h in history] == [2018, 2019, 2020]
    assert renamed.unit("99001").section("SS").groups[0].previous_points == Fraction(13)


def test_an_excluded_unit_is_listed_with_its_reason_and_left_out_of_the_cohort():
    cohort = read_cohort("daknong-2019-xa")
    cohort = [
        dataclasses.replace(u, excluded="nộp muộn") if u.unit == "24612" else u for u in cohort
    ]
    kind = build_communes(cohort=cohort, year=2019, excluded={"24612": "nộp muộn"})
    entry = next(e for e in kind.section("SS").entries if e.unit == "24612")
    assert (entry.rank, entry.not_ranked, entry.reason) == (None, NotRanked.EXCLUDED, "nộp muộn")
    others = [u for u in kind.units if u.unit != "24612"]
    average = sum((u.section("SS").groups[0].points for u in others), Fraction(0)) / 3
    assert kind.unit("24612").section("SS").groups[0].cohort_average == average


def test_previous_results_need_their_year(communes_2019):
    with pytest.raises(ValueError, match="previous_year"):
        build_communes(cohort=read_cohort("daknong-2019-xa"), year=2020, previous=communes_2019)


def test_a_snapshot_reads_back_to_the_same_results_and_checksum(results):
    text = result_set_to_json(results)
    back = result_set_from_json(text)
    assert back == results
    assert checksum(back) == checksum(results)
    assert '"points":"43.8"' in text


def test_checksum_changes_with_any_published_figure(results):
    sealed = with_checksum(results)
    assert sealed.meta.checksum == checksum(results) and len(sealed.meta.checksum) == 64
    kind = results.kinds[0]
    section = kind.sections[0]
    first = dataclasses.replace(section.entries[0], points=Fraction("43.81"))
    changed = dataclasses.replace(
        results,
        kinds=(
            dataclasses.replace(
                kind,
                sections=(dataclasses.replace(section, entries=(first, *section.entries[1:])),)
                + kind.sections[1:],
            ),
            *results.kinds[1:],
        ),
    )
    assert checksum(changed) != checksum(results)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "khác"}', "không đúng định dạng"),
        ('{"format": "chiso.publish/1", "meta": {}, "kinds": []}', "ResultSet.meta"),
    ],
)
def test_a_broken_snapshot_is_refused_saying_where(text, message):
    with pytest.raises(ValueError, match=message):
        result_set_from_json(text)


def test_units_absent_have_no_points_and_say_why(results):
    entry = results.kind("xa").section("KQ").entries[-1]
    assert (entry.name, entry.points, entry.not_ranked) == (
        "Xã Quảng Sơn",
        None,
        NotRanked.ABSENT,
    )
