"""An agency (Sở TT&TT of Đắk Nông) with its own officer, and the department's assignment of a
districts' criterion to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chiso.accounts.models import Role
from chiso.accounts.services import role_grant, user_create
from chiso.sources.services import assignment_create


@pytest.fixture
def agency_officer(cast: dict[str, Any]) -> Any:
    user, _ = user_create(
        actor=None,
        username="canbo.stttt",
        full_name="Cán bộ Sở TT&TT",
        email="stttt@example.vn",
        password="mat-khau-thu-2026",
    )
    role_grant(actor=None, user=user, role=Role.REPORTER, unit=cast["stttt"])
    return user


@pytest.fixture
def assignment(campaign: Any, cast: dict[str, Any]) -> Any:
    """KQ.GD.2 (share of applications received online) of every district, from Sở TT&TT."""
    return assignment_create(
        actor=cast["province_admin"],
        campaign=campaign,
        agency=cast["stttt"],
        level="district",
        criterion="KQ.GD.2",
        deadline=dt.date(2019, 11, 30),
    )
