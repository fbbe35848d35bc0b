"""Turning a unit's raw answers (from JSON, a form or Excel) into typed, checked values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from chiso.scoring import applicability
from chiso.scoring.errors import Problem
from chiso.scoring.model import (
    Criterion,
    DocumentRef,
    Framework,
    Group,
    InputKind,
    ZeroDenominator,
)
from chiso.scoring.numbers import HUNDRED, ZERO, fmt_number, to_fraction
from chiso.scoring.rules import Choice, Value

MISSING_ANSWER = "thiếu câu trả lời cho tiêu chí bắt buộc"
UNKNOWN_CRITERION = "không có tiêu chí mã này trong bộ tiêu chí"
NOT_A_LEAF = "tiêu chí này được tính từ các tiêu chí con, không nhập trực tiếp"
NUMERATOR_ABOVE_DENOMINATOR = "tử số ({numerator}) lớn hơn mẫu số ({denominator})"
ZERO_DENOMINATOR_REFUSED = "mẫu số bằng 0: bộ tiêu chí không nhận tỷ lệ này khi mẫu số bằng 0"
NOT_DECLARABLE = "bộ tiêu chí không cho đơn vị tự khai «không áp dụng» mục này"
REASON_NEEDED = "khai «không áp dụng» cần lý do ('reason')"
GROUP_ANSWER = 'mã nhóm chỉ dùng để khai «không áp dụng»: {"not_applicable": true, "reason": …}'

# A unit's declaration that a criterion or group does not apply to it, in place of an answer:
# {"not_applicable": true, "reason": "…"} (or {"khong_ap_dung": true, "ly_do": "…"}).
NOT_APPLICABLE_KEYS = ("not_applicable", "khong_ap_dung")
REASON_KEYS = ("reason", "ly_do")


def declaration(raw: object) -> str | None:
    """The reason of a không áp dụng declaration; None when ``raw`` is not one.

    ValueError when it is one without a reason.
    """
    if not isinstance(raw, Mapping) or not any(raw.get(k) is True for k in NOT_APPLICABLE_KEYS):
        return None
    reason = next((str(raw[k]).strip() for k in REASON_KEYS if raw.get(k)), "")
    if not reason:
        raise ValueError(REASON_NEEDED)
    return reason


_TRUE = {"co", "có", "yes", "true", "1", "x", "đạt"}
_FALSE = {"khong", "không", "no", "false", "0", "không đạt"}


def _number(raw: object) -> Fraction:
    if isinstance(raw, float):
        # JSON read without parse_float=Decimal: take the shortest text of the float, never
        # its binary value, so 70.49 stays 70.49.
        raw = Decimal(repr(raw))
    return to_fraction(raw)


def _ratio(raw: object) -> tuple[Fraction, Fraction]:
    if isinstance(raw, Mapping):
        for numerator_key, denominator_key in (("numerator", "denominator"), ("tu_so", "mau_so")):
            if numerator_key in raw and denominator_key in raw:
                return _number(raw[numerator_key]), _number(raw[denominator_key])
        raise ValueError('tỷ lệ cần hai số: {"numerator": tử số, "denominator": mẫu số}')
    if isinstance(raw, str) and "/" in raw:
        numerator, _, denominator = raw.partition("/")
        return _number(numerator), _number(denominator)
    if isinstance(raw, list | tuple) and len(raw) == 2:
        return _number(raw[0]), _number(raw[1])
    raise ValueError("tỷ lệ cần hai số: [tử số, mẫu số]")


def _date(raw: object) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar day
            except ValueError:
                continue
    raise ValueError(f"ngày không hợp lệ: {raw!r} (dùng dd/mm/yyyy)")


def _boolean(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    raise ValueError(f"cần trả lời có/không, nhận được {raw!r}")


def _document(raw: object) -> DocumentRef | bool:
    if raw is False:
        return False  # the unit states it has no such document
    if not isinstance(raw, Mapping):
        raise ValueError("văn bản cần số hiệu, ngày ban hành, cơ quan ban hành")
    missing = [k for k in ("number", "date", "issuer") if not str(raw.get(k) or "").strip()]
    if missing:
        names = {"number": "số hiệu", "date": "ngày ban hành", "issuer": "cơ quan ban hành"}
        raise ValueError("văn bản thiếu " + ", ".join(names[k] for k in missing))
    return DocumentRef(
        number=str(raw["number"]).strip(),
        date=_date(raw["date"]),
        issuer=str(raw["issuer"]).strip(),
        summary=str(raw.get("summary") or "").strip(),
    )


def parse_value(criterion: Criterion, raw: object) -> Value:
    """The typed answer of a leaf criterion, or ``ValueError`` with a Vietnamese message."""
    spec = criterion.input
    assert spec is not None
    kind = spec.kind
    if kind is InputKind.BOOLEAN:
        return _boolean(raw)
    if kind is InputKind.CHOICE:
        assert isinstance(criterion.rule, Choice)
        values = [o.value for o in criterion.rule.options]
        if not isinstance(raw, str) or raw not in values:
            raise ValueError(f"lựa chọn {raw!r} không có; chọn một trong: {', '.join(values)}")
        return raw
    if kind is InputKind.DATE:
        return _date(raw)
    if kind is InputKind.DOCUMENT:
        return _document(raw)
    if isinstance(raw, bool):
        raise ValueError(f"cần một số, nhận được {raw!r}")
    if kind is InputKind.RATIO:
        numerator, denominator = _ratio(raw)
        if numerator < 0 or denominator < 0:
            raise ValueError("tử số và mẫu số không được âm")
        if denominator == 0 and criterion.zero_denominator is ZeroDenominator.ERROR:
            raise ValueError(ZERO_DENOMINATOR_REFUSED)
        if numerator > denominator and not spec.allow_over:
            raise ValueError(
                NUMERATOR_ABOVE_DENOMINATOR.format(
                    numerator=fmt_number(numerator), denominator=fmt_number(denominator)
                )
            )
        return numerator, denominator
    number = _number(raw)
    if kind is InputKind.COUNT and (number < 0 or number.denominator != 1):
        raise ValueError(f"số lượng phải là số nguyên không âm, nhận được {fmt_number(number)}")
    if kind is InputKind.PERCENTAGE and not ZERO <= number <= HUNDRED:
        raise ValueError(f"tỷ lệ phần trăm phải từ 0 đến 100, nhận được {fmt_number(number)}")
    if kind is InputKind.POINTS and not ZERO <= number <= criterion.max_points:
        raise ValueError(
            f"điểm phải từ 0 đến {fmt_number(criterion.max_points)}, nhận được {fmt_number(number)}"
        )
    if spec.minimum is not None and number < spec.minimum:
        raise ValueError(f"giá trị nhỏ hơn mức tối thiểu {fmt_number(spec.minimum)}")
    if spec.maximum is not None and number > spec.maximum:
        raise ValueError(f"giá trị lớn hơn mức tối đa {fmt_number(spec.maximum)}")
    return number


def parse_answers(
    framework: Framework,
    raw: Mapping[str, object],
    *,
    unit: str,
    complete: bool,
    kind: str = "",
    tags: Collection[str] = (),
) -> tuple[dict[str, Value], list[Problem]]:
    """Typed values by criterion code, and every problem found (unknown, wrong, missing).

    A leaf the unit declares not applicable, or inside a group or criterion it declares so,
    needs no answer; ``read_answers`` also returns the declarations.
    """
    parsed = read_answers(framework, raw, unit=unit, complete=complete, kind=kind, tags=tags)
    return parsed.values, parsed.problems


@dataclass(frozen=True, slots=True)
class Parsed:
    values: dict[str, Value]
    declared: dict[str, str]  # code of a criterion or group → the unit's reason
    problems: list[Problem]


def read_answers(
    framework: Framework,
    raw: Mapping[str, object],
    *,
    unit: str,
    complete: bool,
    kind: str = "",
    tags: Collection[str] = (),
) -> Parsed:
    """Typed values, the unit's không áp dụng declarations, and every problem found.

    What the framework makes not applicable to a unit of ``kind`` with ``tags`` needs no answer.
    """
    not_applicable = applicability.not_applicable_codes(framework, kind, tags)
    values: dict[str, Value] = {}
    declared: dict[str, str] = {}
    problems: list[Problem] = []
    where = f"đơn vị {unit}" if unit else "đơn vị"
    by_code = framework.criteria_by_code
    for code, answer in raw.items():
        item: Criterion | Group | None = by_code.get(code) or framework.groups_by_code.get(code)
        if item is None:
            problems.append(Problem(where, code, UNKNOWN_CRITERION))
            continue
        try:
            reason = declaration(answer)
        except ValueError as error:
            problems.append(Problem(where, code, str(error)))
            continue
        if reason is not None:
            if item.allow_unit_not_applicable:
                declared[code] = reason
            else:
                problems.append(Problem(where, code, NOT_DECLARABLE))
        elif isinstance(item, Group):
            problems.append(Problem(where, code, GROUP_ANSWER))
        elif not item.is_leaf:
            problems.append(Problem(where, code, NOT_A_LEAF))
        elif answer is not None:
            try:
                values[code] = parse_value(item, answer)
            except ValueError as error:
                problems.append(Problem(where, code, str(error)))
    if complete:
        excused = not_applicable | set(declared)
        for leaf, outer in _leaves_within(framework):
            if leaf.required and raw.get(leaf.code) is None and not excused & outer:
                problems.append(Problem(where, leaf.code, MISSING_ANSWER))
    return Parsed(values, declared, problems)


def _leaves_within(framework: Framework) -> list[tuple[Criterion, frozenset[str]]]:
    """Each leaf with the codes of itself and everything containing it (criteria, group)."""
    found: list[tuple[Criterion, frozenset[str]]] = []

    def walk(criterion: Criterion, outer: frozenset[str]) -> None:
        outer = outer | {criterion.code}
        if criterion.is_leaf:
            found.append((criterion, outer))
        for child in criterion.children:
            walk(child, outer)

    for section in framework.sections:
        for group in section.groups:
            for top in group.criteria:
                walk(top, frozenset({group.code}))
    return found
