"""Scoring rules: how a criterion's answer (or its children's points) becomes points.

Each rule knows its parameters, checks them against the criterion when the framework loads,
computes exact points, and says in Vietnamese what it does and what it did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar

from chiso.scoring.model import DocumentRef, InputKind
from chiso.scoring.numbers import HUNDRED, ONE, ZERO, fmt_number, fmt_percent, fmt_points

if TYPE_CHECKING:
    from chiso.scoring.model import Criterion

# A parsed answer: a number, a (numerator, denominator) pair, yes/no, a choice, a date, a document.
Value = Fraction | tuple[Fraction, Fraction] | bool | str | dt.date | DocumentRef

NUMERIC_KINDS = frozenset(
    {InputKind.NUMBER, InputKind.COUNT, InputKind.RATIO, InputKind.PERCENTAGE}
)


def numeric_value(value: Value) -> Fraction:
    """The number a rule compares: a ratio's quotient (0 when its denominator is 0)."""
    if isinstance(value, tuple):
        numerator, denominator = value
        return numerator / denominator if denominator else ZERO
    assert isinstance(value, Fraction)
    return value


def describe_value(value: Value | None) -> str:
    if value is None:
        return "chưa có"
    if isinstance(value, tuple):
        return f"{fmt_number(value[0])}/{fmt_number(value[1])}"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Fraction):
        return fmt_number(value)
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


class Rule:
    """Base of all rules. ``composite`` rules score children, the others score an answer."""

    type: ClassVar[str]
    composite: ClassVar[bool] = False
    inputs: ClassVar[frozenset[InputKind]] = frozenset()
    needs_cohort: ClassVar[bool] = False

    def problems(self, criterion: Criterion) -> list[str]:
        """Inconsistencies between the rule's parameters and its criterion."""
        return []

    def points(self, criterion: Criterion, value: Value, best: Fraction | None) -> Fraction:
        raise NotImplementedError

    def describe(self, criterion: Criterion) -> str:
        raise NotImplementedError

    def arithmetic(
        self, criterion: Criterion, value: Value, best: Fraction | None, points: Fraction
    ) -> str:
        return f"{describe_value(value)} → {fmt_points(points)} điểm"


@dataclass(frozen=True, slots=True)
class Proportional(Rule):
    """Điểm = tỷ lệ × điểm tối đa, the ratio capped at 1 (2342 Phụ lục 1B)."""

    target: Fraction | None = None  # for a plain number: ratio = value / target

    type: ClassVar[str] = "proportional"
    inputs: ClassVar[frozenset[InputKind]] = frozenset(
        {InputKind.RATIO, InputKind.PERCENTAGE, InputKind.NUMBER, InputKind.COUNT}
    )

    def problems(self, criterion: Criterion) -> list[str]:
        assert criterion.input is not None
        plain = criterion.input.kind in (InputKind.NUMBER, InputKind.COUNT)
        if plain and (self.target is None or self.target <= 0):
            return ["quy tắc 'proportional' trên một số cần 'target' dương (giá trị đạt 100 %)"]
        if not plain and self.target is not None:
            return ["'target' chỉ dùng cho kiểu nhập number hoặc count; tỷ lệ đã có mẫu số"]
        return []

    def ratio(self, criterion: Criterion, value: Value) -> Fraction:
        assert criterion.input is not None
        if criterion.input.kind is InputKind.PERCENTAGE:
            ratio = numeric_value(value) / HUNDRED
        elif isinstance(value, tuple):
            ratio = numeric_value(value)
        else:
            assert self.target is not None
            ratio = numeric_value(value) / self.target
        return min(ratio, ONE)

    def points(self, criterion: Criterion, value: Value, best: Fraction | None) -> Fraction:
        return self.ratio(criterion, value) * criterion.max_points

    def describe(self, criterion: Criterion) -> str:
        if self.target is not None:
            return f"tỷ lệ (giá trị / {fmt_number(self.target)}, tối đa 100 %) × điểm tối đa"
        return "tỷ lệ × điểm tối đa (tỷ lệ tối đa 100 %)"

    def arithmetic(
        self, criterion: Criterion, value: Value, best: Fraction | None, points: Fraction
    ) -> str:
        ratio = self.ratio(criterion, value)
        if isinstance(value, tuple) and value[1] == 0:
            return f"{describe_value(value)}: mẫu số bằng 0 nên tỷ lệ tính là 0 → 0,00 điểm"
        shown = describe_value(value)
        if self.target is not None:
            shown = f"{shown}/{fmt_number(self.target)}"
        capped = " (giới hạn 100 %)" if ratio == ONE and numeric_value(value) > 0 else ""
        return (
            f"{shown} = {fmt_percent(ratio)}{capped} × {fmt_points(criterion.max_points)}"
            f" = {fmt_points(points)} điểm"
        )


@dataclass(frozen=True, slots=True)
class YesNo(Rule):
    """Có → the criterion's points (or ``points_yes``), không → 0."""

    points_yes: Fraction | None = None

    type: ClassVar[str] = "yes_no"
    inputs: ClassVar[frozenset[InputKind]] = frozenset({InputKind.BOOLEAN})

    def problems(self, criterion: Criterion) -> list[str]:
        if self.points_yes is not None and not ZERO <= self.points_yes <= criterion.max_points:
            return ["'points_yes' phải nằm trong [0, điểm tối đa]"]
        return []

    def points(self, criterion: Criterion, value: Value, best: Fraction | None) -> Fraction:
        full = criterion.max_points if self.points_yes is None else self.points_yes
        return full if value is True else ZERO

    def describe(self, criterion: Criterion) -> str:
        full = criterion.max_points if self.points_yes is None else self.points_yes
        return f"có: {fmt_points(full)} điểm; không: 0 điểm"


@dataclass(frozen=True, slots=True)
class Tier:
    minimum: Fraction  # the answer (a ratio as a percentage) must be at least this
    points: Fraction


@dataclass(frozen=True, slots=True)
class Tiers(Rule):
    """The first tier whose minimum the value reaches; below every tier → 0."""

    tiers: tuple[Tier, ...]  # highest minimum first

    type: ClassVar[str] = "tiers"
    inputs: ClassVar[frozenset[InputKind]] = NUMERIC_KINDS

    def problems(self, criterion: Criterion) -> list[str]:
        found = []
        if not self.tiers:
            found.append("quy tắc 'tiers' cần ít nhất một bậc")
        for higher, lower in zip(self.tiers, self.tiers[1:], strict=False):
            if not lower.minimum < higher.minimum:
                found.append(
                    f"các bậc phải xếp theo ngưỡng giảm dần: {fmt_number(higher.minimum)} rồi"
                    f" {fmt_number(lower.minimum)}"
                )
            if lower.points > higher.points:
                found.append(
                    f"bậc thấp hơn (ngưỡng {fmt_number(lower.minimum)}) không được nhiều điểm hơn"
                )
        for tier in self.tiers:
            if not ZERO <= tier.points <= criterion.max_points:
                found.append(
                    f"bậc ngưỡng {fmt_number(tier.minimum)} có {fmt_number(tier.points)} điểm,"
                    f" ngoài [0, {fmt_number(criterion.max_points)}]"
                )
        if self.tiers and max(t.points for t in self.tiers) != criterion.max_points:
            found.append("bậc cao nhất phải bằng điểm tối đa của tiêu chí")
        return found

    @staticmethod
    def measured(value: Value) -> Fraction:
        # A ratio is compared as a percentage, the way regulations write its tiers.
        return numeric_value(value) * HUNDRED if isinstance(value, tuple) else numeric_value(value)

    def points(self, criterion: Criterion, value: Value, best: Fraction | None) -> Fraction:
        measured = self.measured(value)
        for tier in self.tiers:
            if measured >= tier.minimum:
                return tier.points
        return ZERO

    def describe(self, criterion: Criterion) -> str:
        steps = "; ".join(
            f"≥ {fmt_number(t.minimum)}: {fmt_points(t.points)} điểm" for t in self.tiers
        )
        return f"theo bậc: {steps}; thấp hơn: 0 điểm"

    def arithmetic(
        self, criterion: Criterion, value: Value, best: Fraction | None, points: Fraction
    ) -> str:
        measured = self.measured(value)
        shown = describe_value(value)
        if isinstance(value, tuple):
            shown = f"{shown} = {fmt_percent(numeric_value(value))}"
        for tier in self.tiers:
            if measured >= tier.minimum:
                return f"{shown} ≥ {fmt_number(tier.minimum)} → {fmt_points(points)} điểm"
        return f"{shown} dưới mọi bậc → 0,00 điểm"


@dataclass(frozen=True, slots=True)
class PerItem(Rule):
    """Mỗi mục ``points_per_item`` điểm, tổng không quá ``cap`` (default: the maximum)."""

    points_per_item: Fraction
    cap: Fraction | None = None

    type: ClassVar[str] = "per_item"
    inputs: ClassVar[frozenset[InputKind]] = frozenset({InputKind.COUNT})

    def limit(self, criterion: Criterion) -> Fraction:
        return criterion.max_points if self.cap is None else self.cap

    def problems(self, criterion: Criterion) -> list[str]:
        found = []
        if self.points_per_item <= 0:
            found.append("'points_per_item' phải dương")
        if self.cap is not None and not ZERO < self.cap <= criterion.max_points:
            found.append("'cap' phải nằm trong (0, điểm tối đa]")
        return found

    def points(self, criterion: Criterion, value: Value, best: Fraction | None) -> Fraction:
        return min(numeric_value(value) * self.points_per_item, self.limit(criterion))

    def describe(self, criterion: Criterion) -> str:
        return (
            f"mỗi mục {fmt_points(self.points_per_item)} điểm,"
            f" tổng không quá {fmt_points(self.limit(criterion))} điểm"
        )

    def arithmetic(
        self, criterion: Criterion, value: Value, best: Fraction | None, points: Fraction
    ) -> str:
        raw = numeric_value(value) * self.points_per_item
        capped = f" (giới hạn {fmt_points(self.limit(criterion))})" if raw > points else ""
        return (
            f"{describe_value(value)} × {fmt_points(self.points_per_item)}"
            f" = {fmt_points(raw)}{capped} → {fmt_points(points)} điểm"
        )


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    points: Fraction


@dataclass(frozen=True, slots=True)
class Choice(Rule):
    """Each option carries its points (TP Cao Lãnh 1.1: chủ tịch → full, phó → half)."""

    options: tuple[Option, ...]

    type: ClassVar[str] = "choice"
    inputs: ClassVar[frozenset[InputKind]] = frozenset({InputKind.CHOICE})

    def option(self, value: str) -> Option:
        for option in self.options:
            if option.value == value:
                return option
        raise KeyError(value)

    def problems(self, criterion: Criterion) -> list[str]:
        found = []
        values = [o.value for o in self.options]
        if len(values) < 2:
            found.append("quy tắc 'choice' cần ít nhất hai lựa chọn")
        if len(set(values)) != len(values):
            found.append("các lựa chọn trùng mã")
        for option in self.options:
            if not ZERO <= option.points <= criterion.max_points:
                found.append(f"lựa chọn '{option.value}' có điểm ngoài [0, điểm tối đa]")
        if self.options and max(o.points for o in self.options) != criterion.max_points:
            found.append("lựa chọn tốt nhất phải bằng điểm tối đa của tiêu chí")
        return found

    def points(self, criterion: Criterion, value: Value, best: Fraction | None) -> Fraction:
        assert isinstance(value, str)
        return self.option(value).points

    def describe(self, criterion: Criterion) -> str:
        return "; ".join(f"{o.label}: {fmt_points(o.points)} điểm" for o in self.options)

    def arithmetic(
        self, criterion: Criterion, value: Value, best: Fraction | None, points: Fraction
    ) -> str:
        assert isinstance(value, str)
        return f"“{self.option(value).label}” → {fmt_points(points)} điểm"


@dataclass(frozen=True, slots=True)
class Normalised(Rule):
    """Normalised against the cohort best (2342 "tỷ lệ chuẩn hóa"): value / best, not min-max."""

    type: ClassVar[str] = "normalised"
    inputs: ClassVar[frozenset[InputKind]] = NUMERIC_KINDS
    needs_cohort: ClassVar[bool] = True

    def points(self, criterion: Criterion, value: Value, best: Fraction | None) -> Fraction:
        own = numeric_value(value)
        if best is None:
            best = own
        if best <= 0:
            return ZERO
        return min(own / best, ONE) * criterion.max_points

    def describe(self, criterion: Criterion) -> str:
        return "giá trị / giá trị lớn nhất trong các đơn vị cùng loại × điểm tối đa"

    def arithmetic(
        self, criterion: Criterion, value: Value, best: Fraction | None, points: Fraction
    ) -> str:
        own = numeric_value(value)
        note = ""
        if best is None:
            best = own
            note = " (tạm tính: chưa có số liệu các đơn vị khác, lấy chính đơn vị làm mốc)"
        if best <= 0:
            return f"giá trị lớn nhất bằng 0 → 0,00 điểm{note}"
        return (
            f"{fmt_number(own)} / {fmt_number(best)} × {fmt_points(criterion.max_points)}"
            f" = {fmt_points(points)} điểm{note}"
        )


@dataclass(frozen=True, slots=True)
class SumOfParts(Rule):
    """The parts' points added, capped at the criterion's maximum."""

    type: ClassVar[str] = "sum"
    composite: ClassVar[bool] = True

    def problems(self, criterion: Criterion) -> list[str]:
        total = sum((c.max_points for c in criterion.children), ZERO)
        if total < criterion.max_points:
            return [
                f"các tiêu chí con cộng lại {fmt_number(total)} điểm, chưa đạt điểm tối đa"
                f" {fmt_number(criterion.max_points)}"
            ]
        return []

    def combine(self, criterion: Criterion, parts: list[Fraction]) -> Fraction:
        return min(sum(parts, ZERO), criterion.max_points)

    def describe(self, criterion: Criterion) -> str:
        return f"tổng điểm các tiêu chí con, không quá {fmt_points(criterion.max_points)} điểm"


@dataclass(frozen=True, slots=True)
class BestOf(Rule):
    """ "Tính điểm cho trường hợp nào có điểm cao nhất" (2342): the best alternative counts."""

    type: ClassVar[str] = "best_of"
    composite: ClassVar[bool] = True

    def problems(self, criterion: Criterion) -> list[str]:
        best = max((c.max_points for c in criterion.children), default=ZERO)
        if best != criterion.max_points:
            return ["phương án tốt nhất phải có điểm tối đa bằng điểm tối đa của tiêu chí"]
        return []

    def combine(self, criterion: Criterion, parts: list[Fraction]) -> Fraction:
        return max(parts, default=ZERO)

    def describe(self, criterion: Criterion) -> str:
        return "lấy điểm của phương án cao nhất"


@dataclass(frozen=True, slots=True)
class Appraiser(Rule):
    """Points set by the appraiser within [0, max]; until then 0."""

    type: ClassVar[str] = "appraiser"
    inputs: ClassVar[frozenset[InputKind]] = frozenset({InputKind.POINTS})

    def points(self, criterion: Criterion, value: Value, best: Fraction | None) -> Fraction:
        return numeric_value(value)

    def describe(self, criterion: Criterion) -> str:
        return f"thẩm định viên chấm từ 0 đến {fmt_points(criterion.max_points)} điểm"

    def arithmetic(
        self, criterion: Criterion, value: Value, best: Fraction | None, points: Fraction
    ) -> str:
        return f"thẩm định viên chấm {fmt_points(points)} điểm"


@dataclass(frozen=True, slots=True)
class DateTier:
    on_or_before: dt.date
    points: Fraction


@dataclass(frozen=True, slots=True)
class ByDate(Rule):
    """Points by how early a date is (a plan issued by 31/01 → full, by 31/03 → half…)."""

    tiers: tuple[DateTier, ...]  # earliest deadline first

    type: ClassVar[str] = "by_date"
    inputs: ClassVar[frozenset[InputKind]] = frozenset({InputKind.DATE, InputKind.DOCUMENT})

    def problems(self, criterion: Criterion) -> list[str]:
        found = []
        if not self.tiers:
            found.append("quy tắc 'by_date' cần ít nhất một mốc")
        for earlier, later in zip(self.tiers, self.tiers[1:], strict=False):
            if not earlier.on_or_before < later.on_or_before:
                found.append("các mốc ngày phải xếp tăng dần")
            if later.points > earlier.points:
                found.append("mốc muộn hơn không được nhiều điểm hơn")
        if self.tiers and max(t.points for t in self.tiers) != criterion.max_points:
            found.append("mốc sớm nhất phải bằng điểm tối đa của tiêu chí")
        return found

    @staticmethod
    def day(value: Value) -> dt.date:
        if isinstance(value, DocumentRef):
            return value.date
        assert isinstance(value, dt.date)
        return value

    def points(self, criterion: Criterion, value: Value, best: Fraction | None) -> Fraction:
        if value is False:
            return ZERO  # a document the unit says it does not have
        day = self.day(value)
        for tier in self.tiers:
            if day <= tier.on_or_before:
                return tier.points
        return ZERO

    def describe(self, criterion: Criterion) -> str:
        steps = "; ".join(
            f"đến {t.on_or_before:%d/%m/%Y}: {fmt_points(t.points)} điểm" for t in self.tiers
        )
        return f"theo ngày: {steps}; muộn hơn: 0 điểm"

    def arithmetic(
        self, criterion: Criterion, value: Value, best: Fraction | None, points: Fraction
    ) -> str:
        if value is False:
            return "không có văn bản → 0,00 điểm"
        day = self.day(value)
        for tier in self.tiers:
            if day <= tier.on_or_before:
                return f"{day:%d/%m/%Y} ≤ {tier.on_or_before:%d/%m/%Y} → {fmt_points(points)} điểm"
        return f"{day:%d/%m/%Y} muộn hơn mọi mốc → 0,00 điểm"


# When a cited document's date is acceptable (rule option ``issued``).
ISSUED_IN_YEAR = "in_year"  # issued during the assessment year (a plan "năm 2024")
ISSUED_IN_FORCE = "in_force"  # "còn hiệu lực trong năm đánh giá": issued then or earlier
DOCUMENT_ISSUED = (ISSUED_IN_YEAR, ISSUED_IN_FORCE)
OUTSIDE_YEAR = "ngày {day} nằm ngoài năm đánh giá {year}"
AFTER_YEAR = (
    "văn bản ngày {day} ban hành sau năm đánh giá {year}; tiêu chí này nhận văn bản còn hiệu lực"
    " trong năm {year} (ban hành trong năm hoặc trước đó)"
)


@dataclass(frozen=True, slots=True)
class Document(Rule):
    """A cited document (number, date, issuer) earns the points; none → 0.

    ``issued``: ``in_year`` (default) takes only a document dated in the assessment year;
    ``in_force`` takes one still in force during it ("còn hiệu lực trong năm đánh giá"), i.e.
    issued that year or earlier — a 2022 resolution counts in 2024 — but never a later one.
    """

    issued: str = ISSUED_IN_YEAR

    type: ClassVar[str] = "document"
    inputs: ClassVar[frozenset[InputKind]] = frozenset({InputKind.DOCUMENT})

    def problems(self, criterion: Criterion) -> list[str]:
        if self.issued not in DOCUMENT_ISSUED:
            return [f"'issued' phải là một trong: {', '.join(DOCUMENT_ISSUED)}"]
        return []

    def date_problem(self, day: dt.date, year: int) -> str | None:
        """Why a document dated ``day`` is not accepted in the assessment ``year``; None: it is."""
        if self.issued == ISSUED_IN_FORCE:
            return AFTER_YEAR.format(day=f"{day:%d/%m/%Y}", year=year) if day.year > year else None
        return OUTSIDE_YEAR.format(day=f"{day:%d/%m/%Y}", year=year) if day.year != year else None

    def points(self, criterion: Criterion, value: Value, best: Fraction | None) -> Fraction:
        return criterion.max_points if isinstance(value, DocumentRef) else ZERO

    def describe(self, criterion: Criterion) -> str:
        which = " còn hiệu lực trong năm đánh giá" if self.issued == ISSUED_IN_FORCE else ""
        return (
            f"có văn bản{which} (số, ngày, cơ quan ban hành): "
            f"{fmt_points(criterion.max_points)} điểm; không có: 0 điểm"
        )

    def arithmetic(
        self, criterion: Criterion, value: Value, best: Fraction | None, points: Fraction
    ) -> str:
        if isinstance(value, DocumentRef):
            return f"văn bản {value} → {fmt_points(points)} điểm"
        return "không có văn bản → 0,00 điểm"


def date_problem(criterion: Criterion, value: Value, year: int) -> str | None:
    """Why an answer's date (a date answer, a cited document's date) is not accepted in the
    assessment ``year``: outside the year, or for ``issued: in_force`` documents after it."""
    if isinstance(value, DocumentRef):
        rule = criterion.rule
        if isinstance(rule, Document):
            return rule.date_problem(value.date, year)
        return Document().date_problem(value.date, year)
    if isinstance(value, dt.date) and value.year != year:
        return OUTSIDE_YEAR.format(day=f"{value:%d/%m/%Y}", year=year)
    return None


RULE_TYPES: dict[str, type[Rule]] = {
    rule.type: rule
    for rule in (
        Proportional,
        YesNo,
        Tiers,
        PerItem,
        Choice,
        Normalised,
        SumOfParts,
        BestOf,
        Appraiser,
        ByDate,
        Document,
    )
}
