"""The appraisal through its services: decide, ask, return, resubmit, verify, approve, reopen."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chiso.appraisal import approval, services
from chiso.appraisal.models import Comment, Reason, Round, Verification, VerificationState
from chiso.appraisal.official import side_by_side
from chiso.appraisal.rounds import round_changes
from chiso.audit.models import Entry
from chiso.campaigns.models import Answer, CampaignStatus, FormStatus
from chiso.campaigns.services import StaleEdit, form_save_answer, form_submit
from chiso.campaigns.workflow import TransitionError

ADJUSTED = VerificationState.ADJUSTED
ACCEPTED = VerificationState.ACCEPTED


def _adjust(form: Any, actor: Any, code: str, value: object, version: int | None = None) -> Any:
    return services.verification_save(
        actor=actor,
        form=form,
        criterion=code,
        state=ADJUSTED,
        value=value,
        reason_code=Reason.EVIDENCE_MISMATCH,
        reason="Biên bản chỉ ghi 30 máy",
        expected_version=version,
    )


def test_an_adjusted_value_keeps_the_units_own_and_changes_only_the_verified_score(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    _adjust(submitted_a, cast["appraiser"], "SS.HT.1", ["30", "50"])

    submitted_a.refresh_from_db()
    assert submitted_a.status == FormStatus.IN_REVIEW
    assert Answer.objects.get(form=submitted_a, criterion="SS.HT.1").value == [40, 50]
    scores = side_by_side(submitted_a)
    own, verified, gap = scores.shown("SS.HT.1")
    assert own != verified
    assert gap.startswith("-")
    assert scores.verified_points["total"] < scores.own_points["total"]
    entry = Entry.objects.filter(action="appraisal.verify").latest("id")
    assert entry.actor == cast["appraiser"]
    assert "Minh chứng không khớp" in entry.reason and "30 máy" in entry.reason


def test_an_adjustment_needs_a_reason_and_other_needs_the_text(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    with pytest.raises(ValueError, match="chọn lý do"):
        services.verification_save(
            actor=cast["appraiser"],
            form=submitted_a,
            criterion="SS.HT.1",
            state=ADJUSTED,
            value=["30", "50"],
            reason_code="",
            expected_version=None,
        )
    with pytest.raises(ValueError, match="ghi rõ lý do"):
        services.verification_save(
            actor=cast["appraiser"],
            form=submitted_a,
            criterion="SS.HT.1",
            state=ADJUSTED,
            value=["30", "50"],
            reason_code=Reason.OTHER,
            reason="  ",
            expected_version=None,
        )
    with pytest.raises(ValueError, match="tử số"):
        _adjust(submitted_a, cast["appraiser"], "SS.HT.1", ["60", "50"])
    assert not Verification.objects.filter(form=submitted_a).exists()


def test_the_second_appraiser_saving_over_the_first_is_refused_with_who_and_what(
    submitted_a: Any, cast: dict[str, Any], appraiser2: Any
) -> None:
    first = _adjust(submitted_a, cast["appraiser"], "SS.HT.1", ["30", "50"])
    # The second appraiser opened the page before: they saw no decision (version None).
    with pytest.raises(StaleEdit) as caught:
        services.verification_save(
            actor=appraiser2,
            form=submitted_a,
            criterion="SS.HT.1",
            state=ACCEPTED,
            expected_version=None,
        )
    assert "appraiser" in caught.value.message  # the first appraiser's full name
    assert "30" in caught.value.message
    assert Verification.objects.get(pk=first.pk).state == ADJUSTED
    # With the version they now see, their decision is saved.
    services.verification_save(
        actor=appraiser2,
        form=submitted_a,
        criterion="SS.HT.1",
        state=ACCEPTED,
        expected_version=first.version,
    )
    assert Verification.objects.get(pk=first.pk).state == ACCEPTED


def test_the_unit_cannot_appraise_and_other_provinces_cannot_see(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    from django.http import Http404

    with pytest.raises(PermissionDenied):
        services.verification_save(
            actor=cast["head_a"],
            form=submitted_a,
            criterion="SS.HT.1",
            state=ACCEPTED,
            expected_version=None,
        )
    with pytest.raises(Http404):
        services.question_ask(
            actor=cast["other_appraiser"], form=submitted_a, criterion="SS.HT.1", text="?"
        )


def test_return_answer_resubmit_shows_only_what_changed_and_reappraises_it(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    appraiser, head, reporter = cast["appraiser"], cast["head_a"], cast["reporter_a"]
    services.verification_save(
        actor=appraiser,
        form=submitted_a,
        criterion="SS.HT.2",
        state=ACCEPTED,
        expected_version=None,
    )
    _adjust(submitted_a, appraiser, "SS.HT.1", ["30", "50"])
    submitted_a.refresh_from_db()
    with pytest.raises(ValidationError, match="cần ý kiến"):
        services.form_return(
            actor=appraiser, form=submitted_a, message="", expected_version=submitted_a.version
        )
    services.question_ask(
        actor=appraiser, form=submitted_a, criterion="SS.HT.1", text="Gửi biên bản kiểm kê máy"
    )
    submitted_a.refresh_from_db()
    returned = services.form_return(
        actor=appraiser,
        form=submitted_a,
        message="Bổ sung SS.HT.1",
        expected_version=submitted_a.version,
    )
    assert returned.status == FormStatus.RETURNED

    services.question_reply(
        actor=reporter, form=returned, criterion="SS.HT.1", text="Đã kiểm kê lại: 35 máy"
    )
    answer = Answer.objects.get(form=returned, criterion="SS.HT.1")
    form_save_answer(
        actor=reporter,
        form=returned,
        criterion="SS.HT.1",
        value=["35", "50"],
        expected_version=answer.version,
    )
    returned.refresh_from_db()
    again = form_submit(actor=head, form=returned, expected_version=returned.version)

    assert again.status == FormStatus.RESUBMITTED
    assert again.late is False  # resubmitting on request is not being late
    assert list(again.rounds.values_list("number", flat=True)) == [1, 2]
    assert round_changes(again) == {"SS.HT.1"}
    # The decision on the changed criterion is cleared; the accepted one stays.
    assert set(Verification.objects.filter(form=again).values_list("criterion", flat=True)) == {
        "SS.HT.2"
    }
    texts = list(Comment.objects.filter(form=again).values_list("side", "text"))
    assert ("appraiser", "Gửi biên bản kiểm kê máy") in texts
    assert ("unit", "Đã kiểm kê lại: 35 máy") in texts
    assert Round.objects.get(form=again, number=1).return_message == "Bổ sung SS.HT.1"


def _verify(form: Any, actor: Any) -> Any:
    # KQ.CD.2 (initiatives) is scored by the appraisers only.
    with pytest.raises(ValueError, match="nhập điểm"):
        services.verification_save(
            actor=actor, form=form, criterion="KQ.CD.2", state=ACCEPTED, expected_version=None
        )
    with pytest.raises(ValueError, match="từ 0 đến 2,00"):
        services.verification_save(
            actor=actor,
            form=form,
            criterion="KQ.CD.2",
            state=ADJUSTED,
            value="3",
            reason_code=Reason.APPRAISER_POINTS,
            expected_version=None,
        )
    services.verification_save(
        actor=actor,
        form=form,
        criterion="KQ.CD.2",
        state=ADJUSTED,
        value="1,5",
        reason_code=Reason.APPRAISER_POINTS,
        expected_version=None,
    )
    form.refresh_from_db()
    services.accept_remaining(actor=actor, form=form, expected_version=form.version)
    form.refresh_from_db()
    return services.form_verify(actor=actor, form=form, expected_version=form.version)


def test_verification_needs_every_criterion_decided_then_locks_the_form(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    appraiser = cast["appraiser"]
    with pytest.raises(ValidationError, match="chưa thẩm định"):
        services.form_verify(
            actor=appraiser, form=submitted_a, expected_version=submitted_a.version
        )
    verified = _verify(submitted_a, appraiser)

    assert verified.status == FormStatus.VERIFIED
    assert verified.verified_by == appraiser
    with pytest.raises(ValidationError, match="mở lại"):
        _adjust(verified, appraiser, "SS.HT.1", ["30", "50"])
    with pytest.raises(ValidationError, match="lý do"):
        services.form_reopen(actor=appraiser, form=verified, reason="")
    reopened = services.form_reopen(actor=appraiser, form=verified, reason="Sai số liệu HT.1")
    assert reopened.status == FormStatus.IN_REVIEW
    assert Entry.objects.filter(action="forms.in_review", reason="Sai số liệu HT.1").exists()


def test_a_form_assigned_to_one_appraiser_is_refused_to_the_others(
    submitted_a: Any, cast: dict[str, Any], appraiser2: Any
) -> None:
    services.form_assign(actor=cast["province_admin"], form=submitted_a, appraiser=appraiser2)
    with pytest.raises(PermissionDenied):
        _adjust(submitted_a, cast["appraiser"], "SS.HT.1", ["30", "50"])
    _adjust(submitted_a, appraiser2, "SS.HT.1", ["30", "50"])
    with pytest.raises(ValidationError, match="không phải thẩm định viên"):
        services.form_assign(
            actor=cast["province_admin"], form=submitted_a, appraiser=cast["reporter_a"]
        )


def test_approval_needs_every_unit_verified_or_excluded_and_then_locks_everything(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    appraiser, approver = cast["appraiser"], cast["approver"]
    campaign = submitted_a.campaign
    with pytest.raises(TransitionError):
        approval.campaign_request_approval(actor=appraiser, campaign=campaign)
    with pytest.raises(PermissionDenied):
        approval.campaign_start_appraisal(actor=cast["reporter_a"], campaign=campaign)
    approval.campaign_start_appraisal(actor=appraiser, campaign=campaign)
    _verify(submitted_a, appraiser)
    with pytest.raises(ValidationError, match="chưa thẩm định xong"):
        approval.campaign_request_approval(actor=appraiser, campaign=campaign)

    with pytest.raises(PermissionDenied):  # excluding is the approver's decision
        services.form_exclude(
            actor=appraiser,
            form=campaign.forms.exclude(pk=submitted_a.pk).first(),
            excluded=True,
            reason="Không nộp",
        )
    for form in campaign.forms.exclude(pk=submitted_a.pk):
        with pytest.raises(ValidationError):
            services.form_exclude(actor=approver, form=form, excluded=True, reason="")
        services.form_exclude(actor=approver, form=form, excluded=True, reason="Không nộp phiếu")
    campaign = approval.campaign_request_approval(actor=appraiser, campaign=campaign)
    with pytest.raises(PermissionDenied):
        approval.campaign_approve(
            actor=appraiser, campaign=campaign, expected_version=campaign.version
        )
    with pytest.raises(ValidationError, match="thay đổi"):
        approval.campaign_approve(actor=approver, campaign=campaign, expected_version=0)
    campaign = approval.campaign_approve(
        actor=approver, campaign=campaign, expected_version=campaign.version
    )
    assert campaign.status == CampaignStatus.APPROVED

    # Approval locks every value: neither the appraisers nor the units change anything.
    submitted_a.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.form_reopen(actor=appraiser, form=submitted_a, reason="Muốn sửa")
    with pytest.raises(PermissionDenied):
        form_save_answer(
            actor=cast["reporter_a"],
            form=submitted_a,
            criterion="SS.HT.1",
            value=["1", "2"],
            expected_version=None,
        )
    with pytest.raises(ValidationError, match="lý do"):
        approval.campaign_reopen(actor=approver, campaign=campaign, reason="")
    campaign = approval.campaign_reopen(
        actor=approver, campaign=campaign, reason="Đơn vị khiếu nại"
    )
    assert campaign.status == CampaignStatus.APPRAISING
    assert Entry.objects.filter(action="campaigns.appraising", reason="Đơn vị khiếu nại").exists()
