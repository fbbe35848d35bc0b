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
    """How far an item can be trusted (verified / reconstructed / assumed)."""

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


# The unit kinds a framework may name (the values of ``chiso.units.models.Kind``; a test keeps
# the two lists equal). Districts (huyen, quan, thi_xa, thanh_pho) exist only before 01/07/2025.
UNIT_KINDS = (
    "tinh",
    "thanh_pho_tw",
    "huyen",
    "quan",
    "thi_xa",
    "thanh_pho",
    "thanh_pho_thuoc_tp",
    "xa",
    "phuong",
    "thi_tran",
    "dac_khu",
    "so",
    "ban",
    "nganh",
)


class NaScaling(StrEnum):
    """How a section's total is scaled when some of it does not apply to a unit."""

    NONE = "none"  # points obtained, as they are: what does not apply simply earns nothing
    PROPORTIONAL = "proportional"  # points obtained / applicable maximum × scale


class ZeroDenominator(StrEnum):
    """What a ratio answered 0/0 (or n/0) means."""

    ZERO = "zero"  # the ratio counts as 0 (frameworks written before 2026; said in the reason)
    NOT_APPLICABLE = "not_applicable"  # nothing to measure: the criterion does not apply
    ERROR = "error"  # the answer is refused


class GroupRole(StrEnum):
    SCORED = "scored"  # part of the scale
    BONUS = "bonus"  # điểm thưởng: added, up to the group's cap
    MALUS = "malus"  # điểm trừ: subtracted, up to the group's cap


@dataclass(frozen=True, slots=True)
class Tag:
    """A property some units have (e.g. "kinh-te-so": sở có nhiệm vụ phát triển kinh tế số)."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class AppliesTo:
    """To which units a group or criterion applies; the others have it as not applicable."""

    kinds: tuple[str, ...] = ()  # empty: every kind of the framework
    tags: tuple[str, ...] = ()  # the unit must carry every one of these tags
    without_tags: tuple[str, ...] = ()  # … and none of these

    def reason(self, kind: str, tags: frozenset[str], names: dict[str, str]) -> str | None:
        """Why it does not apply to a unit of ``kind`` carrying ``tags``; None when it applies."""
        if self.kinds and kind not in self.kinds:
            return f"chỉ áp dụng cho loại đơn vị: {', '.join(self.kinds)}"
        lacking = [t for t in self.tags if t not in tags]
        if lacking:
            return "chỉ áp dụng cho đơn vị " + ", ".join(names.get(t, t) for t in lacking)
        carried = [t for t in self.without_tags if t in tags]
        if carried:
            return "không áp dụng cho đơn vị " + ", ".join(names.get(t, t) for t in carried)
        return None


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
    applies_to: AppliesTo | None = None
    allow_unit_not_applicable: bool = False  # the unit may declare it không áp dụng, with a reason
    zero_denominator: ZeroDenominator = ZeroDenominator.ZERO
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
    applies_to: AppliesTo | None = None
    allow_unit_not_applicable: bool = False
    role: GroupRole = GroupRole.SCORED
    cap: Fraction | None = None  # bonus/malus: at most this many points added or taken off
    weight: Fraction | None = None  # weighted index: contributes points / max × weight

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
    # Copied from the framework, so that a section's score explains itself.
    na_scaling: NaScaling | None = None
    may_exceed_scale: bool = False
    may_fall_below_zero: bool = False

    @property
    def weighted(self) -> bool:
        return any(g.weight is not None for g in self.groups)

    @property
    def scored_groups(self) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if g.role is GroupRole.SCORED)

    @property
    def plain(self) -> bool:
        """Scored as before 2026: the groups' points added, nothing more."""
        return (
            not self.weighted
            and len(self.scored_groups) == len(self.groups)
            and (self.na_scaling is None)
        )

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
    tags: tuple[Tag, ...] = ()
    na_scaling: NaScaling | None = None  # required when anything may be not applicable
    may_exceed_scale: bool = False  # with bonus points
    may_fall_below_zero: bool = False  # with malus points
    criteria_by_code: dict[str, Criterion] = field(default_factory=dict, repr=False)
    groups_by_code: dict[str, Group] = field(default_factory=dict, repr=False)

    @property
    def tag_names(self) -> dict[str, str]:
        return {t.code: t.name for t in self.tags}

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
