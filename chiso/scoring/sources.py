"""Where a value comes from, what a measurement reads, and when two sources' values differ.

Plain Python like the rest of the core: the loader checks ``source``/``measure``/``tolerance``
against ``MEASURES``; the Django side asks ``differs`` to flag an agency's or a measurement's
value that departs from the unit's by more than the criterion's tolerance.
"""

from __future__ import annotations

from fractions import Fraction

from chiso.scoring.answers import parse_value
from chiso.scoring.model import Criterion, DocumentRef, InputKind

NUMERIC_KINDS = frozenset(
    {InputKind.NUMBER, InputKind.COUNT, InputKind.RATIO, InputKind.PERCENTAGE}
)
DEFAULT_TOLERANCE = Fraction(5, 100)  # 5 % of the larger value, for numbers

# connector → measured figure → the input kinds it can fill.
MEASURES: dict[str, dict[str, frozenset[InputKind]]] = {
    # The unit's web portal (NĐ 42/2022/NĐ-CP): served over HTTPS; how many of the required
    # information groups it shows; whether it shows them all; the last update date it states.
    "portal": {
        "https": frozenset({InputKind.BOOLEAN}),
        "sections": frozenset({InputKind.COUNT, InputKind.NUMBER}),
        "all_sections": frozenset({InputKind.BOOLEAN}),
        "updated": frozenset({InputKind.DATE}),
    },
    # The public-service portal's statistics export (QĐ 766/QĐ-TTg 2022 index), per unit.
    "dvc_stats": {
        "online_share": frozenset({InputKind.RATIO, InputKind.PERCENTAGE}),
        "on_time_share": frozenset({InputKind.RATIO, InputKind.PERCENTAGE}),
        "digitised_share": frozenset({InputKind.RATIO, InputKind.PERCENTAGE}),
        "online_count": frozenset({InputKind.COUNT, InputKind.NUMBER}),
    },
}


def tolerance_of(criterion: Criterion) -> Fraction:
    """The flagged share for numbers (default 5 %); 0 (any difference) for other kinds."""
    if criterion.tolerance is not None:
        return criterion.tolerance
    spec = criterion.input
    return DEFAULT_TOLERANCE if spec is not None and spec.kind in NUMERIC_KINDS else Fraction(0)


def _comparable(criterion: Criterion, raw: object) -> object:
    value = parse_value(criterion, raw)
    if isinstance(value, tuple):  # a ratio: compare the shares
        numerator, denominator = value
        return Fraction(numerator) / denominator if denominator else Fraction(0)
    if isinstance(value, DocumentRef):
        return (value.number, value.date, value.issuer)
    return value


def differs(criterion: Criterion, ours: object, theirs: object) -> bool:
    """Whether two raw values of a leaf criterion differ by more than its tolerance.

    A value that does not read (``parse_value`` refuses it) or is missing on one side differs.
    """
    if ours is None or theirs is None:
        return ours is not theirs
    try:
        a, b = _comparable(criterion, ours), _comparable(criterion, theirs)
    except ValueError:
        return True
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        larger = max(abs(a), abs(b))
        return abs(a - b) > tolerance_of(criterion) * larger
    return a != b
