"""The hooks record notices for the right people, once, in the step's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chiso.appraisal.services import form_return, question_ask, question_reply
from chiso.notices.models import Event, Notice
from chiso.notices.services import notice_emit, reminders_emit

pytestmark = pytest.mark.django_db


def _of(user: Any, event: str) -> list[Notice]:
    return list(Notice.objects.filter(user=user, event=event))


def test_opening_a_campaign_notifies_each_units_reporter_and_head_once(
    campaign: Any, cast: dict[str, Any]
) -> None:
    for name in ("reporter_a", "head_a", "reporter_b", "reporter_commune"):
        [notice] = _of(cast[name], Event.CAMPAIGN_OPENED)
        assert notice.link == f"/forms/{notice.form_id}/"
        assert "20/10/2019" in notice.body or "22/10/2019" in notice.body
    [mine] = _of(cast["head_a"], Event.CAMPAIGN_OPENED)
    assert mine.form.unit == cast["dakrlap"]
    assert "Sở Thông tin và Truyền thông tỉnh Đắk Nông" in mine.body
    assert not Notice.objects.filter(user=cast["appraiser"]).exists()


def test_emitting_the_same_key_twice_records_one_notice(
    campaign: Any, cast: dict[str, Any]
) -> None:
    form = campaign.forms.get(unit=cast["dakrlap"])
    for _ in range(2):
        notice_emit(
            Event.OVERDUE,
            campaign,
            form,
            recipients=[cast["head_a"]],
            link="/forms/1/",
            context={"detail": "Phiếu đã khoá."},
            key=f"overdue:{form.pk}",
        )
    [notice] = _of(cast["head_a"], Event.OVERDUE)
    assert notice.subject == "Quá hạn nộp phiếu: Huyện Đắk R'Lấp"
    assert "Phiếu đã khoá." in notice.body


def test_reminders_go_five_and_one_working_days_before_and_on_the_day_each_once(
    campaign: Any, cast: dict[str, Any]
) -> None:
    deadline = campaign.schedule.unit_deadline
    from chiso.deadlines import add_working_days, working_days_between

    start = deadline - dt.timedelta(days=14)
    day, sent = start, []
    while day <= deadline + dt.timedelta(days=3):
        if reminders_emit(today=day):
            sent.append(working_days_between(day, deadline))
        reminders_emit(today=day)  # a second run the same day records nothing
        day += dt.timedelta(days=1)
    assert sent == [5, 1, 0]
    keys = sorted(n.key.split(":")[2] for n in _of(cast["head_a"], Event.REMINDER))
    assert keys == ["0", "1", "5"]
    assert add_working_days(deadline, 0) == deadline


def test_a_missed_run_still_reminds_once(campaign: Any, cast: dict[str, Any]) -> None:
    from chiso.deadlines import add_working_days

    three_left = add_working_days(campaign.request_date, 12)
    assert reminders_emit(today=three_left) > 0
    [notice] = _of(cast["head_a"], Event.REMINDER)
    assert notice.key.split(":")[2] == "5"


def test_question_return_and_reply_reach_the_other_side(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    form = submitted_a
    question_ask(actor=cast["appraiser"], form=form, criterion="", text="Thiếu quyết định?")
    [asked] = _of(cast["head_a"], Event.QUESTION_ASKED)
    assert "Thiếu quyết định?" in asked.body
    form.refresh_from_db()
    form_return(
        actor=cast["appraiser"],
        form=form,
        message="Bổ sung minh chứng",
        expected_version=form.version,
    )
    [returned] = _of(cast["reporter_a"], Event.FORM_RETURNED)
    assert "Bổ sung minh chứng" in returned.body
    question_reply(actor=cast["reporter_a"], form=form, criterion="", text="Đã bổ sung.")
    [answered] = _of(cast["appraiser"], Event.QUESTION_ANSWERED)
    assert answered.link == f"/appraisal/forms/{form.pk}/"


def test_verification_publication_and_correction_notify_the_units(
    cast: dict[str, Any],
) -> None:
    from chiso.results.services import results_correct
    from tests.results.conftest import publish_districts_2019, reapprove_gia_nghia_fixed

    snapshot = publish_districts_2019(cast)
    finished = _of(cast["head_a"], Event.APPRAISAL_FINISHED)
    assert len(finished) == 1 and "điểm thẩm định:" in finished[0].body
    [published] = _of(cast["head_a"], Event.RESULTS_PUBLISHED)
    assert published.link == "/public/67/2019/"
    assert "Quyết định số 47/QĐ-UBND" in published.body or "47/QĐ-UBND" in published.body
    campaign = reapprove_gia_nghia_fixed(snapshot.campaign, cast)
    results_correct(actor=cast["approver"], campaign=campaign, reason="Khiếu nại của Gia Nghĩa")
    assert len(_of(cast["head_a"], Event.RESULTS_PUBLISHED)) == 2
    assert len(_of(cast["reporter_b"], Event.RESULTS_PUBLISHED)) == 2


def test_a_link_off_chiso_is_refused(campaign: Any, cast: dict[str, Any]) -> None:
    from chiso.notices.services import LINK_NOT_A_PATH

    for link in ("https://evil.example/", "//evil.example/"):
        with pytest.raises(ValueError, match="bắt đầu bằng /") as error:
            notice_emit(Event.OVERDUE, campaign, recipients=[cast["head_a"]], link=link)
        assert str(error.value) == LINK_NOT_A_PATH.format(link=link)


def test_a_unit_with_a_later_extension_is_reminded_of_its_own_date(campaign: Any) -> None:
    from types import SimpleNamespace

    from chiso.notices.services import form_deadline, reminder_due

    deadline = campaign.schedule.unit_deadline
    later = deadline + dt.timedelta(days=14)
    extended = SimpleNamespace(campaign=campaign, extension=SimpleNamespace(new_deadline=later))
    assert form_deadline(extended) == later  # type: ignore[arg-type]
    plain = SimpleNamespace(campaign=campaign, extension=None)
    assert form_deadline(plain) == deadline  # type: ignore[arg-type]
    assert reminder_due(later, [5, 1], deadline) is None  # ten working days left: not yet
    assert reminder_due(later, [5, 1], later) == 0
    assert reminder_due(deadline, [5, 1], later) is None  # past: the overdue notice's turn
