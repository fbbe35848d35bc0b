"""Issue 14: the unit's form must never erase an answer as a side effect.

Two defects, each tested over every input criterion of a district and a commune form:
the page put every criterion's yes/no (and document) radios in one browser radio group, and the
server turned an answered value into "no answer" when a save came with empty fields (a note or a
trích yếu edited while the radio was unchecked by that shared group). Clearing is now an explicit,
audited action (clear=1, or the API's explicit null).
"""

from __future__ import annotations

import json
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from chiso.audit.models import Entry
from chiso.campaigns.form_input import fields_from_raw
from chiso.campaigns.models import Answer
from chiso.campaigns.services import (
    ANSWER_KEPT,
    ImplicitClear,
    form_framework,
    form_save_answer,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples/answers"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _inputs(form: Any) -> list[Any]:
    """Every criterion the unit types (not the appraiser's points)."""
    return [
        c for c in form_framework(form).leaves() if c.input is not None and c.input.kind != "points"
    ]


def _example(form: Any) -> dict[str, Any]:
    folder = "daknong-2019-huyen" if form.unit.code == "666" else "daknong-2019-xa"
    path = EXAMPLES / folder / f"{form.unit.code}.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))["answers"])


@pytest.fixture(params=["district", "commune"])
def unit_form(request: pytest.FixtureRequest, campaign: Any, cast: dict[str, Any]) -> Any:
    """(form, reporter): Đắk R'Lấp's district form or Nâm N'Jang's commune form."""
    if request.param == "district":
        return campaign.forms.get(unit=cast["dakrlap"]), cast["reporter_a"]
    return campaign.forms.get(unit=cast["namnjang"]), cast["reporter_commune"]


class _Groups(HTMLParser):
    """For each radio: the criterion section it is in and the <form> that owns it."""

    def __init__(self) -> None:
        super().__init__()
        self.section = ""
        self.form: int | None = None
        self.forms = 0
        self.form_action: dict[int, str] = {}
        self.radios: list[tuple[str, int | None, str]] = []  # (criterion, form, name)
        self.fields: list[tuple[str, int | None]] = []  # every input/select/textarea

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "section" and (attributes.get("id") or "").startswith("c-"):
            self.section = (attributes["id"] or "")[2:]
        elif tag == "form":
            self.forms += 1
            self.form = self.forms
            self.form_action[self.forms] = attributes.get("action") or ""
        elif tag == "input" and attributes.get("type") == "radio":
            self.radios.append((self.section, self.form, attributes.get("name") or ""))
        if tag in ("input", "select", "textarea") and (attributes.get("id") or "").startswith("f-"):
            self.fields.append((self.section, self.form))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.section = ""
        elif tag == "form":
            self.form = None


def test_no_two_criteria_share_a_radio_group_and_each_criterion_has_its_own_form(
    unit_form: Any,
) -> None:
    form, reporter = unit_form
    page = _client(reporter).get(f"/forms/{form.pk}/")
    parsed = _Groups()
    parsed.feed(page.content.decode())

    # A browser's radio group is (form owner, name): it must never span two criteria.
    groups: dict[tuple[int | None, str], set[str]] = defaultdict(set)
    for criterion, owner, name in parsed.radios:
        groups[(owner, name)].add(criterion)
    booleans = [c for c in _inputs(form) if c.input.kind in ("boolean", "document")]
    assert len(booleans) >= 3 and len(parsed.radios) == 2 * len(booleans)
    assert all(len(criteria) == 1 for criteria in groups.values()), groups
    # Every field of a criterion is in the form that saves that criterion.
    for criterion, owner in parsed.fields:
        assert owner is not None, criterion
        assert parsed.form_action[owner] == f"/forms/{form.pk}/answers/{criterion}/"


def _post_fields(criterion: Any, raw: object) -> dict[str, str]:
    return {k: str(v) for k, v in fields_from_raw(criterion, raw).items()}


def test_a_save_with_empty_fields_never_erases_an_answer_and_clear_does_with_an_audit(
    unit_form: Any,
) -> None:
    """For every input criterion: answer it, then send what the old page sent when its radio had
    been unchecked by another criterion's (the note alone, or the document fields without
    has_document): 422 with the Vietnamese reason, the answer untouched. Then clear=1 clears it."""
    form, reporter = unit_form
    client = _client(reporter)
    example = _example(form)
    for criterion in _inputs(form):
        code = criterion.code
        url = f"/forms/{form.pk}/answers/{code}/"
        fields = _post_fields(criterion, example[code])
        saved = client.post(url, fields)
        assert saved.status_code == 200 and saved.json()["answered"] is True, code
        stored = Answer.objects.get(form=form, criterion=code)

        half = {k: v for k, v in fields.items() if k not in ("value", "has_document")}
        if criterion.input.kind == "ratio":
            half = {}
        note_only = client.post(url, {**half, "note": "đã rà soát", "version": stored.version})

        assert note_only.status_code == 422, code
        assert note_only.json() == {"ok": False, "error": ANSWER_KEPT}
        again = Answer.objects.get(form=form, criterion=code)
        assert (again.value, again.note, again.version) == (stored.value, "", stored.version)

        cleared = client.post(url, {"clear": "1", "version": stored.version})
        assert cleared.status_code == 200 and cleared.json()["answered"] is False, code
        assert Answer.objects.get(form=form, criterion=code).value is None
        entry = Entry.objects.filter(action="forms.answer_clear", criterion=code).get()
        assert entry.changes["value"] == [stored.value, None]


def test_a_note_saved_with_the_value_keeps_the_value_and_points(
    form_a: Any, cast: dict[str, Any]
) -> None:
    client = _client(cast["reporter_a"])
    url = f"/forms/{form_a.pk}/answers/SS.HT.3.1/"
    first = client.post(url, {"value": "true"})
    noted = client.post(url, {"value": "true", "note": "Có biên bản", "version": "1"})

    assert first.json()["points"]["SS.HT.3.1"] == noted.json()["points"]["SS.HT.3.1"] == "3,00"
    answer = Answer.objects.get(form=form_a, criterion="SS.HT.3.1")
    assert (answer.value, answer.note, answer.version) == (True, "Có biên bản", 2)


def test_the_service_refuses_an_implicit_clear_and_clears_only_when_asked(
    form_a: Any, cast: dict[str, Any]
) -> None:
    reporter = cast["reporter_a"]

    def save(value: object, version: int | None, **extra: Any) -> Any:
        return form_save_answer(
            actor=reporter,
            form=form_a,
            criterion="SS.MT.1",
            value=value,
            expected_version=version,
            **extra,
        )

    document = {"number": "31/KH-UBND", "date": "2019-01-15", "issuer": "UBND", "summary": ""}
    save(document, None)
    with pytest.raises(ImplicitClear):
        save(None, 1, note="ghi chú")
    assert Answer.objects.get(form=form_a, criterion="SS.MT.1").value == document
    with pytest.raises(ValueError, match="không kèm giá trị"):
        save(document, 1, clear=True)

    cleared = save(None, 1, clear=True)

    assert cleared.answer is not None and cleared.answer.value is None
    # An unanswered criterion still takes a note with no value (nothing is erased).
    assert save(None, 2, note="chưa có văn bản").answer.note == "chưa có văn bản"
    assert [e.action for e in Entry.objects.filter(criterion="SS.MT.1").order_by("pk")] == [
        "forms.answer",
        "forms.answer_clear",
        "forms.answer",
    ]


HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_without_javascript_the_criterions_form_saves_refuses_and_clears_with_a_message(
    form_a: Any, cast: dict[str, Any]
) -> None:
    client = _client(cast["reporter_a"])
    url = f"/forms/{form_a.pk}/answers/SS.HT.3.1/"

    saved = client.post(url, {"value": "true", "note": "", "version": ""}, HTTP_ACCEPT=HTML)
    refused = client.post(url, {"note": "ghi chú", "version": "1"}, HTTP_ACCEPT=HTML, follow=True)

    assert saved.status_code == 302 and saved["Location"] == f"/forms/{form_a.pk}/#c-SS.HT.3.1"
    assert "SS.HT.3.1: " + ANSWER_KEPT in refused.content.decode()
    assert Answer.objects.get(form=form_a, criterion="SS.HT.3.1").value is True
    cleared = client.post(url, {"clear": "1", "version": "1"}, HTTP_ACCEPT=HTML, follow=True)
    assert "Đã xoá câu trả lời SS.HT.3.1." in cleared.content.decode()
    assert Answer.objects.get(form=form_a, criterion="SS.HT.3.1").value is None


def test_the_appraisers_adjust_fields_are_one_form_per_criterion_too(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    """The same fields (prefix "v") on the review page: no radio group spans two criteria."""
    page = _client(cast["appraiser"]).get(f"/appraisal/forms/{submitted_a.pk}/")
    parsed = _Groups()
    parsed.feed(page.content.decode())

    groups: dict[tuple[int | None, str], set[str]] = defaultdict(set)
    for criterion, owner, name in parsed.radios:
        assert owner is not None, criterion
        groups[(owner, name)].add(criterion)
    assert len(groups) >= 6
    assert all(len(criteria) == 1 for criteria in groups.values()), groups
