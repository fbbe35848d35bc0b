from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings


def pytest_configure(config: pytest.Config) -> None:
    # Hashing with Argon2 costs ~50 ms per password; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _evidence_in_tmp(settings: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploaded evidence goes to a temporary folder, never to var/evidence."""
    settings.EVIDENCE_ROOT = tmp_path_factory.mktemp("evidence")  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _results_caches_empty() -> None:
    """Figures kept per process (draft results, decoded snapshots) start empty in every test:
    a rolled-back database may give the next test's campaign the same id."""
    from chiso.results import draft_cache, figures_cache

    draft_cache.clear()
    figures_cache.clear()


# --- the fixed cast (STYLE.md §6): real units of Đắk Nông (2019) and Lâm Đồng (2025) -------

PASSWORD = "mat-khau-thu-2026"


@pytest.fixture
def daknong(db: None) -> dict[str, object]:
    """Đắk Nông's units (2019 structure) and Lâm Đồng's (2025), by code; loaded the real way."""
    from chiso.units.models import Unit
    from chiso.units.services import agency_add, units_import

    units_import(era="2019", province="67")
    units_import(era="2025", province="68")
    province = Unit.objects.get(era="2019", code="67")
    agency_add(
        actor=None, province=province, short_code="STTTT", name="Sở Thông tin và Truyền thông"
    )
    return {
        "province": province,
        "dakrlap": Unit.objects.get(era="2019", code="666"),
        "cujut": Unit.objects.get(era="2019", code="662"),
        "namnjang": Unit.objects.get(era="2019", code="24728"),
        "stttt": Unit.objects.get(era="2019", code="67-STTTT"),
        "lamdong": Unit.objects.get(era="2025", code="68"),
    }


@pytest.fixture
def cast(daknong: dict[str, object]) -> dict[str, object]:
    """One person per role: unit A (Đắk R'Lấp) reporter and head, unit B (Cư Jút) reporter,
    a commune reporter, the province's appraiser/approver/admin, another province's appraiser,
    the system administrator. Built through the real services."""
    from chiso.accounts.models import Role
    from chiso.accounts.services import role_grant, user_create

    people = {
        "reporter_a": (Role.REPORTER, daknong["dakrlap"]),
        "head_a": (Role.HEAD, daknong["dakrlap"]),
        "reporter_b": (Role.REPORTER, daknong["cujut"]),
        "reporter_commune": (Role.REPORTER, daknong["namnjang"]),
        "appraiser": (Role.APPRAISER, daknong["province"]),
        "approver": (Role.APPROVER, daknong["province"]),
        "province_admin": (Role.PROVINCE_ADMIN, daknong["province"]),
        "other_appraiser": (Role.APPRAISER, daknong["lamdong"]),
        "other_admin": (Role.PROVINCE_ADMIN, daknong["lamdong"]),
        "system_admin": (Role.SYSTEM_ADMIN, None),
    }
    users: dict[str, object] = {}
    for name, (role, unit) in people.items():
        user, _ = user_create(
            actor=None,
            username=name.replace("_", "."),
            full_name=name,
            email=f"{name}@example.vn",
            password=PASSWORD,
        )
        role_grant(actor=None, user=user, role=role, unit=unit)  # type: ignore[arg-type]
        users[name] = user
    return {**users, **daknong}


def open_campaign(
    cast: dict[str, Any], *, year: int, frameworks: dict[str, str], **extra: Any
) -> Any:
    """Đắk Nông's campaign of ``year`` (request 1/10, 15 working days), opened; ``extra``: more
    campaign settings (``exclude_late``…)."""
    from chiso.campaigns.services import campaign_create, campaign_open

    created = campaign_create(
        actor=cast["province_admin"],
        province=cast["province"],
        year=year,
        name=f"Đánh giá CQĐT năm {year}",
        request_date=dt.date(year, 10, 1),
        deadline_working_days=15,
        frameworks=frameworks,
        **extra,
    )
    campaign_open(actor=cast["province_admin"], campaign=created)
    created.refresh_from_db()
    return created


@pytest.fixture
def campaign(cast: dict[str, Any]) -> Any:
    """Đắk Nông's 2019 campaign under 2392, opened: a form for every district and commune."""
    return open_campaign(
        cast, year=2019, frameworks={"district": "vn-2392-huyen", "commune": "vn-2392-xa"}
    )


@pytest.fixture
def form_a(campaign: Any, cast: dict[str, Any]) -> Any:
    return campaign.forms.get(unit=cast["dakrlap"])


@pytest.fixture
def submitted_a(form_a: Any, cast: dict[str, Any]) -> Any:
    """Đắk R'Lấp's form filled with the 2019 example, evidence attached, submitted on time."""
    import datetime as dt

    from tests.campaigns_dept.conftest import submit

    on = dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC)
    return submit(form_a, cast["reporter_a"], cast["head_a"], on=on)
