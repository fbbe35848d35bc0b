"""A unit declares a criterion không áp dụng with a reason and evidence (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chiso.appraisal.official import verified_score
from chiso.campaigns.form_input import fields_from_raw, raw_from_post
from chiso.campaigns.form_page import live_score
from chiso.campaigns.services import (
    evidence_add,
    form_framework,
    form_problems,
    form_save_answer,
)
from chiso.scoring.shown import answer_text
from tests.campaigns.not_applicable_setup import PDF, commune_form

DECLARED = {"not_applicable": True, "reason": "Xã không có chợ trên địa bàn"}


@pytest.fixture
def filled(cast: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    return commune_form(cast)


def test_the_fields_carry_the_declaration_and_its_reason(filled: Any) -> None:
    form, _ = filled
    kt3 = form_framework(form).criteria_by_code["KT.3"]
    post = {"not_applicable": "on", "na_reason": " Xã không có chợ trên địa bàn ", "numerator": "1"}
    assert raw_from_post(kt3, post) == DECLARED
    with pytest.raises(ValueError, match="cần lý do"):
        raw_from_post(kt3, {"not_applicable": "on", "na_reason": " "})
    assert fields_from_raw(kt3, DECLARED) == {
        "not_applicable": True,
        "na_reason": "Xã không có chợ trên địa bàn",
    }
    assert answer_text(kt3, DECLARED) == "Không áp dụng — lý do: Xã không có chợ trên địa bàn"
    ht1 = form_framework(form).criteria_by_code["HT.1"]
    assert raw_from_post(ht1, {"not_applicable": "on", "na_reason": "x"}) is None  # no such box


def test_a_declaration_is_saved_needs_evidence_and_scales_the_total(filled: Any) -> None:
    form, people = filled
    reporter = people["reporter.tx"]
    with pytest.raises(ValueError, match="không cho đơn vị tự khai"):
        form_save_answer(
            actor=reporter, form=form, criterion="HT.2", value=DECLARED, expected_version=1
        )
    form_save_answer(
        actor=reporter, form=form, criterion="KT.3", value=DECLARED, expected_version=None
    )
    assert form_problems(form) == [
        "KT.3: khai «không áp dụng» cần minh chứng (văn bản, ảnh chụp…) để Tổ thẩm định xác nhận"
    ]
    evidence_add(actor=reporter, form=form, criterion="KT.3", name="cho.pdf", data=PDF)
    assert form_problems(form) == []
    live = live_score(form)
    assert live.points["CDS"] == "950,00"
    kt3 = live.score.criterion("KT.3")
    assert kt3.not_applicable == "đơn vị khai không áp dụng: Xã không có chợ trên địa bàn"
    assert "không áp dụng: KT.3" in live.score.section("CDS").scaling_explanation()
    assert verified_score(form).section("CDS").points == 950


def test_the_form_page_shows_the_box_only_where_allowed_and_keeps_the_reason(
    filled: Any, client: Client
) -> None:
    form, people = filled
    form_save_answer(
        actor=people["reporter.tx"],
        form=form,
        criterion="KT.3",
        value=DECLARED,
        expected_version=None,
    )
    client.force_login(people["reporter.tx"])
    html = client.get(f"/forms/{form.pk}/").content.decode()
    assert html.count('name="not_applicable"') == 2  # KT.3 and KT.6
    assert 'id="f-KT.3-na" checked' in html
    assert 'value="Xã không có chợ trên địa bàn"' in html
    assert "Cách tính tổng điểm" in html and "không áp dụng: KT.3" in html
