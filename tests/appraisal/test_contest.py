"""A window to contest: the unit sees its verified result per criterion and objects; the
appraiser answers through the ordinary verification; approval waits for every answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from chiso.appraisal import approval, contest, services
from chiso.appraisal.contest import (
    ALREADY_FILED,
    EXPLANATION_REQUIRED,
    NOT_APPRAISING,
    UNANSWERED,
    WINDOW_OPEN,
    campaign_objections,
    contest_open,
    objection_answer,
    objection_file,
    unit_contest,
)
from chiso.appraisal.models import Outcome, Reason, Verification, VerificationState
from chiso.audit.models import Entry
from chiso.campaigns.models import CampaignStatus, FormStatus
from tests.campaigns.test_form_services import PDF

VIETNAM = dt.timezone(dt.timedelta(hours=7))
OPEN_DAY = dt.datetime(2019, 12, 2, 9, 0, tzinfo=VIETNAM)  # a Monday
AFTER = dt.datetime(2019, 12, 10, 9, 0, tzinfo=VIETNAM)


def _verified(form: Any, appraiser: Any) -> Any:
    """Verified with SS.HT.1 adjusted (the unit said 40 of 50 computers; the record shows 30)."""
    services.verification_save(
        actor=appraiser,
        form=form,
        criterion="SS.HT.1",
        state=VerificationState.ADJUSTED,
        value=["30", "50"],
        reason_code=Reason.EVIDENCE_MISMATCH,
        reason="Biên bản chỉ ghi 30 máy",
        expected_version=None,
    )
    services.verification_save(
        actor=appraiser,
        form=form,
        criterion="KQ.CD.2",
        state=VerificationState.ADJUSTED,
        value="1",
        reason_code=Reason.APPRAISER_POINTS,
        expected_version=None,
    )
    form.refresh_from_db()
    services.accept_remaining(actor=appraiser, form=form, expected_version=form.version)
    form.refresh_from_db()
    return services.form_verify(actor=appraiser, form=form, expected_version=form.version)


@pytest.fixture
def window_case(submitted_a: Any, cast: dict[str, Any]) -> Any:
    """Đắk Nông 2019 in appraisal, Đắk R'Lấp verified, every other unit excluded."""
    campaign = submitted_a.campaign
    approval.campaign_start_appraisal(actor=cast["appraiser"], campaign=campaign)
    form = _verified(submitted_a, cast["appraiser"])
    for other in campaign.forms.exclude(pk=form.pk):
        services.form_exclude(actor=cast["approver"], form=other, excluded=True, reason="Không nộp")
    campaign.refresh_from_db()
    return campaign, form


def test_the_department_opens_a_window_of_working_days_once(
    window_case: Any, cast: dict[str, Any]
) -> None:
    campaign, _ = window_case
    with pytest.raises(PermissionDenied):
        contest_open(actor=cast["approver"], campaign=campaign)
    with time_machine.travel(OPEN_DAY, tick=False):
        window = contest_open(actor=cast["appraiser"], campaign=campaign)
        assert (window.opens_on, window.closes_on) == (dt.date(2019, 12, 2), dt.date(2019, 12, 6))
        with pytest.raises(ValidationError, match="đã mở"):
            contest_open(actor=cast["appraiser"], campaign=campaign)
    assert Entry.objects.filter(action="contest.open").count() == 1


def test_a_collecting_campaign_has_no_window(campaign: Any, cast: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        contest_open(actor=cast["appraiser"], campaign=campaign)
    assert caught.value.messages == [NOT_APPRAISING]


def test_the_unit_sees_each_criterion_beside_its_own_and_objects_with_a_file(
    window_case: Any, cast: dict[str, Any]
) -> None:
    campaign, form = window_case
    assert unit_contest(form, cast["reporter_a"]) is None  # no window yet
    with time_machine.travel(OPEN_DAY, tick=False):
        contest_open(actor=cast["appraiser"], campaign=campaign)
        form.refresh_from_db()
        seen = unit_contest(form, cast["reporter_a"])
        assert seen is not None and seen.may_file
        line = next(x for x in seen.lines if x.code == "SS.HT.1")
        assert line.adjusted and "Biên bản chỉ ghi 30 máy" in line.reason
        assert line.own != line.verified
        assert not unit_contest(form, cast["reporter_b"]).may_file  # type: ignore[union-attr]
        with pytest.raises(ValueError) as caught:
            objection_file(
                actor=cast["reporter_a"], form=form, criterion="SS.HT.1", explanation=" "
            )
        assert str(caught.value) == EXPLANATION_REQUIRED
        with pytest.raises(ValueError, match="Chỉ nhận PDF"):
            objection_file(
                actor=cast["reporter_a"],
                form=form,
                criterion="SS.HT.1",
                explanation="Có 40 máy",
                file_name="bienban.exe",
                file_data=b"MZ\x90\x00",
            )
        objection = objection_file(
            actor=cast["head_a"],
            form=form,
            criterion="SS.HT.1",
            explanation="Biên bản bổ sung ghi 40 máy tính",
            file_name="bienban.pdf",
            file_data=PDF,
        )
        assert objection.evidence is not None and objection.evidence.criterion == "SS.HT.1"
        with pytest.raises(ValueError) as again:
            objection_file(actor=cast["head_a"], form=form, criterion="SS.HT.1", explanation="x")
        assert str(again.value) == ALREADY_FILED.format(code="SS.HT.1")
        with pytest.raises(PermissionDenied):
            objection_file(actor=cast["appraiser"], form=form, criterion="KQ.CD.2", explanation="x")
    with time_machine.travel(AFTER, tick=False), pytest.raises(PermissionDenied):
        objection_file(actor=cast["head_a"], form=form, criterion="KQ.CD.2", explanation="x")
    assert Entry.objects.filter(action="contest.objection", unit_code="666").count() == 1


def test_an_accepted_objection_changes_the_value_through_verification_and_approval_waits(
    window_case: Any, cast: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[Any] = []
    real = contest.notices_contest_answered
    monkeypatch.setattr(
        contest,
        "notices_contest_answered",
        lambda o, *, accepted: (told.append(o), real(o, accepted=accepted)),
    )
    campaign, form = window_case
    with time_machine.travel(OPEN_DAY, tick=False):
        contest_open(actor=cast["appraiser"], campaign=campaign)
        form.refresh_from_db()
        accepted = objection_file(
            actor=cast["head_a"], form=form, criterion="SS.HT.1", explanation="Có 40 máy"
        )
        rejected = objection_file(
            actor=cast["head_a"], form=form, criterion="KQ.CD.2", explanation="Đáng 2 điểm"
        )
        with pytest.raises(ValidationError) as caught:
            approval.campaign_request_approval(actor=cast["appraiser"], campaign=campaign)
        assert caught.value.messages == [WINDOW_OPEN.format(closes="06/12/2019")]
    with time_machine.travel(AFTER, tick=False):
        with pytest.raises(ValidationError) as caught:
            approval.campaign_request_approval(actor=cast["appraiser"], campaign=campaign)
        assert caught.value.messages == [
            UNANSWERED.format(count=2, items="Huyện Đắk R'Lấp (KQ.CD.2), Huyện Đắk R'Lấp (SS.HT.1)")
        ]
        with pytest.raises(PermissionDenied):
            objection_answer(actor=cast["head_a"], objection=accepted, accepted=True, answer="x")
        with pytest.raises(ValidationError, match="nội dung trả lời"):
            objection_answer(actor=cast["appraiser"], objection=rejected, accepted=False, answer="")
        objection_answer(
            actor=cast["appraiser"],
            objection=accepted,
            accepted=True,
            answer="Biên bản bổ sung hợp lệ",
            value=["40", "50"],
        )
        objection_answer(
            actor=cast["appraiser"],
            objection=rejected,
            accepted=False,
            answer="Sáng kiến chưa được công nhận",
        )
        campaign = approval.campaign_request_approval(actor=cast["appraiser"], campaign=campaign)
    assert campaign.status == CampaignStatus.AWAITING_APPROVAL
    form.refresh_from_db()
    assert form.status == FormStatus.VERIFIED
    v = Verification.objects.get(form=form, criterion="SS.HT.1")
    assert v.value == ["40", "50"] and "Biên bản bổ sung hợp lệ" in v.reason
    found = {o.criterion: o for o in campaign_objections(campaign)}
    assert found["SS.HT.1"].outcome == Outcome.ACCEPTED
    assert found["SS.HT.1"].value_before == ["30", "50"]
    assert found["SS.HT.1"].value_after == ["40", "50"]
    assert found["KQ.CD.2"].outcome == Outcome.REJECTED
    actions = list(
        Entry.objects.filter(unit_code="666", seq__gt=0)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    tail = actions[actions.index("contest.objection") :]
    assert tail == [
        "contest.objection",
        "contest.objection",
        "forms.in_review",
        "appraisal.verify",
        "forms.verified",
        "appraisal.score",
        "contest.answer",
        "contest.answer",
    ]
    assert [o.criterion for o in told] == ["SS.HT.1", "KQ.CD.2"]
    # The unit's reporter and head find each answer in their inbox (and later by e-mail).
    from chiso.notices.models import Event, Notice

    answered = Notice.objects.filter(event=Event.CONTEST_ANSWERED, form=form)
    assert {(n.user, n.key) for n in answered} == {
        (cast[who], f"{Event.CONTEST_ANSWERED}:{o.pk}")
        for who in ("reporter_a", "head_a")
        for o in (accepted, rejected)
    }
    assert any("Không chấp nhận — Sáng kiến chưa được công nhận" in n.body for n in answered)


def test_the_queue_shows_each_units_own_appraisal_date_and_warns_before_it(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    """2392 Điều 4: 120 working days from the unit's own submission (15/10/2019)."""
    from chiso.appraisal.selectors import queue
    from chiso.deadlines import add_working_days

    due = add_working_days(dt.date(2019, 10, 15), 120)
    with time_machine.travel(dt.datetime(2019, 11, 1, 9, 0, tzinfo=VIETNAM), tick=False):
        (row,) = queue(submitted_a.campaign)
        assert row.due == due and not row.due_warning
    with time_machine.travel(dt.datetime.combine(due, dt.time(9), VIETNAM), tick=False):
        (row,) = queue(submitted_a.campaign)
        assert row.due_left == 0 and row.due_warning
