"""Frameworks (public, no login): the list, and one framework with its sections, groups,
criteria, points, rules, legal basis and what each input takes — from ``chiso.scoring``."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema

from chiso.api.auth import PUBLIC
from chiso.api.common import PUBLIC_ERRORS, PUBLIC_SECURITY, Page, PageParams, page, responses
from chiso.api.score_schemas import CriterionFacts
from chiso.frameworks.selectors import framework_list
from chiso.frameworks.views import FRAMEWORK_NOT_FOUND
from chiso.scoring import shipped_registry
from chiso.scoring.model import Criterion, Framework, InputKind
from chiso.scoring.numbers import exact_text
from chiso.scoring.report import framework_dict
from chiso.units_data import fold

router = Router(tags=["Bộ tiêu chí"], auth=PUBLIC)

# How an answer of each input kind is written in JSON (the scoring core's raw answers).
VALUE_FORMAT = {
    InputKind.NUMBER: 'số: 12, 12.5 hoặc chuỗi "12,5" (chuỗi đọc theo cách viết Việt Nam)',
    InputKind.COUNT: 'số nguyên không âm; chuỗi "1.400" là 1400',
    InputKind.RATIO: '[tử số, mẫu số], ví dụ [40, 50], ["40", "50"] hoặc ["950", "1.400"]',
    InputKind.PERCENTAGE: 'số từ 0 đến 100; chuỗi "43,8" là 43,8, chuỗi "1.250" bị từ chối',
    InputKind.BOOLEAN: "true hoặc false",
    InputKind.CHOICE: "mã của một lựa chọn (options[].value)",
    InputKind.DATE: '"YYYY-MM-DD" hoặc "dd/mm/yyyy", trong năm đánh giá',
    InputKind.DOCUMENT: '{"number", "date", "issuer", "summary"} hoặc false (không có văn bản)',
    InputKind.POINTS: "điểm do thẩm định viên chấm, từ 0 đến điểm tối đa (đơn vị không nhập)",
}


class FrameworkFilters(Schema):
    q: str = Field("", max_length=100, description="Tìm trong mã và tên (không phân biệt dấu).")
    unit_kind: str = Field("", max_length=40, description="Loại đơn vị áp dụng, ví dụ huyen, xa.")


class FrameworkSummary(Schema):
    code: str
    name: str
    version: str
    issuer: str
    unit_kinds: list[str]
    legal_basis: str
    provenance: str = Field(description="verified | reconstructed | provisional")
    extends: str | None
    max_points: str = Field(description='Điểm tối đa, dấu chấm thập phân: "100.00".')


class FrameworkList(Page):
    items: list[FrameworkSummary]


class Option(Schema):
    value: str
    label: str


class InputOut(Schema):
    kind: str
    value_format: str
    unit: str
    numerator: str
    denominator: str
    minimum: str | None
    maximum: str | None
    options: list[Option]


class CriterionOut(CriterionFacts):
    guidance: str
    evidence_required: bool
    required: bool
    source: str = Field(
        "unit", description="Nguồn số liệu: unit | agency | measured | appraiser (docs/sources.md)."
    )
    measure: str | None = Field(None, description="Với source measured: connector.chỉ số đo.")
    input: InputOut | None = Field(None, description="Chỉ tiêu chí lá có ô nhập.")
    criteria: list[CriterionOut] = Field(default_factory=list, description="Tiêu chí con.")


class GroupOut(Schema):
    code: str
    name: str
    max_points: str
    provenance: str
    criteria: list[CriterionOut]


class SectionOut(Schema):
    code: str
    name: str
    max_points: str
    classification: dict[str, Any] = Field(
        description="ladder (mức I–IV: tổng tối thiểu và tỷ lệ từng nhóm) hoặc bands (Tốt/Khá…)."
    )
    groups: list[GroupOut]


class Difference(Schema):
    item: str
    change: str
    reason: str


class FrameworkOut(FrameworkSummary):
    source: str = Field(description="Tên tệp YAML của bộ tiêu chí.")
    differences: list[Difference]
    sections: list[SectionOut]


def _input(criterion: Criterion) -> dict[str, Any] | None:
    spec = criterion.input
    if spec is None:
        return None
    return {
        "kind": spec.kind.value,
        "value_format": VALUE_FORMAT[spec.kind],
        "unit": spec.unit,
        "numerator": spec.numerator,
        "denominator": spec.denominator,
        "minimum": None if spec.minimum is None else exact_text(spec.minimum),
        "maximum": None if spec.maximum is None else exact_text(spec.maximum),
        "options": [
            {"value": o.value, "label": o.label} for o in getattr(criterion.rule, "options", ())
        ],
    }


def framework_out(framework: Framework) -> dict[str, Any]:
    """``report.framework_dict`` with each criterion's input spelled out for a program."""
    data = framework_dict(framework)
    by_code = framework.criteria_by_code

    def criterion(item: dict[str, Any]) -> dict[str, Any]:
        found = by_code[item["code"]]
        return {
            **item,
            "guidance": found.guidance,
            "evidence_required": found.evidence_required,
            "required": found.required,
            "source": found.source.value,
            "measure": str(found.measure) if found.measure else None,
            "input": _input(found),
            "criteria": [criterion(child) for child in item.get("criteria", [])],
        }

    for section in data["sections"]:
        for group in section["groups"]:
            group["criteria"] = [criterion(c) for c in group["criteria"]]
    data["source"] = PurePath(data["source"]).name
    return data


@router.get(
    "/frameworks",
    response=responses(FrameworkList, PUBLIC_ERRORS),
    summary="Danh sách bộ tiêu chí",
    openapi_extra=PUBLIC_SECURITY,
)
def frameworks_list(
    request: HttpRequest, filters: Query[FrameworkFilters], paging: Query[PageParams]
) -> dict:
    """Mọi bộ tiêu chí có sẵn; công khai, không cần đăng nhập."""
    text = fold(filters.q.strip())
    found = [
        f
        for f in framework_list()
        if (not text or text in fold(f"{f.code} {f.name}"))
        and (not filters.unit_kind or filters.unit_kind in f.unit_kinds)
    ]
    return page(found, paging, framework_dict)


@router.get(
    "/frameworks/{code}",
    response=responses(FrameworkOut, PUBLIC_ERRORS),
    summary="Một bộ tiêu chí với mọi tiêu chí",
    openapi_extra=PUBLIC_SECURITY,
)
def frameworks_get(
    request: HttpRequest,
    code: str = Path(..., max_length=80, description="Mã bộ tiêu chí, ví dụ vn-2392-huyen."),
) -> dict:
    """Phần, nhóm, tiêu chí (lồng nhau), điểm tối đa, cách tính, căn cứ pháp lý, các mức, và
    cách ghi giá trị của từng ô nhập (`input.value_format`)."""
    registry = shipped_registry()
    if code not in registry:
        raise Http404(FRAMEWORK_NOT_FOUND.format(code=code))
    return framework_out(registry.get(code))
