"""A submitted form of Đắk R'Lấp in the Đắk Nông 2019 campaign, and a second appraiser."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chiso.accounts.models import Role
from chiso.accounts.services import role_grant, user_create
from tests.campaigns_dept.conftest import submit

SUBMITTED_ON = dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def submitted_a(form_a: Any, cast: dict[str, Any]) -> Any:
    return submit(form_a, cast["reporter_a"], cast["head_a"], on=SUBMITTED_ON)


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
