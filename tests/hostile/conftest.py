"""The hostile corpus as fixtures: lists (accounts, agencies) once per session; the form's
files from the form under test."""

from __future__ import annotations

import pytest

from chiso.excel.archive import DAMAGED, EXTERNAL_LINKS, MACROS, NOT_XLSX
from chiso.filenames import MAX_NAME, NAME_TOO_LONG
from chiso.tabular import (
    CSV_UNREADABLE,
    EXTRA_SHEETS,
    FORMULA,
    MERGED,
    NOT_UTF8,
    TOO_BIG,
    TOO_MANY_ROWS,
)
from tests.hostile.corpus import (
    Bad,
    csv_with_long_field,
    edit,
    external_link,
    first_sheet_member,
    inline_row,
    lying_size,
    macros,
    many_rows,
    oversize,
    pdf,
    workbook,
    zip_bomb,
)

LIST = [
    ["Mã đơn vị", "Họ và tên", "Email", "Vai trò"],
    ["666", "Nguyễn Văn An", "an@example.vn", "Cán bộ đầu mối"],
]
BOMB = "có thể là tệp nén độc hại"


def _merged(book: object) -> None:
    book.active.merge_cells("A2:B2")  # type: ignore[attr-defined]


def _formula(book: object) -> None:
    book.active["B2"] = '=HYPERLINK("http://evil.example","Nguyễn Văn An")'  # type: ignore[attr-defined]


def _extra_sheet(book: object) -> None:
    book.create_sheet("Ghi chú")  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def list_corpus() -> list[Bad]:
    good = workbook(LIST)
    member = first_sheet_member(good)
    row = ["666", "Người {n}", "n{n}@example.vn", "Cán bộ đầu mối"]
    return [
        Bad("zip bomb", "ds.xlsx", zip_bomb(good), BOMB),
        Bad("external links", "ds.xlsx", external_link(good), EXTERNAL_LINKS),
        Bad(".xlsm content named .xlsx", "ds.xlsx", macros(good), MACROS),
        Bad("formula in a value cell", "ds.xlsx", workbook(LIST, change=_formula), FORMULA),
        Bad("extra sheet", "ds.xlsx", workbook(LIST, change=_extra_sheet), EXTRA_SHEETS[:18]),
        Bad("merged cells", "ds.xlsx", workbook(LIST, change=_merged), MERGED),
        Bad(
            "100,000 rows",
            "ds.xlsx",
            many_rows(good, member, lambda n: inline_row(n, [v.format(n=n) for v in row]), 3),
            TOO_MANY_ROWS.format(limit=20000),
        ),
        Bad("a PDF named .xlsx", "ds.xlsx", pdf(), NOT_XLSX),
        Bad("an Excel file named .csv", "ds.csv", good, NOT_UTF8),
        Bad(
            "a 300-character name", "d" * 295 + ".xlsx", good, NAME_TOO_LONG.format(limit=MAX_NAME)
        ),
        Bad("oversize (6 MB)", "ds.xlsx", oversize(6), TOO_BIG.format(limit=5)),
        # Issue 15: these answered 500.
        Bad(
            "a CSV field over 131,072 characters",
            "ds.csv",
            csv_with_long_field(",".join(LIST[0]), ",".join(LIST[1])),
            CSV_UNREADABLE.split("{")[0],
        ),
        Bad(
            "a member smaller than it inflates to",
            "ds.xlsx",
            lying_size(good, member, 10),
            DAMAGED,
        ),
        Bad(
            "a member whose compressed size lies",
            "ds.xlsx",
            lying_size(good, member, 10, field="compressed"),
            DAMAGED,
        ),
    ]


__all__ = ["Bad", "edit"]
