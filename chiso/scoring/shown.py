"""A raw answer as a person writes it, for messages: ``950/1.400``, ``Có``, ``43,8``, a choice's
label, ``Số 12/QĐ-UBND ngày 03/02/2024 của UBND xã Thử`` — never a Python list or dict.

One place for every message that quotes a saved value (an edit conflict on the web and in the
API, an appraiser's adjusted value). Pure Python over the scoring core.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction

from chiso.scoring.answers import declaration, parse_value
from chiso.scoring.model import Criterion, DocumentRef, InputKind
from chiso.scoring.numbers import fmt_number
from chiso.scoring.rules import Choice
from chiso.scoring.vi_numbers import WHOLE_KINDS, fmt_typed

EMPTY = "(trống)"
YES = "Có"
NO = "Không"
NO_DOCUMENT = "Chưa có văn bản"
DOCUMENT = "Số {number} ngày {date} của {issuer}"
NOT_APPLICABLE = "Không áp dụng — lý do: {reason}"


def _number(value: Fraction, kind: InputKind) -> str:
    try:
        return fmt_typed(value, group=kind in WHOLE_KINDS or value.denominator != 1)
    except ValueError:  # no finite decimal form (26/3)
        return fmt_number(value)


def answer_text(criterion: Criterion, raw: object) -> str:
    """``raw`` (as stored: JSON from the web, the API or a file) written for a person."""
    if raw is None or raw == "":
        return EMPTY
    try:
        reason = declaration(raw)
    except ValueError:
        reason = None
    if reason is not None:
        return NOT_APPLICABLE.format(reason=reason)
    spec = criterion.input
    kind = spec.kind if spec is not None else None
    try:
        value = parse_value(criterion, raw) if spec is not None else None
    except ValueError:
        value = None  # not valid any more (a rule changed): show it as written
    if value is None:
        return _as_written(raw)
    if isinstance(value, DocumentRef):
        return DOCUMENT.format(
            number=value.number, date=f"{value.date:%d/%m/%Y}", issuer=value.issuer
        )
    if isinstance(value, bool):
        if kind is InputKind.DOCUMENT:
            return NO_DOCUMENT
        return YES if value else NO
    if isinstance(value, tuple):
        assert kind is not None
        return f"{_number(value[0], kind)}/{_number(value[1], kind)}"
    if isinstance(value, Fraction):
        assert kind is not None
        return _number(value, kind)
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(criterion.rule, Choice):
        for option in criterion.rule.options:
            if option.value == value:
                return option.label or option.value
    return str(value)


def _as_written(raw: object) -> str:
    if isinstance(raw, bool):
        return YES if raw else NO
    if isinstance(raw, list | tuple):
        return "/".join(_as_written(part) for part in raw)
    if isinstance(raw, Mapping):
        return ", ".join(_as_written(part) for part in raw.values() if part not in (None, ""))
    return str(raw)
