"""The typed results (``chiso.results.typed``, issue 17) give back exactly the figures they were
read from: same keys in the same order, same texts, hence the same checksum, on every snapshot
of the demo, on the drafts of its other campaigns, and on a 300-commune national cohort."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from django.db import connection
from django.utils.timezone import localdate

from chiso.campaigns.models import Campaign
from chiso.results import figures_cache, typed
from chiso.results.figures import typed_results
from chiso.results.models import Snapshot, checksum
from chiso.results.official import campaign_results
from chiso.results.selectors import campaign_figures_now, campaign_previous
from chiso.results.services import results_publish


def _same(data: Any) -> typed.Results:
    """Read ``data``, check that writing it back gives the same data (key order included)."""
    results = typed.from_figures(data)
    back = results.to_figures()
    assert back == data
    if connection.vendor != "postgresql":  # jsonb gives keys back in its own order, not ours
        assert json.dumps(back, ensure_ascii=False) == json.dumps(data, ensure_ascii=False)
    assert checksum(back) == checksum(data)  # canonical JSON: what the checksum covers
    return results


def test_every_demo_snapshot_reads_back_to_its_bytes_and_checksum(demo_world: list[str]) -> None:
    snapshots = list(Snapshot.objects.all())
    assert snapshots
    for snapshot in snapshots:
        results = _same(snapshot.data)
        assert checksum(results.to_figures()) == snapshot.sha256
        assert [c.level for c in results.cohorts] == [c["level"] for c in snapshot.data["cohorts"]]


def test_the_demo_drafts_read_back_the_same(demo_world: list[str]) -> None:
    """Drafts of every campaign with forms: across the 2025 reform (successors, means), items that
    do not apply, units not scored."""
    read = 0
    for campaign in Campaign.objects.all():
        data = campaign_figures_now(campaign)
        if data["cohorts"]:
            _same(data)
            read += 1
    assert read >= 3


def test_the_built_results_are_the_ones_read_from_their_figures(demo_world: list[str]) -> None:
    """``figures.py`` builds the typed object and writes it: reading what it wrote gives the same
    object back (same values, same shapes), which is what ``results_of`` hands the pages."""
    built = 0
    for campaign in Campaign.objects.all():
        results = typed_results(campaign_results(campaign), campaign_previous(campaign))
        figures = results.to_figures()
        if figures["cohorts"]:
            assert typed.from_figures(figures) == results
            assert figures == campaign_figures_now(campaign)
            built += 1
    assert built >= 3


def test_the_figures_just_computed_are_read_typed_without_reading_them_again(
    demo_world: list[str], monkeypatch: Any
) -> None:
    campaign = Campaign.objects.filter(forms__isnull=False).first()
    assert campaign is not None
    figures = campaign_figures_now(campaign)
    monkeypatch.setattr(figures_cache, "from_figures", _not_read)
    assert figures_cache.results_of(figures).to_figures() == figures


def _not_read(data: Any) -> typed.Results:
    raise AssertionError("read again")


def test_typed_records_give_the_exact_points_and_are_frozen(demo_world: list[str]) -> None:
    snapshot = Snapshot.objects.get(campaign__year=2019)
    results = typed.from_figures(snapshot.data)
    cohort = results.cohorts[0]
    first = cohort.sections[0].ranking[0]
    assert first.exact == Fraction(first.points_exact)
    found = results.unit(first.unit)
    assert found is not None and found[1].section(cohort.sections[0].code) is not None
    try:
        first.rank = 2  # type: ignore[misc]
    except AttributeError:  # dataclasses.FrozenInstanceError
        pass
    else:
        raise AssertionError("a typed record changed")


def test_records_of_another_shape_read_back_as_they_were() -> None:
    """A snapshot without keys written today (or with keys this module does not know) is given
    back as it was stored: nothing added, nothing lost."""
    for data in (
        {"cohorts": []},
        {"cohorts": [{"level": "xa", "units": [{"unit": "1", "sections": [], "new": [1]}]}]},
        {"schema": "chiso-results/1", "cohorts": [], "later": {"a": 1}},
    ):
        _same(data)


def test_a_300_unit_cohort_reads_back_to_its_checksum(national_world: tuple[Any, Any]) -> None:
    campaign, approver = national_world
    snapshot = results_publish(
        actor=approver,
        campaign=campaign,
        decision_number="1/QĐ-UBND",
        decision_date=localdate(),
        decision_signer="Chủ tịch UBND tỉnh",
    )
    results = _same(Snapshot.objects.get(pk=snapshot.pk).data)
    assert checksum(results.to_figures()) == snapshot.sha256
    assert len(results.cohorts[0].units) == 300
