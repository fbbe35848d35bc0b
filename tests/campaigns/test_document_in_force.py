"""Saving a document answer: a 2022 resolution "còn hiệu lực trong năm đánh giá" is accepted in a
2024 campaign (Sơn La TC.3, ``issued: in_force``); it was refused as outside the year (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest

from chiso.campaigns.services import form_save_answer
from tests.conftest import open_campaign

RESOLUTION_2022 = {
    "number": "09-NQ/HU",
    "date": "2022-06-15",
    "issuer": "Huyện ủy",
    "summary": "Nghị quyết về chuyển đổi số",
}


@pytest.fixture
def sonla_form(cast: dict[str, Any]) -> Any:
    campaign = open_campaign(
        cast, year=2024, frameworks={"district": "sonla-cqs-huyen", "commune": "vn-2392-xa"}
    )
    return campaign.forms.get(unit=cast["dakrlap"])


def test_a_resolution_still_in_force_is_accepted_and_a_later_one_refused(
    sonla_form: Any, cast: dict[str, Any]
) -> None:
    saved = form_save_answer(
        actor=cast["reporter_a"],
        form=sonla_form,
        criterion="TC.3",
        value=RESOLUTION_2022,
        expected_version=None,
    )
    assert saved.answer is not None and saved.answer.value == RESOLUTION_2022

    with pytest.raises(ValueError, match="ban hành sau năm đánh giá 2024"):
        form_save_answer(
            actor=cast["reporter_a"],
            form=sonla_form,
            criterion="TC.3",
            value={**RESOLUTION_2022, "date": "2025-01-05"},
            expected_version=1,
        )


def test_a_document_of_an_in_year_criterion_must_still_be_of_the_year(
    sonla_form: Any, cast: dict[str, Any]
) -> None:
    with pytest.raises(ValueError, match="nằm ngoài năm đánh giá 2024"):
        form_save_answer(
            actor=cast["reporter_a"],
            form=sonla_form,
            criterion="AT.1.1",
            value=RESOLUTION_2022,
            expected_version=None,
        )
