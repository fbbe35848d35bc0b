"""Free text that people type — a note, a question and its reply, an adjustment's reason, a
return message, an exclusion reason, an agency's name, a person's name — holding markup, quotes
and Vietnamese, is shown as text on every page that shows it (the audit trail included), never
run as markup."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from chiso.accounts.services import user_create
from chiso.appraisal.models import Reason, VerificationState
from chiso.appraisal.services import (
    form_exclude,
    form_return,
    question_ask,
    question_reply,
    verification_save,
)
from chiso.campaigns.models import Answer, Form
from chiso.campaigns.services import form_save_answer, form_submit
from chiso.units.services import agency_add
from tests.campaigns.test_form_services import _fill

HOSTILE = (
    '<script>alert("xss")</script> \'đơn\' "kép" Ủy ban <b>đậm</b> & <img src=x onerror=alert(1)>'
)
RAW = ("<script>alert(", "<b>đậm</b>", "<img src=x")
ESCAPED = (
    "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;",
    "&#x27;đơn&#x27;",
    "&lt;b&gt;đậm&lt;/b&gt;",
)


RECORDED = ("ghi chú", "câu hỏi", "lý do", "trả lại", "trả lời")


def _text(label: str) -> str:
    return f"{label}: {HOSTILE}"


def _shown_as_text(page: str, label: str) -> None:
    assert not any(raw in page for raw in RAW), f"{label}: markup left unescaped"
    assert all(escaped in page for escaped in ESCAPED), f"{label}: the text is not on the page"


@pytest.fixture
def hostile_form(form_a: Form, cast: dict[str, Any]) -> Form:
    """Đắk R'Lấp's form with a hostile note, submitted, questioned, adjusted, returned."""
    _fill(form_a, cast["reporter_a"])
    seen = Answer.objects.get(form=form_a, criterion="SS.HT.1").version
    form_save_answer(
        actor=cast["reporter_a"],
        form=form_a,
        criterion="SS.HT.1",
        value=["40", "50"],
        note=_text("ghi chú"),
        expected_version=seen,
    )
    form_a.refresh_from_db()
    with time_machine.travel(dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC), tick=False):
        form = form_submit(actor=cast["head_a"], form=form_a, expected_version=form_a.version)
    appraiser = cast["appraiser"]
    question_ask(actor=appraiser, form=form, criterion="SS.HT.1", text=_text("câu hỏi"))
    verification_save(
        actor=appraiser,
        form=form,
        criterion="SS.HT.2",
        state=VerificationState.ADJUSTED,
        value=["100", "400"],
        reason_code=Reason.WRONG_FIGURE,
        reason=_text("lý do"),
        expected_version=None,
    )
    form.refresh_from_db()
    form_return(actor=appraiser, form=form, message=_text("trả lại"), expected_version=form.version)
    question_reply(actor=cast["reporter_a"], form=form, criterion="SS.HT.1", text=_text("trả lời"))
    form_exclude(actor=cast["approver"], form=form, excluded=True, reason=_text("không xếp hạng"))
    return Form.objects.get(pk=form.pk)


def _page(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_form_review_approval_and_audit_pages_show_typed_text_as_text(
    hostile_form: Form, cast: dict[str, Any]
) -> None:
    pages = {
        "form page": (cast["reporter_a"], f"/forms/{hostile_form.pk}/", RECORDED),
        "review page": (
            cast["appraiser"],
            f"/appraisal/forms/{hostile_form.pk}/",
            ("ghi chú", "câu hỏi", "lý do", "trả lời"),
        ),
        "approval page": (
            cast["approver"],
            f"/campaigns/{hostile_form.campaign_id}/approval/",
            ("không xếp hạng",),
        ),
        "audit trail": (cast["approver"], "/audit/?unit=666", ("lý do", "trả lại")),
    }
    for name, (person, url, labels) in pages.items():
        page = _page(person, url)
        assert [label for label in labels if f"{label}: " not in page] == [], name
        _shown_as_text(page, name)


def test_an_agency_and_a_persons_name_are_shown_as_text(cast: dict[str, Any]) -> None:
    agency = agency_add(
        actor=cast["province_admin"], province=cast["province"], short_code="XSS", name=HOSTILE
    )
    person, _ = user_create(
        actor=None,
        username="xss",
        full_name=HOSTILE,
        email="xss@example.vn",
        password="mat-khau-thu-2026",
    )

    for url in ("/units/2019/67/", f"/units/2019/{agency.code}/", "/units/?q=script"):
        _shown_as_text(_page(cast["province_admin"], url), url)
    _shown_as_text(_page(person, "/"), "home page with the person's name")
