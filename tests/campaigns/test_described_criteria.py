"""A criterion the appraisers score (KQ.CD.2 "Tổ thẩm định chấm" in the shipped 2392
frameworks) still lets the unit describe what it did and attach its evidence on its form: the
page used to show it without any field, so the unit had nowhere to say it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chiso.campaigns.form_page import page_items
from chiso.campaigns.services import form_framework, form_save_answer
from chiso.scoring.model import InputKind
from tests.campaigns.test_form_views import PDF

CODE = "KQ.CD.2"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_appraiser_scored_criterion_has_a_note_and_evidence_but_no_value_field(
    form_a: Any, cast: dict[str, Any]
) -> None:
    page = _client(cast["reporter_a"]).get(f"/forms/{form_a.pk}/").content.decode()
    items = [
        item
        for _, groups in page_items(form_a, form_framework(form_a))
        for _, group_items in groups
        for item in group_items
    ]
    scored = [i for i in items if i.criterion.input and i.criterion.input.kind == InputKind.POINTS]
    assert [i.criterion.code for i in scored] == [CODE]
    for item in scored:
        code = item.criterion.code
        start = page.index(f'id="c-{code}"')
        block = page[start : page.index("</section>", start)]
        assert f'data-save-url="/forms/{form_a.pk}/answers/{code}/"' in block
        assert f'id="f-{code}-note"' in block and f'id="e-{code}"' in block
        assert 'data-scored-by="appraiser"' in block
        assert 'name="value"' not in block and 'name="numerator"' not in block


def test_the_unit_saves_a_note_and_evidence_for_it_and_never_a_value(
    form_a: Any, cast: dict[str, Any]
) -> None:
    reporter = _client(cast["reporter_a"])
    url = f"/forms/{form_a.pk}/answers/{CODE}/"

    saved = reporter.post(url, {"note": "Mô hình một cửa số tại 3 xã, thí điểm từ tháng 5"})
    assert saved.status_code == 200 and saved.json()["ok"] is True
    answer = form_a.answers.get(criterion=CODE)
    assert answer.value is None and answer.note.startswith("Mô hình một cửa số")
    assert "<strong>0/" in saved.json()["summary_html"]  # a note is no answer to count

    upload = SimpleUploadedFile("mo-hinh.pdf", PDF, content_type="application/pdf")
    attached = reporter.post(f"/forms/{form_a.pk}/evidence/{CODE}/", {"file": upload})
    assert attached.status_code in (200, 302)
    assert form_a.evidence.filter(criterion=CODE, removed=False).count() == 1

    with pytest.raises(ValueError, match="không nhập trực tiếp"):
        form_save_answer(
            actor=cast["reporter_a"], form=form_a, criterion=CODE, value="2",
            expected_version=answer.version,
        )  # fmt: skip
    page = reporter.get(f"/forms/{form_a.pk}/").content.decode()
    assert "Mô hình một cửa số tại 3 xã" in page and "mo-hinh.pdf" in page
