"""Between the web form's fields and the raw answer the scoring core reads, for each input kind."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chiso.scoring.answers import REASON_NEEDED, declaration
from chiso.scoring.model import Criterion, InputKind
from chiso.scoring.vi_numbers import field_text, typed_answer

BOTH_COUNTS = "cần nhập cả hai số: {numerator} và {denominator}"
NOT_AN_INPUT = "tiêu chí này được tính từ các tiêu chí con, không nhập trực tiếp"
DOCUMENT_FIELDS = "văn bản cần số hiệu, ngày ban hành và cơ quan ban hành"


def raw_from_post(criterion: Criterion, post: Mapping[str, str]) -> object | None:
    """The raw answer typed into a criterion's fields; None when left empty.

    ValueError (Vietnamese) when half of a pair is given.
    """
    spec = criterion.input
    if spec is None:
        raise ValueError(NOT_AN_INPUT)
    kind = spec.kind

    def text(name: str) -> str:
        return (post.get(name) or "").strip()

    if criterion.allow_unit_not_applicable and text("not_applicable") == "on":
        # The unit declares the criterion không áp dụng: the reason is its answer.
        reason = text("na_reason")
        if not reason:
            raise ValueError(REASON_NEEDED.replace("('reason')", "(ô «Lý do»)"))
        return {"not_applicable": True, "reason": reason}
    if kind is InputKind.RATIO:
        numerator, denominator = text("numerator"), text("denominator")
        if not numerator and not denominator:
            return None
        if not numerator or not denominator:
            raise ValueError(
                BOTH_COUNTS.format(
                    numerator=spec.numerator or "tử số", denominator=spec.denominator or "mẫu số"
                )
            )
        return typed_answer(kind, [numerator, denominator])  # "1.400" is 1400
    if kind is InputKind.BOOLEAN:
        return {"true": True, "false": False}.get(text("value"))
    if kind is InputKind.DOCUMENT:
        has = text("has_document")
        if has == "no":
            return False
        if has != "yes":
            return None
        fields = {key: text(key) for key in ("number", "date", "issuer", "summary")}
        if not (fields["number"] and fields["date"] and fields["issuer"]):
            raise ValueError(DOCUMENT_FIELDS)
        return fields
    value = text("value")
    return typed_answer(kind, value) if value else None  # "1,5" is 1.5, "1.400" is 1400


def group_raw_from_post(post: Mapping[str, str]) -> object | None:
    """A group header's declaration: {"not_applicable": True, "reason": …}; None when the box
    is not ticked (the declaration is withdrawn, the criteria's kept answers count again).

    ValueError (Vietnamese) when it is ticked without a reason.
    """
    if (post.get("not_applicable") or "").strip() != "on":
        return None
    reason = (post.get("na_reason") or "").strip()
    if not reason:
        raise ValueError(REASON_NEEDED.replace("('reason')", "(ô «Lý do»)"))
    return {"not_applicable": True, "reason": reason}


def fields_from_raw(criterion: Criterion, raw: object | None) -> dict[str, Any]:
    """What to show in the fields for a stored raw answer."""
    spec = criterion.input
    if spec is None or raw is None:
        return {}
    kind = spec.kind
    try:
        reason = declaration(raw)
    except ValueError:
        reason = None
    if reason is not None:
        return {"not_applicable": True, "na_reason": reason}
    if kind is InputKind.RATIO:
        if isinstance(raw, Mapping):
            return {
                "numerator": raw.get("numerator", ""),
                "denominator": raw.get("denominator", ""),
            }
        if isinstance(raw, list | tuple) and len(raw) == 2:
            return {"numerator": field_text(kind, raw[0]), "denominator": field_text(kind, raw[1])}
        if isinstance(raw, str) and "/" in raw:
            numerator, _, denominator = raw.partition("/")
            return {"numerator": numerator, "denominator": denominator}
        return {}
    if kind is InputKind.BOOLEAN:
        if isinstance(raw, bool):
            return {"value": "true" if raw else "false"}
        return {}
    if kind is InputKind.DOCUMENT:
        if raw is False:
            return {"has_document": "no"}
        if isinstance(raw, Mapping):
            date = str(raw.get("date", ""))
            if "/" in date:  # dd/mm/yyyy from a file: the date input needs ISO
                day, month, year = date.split("/")
                date = f"{year}-{month}-{day}"
            return {
                "has_document": "yes",
                "number": raw.get("number", ""),
                "date": date,
                "issuer": raw.get("issuer", ""),
                "summary": raw.get("summary", ""),
            }
        return {}
    if kind is InputKind.DATE and isinstance(raw, str) and "/" in raw:
        day, month, year = raw.split("/")
        return {"value": f"{year}-{month}-{day}"}
    return {"value": field_text(kind, raw)}
