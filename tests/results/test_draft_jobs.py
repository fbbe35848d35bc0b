"""A large campaign's draft results are computed in the background (``draft_jobs``): the
dashboard and the approval page show the progress and reload, then the same figures as a
computation in the request; a small campaign is computed in the request as before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from django.test import Client, override_settings

from chiso.results import draft_cache, draft_jobs
from chiso.results.models import checksum
from chiso.results.selectors import campaign_figures_now
from tests.results.conftest import Deferred, example, fill, submit


@pytest.fixture
def deferred(defer_jobs: Callable[[ModuleType], list[Deferred]]) -> list[Deferred]:
    """The computations started, run when the test chooses."""
    return defer_jobs(draft_jobs)


def _submitted(campaign: Any, cast: dict[str, Any]) -> None:
    form = campaign.forms.get(unit__code="666")
    fill(form, cast["reporter_a"], example("daknong-2019-huyen", "666"))
    submit(form, cast["head_a"], dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC))


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=2)
def test_a_large_drafts_dashboard_shows_progress_then_the_figures(
    campaign: Any, cast: dict[str, Any], deferred: list[Deferred]
) -> None:
    _submitted(campaign, cast)
    client = Client()
    client.force_login(cast["appraiser"])
    url = f"/results/campaigns/{campaign.pk}/"
    waiting = client.get(url)
    assert waiting.status_code == 200 and waiting["Cache-Control"] == "no-store"
    page = waiting.content.decode()
    assert 'id="computing"' in page and 'http-equiv="refresh"' in page
    assert f"Đang tính kết quả dự thảo của {campaign.forms.count()} đơn vị" in page
    assert len(deferred) == 1
    again = client.get(url).content.decode()
    assert 'id="computing"' in again and len(deferred) == 1  # one computation, not two

    deferred[0].run()
    shown = client.get(url).content.decode()
    assert 'id="computing"' not in shown and "Đắk R&#x27;Lấp" in shown
    key = draft_cache.fingerprint(campaign, [campaign.province])
    kept = draft_cache.peek(campaign, key)
    assert checksum(kept) == checksum(campaign_figures_now(campaign))


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=2)
def test_the_approval_page_waits_for_both_figures_and_a_failure_is_tried_again(
    campaign: Any, cast: dict[str, Any], deferred: list[Deferred], monkeypatch: pytest.MonkeyPatch
) -> None:
    _submitted(campaign, cast)
    client = Client()
    client.force_login(cast["approver"])
    url = f"/campaigns/{campaign.pk}/approval/"
    page = client.get(url).content.decode()
    assert 'id="computing"' in page and "Tổng hợp và phê duyệt" in page
    assert len(deferred) == 2  # the verified figures and the self-assessed ones

    broken = deferred[1]
    with monkeypatch.context() as patch:
        patch.setattr(draft_jobs.draft_cache, "keep", _fail)
        broken.run()
    deferred[0].run()
    page = client.get(url).content.decode()
    assert "không thành công (RuntimeError)" in page and 'http-equiv="refresh"' not in page
    page = client.get(url).content.decode()  # tried again
    assert 'id="computing"' in page and len(deferred) == 3
    deferred[2].run()
    page = client.get(url).content.decode()
    assert 'id="computing"' not in page and 'id="approval-table"' in page


def _fail(*_: Any, **__: Any) -> None:
    raise RuntimeError


def test_a_small_campaign_is_computed_in_the_request(
    campaign: Any, cast: dict[str, Any], deferred: list[Deferred]
) -> None:
    client = Client()
    client.force_login(cast["appraiser"])
    page = client.get(f"/results/campaigns/{campaign.pk}/").content.decode()
    assert 'id="computing"' not in page and not deferred
