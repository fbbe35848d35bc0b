"""Warnings that help the appraisers look where a form is likely wrong. Plain Python, no Django.

A flag never changes a value: it points at a criterion and says, in Vietnamese, why it looks
wrong — a ratio above 100 %, two criteria that count the same thing differently, a value far
from last year's verified one, a claim without the evidence the framework asks for, a date
outside the assessment year, or a file that other units have submitted too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from chiso.scoring.answers import parse_value
from chiso.scoring.model import DocumentRef, Framework, InputKind
from chiso.scoring.numbers import fmt_number, fmt_percent
from chiso.scoring.rules import Value

# A value this far (relative) from last year's verified one is worth a look.
FAR_RATIO = Fraction(1, 2)
# For shares (ratios, percentages): this many percentage points.
FAR_POINTS = Fraction(30)


@dataclass(frozen=True, slots=True)
class Flag:
    criterion: str
    kind: str
    message: str


def _parsed(framework: Framework, raw: Mapping[str, object]) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for code, value in raw.items():
        criterion = framework.criteria_by_code.get(code)
        if criterion is None or criterion.input is None or value is None:
            continue
        try:
            values[code] = parse_value(criterion, value)
        except (ValueError, ArithmeticError):
            continue
    return values


def _share(value: Value) -> Fraction | None:
    if isinstance(value, tuple):
        numerator, denominator = value
        return numerator * 100 / denominator if denominator else None
    return None


def form_flags(
    framework: Framework,
    answers: Mapping[str, object],
    *,
    year: int,
    files: Mapping[str, Sequence[str]] | None = None,
    previous: Mapping[str, object] | None = None,
    shared: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, list[Flag]]:
    """Flags per criterion code.

    ``files``: criterion -> sha256 of its evidence files; ``previous``: last year's verified raw
    values by criterion code; ``shared``: sha256 -> names of the other units that submitted it.
    """
    files = files or {}
    values = _parsed(framework, answers)
    found: dict[str, list[Flag]] = defaultdict(list)

    def add(code: str, kind: str, message: str) -> None:
        found[code].append(Flag(code, kind, message))

    by_denominator: dict[str, list[tuple[str, Fraction]]] = defaultdict(list)
    for code, value in values.items():
        criterion = framework.criteria_by_code[code]
        spec = criterion.input
        if spec is None:
            continue
        share = _share(value)
        if share is not None and share > 100:
            add(code, "over_100", f"Tỷ lệ {fmt_percent(share / 100)} vượt 100 %.")
        if spec.kind == InputKind.PERCENTAGE and isinstance(value, Fraction) and value > 100:
            add(code, "over_100", f"Tỷ lệ {fmt_number(value)} % vượt 100 %.")
        if isinstance(value, tuple) and spec.denominator:
            by_denominator[spec.denominator.strip().casefold()].append((code, value[1]))
        day = (
            value
            if isinstance(value, dt.date)
            else (value.date if isinstance(value, DocumentRef) else None)
        )
        if day is not None and day.year != year:
            add(code, "outside_year", f"Ngày {day:%d/%m/%Y} nằm ngoài năm đánh giá {year}.")
        claimed = value not in (False, "", None) and not (
            isinstance(value, Fraction) and value == 0
        )
        if criterion.evidence_required and claimed and not files.get(code):
            add(code, "no_evidence", "Bộ tiêu chí yêu cầu minh chứng nhưng đơn vị chưa đính kèm.")
    for entries in by_denominator.values():
        counts = {count for _, count in entries}
        if len(counts) > 1:
            shown = ", ".join(f"{code}: {fmt_number(count)}" for code, count in entries)
            for code, _ in entries:
                add(code, "contradiction", f"Cùng một mẫu số nhưng kê khai khác nhau ({shown}).")
    if previous:
        _far_from_last_year(framework, values, _parsed(framework, previous), add)
    for code, shas in files.items():
        others = sorted({name for sha in shas for name in (shared or {}).get(sha, ())})
        if others:
            add(code, "shared_file", "Tệp minh chứng trùng với tệp của: " + ", ".join(others) + ".")
    return dict(found)


def _far_from_last_year(
    framework: Framework,
    values: Mapping[str, Value],
    before: Mapping[str, Value],
    add: Callable[[str, str, str], None],
) -> None:
    for code, value in values.items():
        old = before.get(code)
        if old is None:
            continue
        now_share, old_share = _share(value), _share(old)
        if now_share is not None and old_share is not None:
            if abs(now_share - old_share) >= FAR_POINTS:
                add(
                    code,
                    "far_from_last_year",
                    f"Năm trước (đã thẩm định): {fmt_percent(old_share / 100)}, "
                    f"năm nay: {fmt_percent(now_share / 100)}.",
                )
        elif isinstance(value, Fraction) and isinstance(old, Fraction):
            base = max(abs(old), Fraction(1))
            if abs(value - old) / base > FAR_RATIO:
                add(
                    code,
                    "far_from_last_year",
                    f"Năm trước (đã thẩm định): {fmt_number(old)}, năm nay: {fmt_number(value)}.",
                )
