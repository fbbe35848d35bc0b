"""Uploading a form's Excel file after the form changed on chiso: what only the file changed is
imported, what only chiso changed is kept, and a criterion changed on both sides stops it all."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chiso.audit.models import Entry
from chiso.campaigns.excel_io import FORM_CHANGED, OLD_FILE, form_import_workbook
from chiso.campaigns.models import Form
from chiso.campaigns.services import form_answers, form_save_answer
from chiso.excel import WorkbookError
from chiso.excel.form_layout import ID_SHEET
from tests.campaigns.excel_files import edited, form_file, without_version

Cast = dict[str, Any]


def _save(form: Form, actor: Any, code: str, value: object, note: str | None = None) -> None:
    form_save_answer(
        actor=actor,
        form=form,
        criterion=code,
        value=value,
        note=note,
        expected_version=form.answers.filter(criterion=code)
        .values_list("version", flat=True)
        .first(),
    )


def _upload(form: Form, user: Any, data: bytes) -> Any:
    client = Client()
    client.force_login(user)
    return client.post(f"/forms/{form.pk}/excel/", {"file": SimpleUploadedFile("phieu.xlsx", data)})


def _answers(form: Form) -> dict[str, object]:
    return form_answers(Form.objects.get(pk=form.pk))


@pytest.fixture
def downloaded(form_a: Form, cast: Cast) -> bytes:
    """Đắk R'Lấp's file downloaded with SS.HT.1 = 40/50; then the head changed SS.HT.1 to
    45/50 and answered SS.NL.3 = 5 on the web."""
    _save(form_a, cast["reporter_a"], "SS.HT.1", ["40", "50"])
    data = form_file(Form.objects.get(pk=form_a.pk))
    _save(form_a, cast["head_a"], "SS.HT.1", ["45", "50"])
    _save(form_a, cast["head_a"], "SS.NL.3", "5")
    return data


def test_the_file_records_the_forms_version_and_the_download_time(form_a: Form) -> None:
    book = openpyxl.load_workbook(io.BytesIO(form_file(form_a)))
    identity = {row[0]: row[1] for row in book[ID_SHEET].iter_rows(max_col=2, values_only=True)}

    assert identity["form_version"] == str(form_a.version)
    assert identity["downloaded_at"]
    assert "Tệp tải về lúc" in book["Phiếu"]["A6"].value


def test_a_criterion_changed_on_chiso_and_in_the_file_refuses_the_upload_naming_both_values(
    form_a: Form, cast: Cast, downloaded: bytes
) -> None:
    data = edited(downloaded, {"SS.HT.1": {"G": 42}, "SS.HT.2": {"G": 122, "H": 400}})

    response = _upload(form_a, cast["reporter_a"], data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "sửa trên chiso sau khi tệp này được tải về" in page
    assert "tiêu chí SS.HT.1: head_a đã sửa giá trị lúc" in page
    assert "trên chiso là «45/50», trong tệp là «42/50»" in page
    assert "SS.HT.2" not in page  # changed in the file only: not a conflict
    assert _answers(form_a) == {"SS.HT.1": ["45", "50"], "SS.NL.3": "5"}


def test_without_conflicts_the_files_changes_are_imported_and_chisos_newer_values_kept(
    form_a: Form, cast: Cast, downloaded: bytes
) -> None:
    data = edited(downloaded, {"SS.HT.2": {"G": 122, "H": 400}})

    response = _upload(form_a, cast["reporter_a"], data)

    assert response.status_code == 302
    answers = _answers(form_a)
    assert answers["SS.HT.2"] == [122, 400]
    # The file still held 40/50 and a blank SS.NL.3: the head's later answers stay.
    assert answers["SS.HT.1"] == ["45", "50"]
    assert answers["SS.NL.3"] == "5"
    entry = Entry.objects.get(action="forms.import_excel", unit_code="666")
    assert entry.changes["kept"] == ["SS.HT.1", "SS.NL.3"]


def test_the_same_change_on_both_sides_is_no_conflict(
    form_a: Form, cast: Cast, downloaded: bytes
) -> None:
    data = edited(downloaded, {"SS.HT.1": {"G": 45}, "SS.NL.3": {"F": 5}})

    result = form_import_workbook(
        actor=cast["reporter_a"], form=form_a, data=data, filename="phieu.xlsx"
    )

    assert result.changed == 0
    assert _answers(form_a) == {"SS.HT.1": ["45", "50"], "SS.NL.3": "5"}


def test_a_note_changed_on_chiso_and_a_value_changed_in_the_file_both_stay(
    form_a: Form, cast: Cast
) -> None:
    _save(form_a, cast["reporter_a"], "SS.NL.3", "4")
    data = form_file(Form.objects.get(pk=form_a.pk), {"SS.NL.3": {"F": 6}})
    _save(form_a, cast["head_a"], "SS.NL.3", "4", note="Theo báo cáo quý III")

    form_import_workbook(actor=cast["reporter_a"], form=form_a, data=data, filename="phieu.xlsx")

    answer = form_a.answers.get(criterion="SS.NL.3")
    assert (answer.value, answer.note) == (6, "Theo báo cáo quý III")


def test_a_blank_left_in_an_unchanged_form_still_clears_the_answer(
    form_a: Form, cast: Cast
) -> None:
    _save(form_a, cast["reporter_a"], "SS.NL.3", "4")
    data = form_file(Form.objects.get(pk=form_a.pk), {"SS.NL.3": {"F": None}})

    result = form_import_workbook(
        actor=cast["reporter_a"], form=form_a, data=data, filename="phieu.xlsx"
    )

    assert (result.changed, result.cleared) == (1, 1)
    assert "SS.NL.3" not in _answers(form_a)


def test_a_file_without_a_version_may_not_change_a_saved_answer(form_a: Form, cast: Cast) -> None:
    _save(form_a, cast["reporter_a"], "SS.HT.1", ["40", "50"])
    old = without_version(form_file(Form.objects.get(pk=form_a.pk), {"SS.HT.1": {"G": 42}}))

    with pytest.raises(WorkbookError) as refused:
        form_import_workbook(actor=cast["reporter_a"], form=form_a, data=old, filename="cu.xlsx")

    messages = [problem.message for problem in refused.value.problems]
    assert messages[0] == OLD_FILE
    assert [problem.criterion for problem in refused.value.problems[1:]] == ["SS.HT.1"]
    assert _answers(form_a) == {"SS.HT.1": ["40", "50"]}


def test_a_file_without_a_version_may_fill_what_is_empty(form_a: Form, cast: Cast) -> None:
    _save(form_a, cast["reporter_a"], "SS.HT.1", ["40", "50"])
    old = without_version(form_file(Form.objects.get(pk=form_a.pk), {"SS.NL.3": {"F": 6}}))

    form_import_workbook(actor=cast["reporter_a"], form=form_a, data=old, filename="cu.xlsx")

    assert _answers(form_a) == {"SS.HT.1": ["40", "50"], "SS.NL.3": 6}


def test_the_conflict_message_is_the_module_constant(
    form_a: Form, cast: Cast, downloaded: bytes
) -> None:
    data = edited(downloaded, {"SS.HT.1": {"G": 42}})

    with pytest.raises(WorkbookError) as refused:
        form_import_workbook(actor=cast["reporter_a"], form=form_a, data=data, filename="p.xlsx")

    first = refused.value.problems[0].message
    assert first.startswith(FORM_CHANGED.split("{downloaded}")[0])
    assert "1 chỗ bị sửa ở cả hai nơi" in first


def test_a_file_uploaded_as_downloaded_changes_nothing(form_a: Form, cast: Cast) -> None:
    _save(form_a, cast["reporter_a"], "SS.HT.1", ["40", "50"])
    _save(form_a, cast["reporter_a"], "KQ.HD.3", "2,3", note="Số liệu quý III ")
    form = Form.objects.get(pk=form_a.pk)
    data = form_file(form)

    result = form_import_workbook(actor=cast["reporter_a"], form=form, data=data, filename="p.xlsx")

    assert (result.changed, result.kept) == (0, 0)
    assert Form.objects.get(pk=form_a.pk).version == form.version
