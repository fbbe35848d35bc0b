"""The API of deadlines and the contest window: a locked form refuses answers (409 «locked»),
an extension reopens it, objections are filed and answered; the policy as on the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from chiso.appraisal import approval
from chiso.campaigns.extensions import LOCKED_NOT_SAVED
from chiso.campaigns.models import Form
from tests.appraisal.test_contest import OPEN_DAY, _verified
from tests.deadlines.test_lock_and_extensions import _at, locking  # noqa: F401 - a fixture


def test_a_locked_form_answers_409_and_an_extension_reopens_it(
    locking: Any,  # noqa: F811
    cast: dict[str, Any],
    as_person: Any,
) -> None:
    form = Form.objects.get(campaign=locking, unit=cast["dakrlap"])
    unit, dept = as_person("reporter_a"), as_person("appraiser")
    with time_machine.travel(_at(dt.date(2019, 10, 28)), tick=False):
        seen = unit.get(f"/forms/{form.pk}/deadline").json()
        assert seen == {"deadline": "2019-10-22", "locked": True, "extension": None}
        refused = unit.put(
            f"/forms/{form.pk}/answers/SS.HT.1", {"value": ["1", "2"], "version": None}
        )
        assert refused.status_code == 409, refused.json()
        assert refused.json()["code"] == "locked"
        assert refused.json()["message"] == LOCKED_NOT_SAVED.format(deadline="22/10/2019")
        body = {
            "decision_number": "125/STTTT-BCVT",
            "decision_date": "2019-10-25",
            "signer": "Phó Giám đốc Nguyễn Văn An",
            "reason": "Mất điện kéo dài do bão",
            "new_deadline": "2019-11-08",
            "forms": [form.pk],
        }
        assert unit.post(f"/campaigns/{locking.pk}/extensions", body).status_code == 403
        # An id no database integer holds (found by schemathesis: SQLite overflowed, a 500).
        for wrong in (2**70, 0, -1):
            refused = dept.post(
                f"/campaigns/{locking.pk}/extensions", {**body, "forms": [form.pk, wrong]}
            )
            assert refused.status_code == 422, (wrong, refused.json())
            assert refused.json()["code"] == "invalid", refused.json()
            assert refused.json()["field"].startswith("forms"), refused.json()
        assert unit.get(f"/forms/{form.pk}/deadline").json()["locked"] is True  # nothing granted
        granted = dept.post(f"/campaigns/{locking.pk}/extensions", body)
        assert granted.status_code == 201, granted.json()
        assert granted.json()["units"] == ["666"]
        seen = unit.get(f"/forms/{form.pk}/deadline").json()
        assert seen["locked"] is False and seen["deadline"] == "2019-11-08"
        assert seen["extension"]["decision_number"] == "125/STTTT-BCVT"
        listed = dept.get(f"/campaigns/{locking.pk}/extensions").json()
        assert [e["new_deadline"] for e in listed] == ["2019-11-08"]


def test_an_objection_filed_and_answered_through_the_api(
    submitted_a: Any, cast: dict[str, Any], as_person: Any
) -> None:
    campaign = submitted_a.campaign
    approval.campaign_start_appraisal(actor=cast["appraiser"], campaign=campaign)
    form = _verified(submitted_a, cast["appraiser"])
    unit, dept = as_person("head_a"), as_person("appraiser")
    with time_machine.travel(OPEN_DAY, tick=False):
        opened = dept.post(f"/campaigns/{campaign.pk}/contest", {"working_days": 5})
        assert opened.status_code == 201
        assert opened.json()["closes_on"] == "2019-12-06"
        filed = unit.client.post(
            f"/api/v1/forms/{form.pk}/objections",
            {"criterion": "SS.HT.1", "explanation": "Có 40 máy"},
            headers=unit.headers,
        )
        assert filed.status_code == 201, filed.json()
        objection = filed.json()
        assert objection["outcome"] == "pending" and objection["unit"] == "666"
        refused = unit.post(
            f"/objections/{objection['id']}/answer", {"outcome": "rejected", "answer": "x"}
        )
        assert refused.status_code == 403
        answered = dept.post(
            f"/objections/{objection['id']}/answer",
            {"outcome": "accepted", "answer": "Biên bản bổ sung hợp lệ", "value": ["40", "50"]},
        )
        assert answered.status_code == 200, answered.json()
        assert answered.json()["value_before"] == ["30", "50"]
        assert answered.json()["value_after"] == ["40", "50"]
        listed = dept.get(f"/campaigns/{campaign.pk}/objections").json()
        assert [o["outcome"] for o in listed] == ["accepted"]
