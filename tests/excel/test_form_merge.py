"""The file remembers what it was made with; an upload after the form changed is merged from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chiso.excel import (
    Field,
    Saved,
    WorkbookError,
    merge_upload,
    read_form_meta,
    read_form_workbook,
    saved_answer,
    shown,
)
from chiso.excel.form_layout import ID_KEY_COL, ID_SHEET, ID_VALUE_COL
from chiso.excel.form_upload import IDENTITY_BROKEN, NOT_CHISO_FORM
from chiso.scoring import Framework
from tests.excel.builders import build, edit, meta_for, row_map

MADE = dt.datetime(2024, 10, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
VERSION = 3


def _made(framework: Framework, answers: dict[str, object], notes: dict[str, str]) -> bytes:
    return build(framework, answers, notes, form_version=VERSION, downloaded_at=MADE)


def _count(data: bytes, code: str, value: object) -> bytes:
    row = row_map(data)[code]

    def change(workbook: Any) -> None:
        workbook["Phiếu"][f"F{row}"] = value

    return edit(data, change)


def test_the_version_and_time_come_back_with_a_fingerprint_per_row(every_kind: Framework) -> None:
    data = _made(every_kind, {"A.C": 3}, {})

    upload = read_form_workbook(data, framework=every_kind, expected=None, filename="p.xlsx")

    assert (upload.meta.form_version, upload.meta.downloaded_at) == (VERSION, MADE)
    assert upload.base is not None and set(upload.base) == set(upload.rows)


def test_a_file_made_before_versions_has_no_base(every_kind: Framework) -> None:
    upload = read_form_workbook(
        build(every_kind, {"A.C": 3}), framework=every_kind, expected=None, filename="p.xlsx"
    )

    assert upload.meta.form_version is None and upload.base is None


# (saved at download, saved now, in the file) of A.C -> (what is saved after, conflict?)
CASES = {
    "nobody changed it": (3, 3, 3, 3, False),
    "changed in the file only": (3, 3, 5, 5, False),
    "changed on chiso only": (3, 4, 3, 4, False),
    "answered on chiso only": (None, 4, None, 4, False),
    "cleared in the file only": (3, 3, None, None, False),
    "changed alike on both sides": (3, 5, 5, 5, False),
    "changed differently on both sides": (3, 4, 5, 4, True),
    "cleared in the file, changed on chiso": (3, 4, None, 4, True),
}


@pytest.mark.parametrize(
    ("before", "now", "theirs", "after", "conflict"), CASES.values(), ids=list(CASES)
)
def test_the_three_way_merge_of_one_value(
    every_kind: Framework,
    before: int | None,
    now: int | None,
    theirs: int | None,
    after: int | None,
    conflict: bool,
) -> None:
    made = _made(every_kind, {} if before is None else {"A.C": before}, {})
    data = _count(made, "A.C", theirs)
    upload = read_form_workbook(data, framework=every_kind, expected=None, filename="p.xlsx")

    merge = merge_upload(upload, {"A.C": Saved(now, "")}, form_version=VERSION + 1)

    assert [(c.criterion, c.field, c.saved, c.theirs) for c in merge.conflicts] == (
        [("A.C", Field.VALUE, now, theirs)] if conflict else []
    )
    if not conflict:
        assert merge.answers.get("A.C", Saved(now, "")).value == after


def test_an_unchanged_form_takes_the_whole_file(every_kind: Framework) -> None:
    data = _count(_made(every_kind, {"A.C": 3}, {}), "A.C", None)
    upload = read_form_workbook(data, framework=every_kind, expected=None, filename="p.xlsx")

    merge = merge_upload(upload, {"A.C": Saved(3, "")}, form_version=VERSION)

    assert merge.answers == {"A.C": Saved(None, "")} and not merge.conflicts


def test_a_note_and_a_value_are_merged_apart(every_kind: Framework) -> None:
    data = _count(_made(every_kind, {"A.C": 3}, {"A.C": "cũ"}), "A.C", 5)
    upload = read_form_workbook(data, framework=every_kind, expected=None, filename="p.xlsx")

    merge = merge_upload(upload, {"A.C": Saved(3, "mới")}, form_version=VERSION + 1)

    assert merge.answers == {"A.C": Saved(5, "mới")}
    assert merge.kept == (("A.C", Field.NOTE),)


def test_what_the_web_stores_compares_equal_to_what_the_file_reads(
    every_kind: Framework,
) -> None:
    ratio = every_kind.criteria_by_code["A.R"]

    assert saved_answer(ratio, ["40", "50"], " ghi chú ") == Saved([40, 50], "ghi chú")


@pytest.mark.parametrize(
    ("code", "value", "text"),
    [
        ("A.R", [40, 50], "40/50"),
        ("A.N", "43.5", "43,5"),
        ("A.B", True, "Có"),
        ("B.CH", "pho", "Phó chủ tịch"),
        ("B.D", "2024-01-15", "15/01/2024"),
        ("B.V", False, "chưa có văn bản"),
        (
            "B.V",
            {"number": "12/QĐ-UBND", "date": "2024-02-01", "issuer": "UBND xã", "summary": ""},
            "văn bản 12/QĐ-UBND ngày 01/02/2024 của UBND xã",
        ),
        ("A.C", None, "(trống)"),
    ],
)
def test_values_in_a_conflict_read_as_a_person_wrote_them(
    every_kind: Framework, code: str, value: object, text: str
) -> None:
    assert shown(every_kind.criteria_by_code[code], Field.VALUE, value) == text


def test_the_meta_alone_says_whose_form_a_file_is(every_kind: Framework) -> None:
    meta = read_form_meta(_made(every_kind, {}, {}), filename="p.xlsx")

    assert meta == meta_for(every_kind, form_version=VERSION, downloaded_at=MADE)


def test_the_meta_of_a_file_that_is_no_form_is_refused(every_kind: Framework) -> None:
    def drop(workbook: Any) -> None:
        del workbook[ID_SHEET]

    with pytest.raises(WorkbookError) as refused:
        read_form_meta(edit(_made(every_kind, {}, {}), drop), filename="p.xlsx")

    assert [p.message for p in refused.value.problems] == [NOT_CHISO_FORM.format(sheet=ID_SHEET)]


@pytest.mark.parametrize(("key", "value"), [("form_version", "ba"), ("downloaded_at", "hôm qua")])
def test_a_damaged_version_or_time_is_refused(every_kind: Framework, key: str, value: str) -> None:
    def change(workbook: Any) -> None:
        for row in workbook[ID_SHEET].iter_rows(min_col=ID_KEY_COL, max_col=ID_VALUE_COL):
            if row[0].value == key:
                row[1].value = value

    with pytest.raises(WorkbookError) as refused:
        read_form_meta(edit(_made(every_kind, {}, {}), change), filename="p.xlsx")

    assert [p.message for p in refused.value.problems] == [IDENTITY_BROKEN.format(what=key)]
