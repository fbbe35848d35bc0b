"""The edit-conflict message quotes the saved value as a person writes it (issue 14), on the web
(form.js shows ``data.conflict``) and in the API: "950/1.400", "Có", "Số 12/QĐ-UBND ngày …"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


def _web(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("code", "first", "later", "shown"),
    [
        pytest.param(
            "SS.HT.1",
            {"numerator": "950", "denominator": "1.400"},
            {"numerator": "951", "denominator": "1.400"},
            "950/1.400",
            id="ratio",
        ),
        pytest.param("SS.HT.3.1", {"value": "true"}, {"value": "false"}, "Có", id="yes-no"),
        pytest.param(
            "SS.MT.1",
            {
                "has_document": "yes",
                "number": "12/QĐ-UBND",
                "date": "2019-02-03",
                "issuer": "UBND huyện",
            },
            {"has_document": "no"},
            "Số 12/QĐ-UBND ngày 03/02/2019 của UBND huyện",
            id="document",
        ),
        pytest.param("SS.NL.3", {"value": "1.250"}, {"value": "3"}, "1.250", id="count"),
    ],
)
def test_the_conflict_shows_the_saved_value_as_written(
    form_a: Any, cast: dict[str, Any], code: str, first: dict, later: dict, shown: str
) -> None:
    url = f"/forms/{form_a.pk}/answers/{code}/"
    saved = _web(cast["reporter_a"]).post(url, first)
    stale = _web(cast["head_a"]).post(url, {**later, "version": ""})

    assert saved.status_code == 200, saved.json()
    assert stale.status_code == 409
    assert f"Giá trị hiện tại: {shown}." in stale.json()["conflict"]
