"""Schemas of results and rankings, and the functions that shape the results data into them.

Everything is read from the figures a snapshot froze (or the draft computed by
``chiso.results.selectors``) through ``chiso.results.portal`` and ``story``: nothing here scores,
ranks or compares. Points are text with a decimal point: ``points`` as published ("43.80"),
``points_exact`` exact ("43.8", or "26/3").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from chiso.results import portal
from chiso.results.display import not_ranked_words
from chiso.results.story import SectionStory
from chiso.results.typed import Cohort, PreviousFigure, Results, Unit

Data = dict[str, Any]

POINTS = 'Điểm làm tròn 2 chữ số như quyết định công bố, dấu chấm: "43.80".'
EXACT = 'Điểm chính xác: "43.8", hoặc phân số "26/3" khi số thập phân không dừng.'
CHANGE = 'Thay đổi chính xác so với năm trước: "2.365", "-1.9", "0".'
BASIS = (
    "Cách lấy số năm trước: same_unit (cùng đơn vị), successor (đơn vị trước sắp xếp năm 2025), "
    "mean (bình quân các đơn vị đã nhập vào)."
)
REASON_CODE = "not_submitted | late | excluded | below_level (không đạt mức thấp nhất)."
LEVEL_CHANGE = "up, down, same, in (mới có mức), out (mất mức), none; null: không so được."


class ProvinceRef(Schema):
    era: str
    code: str
    name: str


class VersionOut(Schema):
    """One published version of a year's results."""

    version: int
    sha256: str = Field(description="SHA-256 của JSON chuẩn của số liệu (xem docs/results.md).")
    intact: bool = Field(description="Số liệu đang lưu vẫn khớp mã kiểm tra.")
    decision: str = Field(description="Số, ngày quyết định công bố.")
    reason: str = Field(description="Công bố, hoặc lý do đính chính.")
    published_at: dt.datetime
    published_by: str = Field(description="Họ tên người công bố.")

    @staticmethod
    def resolve_published_by(snapshot: Any) -> str:
        by = snapshot.published_by
        return by.get_full_name() if by is not None else ""


class YearOut(Schema):
    """A province's published year: the latest version, and every version."""

    province: ProvinceRef
    year: int
    campaign: str = Field(description="Tên đợt đánh giá.")
    version: int = Field(description="Phiên bản mới nhất.")
    sha256: str
    published_at: dt.datetime = Field(description="Lúc công bố phiên bản mới nhất.")
    decision: str
    versions: list[VersionOut]
    results: str = Field(description="Địa chỉ API của năm này.")


class LevelCountOut(Schema):
    level: str
    units: int
    units_before: int | None = Field(description="Năm trước; null: không có năm để so.")


class FrameworkUsed(Schema):
    code: str
    name: str
    version: str


class TableOut(Schema):
    """One ranking table: a level of unit (cấp) and a section (mục) of its framework."""

    level: str = Field(description="district | commune | agency")
    level_label: str
    framework: FrameworkUsed
    section: str = Field(description="Mã mục, ví dụ SS (sẵn sàng), KQ (kết quả).")
    section_name: str
    max_points: str = Field(description=EXACT)
    levels: list[str] = Field(description="Các mức, từ cao xuống thấp.")
    units: int = Field(description="Số đơn vị của cấp.")
    scored: int = Field(description="Số đơn vị có điểm.")
    ranked: int = Field(description="Số đơn vị được xếp hạng.")
    ranked_before: int | None = Field(description="Năm trước; null: không có năm để so.")
    ranked_change: str = Field(description='Bằng lời: "tăng 02 đơn vị so với năm 2018".')
    per_level: list[LevelCountOut]


class PublishedTable(TableOut):
    ranking: str = Field(description="Địa chỉ API của bảng xếp hạng.")


class Source(Schema):
    unit: str
    name: str
    whole: bool = Field(description="false: chỉ một phần đơn vị này nhập vào.")


class PreviousOut(Schema):
    """Last year's figure of the unit in the section, how it was derived, and the change."""

    year: int | None
    basis: str = Field(description=BASIS)
    derivation: str = Field(description='Bằng lời, ví dụ "bình quân của Xã A, Xã B".')
    sources: list[Source]
    points: str = Field(description=POINTS)
    points_exact: str = Field(description=EXACT)
    change: str = Field(description=CHANGE)
    rank: int | None = Field(description="Hạng năm trước (chỉ cùng đơn vị).")
    rank_change: int | None = Field(description="Số bậc tăng (dương) hoặc giảm (âm).")
    level: str | None = Field(description='Mức năm trước; "": không xếp hạng; null: không so.')
    level_change: str | None = Field(description=LEVEL_CHANGE)


class TotalPoints(Schema):
    points: str = Field(description=POINTS)
    points_exact: str = Field(description=EXACT)


class Figure(TotalPoints):
    level: str


class RankedOut(Figure):
    rank: int
    unit: str = Field(description="Mã đơn vị.")
    name: str
    district: str = Field(description="Huyện (với cấp xã).")
    previous: PreviousOut | None


class NotRankedOut(Schema):
    unit: str
    name: str
    district: str
    points: str | None = Field(description="null: không có điểm (không nộp phiếu).")
    points_exact: str | None
    level: str = Field(description='Dưới mức thấp nhất: "Không xếp hạng"; "": không có điểm.')
    reason_code: str = Field(description=REASON_CODE)
    reason: str = Field(description="Lý do không xếp hạng, bằng lời.")
    previous: PreviousOut | None


class RankingTable(TableOut):
    ranked_units: list[RankedOut] = Field(description="Theo hạng; bằng điểm thì cùng hạng.")
    not_ranked: list[NotRankedOut]


class GroupPoints(Schema):
    code: str
    name: str
    max_points: str = Field(description=EXACT)
    points: str = Field(description=POINTS)
    points_exact: str = Field(description=EXACT)


class PointsLeft(Schema):
    code: str
    name: str
    points_left: str = Field(description=EXACT)


class LevelShortfall(Schema):
    item: str
    label: str
    has: str
    needed: str
    gap: str
    where: list[PointsLeft] = Field(description="Nơi còn điểm để tăng.")


class LevelGap(Schema):
    level: str
    shortfalls: list[LevelShortfall]


class StoryOut(Schema):
    """The unit's section told in Vietnamese, as on its public page."""

    headline: str
    change: str
    strengths: list[str]
    weaknesses: list[str]
    gains: list[str]
    drops: list[str]
    next_level: list[str]


class SectionFigure(Figure):
    code: str
    rank: int | None


class NotApplicableOut(Schema):
    code: str = Field(description="Mã nhóm hoặc tiêu chí.")
    name: str
    reason: str = Field(description="Vì sao không áp dụng (theo bộ tiêu chí, đơn vị khai…).")


class UnitSectionOut(SectionFigure):
    name: str
    max_points: str = Field(description=EXACT)
    ranked_of: int = Field(description="Số đơn vị được xếp hạng trong mục.")
    reason_code: str = Field(description=f"{REASON_CODE} Rỗng khi có hạng.")
    reason: str = Field(description="Lý do không xếp hạng; rỗng khi có hạng.")
    above: int = Field(description="Số đơn vị cùng cấp có ít điểm hơn.")
    of: int = Field(description="Số đơn vị cùng cấp khác có điểm.")
    previous: PreviousOut | None
    groups: list[GroupPoints]
    next_level: LevelGap | None
    story: StoryOut
    not_applicable: list[NotApplicableOut] = Field(
        [], description="Nhóm, tiêu chí không áp dụng với đơn vị: không tính vào điểm tối đa."
    )
    scaling: str = Field("", description="Cách tính tổng điểm (trọng số, quy đổi, thưởng/trừ).")


class HistoryYear(Schema):
    year: int
    total: TotalPoints | None
    reason: str
    sections: list[SectionFigure]


class District(Schema):
    code: str
    name: str


def _previous(before: PreviousFigure | None, rank: int | None, year: int | None) -> Data | None:
    """The unit's ``previous`` figure of a section (``rank``: its rank now) for the API."""
    if before is None:
        return None
    return {
        "year": year,
        "basis": before.basis,
        "derivation": before.derivation,
        "points": before.points,
        "points_exact": before.points_exact,
        "sources": [s.write() for s in before.from_],
        "change": before.change,
        "rank": before.rank,
        "rank_change": portal.places_gained(before, rank),
        "level": before.level,
        "level_change": before.level_change,
    }


def previous_year(figures: Data) -> int | None:
    return (figures.get("previous") or {}).get("year")


def table_out(table: portal.Table, year: int | None) -> Data:
    cohort, section = table.cohort, table.section
    framework = cohort.framework
    counts = section.counts
    return {
        "level": cohort.level,
        "level_label": cohort.level_label,
        "framework": None if framework is None else framework.write(),
        "section": section.code,
        "section_name": section.name,
        "max_points": section.max_points,
        "levels": list(section.levels),
        "units": None if counts is None else counts.units,
        "scored": None if counts is None else counts.scored,
        "ranked": table.ranked,
        "ranked_before": table.before,
        "ranked_change": table.change,
        "per_level": [
            {"level": c.level, "units": c.now, "units_before": c.before} for c in table.counts
        ],
    }


def ranking_table(results: Results, table: portal.Table, district: str = "") -> Data:
    """The table with its rows: ranked units, then the others with their reasons."""
    year = results.previous_year
    ranked, rest = portal.ranking_rows(table.cohort, table.section, district)
    published: dict[str, str | None] = {e.unit: e.points for e in table.section.ranking}
    published |= {e.unit: e.points for e in table.section.not_ranked}
    units = {u.unit: u for u in table.cohort.units}

    def row(r: portal.Row) -> Data:
        unit = units[r.unit]
        mine = unit.section(table.section.code)
        return {
            "reason_code": (None if mine is None else mine.reason_code) or unit.reason_code,
            "rank": r.rank,
            "unit": r.unit,
            "name": r.name,
            "district": r.district,
            "points": published[r.unit],
            "points_exact": r.points,
            "level": r.level,
            "reason": r.reason,
            "previous": _previous(r.previous, r.rank, year),
        }

    return {
        **table_out(table, year),
        "ranked_units": [row(r) for r in ranked],
        "not_ranked": [row(r) for r in rest],
    }


def _story(story: SectionStory | None) -> Data:
    fields = ("strengths", "weaknesses", "gains", "drops", "next_level")
    if story is None:
        return {"headline": "", "change": "", **{name: [] for name in fields}}
    return {
        "headline": story.headline,
        "change": story.change,
        **{name: list(getattr(story, name)) for name in fields},
    }


def unit_sections(
    results: Results, cohort: Cohort, unit: Unit, stories: list[SectionStory]
) -> list[Data]:
    """Each section the unit was scored in, with its groups, next level and story."""
    frames = {s.code: s for s in cohort.sections}
    told = {s.code: s for s in stories}
    year = results.previous_year
    found = []
    for mine in unit.sections:
        frame = frames[mine.code]
        above = mine.above
        found.append(
            {
                "code": mine.code,
                "points": mine.points,
                "points_exact": mine.points_exact,
                "level": mine.level,
                "rank": mine.rank,
                "name": frame.name,
                "max_points": frame.max_points,
                "ranked_of": None if frame.counts is None else frame.counts.ranked,
                "reason_code": mine.reason_code,
                "reason": not_ranked_words(frame, mine, mine.reason),
                **({} if above is None else above.write()),
                "previous": _previous(mine.previous, mine.rank, year),
                "groups": [
                    g.write() | mine.items[g.code].write()
                    for g in frame.groups
                    if g.code in mine.items
                ],
                "next_level": None if mine.next_level is None else mine.next_level.write(),
                "story": _story(told.get(mine.code)),
                "not_applicable": [n.write() for n in mine.not_applicable or ()],
                "scaling": "" if mine.scaling is None else mine.scaling,
            }
        )
    return found


def history_out(history: list[tuple[int, Data]]) -> list[Data]:
    return [
        {
            "year": year,
            "total": unit["total"],
            "reason": unit["reason"],
            "sections": [
                {key: s[key] for key in ("code", "points", "points_exact", "level", "rank")}
                for s in unit["sections"]
            ],
        }
        for year, unit in history
    ]
