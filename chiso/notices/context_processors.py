"""The unread count in the menu, counted only when a page shows it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def unread_notices(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        from chiso.notices.selectors import unread_count

        return unread_count(user)

    return {"unread_notices": SimpleLazyObject(count)}
