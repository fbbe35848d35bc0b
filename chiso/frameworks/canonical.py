"""A loaded framework as plain JSON data: every field of every item, rules with their
parameters, exact numbers as text. Two frameworks that score alike give equal data; the
round-trip tests and the version diff compare this.

Generic over the core's frozen dataclasses, so a field or rule added to ``chiso.scoring``
appears here without a change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from fractions import Fraction
from typing import Any

from chiso.scoring import Framework
from chiso.scoring.numbers import exact_text

# Where it was loaded from and what it extends: lineage, not content.
LINEAGE = ("source", "extends", "differences")
SKIP = {"criteria_by_code", "requirements"}


def plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in SKIP
        }
        rule_type = getattr(type(value), "type", None)
        if isinstance(rule_type, str):
            data = {"type": rule_type, **data}
        kind = getattr(type(value), "kind", None)
        if isinstance(kind, str):
            data = {"kind": kind, **data}
        return data
    if isinstance(value, Fraction):
        return exact_text(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def canonical(framework: Framework, *, lineage: bool = True) -> dict[str, Any]:
    data = plain(framework)
    if not lineage:
        for key in LINEAGE:
            data.pop(key, None)
    return data
