"""The source of every value is shown: on the unit's form, in the API (frameworks and forms)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.api.conftest import Api, token_for


def test_the_framework_api_and_the_form_name_each_criterion_s_source(
    lamdong_campaign: Any, cast: dict[str, Any]
) -> None:
    framework = Api().get("/frameworks/lamdong-2392-xa").json()
    criteria = {
        c["code"]: c
        for s in framework["sections"]
        for g in s["groups"]
        for top in g["criteria"]
        for c in [top, *top["criteria"]]
    }
    assert (criteria["KQ.GD.2"]["source"], criteria["KQ.GD.2"]["measure"]) == ("agency", None)
    assert (criteria["KQ.HD.1"]["source"], criteria["KQ.HD.1"]["measure"]) == (
        "measured",
        "portal.sections",
    )
    assert criteria["SS.HT.1"]["source"] == "unit"

    form = lamdong_campaign.forms.get(unit__code="24703")
    api = Api(token_for(cast["other_appraiser"]))
    answers = {a["criterion"]: a for a in api.get(f"/forms/{form.pk}").json()["answers"]}
    assert answers["KQ.GD.2"]["source"] == "agency" and answers["SS.HT.1"]["source"] == "unit"

    client = Client()
    client.force_login(cast["other_appraiser"])
    page = client.get(f"/forms/{form.pk}/").content.decode()
    assert 'data-source="measured">Nguồn số liệu: đo tự động (portal.sections)' in page
    assert 'data-source="agency">Nguồn số liệu: cơ quan chuyên môn cung cấp' in page


def test_the_framework_page_marks_the_criteria_that_another_source_supplies(db: None) -> None:
    page = Client().get("/frameworks/lamdong-2392-xa/").content.decode()
    assert "Nguồn: cơ quan chuyên môn cung cấp" in page
    assert "Nguồn: đo tự động (portal.sections)" in page
    assert "Nguồn:" not in Client().get("/frameworks/vn-2392-xa/").content.decode()
