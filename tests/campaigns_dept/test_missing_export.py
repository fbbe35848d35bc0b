"""/campaigns/<id>/missing.xlsx: the units that have not submitted, with whom to remind."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
import time_machine
from django.test import Client

from chiso.campaigns.models import Campaign
from chiso.campaigns.views_department import MISSING_HEADER, MISSING_TITLE
from tests.campaigns_dept.conftest import save_one, submit

Cast = dict[str, Any]

BEFORE_DEADLINE = dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC)
HEADER_ROW = 3


@pytest.fixture
def sheet(client: Client, campaign: Campaign, cast: Cast) -> Any:
    """Đắk R'Lấp submitted, Cư Jút started; the appraiser downloads the list on 15/10/2019."""
    forms = {f.unit.code: f for f in campaign.forms.select_related("unit")}
    submit(forms["666"], cast["reporter_a"], cast["head_a"], on=BEFORE_DEADLINE)
    save_one(forms["662"], cast["reporter_b"])
    client.force_login(cast["appraiser"])
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        response = client.get(f"/campaigns/{campaign.pk}/missing.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def _rows(sheet: Any) -> dict[str, tuple[Any, ...]]:
    rows = sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    return {row[0]: row for row in rows}


def test_the_list_has_every_unit_that_has_not_submitted(sheet: Any, campaign: Campaign) -> None:
    rows = _rows(sheet)

    assert len(rows) == 78
    assert "666" not in rows


def test_each_row_says_status_answers_deadline_and_days_left(sheet: Any) -> None:
    row = dict(zip(MISSING_HEADER, _rows(sheet)["662"], strict=True))

    assert row["Tên đơn vị"] == "Huyện Cư Jút"
    assert row["Cấp"] == "Cấp huyện"
    assert row["Trạng thái"] == "Đang nhập"
    assert row["Đã trả lời"] == "1/23"
    assert row["Hạn nộp"].date() == dt.date(2019, 10, 22)  # an Excel date, not text
    assert row["Còn lại (ngày làm việc)"] == 5
    assert row["Cán bộ đầu mối"] == "reporter_b"
    assert row["Email cán bộ đầu mối"] == "reporter_b@example.vn"
    assert row["Thủ trưởng"] is None  # nobody holds the role
    assert _rows(sheet)["24728"][7:9] == ("reporter_commune", "reporter_commune@example.vn")


def test_the_sheet_has_a_title_a_bold_header_and_widths(sheet: Any, campaign: Campaign) -> None:
    assert sheet["A1"].value == MISSING_TITLE.format(name=campaign.name)
    assert "Xuất lúc 16:00 15/10/2019" in sheet["A2"].value  # Vietnam time
    header = [cell.value for cell in sheet[HEADER_ROW]]
    assert header == list(MISSING_HEADER)
    assert all(cell.font.bold for cell in sheet[HEADER_ROW])
    assert sheet.column_dimensions["B"].width == 36
    assert sheet["F4"].number_format == "DD/MM/YYYY"


def test_the_level_filter_of_the_page_applies_to_the_list(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    client.force_login(cast["approver"])

    response = client.get(f"/campaigns/{campaign.pk}/missing.xlsx?level=district")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert len(_rows(sheet)) == 8


def test_a_unit_reporter_may_not_download_the_list(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    client.force_login(cast["reporter_a"])

    assert client.get(f"/campaigns/{campaign.pk}/missing.xlsx").status_code == 403
