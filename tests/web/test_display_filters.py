"""Display filters in ``chiso_display``: decimal comma, 2 decimals (SPEC: "43,80")."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template

from chiso.frameworks.templatetags.chiso_display import vi_number, vi_share


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(219, 5), "43,80"),
        (Decimal("43.8"), "43,80"),
        (100, "100,00"),
        (0, "0,00"),
        (Fraction(1, 3), "0,33"),
        (Fraction(2, 3), "0,67"),
        (Fraction(1, 200), "0,01"),  # half-up, decided on the exact value
        (None, ""),
    ],
)
def test_vi_number_shows_two_decimals_with_a_comma(
    value: Fraction | Decimal | int | None, expected: str
) -> None:
    assert vi_number(value) == expected


def test_vi_share_shows_a_percentage_with_a_comma() -> None:
    assert vi_share(Fraction(7, 10)) == "70,00 %"


def test_vi_number_works_in_a_template() -> None:
    template = Template("{% load chiso_display %}{{ points|vi_number }}")

    assert template.render(Context({"points": Fraction(87, 2)})) == "43,50"
