"""A large campaign's publication runs in the background (``publish_jobs``): the leader's
confirmation starts it, the publish page shows its progress and reloads, then goes to the
dashboard saying what was published, the same snapshot, audit entry and public files as a
publication in the request. A second confirmation while it runs starts nothing; a campaign
changed meanwhile is not published, and a failure is said once."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from django.test import Client, override_settings

from chiso.appraisal import approval
from chiso.appraisal.approval import STALE
from chiso.audit.models import Entry
from chiso.results import parts, publish_jobs, views_documents
from chiso.results.models import PublicationJob, Snapshot, checksum
from chiso.results.selectors import campaign_figures_now
from tests.results.conftest import (
    DECISION,
    SIGNED,
    Deferred,
    publish_districts_2019,
    reapprove_gia_nghia_fixed,
)


@pytest.fixture
def deferred(defer_jobs: Callable[[ModuleType], list[Deferred]]) -> list[Deferred]:
    """The publications started, run when the test chooses."""
    return defer_jobs(publish_jobs)


def _confirm(campaign: Any, client: Client, version: int | None = None) -> Any:
    typed = {**SIGNED, "decision_date": "10/01/2020", "confirm": "1"}
    typed["version"] = campaign.version if version is None else version
    return client.post(f"/results/campaigns/{campaign.pk}/publish/", typed)


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=1)
def test_a_large_campaign_is_published_in_the_background_once_with_its_files(
    districts_2019: Any, cast: dict[str, Any], deferred: list[Deferred]
) -> None:
    expected = checksum(campaign_figures_now(districts_2019))
    client = Client()
    client.force_login(cast["approver"])
    url = f"/results/campaigns/{districts_2019.pk}/publish/"
    # Without the decision: refused in the request, next to each field; nothing started.
    blank = client.post(url, {"version": districts_2019.version, "confirm": "1"})
    assert blank.status_code == 422 and 'id="d-number-error"' in blank.content.decode()
    assert not deferred
    started = _confirm(districts_2019, client)
    assert started.status_code == 302 and started["Location"] == url
    assert len(deferred) == 1 and not Snapshot.objects.exists()
    waiting = client.get(url)
    assert waiting["Cache-Control"] == "no-store"
    page = waiting.content.decode()
    assert "Đang công bố…" in page and 'id="publishing"' in page
    assert 'http-equiv="refresh"' in page and "Đang đọc số liệu" in page
    # A second confirmation while it runs shows its progress and starts nothing.
    again = _confirm(districts_2019, client)
    assert again.status_code == 200 and 'id="publishing"' in again.content.decode()
    assert len(deferred) == 1

    deferred[0].run()
    done = client.get(url)
    assert (
        done.status_code == 302 and done["Location"] == f"/results/campaigns/{districts_2019.pk}/"
    )
    snapshot = Snapshot.objects.get()
    assert snapshot.sha256 == expected == checksum(snapshot.data) and snapshot.intact
    assert snapshot.decision == DECISION and snapshot.published_by == cast["approver"]
    entry = Entry.objects.get(action="results.publish")
    assert entry.actor == cast["approver"] and entry.changes["sha256"] == snapshot.sha256
    dashboard = client.get(done["Location"]).content.decode()
    assert f"Đã công bố kết quả (phiên bản 1, mã kiểm tra {snapshot.sha256[:12]})" in dashboard
    # The public ranking files were made by the job: their first download reads them.
    for download in views_documents.PUBLIC_FILES:
        kept = parts.read(snapshot, views_documents._part(download))
        assert kept is not None and kept["name"].endswith(f".{download.extension}")
    # Said once: the publish page is then the ordinary one (already published).
    assert client.get(url).status_code == 200
    assert "Đang công bố…" not in client.get(url).content.decode()


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=1)
def test_a_campaign_reopened_meanwhile_is_not_published_and_the_refusal_is_said_once(
    districts_2019: Any, cast: dict[str, Any], deferred: list[Deferred]
) -> None:
    client = Client()
    client.force_login(cast["approver"])
    url = f"/results/campaigns/{districts_2019.pk}/publish/"
    _confirm(districts_2019, client)
    approval.campaign_reopen(actor=cast["approver"], campaign=districts_2019, reason="Khiếu nại")
    deferred[0].run()
    refused = client.get(url)
    page = refused.content.decode()
    assert refused.status_code == 422 and "Đang công bố…" not in page
    assert STALE in page  # reopening moved the campaign on from the version confirmed
    assert not Snapshot.objects.exists() and not Entry.objects.filter(action="results.publish")
    assert STALE not in client.get(url).content.decode()  # said once


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=1)
def test_a_failed_publication_is_said_once_and_publishes_nothing(
    districts_2019: Any, cast: dict[str, Any], deferred: list[Deferred], monkeypatch: Any
) -> None:
    client = Client()
    client.force_login(cast["approver"])
    url = f"/results/campaigns/{districts_2019.pk}/publish/"
    _confirm(districts_2019, client)
    with monkeypatch.context() as patch:
        patch.setattr("chiso.results.services.checksum", _fail)
        patch.setattr("chiso.results.services.canonical_json", _fail)
        deferred[0].run()
    page = client.get(url).content.decode()
    assert "Công bố kết quả không thành công (RuntimeError)" in page
    assert not Snapshot.objects.exists()
    assert "không thành công" not in client.get(url).content.decode()
    assert _confirm(districts_2019, client).status_code == 302 and len(deferred) == 2


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=1)
def test_a_large_campaigns_correction_runs_in_the_background_and_is_said_as_a_correction(
    districts_2019: Any, cast: dict[str, Any], deferred: list[Deferred]
) -> None:
    first = publish_districts_2019(cast, districts_2019)
    campaign = reapprove_gia_nghia_fixed(districts_2019, cast)
    expected = checksum(campaign_figures_now(campaign))
    client = Client()
    client.force_login(cast["approver"])
    url = f"/results/campaigns/{campaign.pk}/correct/"
    publish = f"/results/campaigns/{campaign.pk}/publish/"
    typed = {"version": campaign.version, "reason": "Gia Nghĩa bổ sung biên bản", "confirm": "1"}
    # A blank reason is still refused at once, nothing started.
    assert client.post(url, {**typed, "reason": " "}).status_code == 302 and not deferred
    started = client.post(url, typed)
    assert started.status_code == 302 and started["Location"] == publish
    assert len(deferred) == 1 and Snapshot.objects.count() == 1
    page = client.get(publish).content.decode()
    assert "Đang đính chính…" in page and 'id="publishing"' in page
    assert "Đang đính chính kết quả của 8 đơn vị" in page and "Đang công bố" not in page
    # Confirming again goes to the same job's progress and starts no second one.
    again = client.post(url, typed)
    assert again.status_code == 302 and again["Location"] == publish and len(deferred) == 1

    deferred[0].run()
    done = client.get(publish)
    assert done.status_code == 302 and done["Location"] == f"/results/campaigns/{campaign.pk}/"
    latest = Snapshot.objects.get(version=2)
    assert latest.sha256 == expected != first.sha256 and latest.intact
    assert latest.decision == first.decision  # the decision kept, as in the request
    entry = Entry.objects.get(action="results.correct")
    assert entry.actor == cast["approver"] and entry.changes["sha256"] == latest.sha256
    dashboard = client.get(done["Location"]).content.decode()
    assert f"Đã đính chính: phiên bản 2 (mã kiểm tra {latest.sha256[:12]})" in dashboard
    for download in views_documents.PUBLIC_FILES:
        assert parts.read(latest, views_documents._part(download)) is not None


def _fail(*_: Any, **__: Any) -> None:
    raise RuntimeError


def test_a_small_campaign_is_published_in_the_request(
    districts_2019: Any, cast: dict[str, Any], deferred: list[Deferred]
) -> None:
    client = Client()
    client.force_login(cast["approver"])
    response = _confirm(districts_2019, client)
    assert response.status_code == 302 and not deferred
    assert Snapshot.objects.get().sha256


def _another_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """What follows is served by another worker process of the web server: it has none of this
    process's jobs in memory, and the job's row names a process other than itself."""
    publish_jobs.clear()
    monkeypatch.setattr(publish_jobs, "_here", lambda: ("worker-2", 4242))


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=1)
def test_another_worker_shows_the_progress_then_says_the_outcome_once(
    districts_2019: Any,
    cast: dict[str, Any],
    deferred: list[Deferred],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = Client()
    client.force_login(cast["approver"])
    url = f"/results/campaigns/{districts_2019.pk}/publish/"
    _confirm(districts_2019, client)
    _another_worker(monkeypatch)
    waiting = client.get(url).content.decode()
    assert 'id="publishing"' in waiting and "Đang công bố kết quả của 8 đơn vị" in waiting
    assert "Đang đọc số liệu" in waiting  # the last stage written outside the publication
    again = _confirm(districts_2019, client)  # nor does this worker start a second one
    assert 'id="publishing"' in again.content.decode() and len(deferred) == 1

    deferred[0].run()  # in the first worker's thread
    job = PublicationJob.objects.get(campaign=districts_2019)
    snapshot = Snapshot.objects.get()
    assert (job.version, job.sha256, job.units_done) == (1, snapshot.sha256, 8)
    done = client.get(url)
    assert done.status_code == 302
    said = client.get(done["Location"]).content.decode()
    assert f"Đã công bố kết quả (phiên bản 1, mã kiểm tra {snapshot.sha256[:12]})" in said
    assert PublicationJob.objects.get().shown  # said once, in every worker
    assert publish_jobs.current(districts_2019.pk) is None
    assert "Đã công bố kết quả (phiên bản 1" not in client.get(url).content.decode()


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=1)
def test_a_job_left_running_by_a_process_gone_is_said_interrupted_and_may_start_again(
    districts_2019: Any,
    cast: dict[str, Any],
    deferred: list[Deferred],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = Client()
    client.force_login(cast["approver"])
    url = f"/results/campaigns/{districts_2019.pk}/publish/"
    _confirm(districts_2019, client)
    # The process restarted: the row names this host and this process's id (reused), and this
    # process runs no such job.
    publish_jobs.clear()
    interrupted = client.get(url)
    assert interrupted.status_code == 422
    assert "Việc công bố kết quả bị gián đoạn" in interrupted.content.decode()
    assert "gián đoạn" not in client.get(url).content.decode()  # said once
    assert _confirm(districts_2019, client).status_code == 302 and len(deferred) == 2
    assert publish_jobs.current(districts_2019.pk) is not None  # the new one runs

    # Another host's job: only its age says it has gone.
    _another_worker(monkeypatch)
    PublicationJob.objects.update(host="web-3", pid=1)
    assert publish_jobs.current(districts_2019.pk).running  # type: ignore[union-attr]
    with override_settings(CHISO_RESULTS_JOB_TIMEOUT=0):
        assert "gián đoạn" in client.get(url).content.decode()
    # A thread taken for gone that ends after all publishes (the dashboard shows the version);
    # the interruption already said is not written over.
    deferred[1].run()
    assert Snapshot.objects.count() == 1 and "gián đoạn" in PublicationJob.objects.get().error


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=1)
def test_the_dashboard_shows_a_publication_under_way_and_then_says_its_outcome_once(
    districts_2019: Any,
    cast: dict[str, Any],
    deferred: list[Deferred],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    leader, appraiser = Client(), Client()
    leader.force_login(cast["approver"])
    appraiser.force_login(cast["appraiser"])
    dashboard = f"/results/campaigns/{districts_2019.pk}/"
    leader.get(f"{dashboard}publish/")  # the draft computed there, kept for the dashboard
    before = leader.get(dashboard).content.decode()
    assert 'id="publish-start"' in before and 'id="publication-running"' not in before
    _confirm(districts_2019, leader)
    _another_worker(monkeypatch)  # whichever worker serves the dashboard
    page = leader.get(dashboard).content.decode()
    assert 'id="publication-running"' in page and "Đang công bố… 0 %" in page
    assert f'href="/results/campaigns/{districts_2019.pk}/publish/"' in page
    assert 'id="publish-start"' not in page  # not offered again while it runs
    seen = appraiser.get(dashboard).content.decode()  # sees it, without the leader's link
    assert "Đang công bố… 0 %" in seen and 'id="publication-progress"' not in seen

    deferred[0].run()
    snapshot = Snapshot.objects.get()
    said = leader.get(dashboard).content.decode()  # the leader left the progress page
    assert f"Đã công bố kết quả (phiên bản 1, mã kiểm tra {snapshot.sha256[:12]})" in said
    assert 'id="publication-running"' not in said
    assert "Đã công bố kết quả (phiên bản 1" not in leader.get(dashboard).content.decode()
    publish = leader.get(f"/results/campaigns/{districts_2019.pk}/publish/")
    assert publish.status_code == 200 and "Đang công bố…" not in publish.content.decode()
