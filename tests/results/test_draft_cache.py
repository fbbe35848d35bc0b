"""Draft results are computed once per state of their data: the same figures while nothing
changes, new ones after any answer, verification, exclusion, rename or status change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from chiso.appraisal import services
from chiso.appraisal.models import Reason, VerificationState
from chiso.results import draft_cache
from chiso.results.models import checksum
from chiso.results.selectors import campaign_figures, campaign_figures_now
from chiso.units.models import Unit
from tests.results.conftest import example, fill, submit


def _dakrlap(figures: dict[str, Any]) -> dict[str, Any]:
    districts = next(c for c in figures["cohorts"] if c["level"] == "district")
    return next(u for u in districts["units"] if u["unit"] == "666")


def test_draft_figures_are_kept_until_their_data_changes(
    campaign: Any, cast: dict[str, Any]
) -> None:
    form = campaign.forms.get(unit__code="666")
    answers = example("daknong-2019-huyen", "666")
    fill(form, cast["reporter_a"], answers)
    first = campaign_figures(campaign)
    assert campaign_figures(campaign) is first  # nothing changed: kept
    assert _dakrlap(first)["sections"] == []  # not submitted yet

    submit(form, cast["head_a"], dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC))
    submitted = campaign_figures(campaign)
    assert submitted is not first and _dakrlap(submitted)["sections"][0]["points"] == "39.82"
    assert campaign_figures(campaign) is submitted

    form.refresh_from_db()
    services.verification_save(
        actor=cast["appraiser"],
        form=form,
        criterion="SS.HT.5",
        state=VerificationState.ADJUSTED,
        value=1,
        reason_code=Reason.WRONG_FIGURE,
        reason="Theo biên bản kiểm tra",
        expected_version=None,
    )
    adjusted = campaign_figures(campaign)
    assert adjusted is not submitted
    assert checksum(adjusted) == checksum(campaign_figures_now(campaign))
    assert checksum(adjusted) != checksum(submitted)

    Unit.objects.filter(pk=form.unit_id).update(name="Huyện Đắk R'Lấp Mới")
    renamed = campaign_figures(campaign)
    assert renamed is not adjusted and _dakrlap(renamed)["name"] == "Huyện Đắk R'Lấp Mới"


def test_at_most_a_few_campaigns_are_kept(campaign: Any) -> None:
    for pk in range(draft_cache.KEPT + 3):
        draft_cache.cached(type(campaign)(pk=pk + 1000), ("k",), lambda n=pk: {"n": n})
    assert len(draft_cache._kept) == draft_cache.KEPT
