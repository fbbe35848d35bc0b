"""Fetch a unit and check the person's right to it in one call."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, require
from chiso.units.models import Unit


def unit_get_for_user(user: Any, era: str, code: str, action: Action = Action.UNIT_VIEW) -> Unit:
    """The unit, or Http404 when it does not exist or lies outside the person's scope."""
    unit = Unit.objects.select_related("parent").filter(era=era, code=code).first()
    if unit is None:
        raise Http404(HIDDEN_MESSAGE)
    require(user, action, unit)
    return unit
