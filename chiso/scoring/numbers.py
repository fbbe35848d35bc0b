"""Exact numbers for scoring: every point value is a ``Fraction``; rounding happens only on display.

Framework files and answers are parsed from their decimal text (never through ``float``), so
70.5 is exactly 141/2 and 70.49 can never be taken for it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

ZERO = Fraction(0)
ONE = Fraction(1)
HUNDRED = Fraction(100)
_CENT = Decimal("0.01")


def to_fraction(value: object) -> Fraction:
    """Exact value of an int, Decimal, Fraction or decimal string; ``ValueError`` otherwise.

    Floats are refused on purpose: they cannot carry 84.25 or 0.1 exactly.
    """
    if isinstance(value, bool):
        raise ValueError("không phải số")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("không phải số hữu hạn")
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")  # Vietnamese decimal comma: "43,80"
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"không phải số: {value!r}") from None
        return to_fraction(number)
    raise ValueError(f"không phải số: {value!r}")


def round2(value: Fraction) -> Decimal:
    """The value rounded half-up to 2 decimals, the precision of published results."""
    # Integer arithmetic on the exact fraction: as exact as Fraction maths, several times faster.
    whole, rest = divmod(value.numerator * 100, value.denominator)
    if 2 * rest >= value.denominator:
        whole += 1
    return Decimal(whole).scaleb(-2).quantize(_CENT)


PRECISION = 2  # decimals of published results unless a framework says otherwise


def scaled(value: Fraction, places: int, rounding: str = "half_up") -> int:
    """``value`` times 10**places as an integer: rounded half-up, ``down`` (towards -inf) or
    ``up`` (towards +inf). Integer arithmetic on the exact fraction."""
    factor: int = 10**places
    whole, rest = divmod(value.numerator * factor, value.denominator)
    if rounding == "down":
        return whole
    if rounding == "up":
        return whole + (1 if rest else 0)
    return whole + (1 if 2 * rest >= value.denominator else 0)


def shown(value: Fraction, places: int = PRECISION) -> Fraction:
    """The value as it is displayed at ``places`` decimals (half-up): what ranking compares, so
    that units equal when displayed share the rank."""
    factor: int = 10**places
    return Fraction(scaled(value, places), factor)


def fmt_rounded(
    value: Fraction, places: int = PRECISION, *, rounding: str = "half_up", comma: bool = True
) -> str:
    """``value`` at ``places`` decimals, rounded half-up, ``down`` or ``up``: ``21,00``.

    Reasons use ``down`` for what a unit obtained and ``up`` for a threshold or a shortfall, so
    that "obtained < needed" stays true as displayed (never "21,00 < 21,00")."""
    number = scaled(to_fraction(value), places, rounding)
    text = f"{Decimal(number).scaleb(-places):.{places}f}" if places > 0 else str(number)
    return text.replace(".", ",") if comma else text


def fmt_points(value: Fraction | Decimal | int, *, comma: bool = True) -> str:
    """Display form with 2 decimals: ``43,80`` (Vietnamese) or ``43.80``."""
    # ``round2`` in integers (no Decimal): the live score formats every criterion on each save.
    value = to_fraction(value)
    whole, rest = divmod(value.numerator * 100, value.denominator)
    if 2 * rest >= value.denominator:
        whole += 1
    sign = "-" if whole < 0 else ""
    units, cents = divmod(abs(whole), 100)
    return f"{sign}{units}{',' if comma else '.'}{cents:02d}"


def fmt_number(value: Fraction | int, *, comma: bool = True) -> str:
    """An input value as written: integers bare, others with up to 4 decimals, no trailing zeros."""
    value = to_fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    cents = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.0001"))
    text = format(cents.normalize(), "f")
    return text.replace(".", ",") if comma else text


def fmt_percent(value: Fraction, *, comma: bool = True) -> str:
    """A share (0..1) as a percentage with 2 decimals: ``87,50 %``."""
    return f"{fmt_points(value * HUNDRED, comma=comma)} %"


def exact_text(value: Fraction) -> str:
    """Exact machine form: ``"43.8"`` when the decimal terminates, else ``"26/3"``.

    Integer arithmetic only: a terminating decimal of any length is written in full (a
    ``Decimal`` division would cut it to the context's 28 significant digits).
    """
    numerator, denominator = value.numerator, value.denominator
    twos = fives = 0
    rest = denominator
    while rest % 2 == 0:
        rest //= 2
        twos += 1
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest != 1:
        return f"{numerator}/{denominator}"
    places = max(twos, fives)
    scaled = abs(numerator) * 10**places // denominator  # exact: denominator divides 10**places
    sign = "-" if numerator < 0 else ""
    if places == 0:
        return f"{sign}{scaled}"
    digits = str(scaled).rjust(places + 1, "0")
    integer, decimals = digits[:-places], digits[-places:].rstrip("0")
    return f"{sign}{integer}.{decimals}" if decimals else f"{sign}{integer}"
