"""Numbers as Vietnamese officials type them: ``1.400`` is one thousand four hundred, ``1,5`` is
one and a half (TCVN / Vietnamese usage: the dot groups thousands, the comma marks decimals).

Every place a person types a number (the web form, the API's text values, an Excel cell typed as
text) goes through ``parse_typed``; what is stored is the machine form ``exact_text`` writes
("1400", "1.5"), which ``answers.parse_value`` reads as before, so stored answers (the demo's
among them) score exactly as they did.

How a text is read (docs/numbers.md says the same for users):

- The Vietnamese way: dots between groups of three digits, an optional comma and decimals
  (``1.234.567,5``, ``1234,5``, ``0,125``, ``1,250`` = 1,25). Spaces (also non-breaking and
  thin spaces) may group thousands too: ``1 400``. The comma is always the decimal mark.
- Tolerated, because machines and English-locale spreadsheets write it: one dot as the decimal
  mark, without grouping (``43.80``, ``0.125``, ``1.5``) when that is the only reading.
  Commas between thousands (``1,234,567``) are not Vietnamese and are refused.
- A single dot followed by exactly three digits (``1.250``) has both readings:
  - a **count** (a whole number: ``count``, and the two numbers of a ``ratio``, which count
    people, files, documents) takes the Vietnamese one: ``1.250`` is 1250;
  - a **decimal quantity** (``percentage``, ``number``, the appraisers' ``points``) refuses it,
    naming both readings (1250 or 1,25) and how to write each without doubt.

Never a silent guess: a text that is neither (``1.2.3``, ``1,2,3``, ``1 4``) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction

from chiso.scoring.model import InputKind
from chiso.scoring.numbers import exact_text, to_fraction

AMBIGUOUS = (
    "“{text}” có hai cách hiểu: {first} (nếu là {first_how}) hoặc {second} (nếu là "
    "{second_how}); hãy viết rõ {first} hoặc {second}"
)
NOT_A_NUMBER = "“{text}” không phải số (viết như 1.400 hoặc 1,5)"
TOO_LONG = "“{text}…” quá dài để là một số"

THOUSANDS_DOT = "dấu chấm ngăn cách hàng nghìn"
DECIMAL_DOT = "dấu chấm thập phân"

# Kinds whose numbers count things: a whole Vietnamese reading wins over a decimal one.
WHOLE_KINDS = frozenset({InputKind.COUNT, InputKind.RATIO})
NUMERIC_KINDS = frozenset(
    {InputKind.NUMBER, InputKind.COUNT, InputKind.PERCENTAGE, InputKind.RATIO, InputKind.POINTS}
)

_MAX_LENGTH = 40
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_SPACE_GROUPED = re.compile(r"[1-9]\d{0,2}(?: \d{3})+(?:[.,]\d+)?")
_VI = re.compile(r"(?P<int>[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(?P<dec>\d+))?")
_DOT = re.compile(r"(?P<int>\d+)(?:\.(?P<dec>\d+))?")


def _reading(pattern: re.Pattern[str], text: str, group: str) -> Fraction | None:
    match = pattern.fullmatch(text)
    if match is None:
        return None
    whole = int(match["int"].replace(group, "") if group else match["int"])
    decimals = match["dec"] or ""
    if not decimals:
        return Fraction(whole)
    return whole + Fraction(int(decimals), 10 ** len(decimals))


def parse_typed(text: str, *, whole: bool) -> Fraction:
    """The number a person typed; ``ValueError`` (Vietnamese, naming both readings) otherwise.

    ``whole``: the number counts things (``WHOLE_KINDS``), so ``1.250`` is 1250; otherwise
    ``1.250`` is refused as ambiguous. See the module docstring.
    """
    shown = text.strip()
    if len(shown) > _MAX_LENGTH:
        raise ValueError(TOO_LONG.format(text=shown[:_MAX_LENGTH]))
    body = shown
    sign = 1
    if body[:1] in ("-", "+", "−"):
        sign = -1 if body[0] != "+" else 1
        body = body[1:].lstrip()
    if _SPACES.search(body):
        spaced = _SPACES.sub(" ", body)
        if not _SPACE_GROUPED.fullmatch(spaced):
            raise ValueError(NOT_A_NUMBER.format(text=shown))
        body = spaced.replace(" ", "")
    vietnamese = _reading(_VI, body, ".")
    dotted = _reading(_DOT, body, "")
    if vietnamese is None and dotted is None:
        raise ValueError(NOT_A_NUMBER.format(text=shown))
    if dotted is None or vietnamese == dotted:
        assert vietnamese is not None
        return sign * vietnamese
    if vietnamese is None:
        return sign * dotted
    if whole:  # "1.250" persons: 1250, since 1,25 persons cannot be meant
        return sign * vietnamese
    raise ValueError(
        AMBIGUOUS.format(
            text=shown,
            first=fmt_typed(sign * vietnamese, group=False),
            first_how=THOUSANDS_DOT,
            second=fmt_typed(sign * dotted, group=False),
            second_how=DECIMAL_DOT,
        )
    )


def fmt_typed(value: Fraction | int, *, group: bool = True) -> str:
    """A terminating decimal written the Vietnamese way: ``1.234.567,5`` (``group``) or
    ``1234567,5``. ``ValueError`` for a value without a finite decimal form (``26/3``)."""
    value = Fraction(value)
    text = exact_text(value)
    if "/" in text:
        raise ValueError(f"{text} không viết được thành số thập phân hữu hạn")
    sign = "-" if text.startswith("-") else ""
    integer, _, decimals = text.lstrip("-").partition(".")
    if group:
        integer = f"{int(integer):,}".replace(",", ".")
    return sign + integer + ("," + decimals if decimals else "")


def typed_answer(kind: InputKind, raw: object) -> object:
    """A raw answer with every typed (text) number replaced by its machine form (``exact_text``).

    Numbers that are not text (JSON numbers, Excel numeric cells) and non-numeric kinds pass
    unchanged; ``ValueError`` with the Vietnamese message when a text is not one clear number.
    """
    if kind not in NUMERIC_KINDS:
        return raw
    whole = kind in WHOLE_KINDS

    def one(part: object) -> object:
        if isinstance(part, str):
            return exact_text(parse_typed(part, whole=whole))
        return part

    if kind is InputKind.RATIO:
        if isinstance(raw, str) and "/" in raw:
            numerator, _, denominator = raw.partition("/")
            return [one(numerator), one(denominator)]
        if isinstance(raw, list | tuple):
            return [one(part) for part in raw]
        if isinstance(raw, Mapping):
            return {key: one(part) for key, part in raw.items()}
        return raw
    return one(raw)


def field_text(kind: InputKind, raw: object) -> object:
    """A stored number as the form's field shows it, so that saving it again reads the same
    number: ``1.400`` for a count (grouped), ``1400`` and ``43,8`` for a decimal quantity."""
    if kind not in NUMERIC_KINDS or isinstance(raw, bool) or not isinstance(raw, str | int):
        return raw
    try:
        return fmt_typed(to_fraction(raw), group=kind in WHOLE_KINDS)
    except ValueError:
        return raw  # not a number the core reads: shown as stored, the core will say why
