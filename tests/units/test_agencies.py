"""Provincial agencies (sở, ban, ngành): added one by one or from a list, all or nothing."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from chiso.audit.models import Entry
from chiso.cli import main
from chiso.tabular import MISSING_COLUMN, NOT_XLSX, TableError
from chiso.units.models import Kind, Level, Unit
from chiso.units.services import (
    AGENCY_CODE_FORMAT,
    AGENCY_CODE_TAKEN,
    AGENCY_NAME_REQUIRED,
    agencies_import,
    agency_add,
)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_agency_gets_a_province_prefixed_code_and_is_audited(daknong: dict[str, Any]) -> None:
    agency = agency_add(
        actor=None, province=daknong["province"], short_code="snv", name="Sở Nội vụ"
    )

    assert agency.code == "67-SNV"
    assert (agency.level, agency.kind, agency.parent) == (
        Level.AGENCY,
        Kind.SO,
        daknong["province"],
    )
    assert agency.province_code == "67"
    assert Entry.objects.filter(action="units.agency_add", object_id=str(agency.pk)).exists()


def test_an_agency_code_already_used_is_refused_with_the_holder(daknong: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        agency_add(actor=None, province=daknong["province"], short_code="STTTT", name="Khác")

    assert caught.value.message_dict["code"] == [
        AGENCY_CODE_TAKEN.format(code="67-STTTT", name="Sở Thông tin và Truyền thông")
    ]


def test_a_list_of_agencies_is_imported_and_a_second_time_adds_nothing(
    daknong: dict[str, Any],
) -> None:
    data = _xlsx(
        [
            ["Mã", "Tên", "Loại"],
            ["SYT", "Sở Y tế", "Sở"],
            ["BDT", "Ban Dân tộc", "Ban"],
            ["TTT", "Thanh tra tỉnh", ""],
        ]
    )

    added = agencies_import(
        actor=None, province=daknong["province"], data=data, filename="co-quan.xlsx"
    )
    again = agencies_import(
        actor=None, province=daknong["province"], data=data, filename="co-quan.xlsx"
    )

    assert sorted(u.code for u in added) == ["67-BDT", "67-SYT", "67-TTT"]
    assert again == []
    assert Unit.objects.get(era="2019", code="67-BDT").kind == Kind.BAN
    assert Unit.objects.get(era="2019", code="67-TTT").kind == Kind.NGANH


def test_a_list_with_bad_rows_adds_nothing_and_names_each_row(daknong: dict[str, Any]) -> None:
    data = _xlsx([["Mã", "Tên"], ["SYT", "Sở Y tế"], ["S Y T", "Sở gì đó"], ["SXD", ""]])
    before = Unit.objects.count()

    with pytest.raises(TableError) as caught:
        agencies_import(
            actor=None, province=daknong["province"], data=data, filename="co-quan.xlsx"
        )

    problems = [(p.where.row, p.where.column, p.message) for p in caught.value.problems]
    assert problems == [(3, "Mã", AGENCY_CODE_FORMAT), (4, "Tên", AGENCY_NAME_REQUIRED)]
    assert "co-quan.xlsx, trang «Sheet», dòng 3, cột «Mã»" in str(caught.value)
    assert Unit.objects.count() == before


def test_a_csv_list_with_semicolons_works(daknong: dict[str, Any]) -> None:
    data = "Mã;Tên\nSCT;Sở Công Thương\n".encode()

    added = agencies_import(
        actor=None, province=daknong["province"], data=data, filename="co-quan.csv"
    )

    assert [u.name for u in added] == ["Sở Công Thương"]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"MZ\x90\x00 not a workbook", "co-quan.xlsx", NOT_XLSX),
        (_xlsx([["Tên"], ["Sở Y tế"]]), "co-quan.xlsx", MISSING_COLUMN.format(column="Mã")),
    ],
)
def test_a_file_that_is_not_a_list_of_agencies_is_refused(
    daknong: dict[str, Any], data: bytes, filename: str, message: str
) -> None:
    with pytest.raises(TableError) as caught:
        agencies_import(actor=None, province=daknong["province"], data=data, filename=filename)

    assert [p.message for p in caught.value.problems] == [message]


def test_cli_loads_the_demo_agencies_file(daknong: dict[str, Any], capsys: Any) -> None:
    from chiso.demo.load import AGENCIES_FILE

    code = main(
        ["units", "agencies", str(AGENCIES_FILE), "--province", "67", "--structure", "2019"]
    )

    assert code == 0
    assert "Đã thêm 18 cơ quan vào Tỉnh Đắk Nông." in capsys.readouterr().out
