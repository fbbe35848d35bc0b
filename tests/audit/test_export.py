"""/audit/export.xlsx: the filtered entries of the person's scope, text never run as a formula."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from chiso.audit.export import HEADER, HEADER_ROW, TITLE
from chiso.audit.models import Entry
from tests.audit.conftest import Cast

URL = "/audit/export.xlsx"


def rows(client: Client, query: str = "") -> list[dict[str, Any]]:
    response = client.get(URL + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == TITLE
    assert [c.value for c in sheet[HEADER_ROW]] == list(HEADER)
    values = sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    return [dict(zip(HEADER, row, strict=True)) for row in values]


def test_the_file_holds_the_filtered_entries_newest_first(
    client: Client, cast: Cast, activity: Any
) -> None:
    client.force_login(cast["appraiser"])

    exported = rows(client, "?unit=666&date_to=2019-12-31")

    expected = Entry.objects.filter(unit_code="666", at__year=2019).order_by("-seq")
    assert [r["Số thứ tự"] for r in exported] == [e.seq for e in expected]
    first = exported[-1]
    entry = expected.last()
    assert first["Thời điểm"] == timezone.localtime(entry.at).replace(tzinfo=None)
    assert first["Người thực hiện"] == "reporter_a"
    assert first["Tài khoản"] == "reporter.a"
    assert first["Thao tác"] == "Sửa câu trả lời"
    assert first["Tiêu chí"] == "SS.HT.1"
    assert "Giá trị: (trống) → [40, 50]" in first["Thay đổi (trước → sau)"]


def test_no_cell_is_a_formula_even_when_a_note_is_one(
    client: Client, cast: Cast, activity: Any
) -> None:
    """Reporter A's note "=1+2" is in the changes column as text."""
    client.force_login(cast["appraiser"])
    response = client.get(URL + "?criterion=SS.HT.1&unit=666")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active

    cells = [c for row in sheet.iter_rows(min_row=HEADER_ROW + 1) for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    changes = [c.value for c in cells if isinstance(c.value, str) and "Ghi chú" in c.value]
    assert changes == ["Giá trị: (trống) → [40, 50]\nGhi chú: (trống) → =1+2"]


@pytest.mark.parametrize(
    ("reason", "exported_as"),
    [
        (
            '=HYPERLINK("http://lua-dao.example","bấm")',
            '\'=HYPERLINK("http://lua-dao.example","bấm")',
        ),
        # The API takes control characters but NUL in a reason; openpyxl refused the cell (a 500).
        ("a\x01b\x1f", "ab"),
    ],
    ids=["formula gets an apostrophe", "control characters left out"],
)
def test_a_reason_is_exported_as_text_excel_can_hold(
    client: Client, cast: Cast, activity: Any, reason: str, exported_as: str
) -> None:
    from chiso.audit.services import audit_record

    audit_record(
        actor=cast["appraiser"], action="campaigns.change", obj=cast["province"], reason=reason
    )
    client.force_login(cast["appraiser"])

    exported = rows(client, "?action=campaigns.change")

    assert exported[0]["Lý do"] == exported_as


def test_the_file_keeps_to_the_persons_scope(client: Client, cast: Cast, activity: Any) -> None:
    client.force_login(cast["other_appraiser"])
    assert {r["Mã đơn vị"] for r in rows(client)} <= {"68", None}
    client.force_login(cast["reporter_b"])
    assert {r["Mã đơn vị"] for r in rows(client)} == {"662"}


def test_anonymous_and_other_units_are_refused(client: Client, cast: Cast, activity: Any) -> None:
    assert client.get(URL)["Location"] == f"/accounts/login/?next={URL}"
    client.force_login(cast["reporter_b"])
    assert client.get(f"{URL}?form={activity['dakrlap'].pk}").status_code == 404


def test_bad_filters_send_back_to_the_page_that_names_them(
    client: Client, cast: Cast, activity: Any
) -> None:
    client.force_login(cast["appraiser"])

    response = client.get(f"{URL}?date_from=hom-qua")

    assert response.status_code == 302
    assert response["Location"] == "/audit/?date_from=hom-qua"
