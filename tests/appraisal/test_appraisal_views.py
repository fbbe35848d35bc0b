"""The appraisers' pages over HTTP: queue, review screen, decisions, conflicts, the unit's side."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chiso.appraisal import services
from chiso.appraisal.models import Reason, Verification, VerificationState
from chiso.campaigns.models import FormStatus


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_queue_lists_submitted_units_to_the_department_only(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    url = f"/campaigns/{submitted_a.campaign_id}/appraisal/"
    page = _client(cast["appraiser"]).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Huyện Đắk R&#x27;Lấp" in text or "Huyện Đắk R'Lấp" in text
    assert "Huyện Cư Jút" not in text  # not submitted: not in the appraisal queue
    assert "ngày làm việc" in text
    assert _client(cast["head_a"]).get(url).status_code == 403
    assert _client(cast["other_appraiser"]).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_the_review_screen_shows_value_evidence_flags_and_side_by_side_totals(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    page = _client(cast["appraiser"]).get(f"/appraisal/forms/{submitted_a.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Tự đánh giá" in text and "Thẩm định" in text
    assert "40/50" in text  # SS.HT.1 as the unit gave it
    # SS.HT.1 and SS.NL.2 both count "Tổng số CBCC", with 50 and 500.
    assert "Cùng một mẫu số nhưng kê khai khác nhau" in text
    assert "/evidence/" in text
    for person in ("head_a", "reporter_a"):
        assert _client(cast[person]).get(f"/appraisal/forms/{submitted_a.pk}/").status_code == 403
    assert _client(cast["reporter_b"]).get(f"/appraisal/forms/{submitted_a.pk}/").status_code == 404


def test_adjusting_a_value_through_the_page_and_a_stale_second_save_keeps_what_was_typed(
    submitted_a: Any, cast: dict[str, Any], appraiser2: Any
) -> None:
    url = f"/appraisal/forms/{submitted_a.pk}/criteria/SS.HT.1/"
    post = {
        "decision": "adjust",
        "version": "",
        "numerator": "30",
        "denominator": "50",
        "reason_code": Reason.EVIDENCE_MISMATCH,
        "reason": "Biên bản ghi 30",
    }
    done = _client(cast["appraiser"]).post(url, post)
    assert done.status_code == 302
    saved = Verification.objects.get(form=submitted_a, criterion="SS.HT.1")
    assert saved.value == ["30", "50"]

    # The second appraiser had the page open from before: their save is refused, not applied,
    # and the page comes back with their numbers still in the fields and who saved first.
    stale = _client(appraiser2).post(url, {**post, "numerator": "25", "reason": "Tôi đếm 25"})
    text = stale.content.decode()
    assert stale.status_code == 409
    assert "appraiser" in text and "đã ghi kết quả thẩm định" in text
    assert 'value="25"' in text and "Tôi đếm 25" in text
    assert Verification.objects.get(pk=saved.pk).value == ["30", "50"]

    missing_reason = _client(cast["appraiser"]).post(
        url, {**post, "version": str(saved.version), "reason_code": ""}
    )
    assert missing_reason.status_code == 422
    assert "Hãy chọn lý do" in missing_reason.content.decode()


def test_the_unit_sees_the_question_and_the_adjusted_value_and_replies(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    services.verification_save(
        actor=cast["appraiser"],
        form=submitted_a,
        criterion="SS.HT.1",
        state=VerificationState.ADJUSTED,
        value=["30", "50"],
        reason_code=Reason.WRONG_FIGURE,
        expected_version=None,
    )
    services.question_ask(
        actor=cast["appraiser"], form=submitted_a, criterion="SS.HT.2", text="Gửi danh sách máy"
    )
    submitted_a.refresh_from_db()
    services.form_return(
        actor=cast["appraiser"],
        form=submitted_a,
        message="Bổ sung minh chứng",
        expected_version=submitted_a.version,
    )
    unit = _client(cast["reporter_a"])
    text = unit.get(f"/forms/{submitted_a.pk}/").content.decode()
    assert "Gửi danh sách máy" in text and "Bổ sung minh chứng" in text
    assert "Sở thẩm định" in text and "30/50" in text
    reply = unit.post(
        f"/forms/{submitted_a.pk}/reply/", {"criterion": "SS.HT.2", "text": "Đã gửi kèm"}
    )
    assert reply.status_code == 302
    assert "Đã gửi kèm" in unit.get(f"/forms/{submitted_a.pk}/").content.decode()
    # Another unit cannot write into this form's dialogue.
    other = _client(cast["reporter_b"]).post(
        f"/forms/{submitted_a.pk}/reply/", {"criterion": "SS.HT.2", "text": "x"}
    )
    assert other.status_code == 404


@pytest.mark.parametrize("step", ["start", "request", "approve", "reopen"])
def test_campaign_steps_are_refused_to_units(
    step: str, submitted_a: Any, cast: dict[str, Any]
) -> None:
    url = f"/campaigns/{submitted_a.campaign_id}/approval/{step}/"
    assert _client(cast["head_a"]).post(url).status_code == 403
    assert _client(cast["other_appraiser"]).post(url).status_code == 404


def test_the_approval_page_says_what_keeps_the_results_from_approval(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    client = _client(cast["appraiser"])
    client.post(f"/campaigns/{submitted_a.campaign_id}/approval/start/")
    page = client.get(f"/campaigns/{submitted_a.campaign_id}/approval/")
    text = page.content.decode()
    assert "Đang thẩm định" in text
    assert "Chưa thể phê duyệt" in text
    refused = client.post(f"/campaigns/{submitted_a.campaign_id}/approval/request/", follow=True)
    assert "chưa thẩm định xong" in refused.content.decode()
    submitted_a.refresh_from_db()
    assert submitted_a.status == FormStatus.SUBMITTED
