"""What a publication is made of: plain, frozen data, built from the scoring core or a snapshot.

Every document (summary, tables, decision, unit report) is a function of a ``ResultSet`` and
nothing else, so the same snapshot always gives the same documents. Points are exact
``Fraction``s; rounding happens only on display (``chiso.scoring.numbers``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import TypeVar

T = TypeVar("T")
DRAFT_EDITION = "Dự thảo kết quả, chưa công bố: số liệu còn có thể thay đổi"


def _pick(items: Iterable[T], field: str, value: str) -> T:
    """The item whose ``field`` is ``value``; ``KeyError(value)`` when there is none."""
    for item in items:
        if getattr(item, field) == value:
            return item
    raise KeyError(value)


class NotRanked(StrEnum):
    """Why a unit has no rank in a section."""

    BELOW_LEVEL = "below_level"  # scored, but below the lowest level (2392 Điều 6)
    EXCLUDED = "excluded"  # scored, but left out with a reason: late, excluded by the approver
    ABSENT = "absent"  # no score at all: never submitted


@dataclass(frozen=True, slots=True)
class Meta:
    """The campaign and the publication: who publishes what, for which year, which version."""

    province: str  # "Đắk Nông"
    year: int
    # The object of "kết quả …": "đánh giá, xếp hạng mức độ Chính quyền điện tử cấp huyện,
    # cấp xã trên địa bàn tỉnh Đắk Nông năm 2019"; titles of every document are built on it.
    subject: str
    province_title: str = "tỉnh"  # "thành phố" for Đà Nẵng
    department: str = "Sở Thông tin và Truyền thông"
    department_short: str = "STTTT"  # in document numbers: "…/TTr-STTTT"
    place: str = ""  # the place in "Đắk Nông, ngày … tháng … năm …"; the province by default
    decision_number: str = "…/QĐ-UBND"
    submission_number: str = ""  # "…/TTr-STTTT" by default
    version: int | None = 1  # None: a draft, not published
    checksum: str = ""  # of the published snapshot (``results.models.checksum``)
    published: str = ""  # the decision that published this version, as the snapshot names it
    previous_year: int | None = None
    legal_bases: tuple[str, ...] = ()  # extra "Căn cứ" lines: the province's own regulation…
    notice: str = ""  # printed on every document, e.g. that the figures are a demonstration
    # The day whose bodies the documents address (the campaign's deadline): the ministry of
    # the framework's issuer as it was then (``wording.body_on``); None: 1 January after
    # ``year`` (``bodies_on``).
    as_of: dt.date | None = None
    # The units' objections to their verified results and how each was answered, one sentence
    # each (the contest window, ``chiso.appraisal.contest``); the Tờ trình lists them.
    objections: tuple[str, ...] = ()

    @property
    def bodies_on(self) -> dt.date:
        """The day whose bodies (ministry, department) the documents name."""
        return self.as_of or dt.date(self.year + 1, 1, 1)

    @property
    def authority(self) -> str:
        """The issuing authority, as in "Ủy ban nhân dân tỉnh Đắk Nông"."""
        return f"Ủy ban nhân dân {self.province_title} {self.province}"

    @property
    def place_name(self) -> str:
        return self.place or self.province

    @property
    def submission_no(self) -> str:
        return self.submission_number or f"…/TTr-{self.department_short}"

    @property
    def edition(self) -> str:
        """Which figures a document shows, printed on every one: version and checksum, or draft."""
        if self.version is None:
            return DRAFT_EDITION
        text = f"Phiên bản kết quả {self.version}"
        if self.published:
            text += f" ({self.published})"
        if self.checksum:
            text += f"; mã kiểm tra SHA-256: {self.checksum}"
        return text


@dataclass(frozen=True, slots=True)
class Previous:
    """A unit's figure in a section the year before, and how it was obtained if not directly."""

    year: int
    points: Fraction | None
    rank: int | None
    level: str
    note: str = ""  # e.g. how a merged unit's figure was derived from its predecessors


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a ranking table: a unit in a section, ranked or not, with last year's figure."""

    unit: str
    name: str
    points: Fraction | None  # None: the unit has no score (never submitted)
    level: str
    rank: int | None
    reason: str = ""  # why not ranked, in words a reader understands
    not_ranked: NotRanked | None = None
    previous: Previous | None = None

    @property
    def points_change(self) -> Fraction | None:
        if self.points is None or self.previous is None or self.previous.points is None:
            return None
        return self.points - self.previous.points

    @property
    def rank_change(self) -> int | None:
        """Places gained (positive) or lost (negative); None without two ranks to compare."""
        if self.rank is None or self.previous is None or self.previous.rank is None:
            return None
        return self.previous.rank - self.rank


@dataclass(frozen=True, slots=True)
class GroupInfo:
    code: str
    name: str
    max_points: Fraction


@dataclass(frozen=True, slots=True)
class SectionResult:
    """The ranking of one section (hạng mục) for one unit kind."""

    code: str
    name: str
    max_points: Fraction
    levels: tuple[str, ...]  # best first
    below: str  # the wording for no level ("Không xếp hạng"); "" for bands
    groups: tuple[GroupInfo, ...]
    entries: tuple[Entry, ...]  # ranked by rank, then the rest
    previous_ranked: int | None = None  # how many were ranked last year, if known

    @property
    def ranked(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.rank is not None)

    @property
    def not_ranked(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.rank is None)

    def level_counts(self) -> list[tuple[str, int]]:
        """Ranked units per level, best level first, levels without units left out."""
        counts = Counter(e.level for e in self.ranked)
        return [(level, counts[level]) for level in self.levels if counts[level]]

    def level_position(self, level: str) -> int | None:
        """0 for the best level; None for no level or a name this section does not use."""
        return self.levels.index(level) if level in self.levels else None


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    year: int
    points: Fraction | None
    rank: int | None
    level: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Measured:
    """An item's points against its maximum and against the cohort's average."""

    code: str
    name: str
    max_points: Fraction
    points: Fraction
    cohort_average: Fraction

    @property
    def share(self) -> Fraction:
        return self.points / self.max_points if self.max_points else Fraction(0)

    @property
    def cohort_share(self) -> Fraction:
        return self.cohort_average / self.max_points if self.max_points else Fraction(0)


@dataclass(frozen=True, slots=True)
class GroupProfile(Measured):
    """A unit's group against its cohort, with the unit's percentile in it."""

    percentile: Fraction | None  # share of the other cohort units with fewer points; None alone
    previous_points: Fraction | None = None
    not_applicable: bool = False  # left out of the unit's maximum and of the comparisons


@dataclass(frozen=True, slots=True)
class CriterionProfile(Measured):
    """A top-level criterion of a group, for strengths and weaknesses."""

    group: str
    not_applicable: bool = False


@dataclass(frozen=True, slots=True)
class CriterionLine:
    """A criterion's points in a unit's report, with where its value came from: the source the
    framework declares (``ValueSource.label_vi``: "đơn vị tự đánh giá"…) and, when the appraiser
    took the verified value from an agency or a measurement, which ("" otherwise)."""

    code: str
    name: str
    depth: int
    points: Fraction
    max_points: Fraction
    source: str  # "" for a criterion made of others (its value is theirs)
    taken: str = ""


@dataclass(frozen=True, slots=True)
class Room:
    """A criterion that still has points to gain."""

    code: str
    name: str
    points_left: Fraction


@dataclass(frozen=True, slots=True)
class Gap:
    """One unmet condition of the next level: the section total or a group's minimum."""

    code: str
    name: str
    is_total: bool
    has: Fraction
    needs: Fraction
    room: tuple[Room, ...]

    @property
    def missing(self) -> Fraction:
        return max(self.needs - self.has, Fraction(0))


@dataclass(frozen=True, slots=True)
class NextStep:
    level: str
    gaps: tuple[Gap, ...]


@dataclass(frozen=True, slots=True)
class UnitSection:
    """One unit in one section: its figures, its profile against the cohort, its way up."""

    code: str
    name: str
    max_points: Fraction
    points: Fraction
    level: str
    rank: int | None
    ranked_count: int
    groups: tuple[GroupProfile, ...]
    criteria: tuple[CriterionProfile, ...]
    next_step: NextStep | None
    history: tuple[HistoryPoint, ...]  # oldest first, this year last
    reason: str = ""
    # Every criterion with its source, when the documents were given the sources (one unit's
    # report); empty otherwise.
    lines: tuple[CriterionLine, ...] = ()
    # What did not apply to the unit (code, name, why) and how the total was scaled for it.
    not_applicable: tuple[tuple[str, str, str], ...] = ()
    scaling: str = ""
    # Why this section does not compare with last year (last year's framework was another one,
    # with no confirmed crosswalk, or the section has no counterpart); empty when it compares.
    previous_note: str = ""

    @property
    def share(self) -> Fraction:
        return self.points / self.max_points if self.max_points else Fraction(0)


@dataclass(frozen=True, slots=True)
class UnitProfile:
    unit: str
    name: str
    sections: tuple[UnitSection, ...]

    def section(self, code: str) -> UnitSection:
        return _pick(self.sections, "code", code)


@dataclass(frozen=True, slots=True)
class FrameworkInfo:
    code: str
    name: str
    version: str
    legal_basis: str  # "Quyết định 2392/QĐ-BTTTT ngày 25/12/2017 của Bộ Thông tin và Truyền thông"
    issuer: str


@dataclass(frozen=True, slots=True)
class KindResult:
    """Everything published for one kind of unit (cấp huyện, cấp xã, sở ngành)."""

    kind: str  # "huyen"
    label: str  # "cấp huyện"
    heads: str  # who executes the decision: "Chủ tịch Ủy ban nhân dân các huyện, thành phố"
    framework: FrameworkInfo
    sections: tuple[SectionResult, ...]
    units: tuple[UnitProfile, ...]  # every scored unit; absent ones only appear in entries
    unit_count: int  # scored + absent

    @property
    def participants(self) -> int:
        return len(self.units)

    def section(self, code: str) -> SectionResult:
        return _pick(self.sections, "code", code)

    def unit(self, code: str) -> UnitProfile:
        return _pick(self.units, "unit", code)


@dataclass(frozen=True, slots=True)
class ResultSet:
    """A campaign's results, ready to be published: the input of every document."""

    meta: Meta
    kinds: tuple[KindResult, ...]

    def kind(self, kind: str) -> KindResult:
        return _pick(self.kinds, "kind", kind)
