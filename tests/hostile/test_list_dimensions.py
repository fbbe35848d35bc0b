"""A list whose sheet declares every column Excel has (<dimension ref="A1:XFD5000"/>, a 50 KB
file): openpyxl's read-only mode padded each row to 16,384 cells (5 s, +300 MB per upload).
Only the columns the header uses are read."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from typing import Any

import pytest
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from chiso.accounts.services import ACCOUNT_COLUMNS
from chiso.tabular import read_table

try:
    from chiso.tabular import MAX_COLUMNS
except ImportError:  # before issue 15
    MAX_COLUMNS = 64
from chiso.units.services import AGENCY_COLUMNS
from tests.hostile.corpus import first_sheet_member, wide_dimension, workbook

ROWS = 5000
LIST = [
    ["Mã đơn vị", "Họ và tên", "Email", "Vai trò"],
    ["666", "Nguyễn Văn An", "an@example.vn", "Cán bộ đầu mối"],
]
AGENCIES = [["Mã", "Tên"], ["STTTT", "Sở Thông tin và Truyền thông"]]


def _crafted(rows: list[list[str]], more: list[str]) -> bytes:
    good = workbook(rows)
    data = wide_dimension(good, first_sheet_member(good), [more] * (ROWS - len(rows)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b'<dimension ref="A1:XFD5000"/>' in archive.read(first_sheet_member(good))
    assert len(data) < 100_000
    return data


@pytest.fixture
def cells(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The cells openpyxl builds, row by row, while the list is read."""
    built: list[int] = []
    get_row = ReadOnlyWorksheet._get_row

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        row = get_row(self, *args, **kwargs)
        built.append(len(row))
        return row

    monkeypatch.setattr(ReadOnlyWorksheet, "_get_row", counting)
    return built


@pytest.mark.parametrize(
    ("rows", "more", "columns", "required"),
    [
        (
            LIST,
            ["666", "Trần Thị Bình", "binh@example.vn", "Cán bộ đầu mối"],
            ACCOUNT_COLUMNS,
            {"unit"},
        ),
        (AGENCIES, ["SNV", "Sở Nội vụ"], AGENCY_COLUMNS, {"code", "name"}),
    ],
    ids=["accounts", "agencies"],
)
def test_a_sheet_declaring_every_column_is_read_as_wide_as_its_header(
    rows: list[list[str]], more: list[str], columns: Any, required: set[str], cells: list[int]
) -> None:
    data = _crafted(rows, more)
    width = len(rows[0])

    tracemalloc.start()
    try:
        read = read_table(data, "ds.xlsx", columns=columns, required=required)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(read) == ROWS - 1  # every row is still there
    assert read[-1].values[next(iter(columns))] == more[0]
    header_probe, *rows_read = cells  # the header row, read up to MAX_COLUMNS to find its width
    assert header_probe <= MAX_COLUMNS
    assert max(rows_read) <= width  # not 16,384
    assert sum(rows_read) <= ROWS * width
    assert peak < 40 * 1024 * 1024
