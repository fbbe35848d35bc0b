"""A unit's form through the API: stale writes refused as on the site, evidence judged by its
content, paging and filters, and what each person finds in the lists and the audit trail."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.campaigns.models import Answer, Evidence
from chiso.campaigns.services import STALE
from chiso.campaigns.uploads import BAD_TYPE, NAME_MISMATCH
from tests.api.conftest import Api
from tests.campaigns.test_form_services import PDF


def _upload(api: Api, form: Any, criterion: str, name: str, data: bytes) -> Any:
    return api.client.post(
        f"/api/v1/forms/{form.pk}/evidence",
        {"criterion": criterion, "file": SimpleUploadedFile(name, data)},
        headers=api.headers,
    )


def test_a_stale_answer_is_refused_with_the_current_value_and_version(
    form_a: Any, as_person: Any
) -> None:
    reporter, head = as_person("reporter_a"), as_person("head_a")
    path = f"/forms/{form_a.pk}/answers/SS.HT.1"
    first = reporter.put(path, {"value": [40, 50], "note": "Biên bản kiểm kê", "version": None})
    assert first.status_code == 200 and first.json()["version"] == 1
    assert first.json()["points"]["SS.HT.1"] == "4.80"

    # The head opened the form before the reporter saved: they saw no answer.
    stale = head.put(path, {"value": [45, 50], "version": None})
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale" and body["field"] == "version"
    assert body["message"].endswith(STALE.rsplit("{value}.", 1)[1].strip())
    assert "reporter_a" in body["message"] and "Giá trị hiện tại: 40/50." in body["message"]
    assert body["details"]["current"]["value"] == [40, 50]
    assert body["details"]["current"]["version"] == 1
    assert Answer.objects.get(form=form_a, criterion="SS.HT.1").value == [40, 50]

    # With the version now seen, the head's value is saved.
    again = head.put(path, {"value": [45, 50], "version": 1})
    assert again.status_code == 200 and again.json()["version"] == 2


def test_a_wrong_value_names_the_field_and_says_why_in_vietnamese(
    form_a: Any, as_person: Any
) -> None:
    reporter = as_person("reporter_a")
    too_many = reporter.put(
        f"/forms/{form_a.pk}/answers/SS.HT.1", {"value": [60, 50], "version": None}
    )
    assert too_many.status_code == 422
    assert too_many.json() == {
        "code": "invalid_value",
        "message": "tử số (60) lớn hơn mẫu số (50)",
        "field": "value",
        "details": None,
    }
    missing = reporter.put(f"/forms/{form_a.pk}/answers/SS.HT.1", {"value": [1, 2]})
    assert missing.status_code == 422 and missing.json()["field"] == "version"
    unknown = reporter.put(f"/forms/{form_a.pk}/answers/XX.9", {"value": 1, "version": None})
    assert unknown.status_code == 404 and "XX.9" in unknown.json()["message"]
    points = reporter.put(f"/forms/{form_a.pk}/answers/KQ.CD.2", {"value": 1, "version": None})
    assert points.status_code == 422 and points.json()["field"] == "code"


def test_evidence_is_judged_by_its_content_not_its_name(form_a: Any, as_person: Any) -> None:
    reporter = as_person("reporter_a")
    program = _upload(reporter, form_a, "SS.HT.1", "bien-ban.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    assert program.status_code == 422
    body = program.json()
    assert body["code"] == "invalid_value" and body["field"] == "file"
    assert body["message"].startswith(BAD_TYPE.split("«")[0])
    renamed = _upload(reporter, form_a, "SS.HT.1", "bien-ban.png", PDF)
    assert renamed.status_code == 422
    assert renamed.json()["message"] == NAME_MISMATCH.format(
        name="bien-ban.png", found="application/pdf"
    )
    assert not Evidence.objects.exists()

    stored = _upload(reporter, form_a, "SS.HT.1", "bien-ban.pdf", PDF)
    assert stored.status_code == 201
    evidence = stored.json()
    download = reporter.get(f"/evidence/{evidence['id']}")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert as_person("reporter_b").get(f"/evidence/{evidence['id']}").status_code == 404
    assert as_person("appraiser").delete(f"/evidence/{evidence['id']}").status_code == 403
    assert reporter.delete(f"/evidence/{evidence['id']}").status_code == 204
    assert reporter.get(f"/evidence/{evidence['id']}").status_code == 404


def test_lists_are_paged_and_filtered_within_the_persons_scope(
    campaign: Any, as_person: Any
) -> None:
    appraiser = as_person("appraiser")
    everything = appraiser.get(f"/forms?campaign={campaign.pk}&limit=5")
    assert everything.status_code == 200
    body = everything.json()
    assert body["count"] == campaign.forms.count() and len(body["items"]) == 5
    second = appraiser.get(f"/forms?campaign={campaign.pk}&limit=5&offset=5").json()
    assert {f["id"] for f in second["items"]}.isdisjoint({f["id"] for f in body["items"]})
    districts = appraiser.get("/forms?level=district").json()
    assert districts["count"] == 8
    assert appraiser.get("/forms?q=dak rlap").json()["items"][0]["unit"]["code"] == "666"

    reporter = as_person("reporter_a").get("/forms").json()
    assert [f["unit"]["code"] for f in reporter["items"]] == ["666"]
    units = as_person("reporter_b").get("/units?q=cu jut").json()
    assert [u["code"] for u in units["items"]] == ["662"]


def test_the_audit_trail_shows_each_person_only_their_scope(form_a: Any, as_person: Any) -> None:
    as_person("reporter_a").put(
        f"/forms/{form_a.pk}/answers/SS.HT.1", {"value": [1, 2], "version": None}
    )

    def actions(person: str) -> set[str]:
        items = as_person(person).get("/audit?action=forms.answer&limit=200").json()["items"]
        return {f"{e['unit_code']}:{e['action']}" for e in items}

    assert "666:forms.answer" in actions("reporter_a")
    assert "666:forms.answer" in actions("appraiser")
    assert "666:forms.answer" not in actions("reporter_b")
    assert actions("other_appraiser") == set()
    bad = as_person("appraiser").get("/audit?date_from=2019-13-01")
    assert bad.status_code == 422 and bad.json()["field"] == "date_from"


def test_the_form_shows_answers_points_and_what_the_person_may_do(
    form_a: Any, as_person: Any
) -> None:
    as_person("reporter_a").put(
        f"/forms/{form_a.pk}/answers/SS.HT.1", {"value": [40, 50], "version": None}
    )
    seen = as_person("head_a").get(f"/forms/{form_a.pk}").json()
    answer = next(a for a in seen["answers"] if a["criterion"] == "SS.HT.1")
    assert answer["value"] == [40, 50] and answer["points"] == "4.80" and answer["version"] == 1
    assert seen["permissions"] == {"edit": True, "submit": True, "reply": True, "appraise": False}
    problems = as_person("head_a").get(f"/forms/{form_a.pk}/problems").json()["problems"]
    assert any("thiếu câu trả lời" in p for p in problems)
    head = as_person("head_a")
    old = head.post(f"/forms/{form_a.pk}/submit", {"version": 1})
    assert old.status_code == 409 and old.json()["code"] == "stale"
    assert old.json()["details"] == {"current": {"version": seen["form"]["version"]}}
    refused = head.post(f"/forms/{form_a.pk}/submit", {"version": seen["form"]["version"]})
    assert refused.status_code == 422 and refused.json()["code"] == "incomplete"
    assert refused.json()["details"] == problems
    score = as_person("appraiser").get(f"/forms/{form_a.pk}/score").json()
    assert score["sections"][0]["groups"][0]["criteria"][0]["points"] == "4.80"
