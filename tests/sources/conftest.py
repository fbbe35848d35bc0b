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


@pytest.fixture
def lamdong_campaign(cast: dict[str, Any]) -> Any:
    """Lâm Đồng's 2026 commune campaign under its own framework (an agency criterion KQ.GD.2,
    a measured portal criterion KQ.HD.1), opened."""
    from chiso.campaigns.services import campaign_create, campaign_open

    created = campaign_create(
        actor=cast["other_admin"],
        province=cast["lamdong"],
        year=2026,
        name="CQĐT cấp xã năm 2026",
        request_date=dt.date(2026, 10, 1),
        deadline_working_days=15,
        frameworks={"commune": "lamdong-2392-xa"},
    )
    campaign_open(actor=cast["other_admin"], campaign=created)
    created.refresh_from_db()
    return created
