"""The shape of ``chiso.scoring.report.unit_dict``: a unit's points with their explanation."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

POINTS = 'Điểm làm tròn 2 chữ số, dấu chấm: "43.80".'
EXACT = 'Điểm chính xác: "43.8" hoặc phân số "26/3".'


class Where(Schema):
    code: str
    name: str
    points_left: str


class Shortfall(Schema):
    item: str
    needed: str
    has: str
    gap: str
    where_points_remain: list[Where]


class NextLevel(Schema):
    level: str
    shortfalls: list[Shortfall]
    text: str


class CriterionFacts(Schema):
    """What the framework says of a criterion (``report._criterion_facts``)."""

    code: str
    name: str
    max_points: str = Field(description=POINTS)
    rule: str = Field(description="proportional, yes_no, tiers, per_item, choice, normalised…")
    rule_text: str = Field(description="Cách tính điểm, bằng lời.")
    legal_basis: str = Field(description="Văn bản, điều, phụ lục mà tiêu chí thực hiện.")
    provenance: str = Field(description="verified | reconstructed | provisional")


class CriterionScore(CriterionFacts):
    points: str = Field(description=POINTS)
    points_exact: str = Field(description=EXACT)
    arithmetic: str = Field(description="Phép tính ra điểm, bằng lời.")
    value: Any = Field(None, description="Giá trị đã đọc (tiêu chí lá).")
    missing: bool | None = Field(None, description="Tiêu chí lá chưa trả lời (tính 0 điểm).")
    cohort_best: str | None = Field(None, description="Giá trị tốt nhất của cả đợt (chuẩn hóa).")
    criteria: list[CriterionScore] = Field(default_factory=list)


class GroupScore(Schema):
    code: str
    name: str
    max_points: str
    points: str
    points_exact: str
    criteria: list[CriterionScore]


class SectionScore(Schema):
    code: str
    name: str
    max_points: str
    points: str
    points_exact: str
    level: str
    has_level: bool
    level_explanation: str
    next_level: NextLevel | None
    groups: list[GroupScore]


class ScoreOut(Schema):
    unit: str
    name: str
    framework: str
    points: str = Field(description=POINTS)
    points_exact: str = Field(description=EXACT)
    sections: list[SectionScore]
    missing: list[str]
    provisional: list[str] = Field(description="Tiêu chí chuẩn hóa còn tạm tính.")
