"""Deadlines enforced: a form not submitted locks at its deadline (with grace), an extension
granted by a decision reopens it until its new date, approval does not wait for it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from chiso.accounts.policy import Action, allows
from chiso.appraisal.approval import overdue_forms, unfinished
from chiso.audit.models import Entry
from chiso.campaigns.extensions import (
    DEADLINE_NOT_LATER,
    LOCKED_NOT_SAVED,
    FormLocked,
    extension_grant,
    forms_record_overdue,
    locked_message,
)
from chiso.campaigns.hooks import HOOKS
from chiso.campaigns.models import Form, FormStatus
from chiso.campaigns.services import (
    WITHDRAW_WOULD_LOCK,
    form_save_answer,
    form_submit,
    form_withdraw,
)
from tests.campaigns.test_form_services import _fill
from tests.conftest import open_campaign

FRAMEWORKS = {"district": "vn-2392-huyen", "commune": "vn-2392-xa"}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    """``hour`` o'clock in Vietnam on ``day``."""
    vietnam = dt.timezone(dt.timedelta(hours=7))
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=vietnam)


@pytest.fixture
def locking(cast: dict[str, Any]) -> Any:
    """Đắk Nông 2019 with «khóa phiếu chưa nộp khi hết hạn» (deadline 22/10/2019)."""
    return open_campaign(cast, year=2019, frameworks=FRAMEWORKS, lock_at_deadline=True)


def _form(campaign: Any, unit: Any) -> Form:
    return Form.objects.select_related("campaign", "unit").get(campaign=campaign, unit=unit)


def _save(form: Form, actor: Any) -> Any:
    return form_save_answer(
        actor=actor, form=form, criterion="SS.HT.1", value=["1", "2"], expected_version=None
    )


def _extend(campaign: Any, actor: Any, forms: list[Form], until: dt.date) -> Any:
    return extension_grant(
        actor=actor,
        campaign=campaign,
        forms=forms,
        decision_number="125/STTTT-BCVT",
        decision_date=dt.date(2019, 10, 25),
        signer="Phó Giám đốc Nguyễn Văn An",
        reason="Mất điện kéo dài do bão",
        new_deadline=until,
    )


def test_the_grace_day_is_open_and_the_next_day_the_unsubmitted_form_locks(
    locking: Any, cast: dict[str, Any]
) -> None:
    last = locking.schedule.grace_until
    assert last == dt.date(2019, 10, 22)
    with time_machine.travel(_at(last, 23), tick=False):
        form = _form(locking, cast["dakrlap"])
        assert not form.locked_by_deadline
        _save(form, cast["reporter_a"])
    with time_machine.travel(_at(last + dt.timedelta(days=1), 0), tick=False):
        form = _form(locking, cast["dakrlap"])
        assert form.locked_by_deadline and form.status == FormStatus.DRAFT
        assert not allows(cast["reporter_a"], Action.FORM_EDIT, form)
        assert not allows(cast["head_a"], Action.FORM_SUBMIT, form)
        with pytest.raises(FormLocked) as caught:
            form_save_answer(
                actor=cast["reporter_a"],
                form=form,
                criterion="SS.HT.1",
                value=["3", "4"],
                expected_version=1,
            )
        assert str(caught.value) == LOCKED_NOT_SAVED.format(deadline="22/10/2019")
        with pytest.raises(FormLocked):
            form_submit(actor=cast["head_a"], form=form, expected_version=form.version)
        # The unit reads the date and whom to ask; a stranger learns nothing.
        text = locked_message(form)
        assert "22/10/2019" in text and "province_admin@example.vn" in text
        with pytest.raises(Http404):
            form_save_answer(
                actor=cast["reporter_b"],
                form=form,
                criterion="SS.HT.1",
                value=["3", "4"],
                expected_version=1,
            )


def test_a_campaign_that_does_not_lock_still_takes_a_late_form_and_marks_it_late(
    campaign: Any, cast: dict[str, Any]
) -> None:
    form = _form(campaign, cast["dakrlap"])
    with time_machine.travel(_at(dt.date(2019, 10, 1))):
        _fill(form, cast["reporter_a"])
    form.refresh_from_db()
    with time_machine.travel(_at(dt.date(2019, 11, 5)), tick=False):
        submitted = form_submit(actor=cast["head_a"], form=form, expected_version=form.version)
    assert submitted.late


def test_an_extension_reopens_the_forms_until_its_date_and_the_late_rule_uses_it(
    locking: Any, cast: dict[str, Any]
) -> None:
    a, b = _form(locking, cast["dakrlap"]), _form(locking, cast["cujut"])
    with time_machine.travel(_at(dt.date(2019, 10, 2))):
        _fill(a, cast["reporter_a"])
    until = dt.date(2019, 11, 8)
    with time_machine.travel(_at(dt.date(2019, 10, 28)), tick=False):
        assert _form(locking, cast["dakrlap"]).locked_by_deadline
        extension = _extend(locking, cast["appraiser"], [a, b], until)
        a = _form(locking, cast["dakrlap"])
        assert not a.locked_by_deadline and a.deadline == until
        assert allows(cast["reporter_b"], Action.FORM_EDIT, _form(locking, cast["cujut"]))
    with time_machine.travel(_at(until, 16), tick=False):
        submitted = form_submit(actor=cast["head_a"], form=a, expected_version=a.version)
    assert not submitted.late  # within its own, extended, deadline
    with time_machine.travel(_at(until + dt.timedelta(days=3)), tick=False):
        assert _form(locking, cast["cujut"]).locked_by_deadline  # its new date passed too
    assert set(extension.forms.all()) == {a, b}
    entries = Entry.objects.filter(action="forms.extension").order_by("unit_code")
    assert [e.unit_code for e in entries] == ["662", "666"]
    assert "125/STTTT-BCVT" in entries[0].reason and "Mất điện" in entries[0].reason
    assert Entry.objects.filter(action="campaigns.extension").count() == 1


def test_an_extension_needs_its_decision_and_a_later_date(
    locking: Any, cast: dict[str, Any]
) -> None:
    a = _form(locking, cast["dakrlap"])
    with time_machine.travel(_at(dt.date(2019, 10, 28)), tick=False):
        with pytest.raises(ValidationError) as caught:
            _extend(locking, cast["approver"], [a], dt.date(2019, 10, 21))
        assert caught.value.messages == [
            DEADLINE_NOT_LATER.format(new="21/10/2019", grace="22/10/2019", today="28/10/2019")
        ]
        with pytest.raises(ValidationError, match="số văn bản"):
            extension_grant(
                actor=cast["approver"],
                campaign=locking,
                forms=[a],
                decision_number=" ",
                decision_date=dt.date(2019, 10, 25),
                signer="X",
                reason="Y",
                new_deadline=dt.date(2019, 11, 8),
            )
        with pytest.raises(ValidationError, match="ít nhất một"):
            _extend(locking, cast["approver"], [], dt.date(2019, 11, 8))


def test_only_the_department_grants_an_extension(locking: Any, cast: dict[str, Any]) -> None:
    a = _form(locking, cast["dakrlap"])
    with time_machine.travel(_at(dt.date(2019, 10, 28)), tick=False):
        with pytest.raises(PermissionDenied):
            _extend(locking, cast["head_a"], [a], dt.date(2019, 11, 8))
        with pytest.raises(Http404):
            _extend(locking, cast["other_appraiser"], [a], dt.date(2019, 11, 8))
        with pytest.raises(PermissionDenied):
            _extend(locking, cast["system_admin"], [a], dt.date(2019, 11, 8))


def test_a_submitted_form_cannot_be_withdrawn_after_the_deadline(
    locking: Any, cast: dict[str, Any]
) -> None:
    a = _form(locking, cast["dakrlap"])
    with time_machine.travel(_at(dt.date(2019, 10, 2))):
        _fill(a, cast["reporter_a"])
        a.refresh_from_db()
        form_submit(actor=cast["head_a"], form=a, expected_version=a.version)
    with (
        time_machine.travel(_at(dt.date(2019, 10, 23)), tick=False),
        pytest.raises(ValidationError) as caught,
    ):
        form_withdraw(actor=cast["head_a"], form=a)
    assert caught.value.messages == [WITHDRAW_WOULD_LOCK.format(deadline="22/10/2019")]


def test_approval_leaves_overdue_forms_unranked_without_a_hand_exclusion(
    locking: Any, cast: dict[str, Any]
) -> None:
    with time_machine.travel(_at(dt.date(2019, 10, 20)), tick=False):
        assert overdue_forms(locking) == []
        assert unfinished(locking).count() == 79
    with time_machine.travel(_at(dt.date(2019, 10, 28)), tick=False):
        assert len(overdue_forms(locking)) == 79
        assert unfinished(locking).count() == 0
        _extend(locking, cast["appraiser"], [_form(locking, cast["dakrlap"])], dt.date(2019, 11, 8))
        assert unfinished(locking).count() == 1  # extended: approval waits for it again


def test_recording_the_overdue_forms_happens_once_and_tells_the_notices(
    locking: Any, cast: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[list[Form]] = []
    monkeypatch.setattr(HOOKS, "overdue", [lambda forms: told.append(list(forms))])
    with time_machine.travel(_at(dt.date(2019, 10, 22)), tick=False):
        assert forms_record_overdue() == []
    with time_machine.travel(_at(dt.date(2019, 10, 23)), tick=False):
        assert len(forms_record_overdue()) == 79
        assert forms_record_overdue() == []
    assert len(told) == 1 and len(told[0]) == 79
    assert Entry.objects.filter(action="forms.overdue").count() == 79
    assert Entry.objects.filter(action="forms.overdue", unit_code="666").get().actor is None


def test_changing_the_dates_judges_lateness_against_each_units_extension(
    locking: Any, cast: dict[str, Any]
) -> None:
    """The admin's change of dates re-judges every submitted form; an extended unit that
    submitted within its own new date stays on time."""
    from chiso.campaigns.services import campaign_change

    a = _form(locking, cast["dakrlap"])
    with time_machine.travel(_at(dt.date(2019, 10, 2))):
        _fill(a, cast["reporter_a"])
    with time_machine.travel(_at(dt.date(2019, 10, 28)), tick=False):
        _extend(locking, cast["appraiser"], [a], dt.date(2019, 11, 8))
        a = _form(locking, cast["dakrlap"])
        submitted = form_submit(actor=cast["head_a"], form=a, expected_version=a.version)
    assert not submitted.late
    locking.refresh_from_db()
    changes = campaign_change(
        actor=cast["province_admin"],
        campaign=locking,
        values={"deadline_working_days": 10},
        expected_version=locking.version,
    )
    assert "late" not in changes
    assert not _form(locking, cast["dakrlap"]).late


def test_the_overdue_lock_reaches_the_units_people_in_their_inbox_once(
    locking: Any, cast: dict[str, Any]
) -> None:
    from chiso.notices.models import Event, Notice

    with time_machine.travel(_at(dt.date(2019, 10, 23)), tick=False):
        forms_record_overdue()
        forms_record_overdue()
    notices = Notice.objects.filter(event=Event.OVERDUE, form__unit=cast["dakrlap"])
    assert {n.user for n in notices} == {cast["reporter_a"], cast["head_a"]}
    assert all("22/10/2019" in n.body and n.link.endswith(f"/{n.form_id}/") for n in notices)


def test_the_daily_command_records_the_overdue_forms(locking: Any, cast: dict[str, Any]) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with time_machine.travel(_at(dt.date(2019, 10, 23)), tick=False):
        call_command("deadlines", stdout=out)
        call_command("deadlines", stdout=out)
    assert out.getvalue().splitlines() == [
        "Đã ghi nhận 79 phiếu quá hạn chưa nộp.",
        "Đã ghi nhận 0 phiếu quá hạn chưa nộp.",
    ]
