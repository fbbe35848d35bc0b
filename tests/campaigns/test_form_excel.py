"""The unit's form as Excel through the web: download pre-filled, upload back all or nothing."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chiso.audit.models import Entry
from chiso.campaigns.models import Form
from chiso.campaigns.services import form_answers, form_save_answer
from tests.campaigns.excel_files import row_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_downloaded_form_is_prefilled_and_uploading_it_changed_saves_everything(
    form_a: Any, cast: dict[str, Any]
) -> None:
    form_save_answer(
        actor=cast["reporter_a"],
        form=form_a,
        criterion="SS.HT.1",
        value=["40", "50"],
        expected_version=None,
    )
    client = _client(cast["reporter_a"])

    response = client.get(f"/forms/{form_a.pk}/excel/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Phiếu"]
    row = row_of(sheet, "SS.HT.1")
    assert (sheet[f"G{row}"].value, sheet[f"H{row}"].value) == (40, 50)
    sheet[f"G{row_of(sheet, 'SS.HT.2')}"] = 122
    sheet[f"H{row_of(sheet, 'SS.HT.2')}"] = 400
    sheet[f"F{row_of(sheet, 'SS.NL.3')}"] = 6
    out = io.BytesIO()
    book.save(out)

    uploaded = client.post(
        f"/forms/{form_a.pk}/excel/", {"file": SimpleUploadedFile("phieu.xlsx", out.getvalue())}
    )

    assert uploaded.status_code == 302
    answers = form_answers(Form.objects.get(pk=form_a.pk))
    assert answers["SS.HT.1"] == ["40", "50"] or answers["SS.HT.1"] == [40, 50]
    assert set(answers) == {"SS.HT.1", "SS.HT.2", "SS.NL.3"}
    assert Entry.objects.filter(action="forms.import_excel", unit_code="666").count() == 1


def test_another_units_file_is_refused_and_nothing_changes(
    campaign: Any, form_a: Any, cast: dict[str, Any]
) -> None:
    from chiso.accounts.models import Role
    from chiso.accounts.services import role_grant

    other = campaign.forms.get(unit=cast["cujut"])
    role_grant(actor=None, user=cast["reporter_a"], role=Role.REPORTER, unit=cast["cujut"])
    client = _client(cast["reporter_a"])
    other_file = client.get(f"/forms/{other.pk}/excel/").content

    response = client.post(
        f"/forms/{form_a.pk}/excel/", {"file": SimpleUploadedFile("phieu.xlsx", other_file)}
    )

    assert response.status_code == 400
    assert "Huyện Cư Jút" in response.content.decode()
    assert form_answers(Form.objects.get(pk=form_a.pk)) == {}


def test_a_file_with_a_bad_value_lists_the_row_and_criterion(
    form_a: Any, cast: dict[str, Any]
) -> None:
    client = _client(cast["reporter_a"])
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/forms/{form_a.pk}/excel/").content))
    sheet = book["Phiếu"]
    row = row_of(sheet, "SS.HT.1")
    sheet[f"G{row}"], sheet[f"H{row}"] = 60, 50
    sheet[f"G{row_of(sheet, 'SS.HT.2')}"] = 5
    sheet[f"H{row_of(sheet, 'SS.HT.2')}"] = 10
    out = io.BytesIO()
    book.save(out)

    response = client.post(
        f"/forms/{form_a.pk}/excel/", {"file": SimpleUploadedFile("phieu.xlsx", out.getvalue())}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert f"dòng {row}" in page and "tiêu chí SS.HT.1" in page
    assert form_answers(Form.objects.get(pk=form_a.pk)) == {}


def test_the_excel_file_of_a_form_is_404_for_another_unit_and_403_to_upload_for_an_appraiser(
    form_a: Any, cast: dict[str, Any]
) -> None:
    assert _client(cast["reporter_b"]).get(f"/forms/{form_a.pk}/excel/").status_code == 404
    assert _client(cast["appraiser"]).get(f"/forms/{form_a.pk}/excel/").status_code == 200
    refused = _client(cast["appraiser"]).post(
        f"/forms/{form_a.pk}/excel/", {"file": SimpleUploadedFile("p.xlsx", b"x")}
    )
    assert refused.status_code == 403
