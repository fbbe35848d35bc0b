"""One unit's whole year through the API alone, as a program would drive it, following the
schema's paths: read the framework, write the values, attach evidence, submit; the appraiser
scores the appraiser's criterion, accepts the rest and verifies; the approver leaves the units
that sent nothing out of the ranking; the appraisers send for approval; the approver approves
and publishes; anyone then reads the published result without login."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.campaigns.models import CampaignStatus, FormStatus
from tests.api.conftest import Api
from tests.campaigns.test_form_services import EXAMPLE, PDF

ON_TIME = dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC)


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json() if response.content else None


def test_one_unit_goes_from_framework_to_published_results(
    campaign: Any, cast: dict[str, Any], as_person: Any
) -> None:
    reporter, head = as_person("reporter_a"), as_person("head_a")
    appraiser, approver = as_person("appraiser"), as_person("approver")

    # The framework, read without login: which criteria the unit answers, and with evidence.
    framework = _ok(Api().get("/frameworks/vn-2392-huyen"))
    leaves: list[dict[str, Any]] = []
    todo = [c for s in framework["sections"] for g in s["groups"] for c in g["criteria"]]
    while todo:
        criterion = todo.pop(0)
        todo[0:0] = criterion["criteria"]
        if criterion["input"] is not None:
            leaves.append(criterion)
    unit_inputs = [c for c in leaves if c["input"]["kind"] != "points"]
    appraiser_points = [c["code"] for c in leaves if c["input"]["kind"] == "points"]
    assert appraiser_points == ["KQ.CD.2"]

    # The unit's form, found by the reporter in its list.
    forms = _ok(reporter.get(f"/forms?campaign={campaign.pk}"))["items"]
    assert [f["unit"]["code"] for f in forms] == ["666"]
    form_id = forms[0]["id"]

    values = json.loads(EXAMPLE.read_text(encoding="utf-8"))["answers"]
    for criterion in unit_inputs:
        code = criterion["code"]
        _ok(
            reporter.put(
                f"/forms/{form_id}/answers/{code}", {"value": values[code], "version": None}
            )
        )
        if criterion["evidence_required"]:
            upload = reporter.client.post(
                f"/api/v1/forms/{form_id}/evidence",
                {"criterion": code, "file": SimpleUploadedFile(f"{code}.pdf", PDF)},
                headers=reporter.headers,
            )
            _ok(upload, 201)
    seen = _ok(head.get(f"/forms/{form_id}/problems"))
    assert seen["problems"] == []

    with time_machine.travel(ON_TIME, tick=False):
        submitted = _ok(head.post(f"/forms/{form_id}/submit", {"version": seen["version"]}))
    assert submitted["status"] == FormStatus.SUBMITTED and submitted["late"] is False

    # The appraiser: points for KQ.CD.2, the unit's value accepted everywhere else, verified.
    review = _ok(appraiser.get(f"/forms/{form_id}/appraisal"))
    assert review["decided"] == 0 and review["total"] == len(leaves)
    decision = {
        "state": "adjusted",
        "value": "1,5",
        "reason_code": "appraiser_points",
        "reason": "Sáng kiến cấp huyện được công nhận",
        "version": None,
    }
    scored = _ok(appraiser.put(f"/forms/{form_id}/verifications/KQ.CD.2", decision))
    assert scored["state"] == "adjusted" and scored["version"] == 1
    version = _ok(appraiser.get(f"/forms/{form_id}"))["form"]["version"]
    accepted = _ok(appraiser.post(f"/forms/{form_id}/accept-remaining", {"version": version}))
    assert len(accepted["criteria"]) == len(unit_inputs)
    verified = _ok(
        appraiser.post(f"/forms/{form_id}/verify", {"version": accepted["form_version"]})
    )
    assert verified["status"] == FormStatus.VERIFIED

    review = _ok(appraiser.get(f"/forms/{form_id}/appraisal"))
    total = next(p for p in review["points"] if p["code"] == "total")
    assert total["verified"] != total["unit"]  # the appraiser's 1,50 points for KQ.CD.2
    assert next(p for p in review["points"] if p["code"] == "KQ.CD.2")["verified"] == "1,50"

    # The approver leaves out every unit that sent nothing, with the reason.
    others = _ok(approver.get(f"/forms?campaign={campaign.pk}&status=draft&limit=200"))
    assert others["count"] == campaign.forms.count() - 1
    for form in others["items"]:
        body = {"excluded": True, "reason": "Không nộp phiếu tự đánh giá"}
        assert _ok(approver.put(f"/forms/{form['id']}/exclusion", body))["excluded"] is True

    _ok(appraiser.post(f"/campaigns/{campaign.pk}/start-appraisal"))
    sent = _ok(appraiser.post(f"/campaigns/{campaign.pk}/request-approval"))
    assert sent["status"] == CampaignStatus.AWAITING_APPROVAL
    stale = approver.post(f"/campaigns/{campaign.pk}/approve", {"version": sent["version"] - 1})
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    assert stale.json()["details"] == {"current": {"version": sent["version"]}}
    approved = _ok(approver.post(f"/campaigns/{campaign.pk}/approve", {"version": sent["version"]}))
    assert approved["status"] == CampaignStatus.APPROVED

    # Approved results are locked: the unit can no longer change a value.
    locked = reporter.put(f"/forms/{form_id}/answers/SS.HT.1", {"value": [1, 2], "version": 1})
    assert locked.status_code == 403
    final = _ok(head.get(f"/forms/{form_id}"))
    assert final["form"]["status"] == FormStatus.VERIFIED and final["permissions"]["edit"] is False

    # Nothing is public until the approver publishes; then anyone reads it.
    assert Api().get("/results/67/2019/units/666").status_code == 404
    publish = {
        "version": approved["version"],
        "decision_number": "47/QĐ-UBND",
        "decision_date": "2020-01-10",
        "decision_signer": "Chủ tịch UBND tỉnh",
    }
    published = _ok(approver.post(f"/campaigns/{campaign.pk}/results/publish", publish), 201)
    assert published["version"] == 1 and published["intact"] is True
    result = _ok(Api().get("/results/67/2019/units/666"))
    assert result["snapshot"]["sha256"] == published["sha256"]
    assert result["status"] == FormStatus.VERIFIED and result["reason"] == ""
    assert result["total"]["points"] == total["verified"].replace(",", ".")
    readiness = result["sections"][0]
    ranking = _ok(Api().get(f"/results/67/2019/rankings/district/{readiness['code']}"))
    ranked = [(r["rank"], r["unit"], r["points"]) for r in ranking["ranked_units"]]
    assert ranked == [(readiness["rank"], "666", readiness["points"])] == [(1, "666", "39.82")]
    left_out = {r["unit"]: r["reason_code"] for r in ranking["not_ranked"]}
    assert len(left_out) == 7 and left_out["662"] == "not_submitted"
