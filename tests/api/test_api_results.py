"""Results through the API: published years, rankings and units for anyone (404 before
publication), the department's draft, publishing and correcting as the approver."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from django.test import override_settings

from chiso.appraisal.approval import STALE
from chiso.audit.models import Entry
from chiso.results import publish_jobs
from chiso.results.access import NOT_PUBLISHED
from chiso.results.models import Snapshot
from chiso.results.services import (
    ALREADY_PUBLISHED,
    CORRECTION_REASON,
    DATE_INVALID,
    DATE_MISSING,
    NOTHING_CHANGED,
    NUMBER_MISSING,
    SIGNER_MISSING,
)
from tests.api.conftest import Api, token_for
from tests.results.conftest import (
    DECISION,
    SIGNED,
    Deferred,
    defer_jobs,  # noqa: F401 - the fixture, used by name
    publish_districts_2019,
    reapprove_gia_nghia_fixed,
    run_districts,
)

RANKING = "/results/67/2019/rankings/district/SS"


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json()


def _as(cast: dict[str, Any], name: str) -> Api:
    return Api(token_for(cast[name]))


def _row(ranking: dict[str, Any], unit: str) -> dict[str, Any]:
    return next(r for r in ranking["ranked_units"] + ranking["not_ranked"] if r["unit"] == unit)


def test_anyone_reads_the_published_ranking_as_decision_47_published(
    cast: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    snapshot = publish_districts_2019(cast)
    anonymous = Api()

    years = _ok(anonymous.get("/results?province=67"))
    assert years["count"] == 1
    year = years["items"][0]
    assert (year["year"], year["version"], year["sha256"]) == (2019, 1, snapshot.sha256)
    assert year["decision"] == DECISION and year["results"] == "/api/v1/results/67/2019"
    assert [v["version"] for v in year["versions"]] == [1]
    assert _ok(anonymous.get("/results?year=2018"))["count"] == 0

    overview = _ok(anonymous.get("/results/67/2019"))
    assert overview["snapshot"]["sha256"] == snapshot.sha256 and overview["snapshot"]["intact"]
    assert overview["province"]["name"] == "Tỉnh Đắk Nông" and overview["latest_version"] == 1
    tables = {(t["level"], t["section"]): t for t in overview["tables"]}
    assert set(tables) == {("district", "SS"), ("district", "KQ")}
    readiness = tables[("district", "SS")]
    assert (readiness["units"], readiness["ranked"]) == (8, 3)
    assert readiness["ranking"] == f"/api/v1{RANKING}"
    assert overview["open_data"]["json_url"] == "/public/67/2019/results.json"

    with django_assert_max_num_queries(6):
        ranking = _ok(anonymous.get(RANKING))
    first = ranking["ranked_units"][0]
    assert (first["rank"], first["name"], first["points"]) == (1, "Thành phố Gia Nghĩa", "43.80")
    assert first["level"] == "Mức II" and first["points_exact"] == "43.8"
    assert first["previous"] is None  # nothing published the year before
    assert [r["rank"] for r in ranking["ranked_units"]] == [1, 2, 3]
    assert _row(ranking, "666")["rank"] == 3
    dak_mil = _row(ranking, "663")
    assert dak_mil["reason"] == (  # in words, as on the pages; the code is reason_code
        "nhóm nhân lực công nghệ thông tin đạt 6,10/12,00 điểm, dưới mức tối thiểu 8,40 của Mức IV"
    )
    assert dak_mil["reason_code"] == "below_level" and dak_mil["points"] == "42.38"
    assert len(ranking["not_ranked"]) == 5

    assert anonymous.get("/results/67/2019/rankings/agency/SS").status_code == 404
    assert anonymous.get("/results/67/2019/rankings/district/XX").status_code == 404
    assert anonymous.post(RANKING).status_code == 405


def test_nothing_is_published_before_publication_whoever_asks(cast: dict[str, Any]) -> None:
    run_districts(cast, 2019, skip=("660", "661", "662", "663", "664", "665", "667"))
    approver = _as(cast, "approver")
    for api in (Api(), approver):
        assert _ok(api.get("/results"))["count"] == 0
        for path in ("/results/67/2019", RANKING, "/results/67/2019/units/666"):
            refused = api.get(path)
            assert refused.status_code == 404, path
            body = refused.json()
            assert body["code"] == "not_found"
            assert body["message"] == NOT_PUBLISHED.format(what="năm 2019")


def test_the_approver_publishes_and_corrects_and_each_version_stays_readable(
    cast: dict[str, Any],
) -> None:
    campaign = run_districts(cast, 2019)
    approver = _as(cast, "approver")
    publish = f"/campaigns/{campaign.pk}/results/publish"
    correct = f"/campaigns/{campaign.pk}/results/corrections"

    assert _as(cast, "appraiser").post(publish, {"version": 1}).status_code == 403
    assert _as(cast, "head_a").post(publish, {"version": 1}).status_code == 403
    assert _as(cast, "other_admin").post(publish, {"version": 1}).status_code == 404
    signed = {**SIGNED, "decision_date": "10/01/2020"}
    stale = approver.post(publish, {"version": campaign.version - 1, **signed})
    assert stale.status_code == 409
    assert stale.json() == {
        "code": "stale",
        "message": STALE,
        "field": "version",
        "details": {"current": {"version": campaign.version}},
    }
    assert not Snapshot.objects.exists()

    # The decision is required field by field, as on the dashboard.
    blank = approver.post(publish, {"version": campaign.version})
    assert blank.status_code == 422 and blank.json()["field"] == "decision_number"
    assert blank.json()["message"] == NUMBER_MISSING
    assert blank.json()["details"] == {
        "fields": {
            "decision_number": NUMBER_MISSING,
            "decision_date": DATE_MISSING,
            "decision_signer": SIGNER_MISSING,
        }
    }
    wrong_day = approver.post(
        publish, {"version": campaign.version, **signed, "decision_date": "31/02/2020"}
    )
    assert wrong_day.status_code == 422 and wrong_day.json()["field"] == "decision_date"
    assert wrong_day.json()["message"] == DATE_INVALID
    assert not Snapshot.objects.exists()

    body = {"version": campaign.version, **signed}
    first = _ok(approver.post(publish, body), 201)
    assert first["version"] == 1 and first["decision"] == DECISION
    assert first["results"] == "/api/v1/results/67/2019"
    assert Entry.objects.get(action="results.publish").changes["sha256"] == first["sha256"]
    again = approver.post(publish, body)
    assert again.status_code == 409 and again.json()["code"] == "rejected"
    assert again.json()["message"] == ALREADY_PUBLISHED.format(version=1)
    unchanged = approver.post(correct, {**body, "reason": "Lần nữa"})
    assert unchanged.json()["message"] == NOTHING_CHANGED.format(version=1)

    campaign = reapprove_gia_nghia_fixed(campaign, cast)
    blank = approver.post(correct, {"version": campaign.version, "reason": "  "})
    assert blank.status_code == 422 and blank.json()["field"] == "reason"
    assert blank.json()["message"] == CORRECTION_REASON
    fixed = {"version": campaign.version, "reason": "Sửa SS.HT.1 của Gia Nghĩa"}
    second = _ok(approver.post(correct, fixed), 201)
    assert second["version"] == 2 and second["sha256"] != first["sha256"]
    assert second["reason"] == "Sửa SS.HT.1 của Gia Nghĩa" and second["decision"] == DECISION

    anonymous = Api()
    assert _row(_ok(anonymous.get(RANKING)), "660")["points"] == "44.04"
    old = _ok(anonymous.get(f"{RANKING}?version=1"))
    assert _row(old, "660")["points"] == "43.80"
    assert (old["snapshot"]["version"], old["latest_version"]) == (1, 2)
    assert old["snapshot"]["sha256"] == first["sha256"]
    pinned = _ok(anonymous.get("/results/67/2019?version=1"))
    assert pinned["tables"][0]["ranking"].endswith("?version=1")
    assert [v["version"] for v in pinned["versions"]] == [1, 2]
    assert anonymous.get(f"{RANKING}?version=3").status_code == 404


def test_a_unit_reads_its_change_from_last_year_how_it_was_derived_and_its_history(
    cast: dict[str, Any],
) -> None:
    # 2018: Gia Nghĩa had 40 of 50 officers with a computer (4,80 points) instead of 48.
    y2018 = run_districts(cast, 2018, adjust={"660": {"SS.HT.1": ["40", "50"]}})
    signed = {**SIGNED, "decision_date": "2019-01-10"}
    published = _as(cast, "approver").post(
        f"/campaigns/{y2018.pk}/results/publish", {"version": y2018.version, **signed}
    )
    assert published.status_code == 201
    publish_districts_2019(cast)
    anonymous = Api()

    unit = _ok(anonymous.get("/results/67/2019/units/660"))
    assert unit["name"] == "Thành phố Gia Nghĩa" and unit["previous_year"] == 2018
    readiness = unit["sections"][0]
    assert (readiness["code"], readiness["points"], readiness["rank"]) == ("SS", "43.80", 1)
    before = readiness["previous"]
    assert (before["year"], before["basis"], before["points"]) == (2018, "same_unit", "42.84")
    assert (before["change"], before["rank_change"], before["level_change"]) == ("0.96", 0, "same")
    assert readiness["story"]["change"].startswith("Tăng 0,96 điểm so với năm 2018")
    assert readiness["groups"][0]["code"] == "SS.HT"
    assert [h["year"] for h in unit["history"]] == [2018, 2019]
    assert unit["history"][0]["sections"][0]["points"] == "42.84"

    ranking = _ok(anonymous.get(RANKING))
    assert _row(ranking, "660")["previous"]["change"] == "0.96"
    assert anonymous.get("/results/67/2019/units/99999").status_code == 404


def test_the_draft_is_the_departments_and_says_it_is_provisional(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    path = f"/campaigns/{submitted_a.campaign_id}/results"
    draft = _ok(_as(cast, "appraiser").get(path))
    assert draft["provisional"] is True and draft["published"] == []
    assert draft["version"] == submitted_a.campaign.version
    tables = {(t["level"], t["section"]): t for t in draft["tables"]}
    assert set(tables) == {
        ("district", "SS"),
        ("district", "KQ"),
        ("commune", "SS"),
        ("commune", "KQ"),
    }
    dak_rlap = _row(tables[("district", "SS")], "666")
    assert dak_rlap["points"] is not None
    cu_jut = _row(tables[("district", "SS")], "662")
    assert cu_jut["reason"] == "Không nộp phiếu tự đánh giá"
    assert (cu_jut["reason_code"], cu_jut["points"]) == ("not_submitted", None)

    assert Api().get(path).status_code == 401
    assert _as(cast, "reporter_a").get(path).status_code == 403
    assert _as(cast, "other_appraiser").get(path).status_code == 404


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=1)
def test_a_large_campaign_is_published_and_corrected_in_the_background_through_the_api(
    cast: dict[str, Any],
    defer_jobs: Callable[[ModuleType], list[Deferred]],  # noqa: F811 - the fixture imported
) -> None:
    """From the background threshold (here: every campaign) publishing answers 202 with the
    status resource in ``Location``, once every refusal the service would answer at once was
    asked; the status says the stage, then the version and checksum published."""
    deferred = defer_jobs(publish_jobs)
    campaign = run_districts(cast, 2019)
    approver = _as(cast, "approver")
    publish = f"/campaigns/{campaign.pk}/results/publish"
    status = f"/campaigns/{campaign.pk}/results/publication"
    assert approver.get(status).json()["code"] == "not_found"  # no job yet
    signed = {**SIGNED, "decision_date": "10/01/2020"}
    body = {"version": campaign.version, **signed}
    assert _as(cast, "appraiser").post(publish, body).status_code == 403
    assert _as(cast, "other_admin").post(publish, body).status_code == 404
    stale = approver.post(publish, {**body, "version": campaign.version - 1})
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    blank = approver.post(publish, {"version": campaign.version})
    assert blank.status_code == 422 and blank.json()["field"] == "decision_number"
    assert not deferred

    started = approver.post(publish, body)
    assert started.status_code == 202 and started["Location"] == f"/api/v1{status}"
    running = started.json()
    assert (running["kind"], running["state"], running["percent"]) == ("publish", "running", 0)
    assert running["total"] == 8 and running["version"] is None and not Snapshot.objects.exists()
    assert _ok(approver.get(status))["state"] == "running"
    assert _ok(_as(cast, "appraiser").get(status))["state"] == "running"  # the department reads
    assert _as(cast, "head_a").get(status).status_code == 403
    assert _as(cast, "other_admin").get(status).status_code == 404
    again = approver.post(publish, body)  # the one under way, not a second
    assert again.status_code == 202 and len(deferred) == 1

    deferred[0].run()
    done = _ok(approver.get(status))
    snapshot = Snapshot.objects.get()
    assert (done["state"], done["percent"], done["version"]) == ("done", 100, 1)
    assert done["sha256"] == snapshot.sha256 and done["results"] == "/api/v1/results/67/2019"
    assert Entry.objects.get(action="results.publish").actor == cast["approver"]
    refused = approver.post(publish, body)
    assert refused.status_code == 409 and refused.json()["code"] == "rejected"

    campaign = reapprove_gia_nghia_fixed(campaign, cast)
    correct = f"/campaigns/{campaign.pk}/results/corrections"
    fixed = {"version": campaign.version, "reason": "Sửa SS.HT.1 của Gia Nghĩa"}
    blank = approver.post(correct, {**fixed, "reason": "  "})
    assert blank.status_code == 422 and blank.json()["field"] == "reason"
    correcting = approver.post(correct, fixed)
    assert correcting.status_code == 202 and correcting.json()["kind"] == "correct"
    assert len(deferred) == 2
    deferred[1].run()
    corrected = _ok(approver.get(status))
    assert (corrected["state"], corrected["version"]) == ("done", 2)
    assert corrected["sha256"] == Snapshot.objects.get(version=2).sha256 != snapshot.sha256
