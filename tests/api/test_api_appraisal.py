"""The appraisal through the API: two appraisers on one criterion, questions and replies, a
form returned to the unit — the services' rules, the site's answers."""

from __future__ import annotations

from typing import Any

from chiso.accounts.models import Role
from chiso.accounts.services import role_grant, user_create
from tests.api.conftest import Api, token_for

ADJUST = {
    "state": "adjusted",
    "value": ["30", "50"],
    "reason_code": "evidence_mismatch",
    "reason": "Biên bản chỉ ghi 30 máy",
}


def test_the_second_appraiser_is_refused_and_shown_the_first_ones_decision(
    submitted_a: Any, cast: dict[str, Any], as_person: Any
) -> None:
    form = submitted_a
    path = f"/forms/{form.pk}/verifications/SS.HT.1"
    first = as_person("appraiser").put(path, {**ADJUST, "version": None})
    assert first.status_code == 200 and first.json()["reason_text"].endswith("30 máy")

    colleague, _ = user_create(
        actor=None, username="td.hai", full_name="Thẩm Định Hai", email="", password="x-2026-y"
    )
    role_grant(actor=None, user=colleague, role=Role.APPRAISER, unit=cast["province"])
    second = Api(token_for(colleague))
    stale = second.put(path, {"state": "accepted", "version": None})
    assert stale.status_code == 409
    current = stale.json()["details"]["current"]
    assert current["state"] == "adjusted" and current["value"] == ["30", "50"]
    assert current["version"] == 1
    assert second.put(path, {"state": "accepted", "version": 1}).status_code == 200

    no_reason = second.put(path, {**ADJUST, "reason_code": "", "version": 2})
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason_code"
    points = second.put(
        f"/forms/{form.pk}/verifications/KQ.CD.2", {"state": "accepted", "version": None}
    )
    assert points.status_code == 422 and points.json()["field"] == "state"
    assert as_person("head_a").put(path, {"state": "accepted", "version": 2}).status_code == 403


def test_a_question_a_reply_and_a_returned_form(
    submitted_a: Any, cast: dict[str, Any], as_person: Any
) -> None:
    form = submitted_a
    appraiser, reporter = as_person("appraiser"), as_person("reporter_a")
    asked = appraiser.post(
        f"/forms/{form.pk}/questions", {"criterion": "SS.HT.1", "text": "Gửi biên bản kiểm kê"}
    )
    assert asked.status_code == 201 and asked.json()["side"] == "appraiser"
    unknown = appraiser.post(f"/forms/{form.pk}/questions", {"criterion": "XX", "text": "?"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "criterion"

    version = appraiser.get(f"/forms/{form.pk}").json()["form"]["version"]
    returned = appraiser.post(
        f"/forms/{form.pk}/return", {"message": "Bổ sung", "version": version}
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"

    replied = reporter.post(f"/forms/{form.pk}/replies", {"criterion": "SS.HT.1", "text": "Đã gửi"})
    assert replied.status_code == 201
    seen = reporter.get(f"/forms/{form.pk}").json()
    assert [c["text"] for c in seen["comments"]] == ["Gửi biên bản kiểm kê", "Bổ sung", "Đã gửi"]
    assert seen["permissions"]["edit"] is True
    assert reporter.get(f"/forms/{form.pk}/appraisal").status_code == 403
