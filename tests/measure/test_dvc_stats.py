"""The public-service portal's statistics export (QĐ 766/QĐ-TTg index figures) per unit: CSV or
.xlsx, columns found by their Vietnamese names, every problem located, all or nothing."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import Workbook

from chiso.measure import Target
from chiso.measure.dvc_stats import DvcStatsConnector, StatsError, read_stats

CSV = (
    "Mã đơn vị;Tên đơn vị;Tổng số hồ sơ;Hồ sơ trực tuyến;Hồ sơ đã giải quyết;"
    "Hồ sơ giải quyết đúng hạn;Hồ sơ được số hóa\n"
    "24730;Xã Trường Xuân;1.200;900;1.100;1.050;600\n"
    "24703;Xã Nâm Nung;400;100;400;380;50\n"
)
NOW = dt.datetime(2026, 12, 5, tzinfo=dt.UTC)


def test_the_csv_export_gives_shares_as_ratios_or_percentages():
    connector = DvcStatsConnector(
        CSV.encode(), "dvc-2026.csv", percentage=lambda code: code == "P", now=lambda: NOW
    )
    targets = [
        Target("24730", "R", "online_share"),
        Target("24730", "P", "on_time_share"),
        Target("24703", "R", "digitised_share"),
        Target("24703", "C", "online_count"),
        Target("99999", "R", "online_share"),
    ]
    values = [(r.unit, r.criterion, r.value) for r in connector.measure(targets)]
    assert values == [
        ("24730", "R", [900, 1200]),
        ("24730", "P", "1050/11"),  # 95.4545…%, exact
        ("24703", "R", [50, 400]),
        ("24703", "C", 100),
        ("99999", "R", None),
    ]
    first = next(connector.measure(targets[:1]))
    assert "dòng 2" in first.detail and first.evidence == CSV.encode()


def test_an_xlsx_export_reads_the_same():
    book = Workbook()
    sheet = book.active
    sheet.append(["MÃ ĐƠN VỊ", "Tổng số hồ sơ", "Hồ sơ trực tuyến"])
    sheet.append(["24730", 1200, 900])
    out = BytesIO()
    book.save(out)
    stats = read_stats(out.getvalue(), "dvc.xlsx")
    assert stats["24730"].counts == {"total": 1200, "online": 900}


def test_every_problem_is_located_and_nothing_is_read():
    bad = "Mã đơn vị,Tổng số hồ sơ,Hồ sơ trực tuyến\n24730,100,150\n24703,abc,1\n24730,1,1\n"
    with pytest.raises(StatsError) as caught:
        read_stats(bad.encode(), "dvc.csv")
    texts = [str(p) for p in caught.value.problems]
    assert texts == [
        "dòng 2, cột «Hồ sơ trực tuyến»: Hồ sơ trực tuyến (150) lớn hơn Tổng số hồ sơ (100)",
        "dòng 3, cột «Tổng số hồ sơ»: «abc» không phải số nguyên không âm",
        "dòng 4, cột «Mã đơn vị»: mã đơn vị «24730» có hai dòng",
    ]
    with pytest.raises(StatsError, match="thiếu cột «Hồ sơ trực tuyến»"):
        read_stats("Mã đơn vị,Tổng số hồ sơ\n1,2\n".encode(), "dvc.csv")
    with pytest.raises(StatsError, match="không đọc được"):
        read_stats(b"\xff\xfe\x00bad", "dvc.csv")
