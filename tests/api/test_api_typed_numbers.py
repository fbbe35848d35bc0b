"""Numbers typed the Vietnamese way through the web form and the API (issue 14): "950 / 1.400" is
saved as 950 of 1400, "1.250" in a count as 1250, and "1.250" in a percentage is refused with
both readings; what is saved is what the person meant, and the field shows it back."""

from __future__ import annotations

from typing import Any

from django.test import Client

from chiso.campaigns.form_page import live_score
from chiso.campaigns.models import Answer

AMBIGUOUS = "“1.250” có hai cách hiểu: 1250 (nếu là dấu chấm ngăn cách hàng nghìn) hoặc 1,25"


def _web(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_web_form_reads_numbers_as_vietnamese_officials_type_them(
    form_a: Any, cast: dict[str, Any]
) -> None:
    web = _web(cast["reporter_a"])

    ratio = web.post(
        f"/forms/{form_a.pk}/answers/SS.HT.1/", {"numerator": "950", "denominator": "1.400"}
    )
    count = web.post(f"/forms/{form_a.pk}/answers/SS.NL.3/", {"value": "1.250"})
    share = web.post(f"/forms/{form_a.pk}/answers/KQ.TT.4/", {"value": "1.250"})
    decimal = web.post(f"/forms/{form_a.pk}/answers/KQ.TT.4/", {"value": "87,5"})

    assert ratio.status_code == 200, ratio.json()  # was: "tử số (950) lớn hơn mẫu số (1,4)"
    assert count.status_code == 200
    assert share.status_code == 422 and AMBIGUOUS in share.json()["error"]
    assert decimal.status_code == 200
    saved = {a.criterion: a.value for a in Answer.objects.filter(form=form_a)}
    assert saved == {"SS.HT.1": ["950", "1400"], "SS.NL.3": "1250", "KQ.TT.4": "87.5"}
    values = live_score(form_a).score.criterion
    assert values("SS.HT.1").value == (950, 1400)
    assert values("SS.NL.3").value == 1250

    page = web.get(f"/forms/{form_a.pk}/").content.decode()
    assert 'value="1.400"' in page  # shown as typed, and saving it again reads 1400
    assert 'value="87,5"' in page


def test_the_api_reads_text_numbers_the_same_way(form_a: Any, as_person: Any) -> None:
    api = as_person("reporter_a")
    base = f"/forms/{form_a.pk}/answers"

    ratio = api.put(f"{base}/SS.HT.1", {"value": ["950", "1.400"], "version": None})
    count = api.put(f"{base}/SS.NL.3", {"value": "1.250", "version": None})
    share = api.put(f"{base}/KQ.TT.4", {"value": "1.250", "version": None})
    number = api.put(f"{base}/KQ.TT.4", {"value": 87.5, "version": None})

    assert ratio.status_code == 200 and ratio.json()["value"] == ["950", "1400"]
    assert count.status_code == 200 and count.json()["value"] == "1250"
    assert share.status_code == 422
    assert share.json()["field"] == "value" and AMBIGUOUS in share.json()["message"]
    assert number.status_code == 200 and number.json()["value"] == 87.5  # JSON numbers as sent


def test_an_appraisers_adjusted_value_is_read_the_same_way(
    submitted_a: Any, as_person: Any
) -> None:
    path = f"/forms/{submitted_a.pk}/verifications/SS.HT.1"
    decision = {
        "state": "adjusted",
        "reason_code": "evidence_mismatch",
        "reason": "Biên bản ghi 1.200 máy",
        "version": None,
    }
    adjusted = as_person("appraiser").put(path, {**decision, "value": ["950", "1.200"]})
    assert adjusted.status_code == 200, adjusted.json()
    assert adjusted.json()["value"] == ["950", "1200"]  # was refused: 950 > 1,2
