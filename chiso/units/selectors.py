"""Reads of units: search without diacritics, children, lineage."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from chiso.units.models import Succession, Unit
from chiso.units_data import fold


def unit_search(units: QuerySet[Unit], text: str) -> QuerySet[Unit]:
    """Units whose name contains ``text`` ignoring case and diacritics, or whose code is it.

    "dak rlap" finds "Huyện Đắk R'Lấp"; "nam njang" finds "Xã Nâm N'Jang".
    """
    text = text.strip()
    if not text:
        return units
    folded = fold(text)
    return units.filter(Q(search_name__contains=folded) | Q(code=text))


def unit_lineage(unit: Unit) -> tuple[list[Succession], list[Succession]]:
    """(where it came from, where it went) across the 2025 reform."""
    came_from = list(
        Succession.objects.filter(successor=unit)
        .select_related("predecessor")
        .order_by("predecessor__code")
    )
    went_to = list(
        Succession.objects.filter(predecessor=unit)
        .select_related("successor")
        .order_by("-main", "successor__code")
    )
    return came_from, went_to
