"""The framework as frozen data: sections > groups > criteria > sub-criteria, and its levels.

Built only by ``loader.load_framework``; nothing here reads files or knows about Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chiso.scoring.rules import Rule


class Provenance(StrEnum):
    """How far an item can be trusted (research/frameworks.md confidence tags)."""

    VERIFIED = "verified"  # the legal text itself
    RECONSTRUCTED = "reconstructed"  # justified but not the text: replace when the text is found
    PROVISIONAL = "provisional"  # a decision taken where the text is contradictory or missing

    @property
    def label_vi(self) -> str:
        return _PROVENANCE_VI[self]


_PROVENANCE_VI = {
    Provenance.VERIFIED: "văn bản gốc",
    Provenance.RECONSTRUCTED: "dựng lại",
    Provenance.PROVISIONAL: "tạm thời",
}


class InputKind(StrEnum):
    NUMBER = "number"
    COUNT = "count"
    RATIO = "ratio"
    PERCENTAGE = "percentage"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    DATE = "date"
    DOCUMENT = "document"
    POINTS = "points"  # points set by the appraiser

    @property
    def label_vi(self) -> str:
        return _INPUT_VI[self]


_INPUT_VI = {
    InputKind.NUMBER: "số",
    InputKind.COUNT: "số lượng",
    InputKind.RATIO: "tỷ lệ hai số",
    InputKind.PERCENTAGE: "tỷ lệ phần trăm",
    InputKind.BOOLEAN: "có/không",
    InputKind.CHOICE: "lựa chọn",
    InputKind.DATE: "ngày",
    InputKind.DOCUMENT: "văn bản",
    InputKind.POINTS: "điểm do thẩm định viên chấm",
}


class ValueSource(StrEnum):
    """Who supplies a criterion's value (YAML ``source``; default the unit's own report)."""

    UNIT = "unit"  # the unit's self-assessment (tự đánh giá)
    AGENCY = "agency"  # a specialised agency of the province (cơ quan chuyên môn)
    MEASURED = "measured"  # measured from a system by a connector (``measure``)
    APPRAISER = "appraiser"  # the appraisers' own finding

    @property
    def label_vi(self) -> str:
        return _SOURCE_VI[self]


_SOURCE_VI = {
    ValueSource.UNIT: "đơn vị tự đánh giá",
    ValueSource.AGENCY: "cơ quan chuyên môn cung cấp",
    ValueSource.MEASURED: "đo tự động",
    ValueSource.APPRAISER: "thẩm định viên xác định",
}


@dataclass(frozen=True, slots=True)
class Measure:
    """What a measured criterion reads: the connector (``portal``, ``dvc_stats``) and the figure."""

    connector: str
    what: str

    def __str__(self) -> str:
        return f"{self.connector}.{self.what}"


@dataclass(frozen=True, slots=True)
class LegalBasis:
    """Where a number comes from: document, article/appendix, item."""

    document: str
    article: str = ""
    item: str = ""

    def __str__(self) -> str:
        return ", ".join(part for part in (self.document, self.article, self.item) if part)


@dataclass(frozen=True, slots=True)
class InputSpec:
    """What the unit enters for a leaf criterion."""

    kind: InputKind
    unit: str = ""  # "người", "Mbps"…
    numerator: str = ""  # labels of the two counts of a ratio
    denominator: str = ""
    minimum: Fraction | None = None
    maximum: Fraction | None = None
    allow_over: bool = False  # a ratio whose numerator may exceed its denominator


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """A document cited as an answer: number, date, issuer, summary (NĐ 30/2020 fields)."""

    number: str
    date: dt.date
    issuer: str
    summary: str = ""

    def __str__(self) -> str:
        return f"{self.number} ngày {self.date:%d/%m/%Y} của {self.issuer}"


@dataclass(frozen=True, slots=True, eq=False)
class Criterion:
    """A criterion (tiêu chí) or sub-criterion; a leaf has an input, a parent has children."""

    code: str
    name: str
    max_points: Fraction
    rule: Rule
    legal_basis: LegalBasis
    provenance: Provenance
    input: InputSpec | None = None
    children: tuple[Criterion, ...] = ()
    guidance: str = ""
    evidence_required: bool = False
    required: bool = True
    source: ValueSource = ValueSource.UNIT
    measure: Measure | None = None
    # The difference between two sources' values that is flagged: a share of the larger value
    # for numbers (default 5 %), nothing for yes/no, choices, dates, documents (``sources.py``).
    tolerance: Fraction | None = None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator[Criterion]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True, eq=False)
class Group:
    """A group of criteria (nhóm tiêu chí / chỉ số thành phần) with its maximum."""

    code: str
    name: str
    max_points: Fraction
    criteria: tuple[Criterion, ...]
    legal_basis: LegalBasis
    provenance: Provenance

    def leaves(self) -> Iterator[Criterion]:
        for criterion in self.criteria:
            yield from (c for c in criterion.walk() if c.is_leaf)


@dataclass(frozen=True, slots=True)
class Level:
    """A rung of the 2392 ladder: a minimum section total AND a minimum share of every group."""

    name: str
    min_total: Fraction
    min_share: tuple[tuple[str, Fraction], ...]  # (group code, share of the group's max)
    # The same shares as points, by position of the group in its section: (index, min points).
    requirements: tuple[tuple[int, Fraction], ...] = ()


@dataclass(frozen=True, slots=True)
class Ladder:
    """2392 Điều 6: the best level whose conditions are all met; none met → ``below``."""

    levels: tuple[Level, ...]  # best first
    below: str = "Không xếp hạng"

    kind = "ladder"


@dataclass(frozen=True, slots=True)
class Band:
    name: str
    min_total: Fraction  # inclusive; the band ends where the next better one starts


@dataclass(frozen=True, slots=True)
class Bands:
    """Bands on the section total (Sơn La: Tốt ≥ 85, Khá 70–<85, Trung bình 50–<70, Yếu < 50)."""

    bands: tuple[Band, ...]  # best first; the last one starts at 0

    kind = "bands"


Classification = Ladder | Bands


@dataclass(frozen=True, slots=True, eq=False)
class Section:
    """A section (hạng mục) — the unit of levels and of ranking."""

    code: str
    name: str
    max_points: Fraction
    groups: tuple[Group, ...]
    classification: Classification
    legal_basis: LegalBasis
    provenance: Provenance
    precision: int = 2  # the framework's published decimals (``Framework.precision``)

    def group(self, code: str) -> Group:
        for group in self.groups:
            if group.code == code:
                return group
        raise KeyError(code)


@dataclass(frozen=True, slots=True)
class Difference:
    """One way an adapted framework differs from the one it extends, and why."""

    item: str
    change: str
    reason: str


@dataclass(frozen=True, slots=True, eq=False)
class Framework:
    """One version of a framework (bộ tiêu chí / bộ chỉ số), resolved and validated."""

    code: str
    name: str
    version: str
    issuer: str
    unit_kinds: tuple[str, ...]
    legal_basis: LegalBasis
    provenance: Provenance
    sections: tuple[Section, ...]
    source: str  # the file it was loaded from
    extends: str | None = None
    differences: tuple[Difference, ...] = ()
    notes: str = ""
    # Decimals of the published results (YAML ``precision``, default 2): ranking compares points
    # at this precision and reasons are rounded to it (docs/numbers.md).
    precision: int = 2
    criteria_by_code: dict[str, Criterion] = field(default_factory=dict, repr=False)

    @property
    def max_points(self) -> Fraction:
        return sum((s.max_points for s in self.sections), Fraction(0))

    def section(self, code: str) -> Section:
        for section in self.sections:
            if section.code == code:
                return section
        raise KeyError(code)

    def leaves(self) -> Iterator[Criterion]:
        for section in self.sections:
            for group in section.groups:
                yield from group.leaves()
