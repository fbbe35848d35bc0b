"""A ResultSet scored by the core from the Đắk Nông 2019 example answers, against 2018.

2019: the example answers (examples/answers/daknong-2019-*), scored with the shipped 2392
frameworks; their totals are the ones published in QĐ 47/QĐ-UBND. 2018: the figures implied
by the changes it published (Gia Nghĩa 43,80 "giảm 1,9" → 45,70…); the
2018 ranks and levels the article does not give are invented, with the ranked counts it gives.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from chiso.publish import (
    Entry,
    KindResult,
    Meta,
    NotRanked,
    ResultSet,
    build_kind,
)
from chiso.publish.model import FrameworkInfo, SectionResult
from chiso.scoring import UnitAnswers, score_cohort, shipped_registry

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "answers"
ABSENT_COMMUNE = ("24703", "Xã Quảng Sơn", "không nộp phiếu tự đánh giá")

# 2018, per section: (unit, name, points, rank, level). Ranked counts as QĐ 47/QĐ-UBND implies:
# district readiness 1, district results 1, commune readiness 1, commune results 1.
DISTRICTS_2018 = {
    "SS": [
        ("660", "Thành phố Gia Nghĩa", "45.7", 1, "Mức III"),
        ("662", "Huyện Cư Jút", "37.865", None, "Không xếp hạng"),
        ("666", "Huyện Đắk R'Lấp", "35.58", None, "Không xếp hạng"),
        ("663", "Huyện Đắk Mil", "33", None, "Không xếp hạng"),
    ],
    "KQ": [
        ("660", "Thành phố Gia Nghĩa", "83.95", 1, "Mức III"),
        ("664", "Huyện Krông Nô", "69.49", None, "Không xếp hạng"),
    ],
}
COMMUNES_2018 = {
    "SS": [
        ("24655", "Xã Tâm Thắng", "21.1", 1, "Mức IV"),
        ("24728", "Xã Nâm N'Jang", "18.5", None, "Không xếp hạng"),
    ],
    "KQ": [("24612", "Phường Nghĩa Thành", "40", 1, "Mức IV")],
}


def read_cohort(folder: str) -> list[UnitAnswers]:
    units = []
    for path in sorted((EXAMPLES / folder).glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        units.append(UnitAnswers(item["unit"], item["answers"], item["name"]))
    return units


def published_2018(kind: str, label: str, sections: dict[str, list[tuple]]) -> KindResult:
    """Last year's KindResult as a snapshot would give it back: ranking lines, no profiles."""
    result = []
    for code, rows in sections.items():
        entries = tuple(
            Entry(
                unit,
                name,
                Fraction(points),
                level,
                rank,
                "" if rank else "chưa đạt Mức IV",
                None if rank else NotRanked.BELOW_LEVEL,
            )
            for unit, name, points, rank, level in rows
        )
        levels = ("Mức I", "Mức II", "Mức III", "Mức IV")
        result.append(SectionResult(code, code, Fraction(0), levels, "Không xếp hạng", (), entries))
    info = FrameworkInfo("vn-2392-" + kind, "", "2017", "", "")
    return KindResult(kind, label, "", info, tuple(result), (), 8)


def build_2019(*, rename: dict[str, str] | None = None, with_2018: bool = True) -> ResultSet:
    """2019 from the example answers; ``rename`` gives units other names (unit → name)."""
    registry = shipped_registry()
    kinds = []
    for kind, label, folder, before in (
        ("huyen", "cấp huyện", "daknong-2019-huyen", DISTRICTS_2018),
        ("xa", "cấp xã", "daknong-2019-xa", COMMUNES_2018),
    ):
        framework = registry.get(f"vn-2392-{kind}")
        cohort = read_cohort(folder)
        absent = {}
        if kind == "xa":
            absent = {ABSENT_COMMUNE[0]: ABSENT_COMMUNE[1:]}
        kinds.append(
            build_kind(
                framework,
                score_cohort(framework, cohort),
                year=2019,
                kind=kind,
                label=label,
                names={u.unit: (rename or {}).get(u.unit, u.name) for u in cohort},
                absent=absent,
                previous=published_2018(kind, label, before) if with_2018 else None,
                previous_year=2018 if with_2018 else None,
            )
        )
    meta = Meta(
        province="Đắk Nông",
        year=2019,
        subject=(
            "đánh giá, xếp hạng mức độ Chính quyền điện tử cấp huyện, cấp xã trên địa bàn "
            "tỉnh Đắk Nông năm 2019"
        ),
        place="Đắk Nông",
        checksum="3f2a9c0d" * 8,
        previous_year=2018 if with_2018 else None,
        notice="số liệu minh hoạ, dựng lại từ kết quả đã công bố.",
    )
    return ResultSet(meta, tuple(kinds))


@pytest.fixture(scope="session")
def results() -> ResultSet:
    return build_2019()
