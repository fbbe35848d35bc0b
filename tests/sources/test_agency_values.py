"""A specialised agency supplies one criterion's values for every unit: assigned by the
department, entered in one grid or one Excel file (all or nothing, located errors), seen by the
appraiser beside the unit's value with the difference flagged, taken with a reason."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from openpyxl import load_workbook

from chiso.appraisal.models import Verification
from chiso.audit.models import Entry
from chiso.sources.excel_io import provided_workbook
from chiso.sources.models import ProvidedValue
from chiso.sources.services import (
    ALREADY_ASSIGNED,
    NOT_AN_AGENCY,
    Row,
    RowsRefused,
    assignment_create,
    assignment_forms,
    provided_values_save,
)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_only_the_department_assigns_and_only_an_agency_of_the_province(
    campaign: Any, cast: dict[str, Any], assignment: Any
) -> None:
    assert [f.unit.code for f in assignment_forms(assignment)][:2] == ["660", "661"]
    assert all(f.unit.level == "district" for f in assignment_forms(assignment))
    with pytest.raises(PermissionDenied):
        assignment_create(
            actor=cast["appraiser"],
            campaign=campaign,
            agency=cast["stttt"],
            level="district",
            criterion="KQ.GD.1",
            deadline=dt.date(2019, 11, 30),
        )
    with pytest.raises(ValueError, match=NOT_AN_AGENCY.format(name=cast["dakrlap"].name)):
        assignment_create(
            actor=cast["province_admin"],
            campaign=campaign,
            agency=cast["dakrlap"],
            level="district",
            criterion="KQ.GD.1",
            deadline=dt.date(2019, 11, 30),
        )
    with pytest.raises(ValueError, match="đã giao"):
        assignment_create(
            actor=cast["province_admin"],
            campaign=campaign,
            agency=cast["stttt"],
            level="district",
            criterion="KQ.GD.2",
            deadline=dt.date(2019, 11, 30),
        )
    assert "{agency}" in ALREADY_ASSIGNED
    assert Entry.objects.filter(action="sources.assign").count() == 1


def test_the_agency_enters_every_district_in_one_grid_and_a_bad_row_saves_nothing(
    assignment: Any, agency_officer: Any, cast: dict[str, Any]
) -> None:
    client = _client(agency_officer)
    url = f"/sources/assignments/{assignment.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    forms = assignment_forms(assignment)
    post = {}
    for form in forms:
        post[f"u{form.unit_id}-numerator"] = "80"
        post[f"u{form.unit_id}-denominator"] = "100"
    bad = forms[3]
    post[f"u{bad.unit_id}-numerator"] = "120"  # more than the denominator
    refused = client.post(url, post)
    assert refused.status_code == 422
    text = refused.content.decode()
    assert f"dòng 4, {bad.unit.name} ({bad.unit.code}): tử số (120) lớn hơn mẫu số (100)" in text
    assert 'value="120"' in text  # what was typed is kept
    assert not ProvidedValue.objects.exists()
    post[f"u{bad.unit_id}-numerator"] = "1.400"
    post[f"u{bad.unit_id}-denominator"] = "2.000"
    assert client.post(url, post).status_code == 302
    values = {v.unit.code: v.value for v in ProvidedValue.objects.select_related("unit")}
    assert len(values) == len(forms) and values[bad.unit.code] == ["1400", "2000"]
    entry = Entry.objects.get(action="sources.values")
    assert entry.changes["values"][bad.unit.code] == [None, ["1400", "2000"]]
    # Others: the unit itself and the other province see nothing of it.
    assert _client(cast["reporter_b"]).get(url).status_code == 404
    assert _client(cast["other_appraiser"]).get(url).status_code == 404
    assert _client(cast["appraiser"]).get(url).status_code == 200
    assert _client(cast["appraiser"]).post(url, post).status_code == 403


def test_a_stale_grid_row_is_refused_naming_who_changed_it(
    assignment: Any, agency_officer: Any
) -> None:
    form = assignment_forms(assignment)[0]
    provided_values_save(
        actor=agency_officer, assignment=assignment, rows=[Row(form.unit_id, ["1", "2"])]
    )
    with pytest.raises(RowsRefused) as caught:
        provided_values_save(
            actor=agency_officer,
            assignment=assignment,
            rows=[Row(form.unit_id, ["1", "4"], version=0, line=1)],
        )
    assert "Cán bộ Sở TT&TT đã sửa" in str(caught.value)


def _sheet(assignment: Any) -> Any:
    return load_workbook(BytesIO(provided_workbook(assignment)))


def _upload(client: Client, assignment: Any, book: Any, name: str = "so-lieu.xlsx") -> Any:
    out = BytesIO()
    book.save(out)
    out.seek(0)
    out.name = name
    return client.post(f"/sources/assignments/{assignment.pk}/upload/", {"file": out})


def test_the_excel_upload_refuses_a_bad_row_with_its_place_then_takes_the_fixed_file(
    assignment: Any, agency_officer: Any
) -> None:
    client = _client(agency_officer)
    book = _sheet(assignment)
    sheet = book["Số liệu"]
    assert sheet["A4"].value == "Mã đơn vị" and sheet["C4"].value == "Số hồ sơ nộp trực tuyến"
    rows = list(range(5, sheet.max_row + 1))
    for row in rows:
        sheet.cell(row, 3, 50)
        sheet.cell(row, 4, 200)
    sheet.cell(rows[2], 3, "nhiều")
    refused = _upload(client, assignment, book)
    assert refused.status_code == 422
    unit = sheet.cell(rows[2], 2).value
    assert f"dòng {rows[2]}, cột C, {unit}" in refused.content.decode()
    assert not ProvidedValue.objects.exists()
    sheet.cell(rows[2], 3, 75.5)
    assert _upload(client, assignment, book).status_code == 302
    values = {v.unit.name: v.value for v in ProvidedValue.objects.select_related("unit")}
    assert values[unit] == ["75.5", 200] and len(values) == len(rows)
    # Another criterion's or campaign's file is refused as a whole.
    sheet["A1"] = "chiso: đợt 999, tiêu chí X"
    other = _upload(client, assignment, book)
    assert other.status_code == 422 and "không phải bảng số liệu" in other.content.decode()


def test_the_appraiser_sees_both_values_flagged_and_takes_the_agency_one_with_a_reason(
    submitted_a: Any, assignment: Any, agency_officer: Any, cast: dict[str, Any]
) -> None:
    unit_value = submitted_a.answers.get(criterion="KQ.GD.2").value
    provided_values_save(
        actor=agency_officer,
        assignment=assignment,
        rows=[Row(submitted_a.unit_id, ["10", "1000"], note="Theo Hệ thống một cửa điện tử")],
    )
    client = _client(cast["appraiser"])
    page = client.get(f"/appraisal/forms/{submitted_a.pk}/").content.decode()
    assert 'Sở Thông tin và Truyền thông cung cấp: <strong class="provided-value">10/1000' in page
    assert "Khác số liệu đơn vị quá ngưỡng 5,00 %" in page
    assert unit_value is not None
    taken = client.post(
        f"/appraisal/forms/{submitted_a.pk}/criteria/KQ.GD.2/",
        {
            "decision": "adjust",
            "version": "",
            "reason_code": "other",
            "reason": "Theo số liệu của Sở TT&TT (hệ thống một cửa)",
            "numerator": "10",
            "denominator": "1000",
        },
    )
    assert taken.status_code == 302
    v = Verification.objects.get(form=submitted_a, criterion="KQ.GD.2")
    assert v.value == ["10", "1000"] and "Sở TT&TT" in v.reason
    assert submitted_a.answers.get(criterion="KQ.GD.2").value == unit_value  # never overwritten
    assert Entry.objects.filter(action="appraisal.verify", criterion="KQ.GD.2").exists()

    # The API gives the department the other source beside the answer; the unit does not get it.
    from tests.api.conftest import Api, token_for

    def others(user: Any) -> list[Any]:
        answers = Api(token_for(user)).get(f"/forms/{submitted_a.pk}").json()["answers"]
        return next(a for a in answers if a["criterion"] == "KQ.GD.2")["other_sources"]

    [agency] = others(cast["appraiser"])
    assert (agency["source"], agency["value"], agency["differs"]) == (
        "agency",
        ["10", "1000"],
        True,
    )
    assert agency["by"] == "Sở Thông tin và Truyền thông"
    assert others(cast["reporter_a"]) == []


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_agency_evidence_is_checked_like_every_upload_and_served_to_the_department(
    assignment: Any, agency_officer: Any, cast: dict[str, Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(agency_officer)
    url = f"/sources/assignments/{assignment.pk}/evidence/"
    fake = SimpleUploadedFile("so-lieu.pdf", b"MZ\x90\x00 an exe", "application/pdf")
    refused = client.post(url, {"file": fake})
    assert refused.status_code == 422 and not assignment.evidence.exists()
    good = SimpleUploadedFile("bao-cao.pdf", PDF, "application/pdf")
    assert client.post(url, {"file": good}).status_code == 302
    evidence = assignment.evidence.get()
    download = f"/sources/evidence/{evidence.pk}/"
    assert _client(cast["appraiser"]).get(download).status_code == 200
    assert _client(cast["reporter_a"]).get(download).status_code == 404
    assert Entry.objects.filter(action="sources.evidence_add").exists()


def test_the_province_administrator_sets_portal_addresses_in_its_province_only(
    cast: dict[str, Any],
) -> None:
    from chiso.sources.models import UnitPortal

    admin = _client(cast["province_admin"])
    add = admin.post(
        "/admin/sources/unitportal/add/",
        {"unit": cast["dakrlap"].pk, "url": "https://dakrlap.daknong.gov.vn/"},
    )
    assert add.status_code == 302
    assert UnitPortal.objects.get().url == "https://dakrlap.daknong.gov.vn/"
    assert Entry.objects.filter(action="sources.portal_address").exists()
    other = UnitPortal.objects.create(unit=cast["lamdong"], url="https://lamdong.gov.vn/")
    assert admin.get(f"/admin/sources/unitportal/{other.pk}/change/").status_code == 404


def test_an_old_sheet_does_not_overwrite_a_value_changed_on_chiso_since(
    assignment: Any, agency_officer: Any
) -> None:
    client = _client(agency_officer)
    book = _sheet(assignment)  # downloaded before anything was entered
    first = assignment_forms(assignment)[0]
    provided_values_save(
        actor=agency_officer, assignment=assignment, rows=[Row(first.unit_id, ["7", "10"])]
    )
    sheet = book["Số liệu"]
    assert sheet["F4"].value == "Phiên bản (không sửa)" and sheet.column_dimensions["F"].hidden
    sheet["C5"], sheet["D5"] = 1, 10
    refused = _upload(client, assignment, book)
    assert refused.status_code == 422 and "Cán bộ Sở TT&amp;TT đã sửa" in refused.content.decode()
    assert ProvidedValue.objects.get(unit=first.unit).value == ["7", "10"]
