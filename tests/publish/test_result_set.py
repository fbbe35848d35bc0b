"""The ResultSet the documents read, as the production pipeline makes it (conftest.py): each
unit's groups against its cohort, the next level, its history, and the units not ranked (never
handed in, or left out by the approver) with why."""

from __future__ import annotations

import copy
from fractions import Fraction

from chiso.publish import NotRanked
from chiso.results.bundle import snapshot_bundle
from chiso.results.documents import NOT_INTACT, result_set
from chiso.results.models import Snapshot, checksum

from .conftest import build_2019, campaign_2019


def test_group_profile_compares_the_unit_with_its_cohort(results):
    districts = results.kind("district")
    groups = districts.unit("660").section("SS").groups
    staff = next(g for g in groups if g.code == "SS.NL")
    all_points = [u.section("SS").groups[1].points for u in districts.units]
    assert staff.points == Fraction("9.8")
    assert staff.cohort_average == sum(all_points, Fraction(0)) / 8
    assert staff.percentile == 1  # more than every other district
    lowest = districts.unit("667").section("SS").groups[1]
    assert lowest.percentile == 0


def test_next_step_names_the_gaps_to_the_level_above(results):
    section = results.kind("district").unit("660").section("SS")
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
    history = results.kind("commune").unit("24728").section("SS").history
    assert [(h.year, h.points, h.rank, h.level) for h in history] == [
        (2018, Fraction("18.5"), None, "Không xếp hạng"),
        (2019, Fraction("21.5"), 1, "Mức IV"),
    ]


def test_units_absent_have_no_points_and_say_why(absent_results):
    entry = absent_results.kind("commune").section("KQ").entries[-1]
    assert (entry.name, entry.points, entry.not_ranked) == (
        "Xã Quảng Sơn",
        None,
        NotRanked.ABSENT,
    )


def test_an_excluded_unit_is_listed_with_its_reason_and_counted_in_the_cohort(demo):
    kind = build_2019(excluded={"24612": "nộp muộn"}).kind("commune")
    entry = next(e for e in kind.section("SS").entries if e.unit == "24612")
    assert (entry.rank, entry.not_ranked, entry.reason) == (
        None,
        NotRanked.EXCLUDED,
        "Lãnh đạo quyết định không xếp hạng: nộp muộn",
    )
    # The cohort's averages are those of every scored unit, the excluded one included (figures).
    everyone = [u.section("SS").groups[0].points for u in kind.units]
    average = sum(everyone, Fraction(0)) / 71
    assert kind.unit("24612").section("SS").groups[0].cohort_average == average


def test_the_published_snapshot_reads_back_to_the_figures_computed_from_the_database(results):
    draft = build_2019()
    assert results.kinds == draft.kinds
    assert (results.meta.version, draft.meta.version) == (1, None)
    assert results.meta.checksum == campaign_2019().snapshots.get(version=1).sha256


def test_checksum_changes_with_any_published_figure_and_the_documents_say_so(demo):
    snapshot = campaign_2019().snapshots.get(version=1)
    data = copy.deepcopy(snapshot.data)
    data["cohorts"][0]["sections"][0]["ranking"][0]["points_exact"] = "43.81"
    assert snapshot.sha256 == checksum(snapshot.data) != checksum(data)
    Snapshot.objects.filter(pk=snapshot.pk).update(data=data)  # behind the application's back
    changed = Snapshot.objects.get(pk=snapshot.pk)
    assert not changed.intact
    results = result_set(snapshot_bundle(changed, told=False))
    assert results.meta.notice == NOT_INTACT
    assert results.kind("district").section("SS").entries[0].points == Fraction("43.81")
