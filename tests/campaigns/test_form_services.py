"""Saving, validating, submitting and withdrawing a unit's form through the services."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404

from chiso.audit.models import Entry
from chiso.campaigns.models import Answer, Form, FormStatus
from chiso.campaigns.services import (
    NUMBER_FORMAT,
    OUTSIDE_YEAR,
    TOO_LONG,
    FormIncomplete,
    StaleEdit,
    evidence_add,
    form_answers,
    form_framework,
    form_save_answer,
    form_submit,
    form_withdraw,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples/answers/daknong-2019-huyen/666.json"


def test_opening_creates_one_form_per_district_and_commune_and_freezes_frameworks(
    campaign: Any,
) -> None:
    assert campaign.forms.count() == 8 + 71
    for cf in campaign.frameworks.all():
        assert cf.sha256 and cf.sources
    assert form_framework(campaign.forms.first()).code in {"vn-2392-huyen", "vn-2392-xa"}


def test_a_saved_answer_is_kept_versioned_and_audited(form_a: Any, cast: dict[str, Any]) -> None:
    saved = form_save_answer(
        actor=cast["reporter_a"],
        form=form_a,
        criterion="SS.HT.1",
        value=["40", "50"],
        expected_version=None,
    )

    assert form_answers(Form.objects.get(pk=form_a.pk)) == {"SS.HT.1": ["40", "50"]}
    assert saved.answer.version == 1
    assert saved.form.answered == 1
    assert Entry.objects.filter(action="forms.answer", unit_code="666").count() == 1


def test_saving_what_is_already_saved_writes_nothing_and_audits_nothing(
    form_a: Any, cast: dict[str, Any]
) -> None:
    """An unchanged value (a field left without an edit): no new version, no audit entry, the
    form untouched; the stale check still applies to it (issue 18)."""
    reporter = cast["reporter_a"]
    first = form_save_answer(
        actor=reporter, form=form_a, criterion="SS.HT.1", value=["40", "50"], expected_version=None
    )
    form_version = Form.objects.get(pk=form_a.pk).version
    again = form_save_answer(
        actor=reporter,
        form=Form.objects.get(pk=form_a.pk),
        criterion="SS.HT.1",
        value=["40", "50"],
        expected_version=1,
    )
    assert again.answer.version == first.answer.version == 1
    assert Form.objects.get(pk=form_a.pk).version == form_version
    assert Entry.objects.filter(action="forms.answer", unit_code="666").count() == 1
    with pytest.raises(StaleEdit):  # someone else's page, older than the answer
        form_save_answer(
            actor=cast["head_a"],
            form=Form.objects.get(pk=form_a.pk),
            criterion="SS.HT.1",
            value=["40", "50"],
            expected_version=None,
        )
    noted = form_save_answer(
        actor=reporter,
        form=Form.objects.get(pk=form_a.pk),
        criterion="SS.HT.1",
        value=["40", "50"],
        note="theo báo cáo quý IV",
        expected_version=1,
    )
    assert noted.answer.version == 2  # a new note is a change
    assert Entry.objects.filter(action="forms.answer", unit_code="666").count() == 2


def test_a_stale_save_is_refused_and_names_who_saved_first(
    form_a: Any, cast: dict[str, Any]
) -> None:
    form_save_answer(
        actor=cast["reporter_a"],
        form=form_a,
        criterion="SS.HT.1",
        value=["40", "50"],
        expected_version=None,
    )
    form_save_answer(
        actor=cast["head_a"],
        form=form_a,
        criterion="SS.HT.1",
        value=["45", "50"],
        expected_version=1,
    )

    with pytest.raises(StaleEdit) as caught:
        form_save_answer(
            actor=cast["reporter_a"],
            form=form_a,
            criterion="SS.HT.1",
            value=["41", "50"],
            expected_version=1,
        )

    assert "head_a" in caught.value.message
    assert form_answers(Form.objects.get(pk=form_a.pk)) == {"SS.HT.1": ["45", "50"]}


@pytest.mark.parametrize(
    ("criterion", "value", "message"),
    [
        ("SS.HT.1", ["60", "50"], "tử số (60) lớn hơn mẫu số (50)"),
        ("SS.HT.1", ["a", "50"], "không phải số: 'a'"),
        ("SS.HT.1", ["1e10000000", "50"], NUMBER_FORMAT),
        ("SS.HT.1", ["1" * 5000, "50"], TOO_LONG.format(limit=2000)),
    ],
)
def test_invalid_values_are_refused_with_a_vietnamese_message(
    form_a: Any, cast: dict[str, Any], criterion: str, value: object, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        form_save_answer(
            actor=cast["reporter_a"],
            form=form_a,
            criterion=criterion,
            value=value,
            expected_version=None,
        )
    assert form_answers(form_a) == {}


def test_a_date_outside_the_assessment_year_is_refused(form_a: Any, cast: dict[str, Any]) -> None:
    framework = form_framework(form_a)
    dated = next(c for c in framework.leaves() if c.input and c.input.kind == "document")
    document = {"number": "12/QĐ-UBND", "date": "2018-03-01", "issuer": "UBND huyện"}

    with pytest.raises(ValueError) as caught:
        form_save_answer(
            actor=cast["reporter_a"],
            form=form_a,
            criterion=dated.code,
            value=document,
            expected_version=None,
        )
    assert str(caught.value) == OUTSIDE_YEAR.format(day="01/03/2018", year=2019)


@pytest.mark.parametrize("person", ["reporter_b", "other_appraiser"])
def test_a_person_outside_the_unit_cannot_learn_the_form_exists(
    form_a: Any, cast: dict[str, Any], person: str
) -> None:
    with pytest.raises(Http404):
        form_save_answer(
            actor=cast[person],
            form=form_a,
            criterion="SS.HT.1",
            value=["1", "2"],
            expected_version=None,
        )


def test_an_appraiser_may_not_fill_a_units_form(form_a: Any, cast: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        form_save_answer(
            actor=cast["appraiser"],
            form=form_a,
            criterion="SS.HT.1",
            value=["1", "2"],
            expected_version=None,
        )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fill(form: Any, actor: Any) -> None:
    """Every answer of the Đắk R'Lấp example the unit gives, with evidence where required."""
    framework = form_framework(form)
    answers = json.loads(EXAMPLE.read_text(encoding="utf-8"))["answers"]
    for code, value in answers.items():
        item = framework.criteria_by_code[code]
        if item.input is None or item.input.kind == "points":
            continue
        seen = Answer.objects.filter(form=form, criterion=code).values_list("version", flat=True)
        form_save_answer(
            actor=actor, form=form, criterion=code, value=value, expected_version=seen.first()
        )
        if item.evidence_required:
            evidence_add(actor=actor, form=form, criterion=code, name=f"{code}.pdf", data=PDF)


def test_an_incomplete_form_cannot_be_submitted(form_a: Any, cast: dict[str, Any]) -> None:
    with pytest.raises(FormIncomplete) as caught:
        form_submit(actor=cast["head_a"], form=form_a, expected_version=form_a.version)
    assert any("thiếu câu trả lời" in p for p in caught.value.problems)


def test_the_head_submits_then_the_form_is_read_only_and_can_be_withdrawn(
    form_a: Any, cast: dict[str, Any]
) -> None:
    _fill(form_a, cast["reporter_a"])
    form_a.refresh_from_db()

    with pytest.raises(PermissionDenied):
        form_submit(actor=cast["reporter_a"], form=form_a, expected_version=form_a.version)
    with time_machine.travel(dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC)):
        submitted = form_submit(actor=cast["head_a"], form=form_a, expected_version=form_a.version)

    assert submitted.status == FormStatus.SUBMITTED
    assert submitted.late is False
    with pytest.raises(PermissionDenied):
        form_save_answer(
            actor=cast["reporter_a"],
            form=submitted,
            criterion="SS.HT.1",
            value=["1", "2"],
            expected_version=1,
        )
    withdrawn = form_withdraw(actor=cast["head_a"], form=submitted)
    assert withdrawn.status == FormStatus.DRAFT
    assert Entry.objects.filter(action="forms.withdraw").count() == 1


def test_a_submission_after_the_deadline_is_accepted_and_marked_late(
    form_a: Any, cast: dict[str, Any]
) -> None:
    _fill(form_a, cast["reporter_a"])
    form_a.refresh_from_db()
    # 15 working days after 01/10/2019 is 22/10/2019.
    assert form_a.campaign.schedule.unit_deadline == dt.date(2019, 10, 22)

    with time_machine.travel(dt.datetime(2019, 10, 23, 3, 0, tzinfo=dt.UTC)):
        submitted = form_submit(actor=cast["head_a"], form=form_a, expected_version=form_a.version)

    assert submitted.late is True
