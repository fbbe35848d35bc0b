"""A second appraiser of Đắk Nông (the submitted form ``submitted_a`` is in tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from chiso.accounts.models import Role
from chiso.accounts.services import role_grant, user_create


@pytest.fixture
def appraiser2(cast: dict[str, Any]) -> Any:
    user, _ = user_create(
        actor=None,
        username="appraiser.two",
        full_name="Trần Thẩm Định Hai",
        email="td2@example.vn",
        password="mat-khau-thu-2026",
    )
    role_grant(actor=None, user=user, role=Role.APPRAISER, unit=cast["province"])
    return user
