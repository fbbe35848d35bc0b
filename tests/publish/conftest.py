"""The ResultSet the document tests read, made the one way production makes it: the demo's
Đắk Nông 2019 (``chiso demo``, loaded once per session by tests/conftest.py), scored from the
database and ranked (``results.figures``, with 2018 compared by ``results.previous``), published,
gathered into a bundle (``results.bundle``) and read as the documents' input
(``results.documents.result_set``).

2019: the demo's answers give the totals QĐ 47/QĐ-UBND published (the example answers'); 2018:
the figures implied by the changes it published (Gia Nghĩa 43,80 "giảm 1,9" → 45,70…). The demo
holds every unit of Đắk Nông: 8 districts and 71 communes.
"""

from __future__ import annotations

import pytest

from chiso.campaigns.models import Campaign, Form, FormStatus
from chiso.publish import ResultSet
from chiso.results.bundle import draft_bundle, snapshot_bundle
from chiso.results.documents import result_set
from chiso.results.models import Snapshot
from chiso.units.models import Unit

PROVINCE = ("2019", "67")  # Tỉnh Đắk Nông
ABSENT = "24616"  # Xã Quảng Sơn: in ``absent_results``, it never handed its form in


def campaign_2019() -> Campaign:
    return Campaign.objects.get(province__era=PROVINCE[0], province__code=PROVINCE[1], year=2019)


def published_2019() -> ResultSet:
    """The published 2019 snapshot (Quyết định 47/QĐ-UBND) as the documents read it."""
    snapshot = campaign_2019().snapshots.order_by("-version").first()
    assert snapshot is not None, "the demo publishes 2019"
    return result_set(snapshot_bundle(snapshot, told=False))


def build_2019(
    *,
    rename: dict[str, str] | None = None,
    with_2018: bool = True,
    absent: str = "",
    excluded: dict[str, str] | None = None,
) -> ResultSet:
    """2019's figures computed now from the database (a draft of the same campaign), changed
    first in the test's own transaction: ``rename`` gives units other names (unit code → name);
    ``with_2018=False``: as if nothing had been published before (the 2018 snapshot is removed);
    ``absent``: that unit's form was never handed in (still being entered); ``excluded``: unit
    code → why the approver left it out of the ranking."""
    for code, name in (rename or {}).items():
        Unit.objects.filter(era=PROVINCE[0], code=code).update(name=name)
    if absent:
        forms = Form.objects.filter(campaign=campaign_2019(), unit__code=absent)
        assert forms.update(status=FormStatus.DRAFT, submitted_at=None) == 1
    for code, reason in (excluded or {}).items():
        forms = Form.objects.filter(campaign=campaign_2019(), unit__code=code)
        assert forms.update(excluded=True, exclusion_reason=reason) == 1
    if not with_2018:
        Snapshot.objects.filter(campaign__year=2018, campaign__province__code=PROVINCE[1]).delete()
    return result_set(draft_bundle(campaign_2019(), told=False))


@pytest.fixture
def results(demo_world: list[str]) -> ResultSet:
    return published_2019()


@pytest.fixture
def absent_results(demo_world: list[str]) -> ResultSet:
    """2019 with Xã Quảng Sơn's form never handed in: listed, without points, saying why."""
    return build_2019(absent=ABSENT)


@pytest.fixture
def demo(demo_world: list[str]) -> list[str]:
    """For tests that build their own ResultSet (``build_2019``) from the demo world."""
    return demo_world
