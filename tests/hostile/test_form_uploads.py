"""Hostile files as the unit's form (POST /forms/<id>/excel/): each is refused (400) with the
place and the reason in Vietnamese, and the form's answers stay as they were."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from chiso.audit.models import Entry
from chiso.campaigns.excel_io import form_workbook
from chiso.campaigns.models import Form
from chiso.campaigns.services import form_answers, form_save_answer
from chiso.excel.archive import EXTERNAL_LINKS, FILE_TOO_LARGE, MACROS, NOT_XLSX
from chiso.excel.form_cells import FORMULA
from chiso.excel.form_layout import FORM_SHEET
from chiso.excel.form_upload import EXTRA_SHEETS, NOT_CHISO_FORM, TOO_MANY_ROWS
from chiso.filenames import MAX_NAME, NAME_TOO_LONG
from tests.excel.builders import row_map
from tests.hostile.corpus import (
    edit,
    external_link,
    first_sheet_member,
    inline_row,
    macros,
    many_rows,
    oversize,
    pdf,
    zip_bomb,
)


def _formula(rows: dict[str, int]) -> Any:
    def change(book: Any) -> None:
        book[FORM_SHEET][f"G{rows['SS.HT.2']}"] = "=40+82"

    return change


def _merge(rows: dict[str, int]) -> Any:
    def change(book: Any) -> None:  # one answer cell over two criteria: the second is hidden
        book[FORM_SHEET].merge_cells(f"G{rows['SS.HT.1']}:G{rows['SS.HT.2']}")

    return change


def _extra_sheet(book: Any) -> None:
    book.create_sheet("Ghi chú")


def _renamed_form_sheet(book: Any) -> None:
    book[FORM_SHEET].title = "Sheet1"


def _corpus(own: bytes) -> dict[str, Callable[[], tuple[str, bytes, str]]]:
    """Each case built on demand (a test needs one)."""
    rows = row_map(own)
    member = first_sheet_member(own)
    return {
        "zip bomb": lambda: ("phieu.xlsx", zip_bomb(own), "có thể là tệp nén độc hại"),
        "external links": lambda: ("phieu.xlsx", external_link(own), EXTERNAL_LINKS),
        ".xlsm content named .xlsx": lambda: ("phieu.xlsx", macros(own), MACROS),
        "formula in a value cell": lambda: ("phieu.xlsx", edit(own, _formula(rows)), FORMULA),
        "extra sheet": lambda: (
            "phieu.xlsx",
            edit(own, _extra_sheet),
            EXTRA_SHEETS.split(":")[0],
        ),
        "form sheet renamed": lambda: (
            "phieu.xlsx",
            edit(own, _renamed_form_sheet),
            NOT_CHISO_FORM.format(sheet=FORM_SHEET),
        ),
        "merged answer cells": lambda: ("phieu.xlsx", edit(own, _merge(rows)), "ô gộp"),
        "100,000 rows": lambda: (
            "phieu.xlsx",
            many_rows(own, member, lambda n: inline_row(n, ["x"]), max(rows.values()) + 10),
            TOO_MANY_ROWS.format(limit=2000),
        ),
        "a PDF named .xlsx": lambda: ("phieu.xlsx", pdf(), NOT_XLSX),
        "a 300-character name": lambda: (
            "p" * 295 + ".xlsx",
            own,
            NAME_TOO_LONG.format(limit=MAX_NAME),
        ),
        "oversize (6 MB)": lambda: ("phieu.xlsx", oversize(6), FILE_TOO_LARGE.split("(")[0]),
    }


CASES = [
    "zip bomb",
    "external links",
    ".xlsm content named .xlsx",
    "formula in a value cell",
    "extra sheet",
    "form sheet renamed",
    "merged answer cells",
    "100,000 rows",
    "a PDF named .xlsx",
    "a 300-character name",
    "oversize (6 MB)",
]


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_form_file_is_refused_and_the_answers_stay(
    case: str, form_a: Form, cast: dict[str, Any]
) -> None:
    form_save_answer(
        actor=cast["reporter_a"],
        form=form_a,
        criterion="SS.HT.1",
        value=["40", "50"],
        expected_version=None,
    )
    form_a.refresh_from_db()
    before = form_answers(form_a)
    name, data, refusal = _corpus(form_workbook(form_a))[case]()
    client = Client()
    client.force_login(cast["reporter_a"])
    upload = io.BytesIO(data)
    upload.name = name

    response = client.post(f"/forms/{form_a.pk}/excel/", {"file": upload})

    assert response.status_code == 400
    assert escape(refusal) in response.content.decode()
    assert form_answers(Form.objects.get(pk=form_a.pk)) == before
    assert not Entry.objects.filter(action="forms.import_excel").exists()
