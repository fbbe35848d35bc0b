"""Builders for the Excel form tests: a framework with every input kind, metas, answers, edits."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

import openpyxl  # type: ignore[import-untyped]

from chiso.excel import FormMeta, build_form_workbook
from chiso.excel.form_layout import ID_SHEET, MAP_CODE_COL, MAP_ROW_COL, is_form_input
from chiso.scoring import Framework, InputKind
from chiso.scoring.rules import Choice

YEAR = 2024

# Every input kind once (plus a ratio that may pass 100 %, a sum, an appraiser's criterion).
EVERY_KIND = """\
schema: 1
code: thu-excel
name: "Bộ thử phiếu Excel"
version: "2024"
unit_kinds: [xa]
provenance: verified
legal_basis: {document: "QĐ thử", article: "Điều 1"}
sections:
  - code: HM
    name: "Hạng mục"
    max_points: 60
    classification:
      type: bands
      bands: [{name: Đạt, min_total: 1}, {name: Chưa đạt, min_total: 0}]
    groups:
      - code: HM.A
        name: "Nhóm số liệu"
        max_points: 30
        criteria:
          - code: A.N
            name: "Băng thông bình quân"
            max_points: 5
            input: {kind: number, unit: Mbps, minimum: 0, maximum: 1000}
            rule: {type: proportional, target: 100}
            legal_basis: {item: "1"}
          - code: A.C
            name: "Số ứng dụng dùng chung"
            max_points: 5
            input: {kind: count, maximum: 10}
            rule: {type: per_item, points_per_item: 1}
            legal_basis: {item: "2"}
          - code: A.R
            name: "Tỷ lệ cán bộ có máy tính"
            max_points: 5
            input: {kind: ratio, numerator: "Số có máy tính", denominator: "Tổng số cán bộ"}
            rule: proportional
            legal_basis: {item: "3"}
          - code: A.O
            name: "Tỷ lệ vượt kế hoạch"
            max_points: 5
            input: {kind: ratio, allow_over: true}
            rule: proportional
            legal_basis: {item: "4"}
          - code: A.P
            name: "Tỷ lệ hồ sơ trực tuyến"
            max_points: 5
            input: percentage
            rule: proportional
            legal_basis: {item: "5"}
          - code: A.B
            name: "Có trung tâm dữ liệu"
            max_points: 5
            input: boolean
            rule: yes_no
            legal_basis: {item: "6"}
            evidence: required
      - code: HM.B
        name: "Nhóm tổ chức"
        max_points: 30
        criteria:
          - code: B.CH
            name: "Trưởng ban chỉ đạo"
            max_points: 5
            input: choice
            rule:
              type: choice
              options:
                - {value: chu_tich, label: "Chủ tịch, Bí thư", points: 5}
                - {value: pho, label: "Phó chủ tịch", points: 3}
                - {value: khong, label: "Chưa có", points: 0}
            legal_basis: {item: "7"}
          - code: B.D
            name: "Ngày ban hành kế hoạch"
            max_points: 5
            input: date
            rule:
              type: by_date
              tiers: [{on_or_before: 2024-01-31, points: 5}, {on_or_before: 2024-03-31, points: 2}]
            legal_basis: {item: "8"}
          - code: B.V
            name: "Quy chế an toàn thông tin"
            max_points: 5
            input: document
            rule: document
            legal_basis: {item: "9"}
          - code: B.S
            name: "Hạ tầng dùng chung"
            max_points: 5
            rule: sum
            legal_basis: {item: "10"}
            criteria:
              - code: B.S.1
                name: "Có phòng máy chủ"
                max_points: 3
                input: boolean
                rule: yes_no
                legal_basis: {item: "10.1"}
              - code: B.S.2
                name: "Kế hoạch sao lưu"
                max_points: 2
                input: document
                rule: {type: by_date, tiers: [{on_or_before: 2024-06-30, points: 2}]}
                legal_basis: {item: "10.2"}
          - code: B.T
            name: "Chất lượng cổng thông tin"
            max_points: 5
            input: points
            rule: appraiser
            required: false
            legal_basis: {item: "11"}
          - code: B.X
            name: "Số cuộc diễn tập"
            max_points: 5
            input: count
            rule: {type: tiers, tiers: [{min: 2, points: 5}, {min: 1, points: 2}]}
            required: false
            guidance: "Chỉ tính cuộc diễn tập có biên bản."
            legal_basis: {item: "12"}
"""

KIND_ANSWERS: dict[str, object] = {
    "A.N": "43,5",
    "A.C": 3,
    "A.R": [40, 50],
    "A.O": [120, 100],
    "A.P": 87.5,
    "A.B": True,
    "B.CH": "chu_tich",
    "B.D": "15/01/2024",
    "B.V": {
        "number": "12/QĐ-UBND",
        "date": "2024-02-01",
        "issuer": "UBND xã Thử",
        "summary": "Quy chế bảo đảm an toàn thông tin",
    },
    "B.S.1": False,
    "B.S.2": False,
    "B.T": 4,
    "B.X": 2,
}


def meta_for(framework: Framework, **changes: Any) -> FormMeta:
    fields: dict[str, Any] = {
        "campaign_id": "dot-2024",
        "campaign_name": "Đánh giá năm 2024",
        "year": YEAR,
        "unit_era": "2019",
        "unit_code": "24612",
        "unit_name": "Phường Nghĩa Thành",
        "framework_code": framework.code,
        "framework_version": framework.version,
        "deadline": "17 giờ ngày 25/10/2024",
    }
    fields.update(changes)
    return FormMeta(**fields)


def build(
    framework: Framework,
    answers: Mapping[str, object] | None = None,
    notes: Mapping[str, str] | None = None,
    **meta: Any,
) -> bytes:
    return build_form_workbook(
        framework=framework,
        answers=answers if answers is not None else {},
        notes=notes or {},
        meta=meta_for(framework, **meta),
    )


def sample_answers(framework: Framework, year: int) -> dict[str, object]:
    """A valid raw answer for every criterion of a form, whatever its kind."""
    answers: dict[str, object] = {}
    for criterion in framework.leaves():
        if not is_form_input(criterion) or criterion.input is None:
            continue
        kind = criterion.input.kind
        if kind is InputKind.RATIO:
            answers[criterion.code] = [3, 4]
        elif kind is InputKind.BOOLEAN:
            answers[criterion.code] = True
        elif kind is InputKind.CHOICE:
            assert isinstance(criterion.rule, Choice)
            answers[criterion.code] = criterion.rule.options[-1].value
        elif kind is InputKind.DATE:
            answers[criterion.code] = f"{year}-03-15"
        elif kind is InputKind.DOCUMENT:
            answers[criterion.code] = {
                "number": "7/KH-UBND",
                "date": f"{year}-01-20",
                "issuer": "UBND",
                "summary": "Kế hoạch",
            }
        elif kind is InputKind.PERCENTAGE:
            answers[criterion.code] = "87.25"
        elif kind is InputKind.COUNT:
            answers[criterion.code] = 2
        else:
            answers[criterion.code] = "2.5"
    return answers


def edit(data: bytes, change: Callable[[Any], None]) -> bytes:
    """The workbook after ``change(workbook)``, saved again by openpyxl (as Excel would)."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(members: Mapping[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive holding ``members`` (name → bytes), in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def with_members(data: bytes, members: Mapping[str, bytes]) -> bytes:
    """The same zip with ``members`` added or replaced."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in members:
                target.writestr(info, source.read(info))
        for name, content in members.items():
            target.writestr(name, content)
    return buffer.getvalue()


def row_map(data: bytes) -> dict[str, int]:
    """Criterion code → its row on the form, from the hidden sheet."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        rows = workbook[ID_SHEET].iter_rows(min_row=2, max_col=MAP_CODE_COL, values_only=True)
        return {
            row[MAP_CODE_COL - 1]: row[MAP_ROW_COL - 1] for row in rows if row[MAP_CODE_COL - 1]
        }
    finally:
        workbook.close()


def day(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%d/%m/%Y")  # noqa: DTZ007 - a calendar day
