"""Across the 2025 reform, last year's figure of a new commune is carried over by the one rule of
``results.previous``, through the units' lineage (``units.Succession``), into the figures and the
documents' ResultSet: the demo's Lâm Đồng 2026 draft against Đắk Nông's published 2019.

One predecessor: its figure, its level, its groups' points, said "theo …"; several: the mean of
their totals, no rank and no level, said "bình quân của …", with how many had figures."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from chiso.campaigns.models import Campaign
from chiso.publish import KindResult
from chiso.results.bundle import draft_bundle
from chiso.results.documents import result_set
from chiso.results.models import Snapshot
from chiso.units.models import Succession, Unit

MERGED = "24703"  # Xã Nâm Nung (2025): formed from Xã Nâm Nung and Xã Nâm N'Đir (2019)


@pytest.fixture
def demo(demo_world: list[str]) -> list[str]:
    return demo_world


def _communes_2026() -> KindResult:
    campaign = Campaign.objects.get(year=2026, name__contains="CQĐT cấp xã")
    return result_set(draft_bundle(campaign, told=False)).kind("commune")


def _published_2019(code: str) -> dict[str, Any]:
    """A 2019 commune's readiness (SS) as Đắk Nông published it."""
    data = Snapshot.objects.get(campaign__year=2019).data
    cohort = next(c for c in data["cohorts"] if c["level"] == "commune")
    unit = next(u for u in cohort["units"] if u["unit"] == code)
    return dict(next(s for s in unit["sections"] if s["code"] == "SS"))


def _predecessors() -> list[Succession]:
    links = Succession.objects.filter(successor__era="2025", successor__code=MERGED)
    return list(links.select_related("predecessor").order_by("predecessor__code"))


def test_a_merged_commune_compares_with_the_mean_of_its_predecessors_without_rank(
    demo: list[str],
) -> None:
    links = _predecessors()
    assert [(link.predecessor.name, link.whole) for link in links] == [
        ("Xã Nâm Nung", True),
        ("Xã Nâm N'Đir", True),
    ]
    before = [Fraction(_published_2019(link.predecessor.code)["points_exact"]) for link in links]

    communes = _communes_2026()

    entry = next(e for e in communes.section("SS").entries if e.unit == MERGED)
    assert entry.previous is not None
    assert (entry.previous.year, entry.previous.points) == (2019, sum(before) / 2)
    assert (entry.previous.rank, entry.previous.level) == (None, "")
    assert entry.previous.note == "bình quân của Xã Nâm Nung, Xã Nâm N'Đir"
    history = communes.unit(MERGED).section("SS").history
    assert [(h.year, h.rank, h.note) for h in history] == [
        (2019, None, "bình quân của Xã Nâm Nung, Xã Nâm N'Đir"),
        (2026, 2, ""),  # this year's rank, in the draft
    ]
    assert communes.section("SS").previous_ranked == 2  # Đắk Nông's communes ranked in 2019


def test_a_commune_with_one_predecessor_keeps_its_figure_level_and_groups(
    demo: list[str],
) -> None:
    keep, drop = _predecessors()
    drop.delete()  # as if Xã Nâm Nung (2025) had only been renamed
    old = _published_2019(keep.predecessor.code)

    communes = _communes_2026()

    entry = next(e for e in communes.section("SS").entries if e.unit == MERGED)
    assert entry.previous is not None
    assert entry.previous.points == Fraction(old["points_exact"])
    assert (entry.previous.rank, entry.previous.level) == (None, old["level"])
    assert entry.previous.note == "theo Xã Nâm Nung (đơn vị trước sắp xếp năm 2025)"
    section = communes.unit(MERGED).section("SS")
    assert [h.year for h in section.history] == [2019, 2026]
    assert section.history[0].points == Fraction(old["points_exact"])
    assert [g.previous_points for g in section.groups] == [
        Fraction(old["items"][g.code]["points_exact"]) for g in section.groups
    ]


def test_a_predecessor_without_published_figures_is_counted_as_missing(demo: list[str]) -> None:
    first = _predecessors()[0].predecessor
    # A commune of 2019 that published nothing (no form in Đắk Nông's 2019 campaign).
    silent = Unit.objects.create(
        era="2019",
        code="99901",
        name="Xã Chưa Công Bố",
        kind=first.kind,
        level=first.level,
        parent=first.parent,
        province_code=first.province_code,
    )
    Succession.objects.create(
        predecessor=silent, successor=Unit.objects.get(era="2025", code=MERGED), main=False
    )
    before = [Fraction(_published_2019(link.predecessor.code)["points_exact"]) for link in
              _predecessors() if link.predecessor.code != "99901"]  # fmt: skip

    communes = _communes_2026()

    entry = next(e for e in communes.section("SS").entries if e.unit == MERGED)
    assert entry.previous is not None
    assert entry.previous.points == sum(before) / 2  # the mean of those with figures
    assert entry.previous.note == (
        "bình quân của Xã Nâm Nung, Xã Nâm N'Đir (2/3 đơn vị trước sắp xếp có số liệu)"
    )
