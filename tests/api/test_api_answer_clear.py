"""Issue 14 through the API: an omitted value never erases an answer; an explicit null does, and
is audited as a clear."""

from __future__ import annotations

from typing import Any

from chiso.api.forms import VALUE_MISSING
from chiso.audit.models import Entry
from chiso.campaigns.models import Answer


def test_a_note_without_the_value_is_refused_and_an_explicit_null_clears(
    form_a: Any, as_person: Any
) -> None:
    reporter = as_person("reporter_a")
    path = f"/forms/{form_a.pk}/answers/SS.HT.3.1"
    assert reporter.put(path, {"value": True, "version": None}).status_code == 200

    note_only = reporter.put(path, {"note": "Có biên bản", "version": 1})

    assert note_only.status_code == 422
    assert note_only.json() == {
        "code": "invalid_value",
        "message": VALUE_MISSING,
        "field": "value",
        "details": None,
    }
    answer = Answer.objects.get(form=form_a, criterion="SS.HT.3.1")
    assert (answer.value, answer.note, answer.version) == (True, "", 1)

    noted = reporter.put(path, {"value": True, "note": "Có biên bản", "version": 1})
    assert noted.status_code == 200 and noted.json()["points"]["SS.HT.3.1"] == "3.00"

    cleared = reporter.put(path, {"value": None, "version": 2})

    assert cleared.status_code == 200 and cleared.json()["value"] is None
    assert cleared.json()["points"]["SS.HT.3.1"] == "0.00"
    answer.refresh_from_db()
    assert (answer.value, answer.note, answer.version) == (None, "Có biên bản", 3)
    entry = Entry.objects.get(action="forms.answer_clear", criterion="SS.HT.3.1")
    assert entry.changes["value"] == [True, None]


def test_an_unanswered_criterion_takes_a_note_without_a_value(form_a: Any, as_person: Any) -> None:
    reporter = as_person("reporter_a")
    noted = reporter.put(
        f"/forms/{form_a.pk}/answers/SS.MT.1", {"note": "Đang soạn kế hoạch", "version": None}
    )

    assert noted.status_code == 200
    answer = Answer.objects.get(form=form_a, criterion="SS.MT.1")
    assert (answer.value, answer.note) == (None, "Đang soạn kế hoạch")
