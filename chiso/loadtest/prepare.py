"""Set up the deadline day: the 2025 units, one open commune campaign per province, an account
(reporter and head) for every commune, and the plan the simulated users follow.

Units and campaigns go through the real services. The 3,321 accounts are bulk-created with one
precomputed Argon2 hash (the production hasher, so logins cost what they cost in production),
which skips the per-account audit entry: set-up data, not the measured path.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction

from chiso.accounts.hashers import ChisoArgon2PasswordHasher
from chiso.accounts.models import Role, RoleAssignment, User
from chiso.accounts.services import role_grant, user_create
from chiso.campaigns.form_page import input_criteria
from chiso.campaigns.models import Campaign, Form
from chiso.campaigns.services import campaign_create, campaign_open, form_framework
from chiso.scoring.model import InputKind
from chiso.units.models import Level, Unit
from chiso.units.services import units_import

ERA = "2025"
YEAR = 2026
FRAMEWORK = "vn-2392-xa"
CAMPAIGN_NAME = "Đánh giá mức độ Chính quyền số cấp xã năm 2026 (thử tải)"
ADMIN = "thutai.quantri"


def prepare(*, provinces: list[str] | None = None, users: int | None = None) -> dict[str, Any]:
    """Create everything and return the plan (JSON-able): password, criteria, users.

    ``provinces`` limits the set-up to those province codes (all 34 when None); ``users`` picks
    that many communes spread evenly over them (all when None).
    """
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        for code in provinces or [None]:  # type: ignore[list-item]
            units_import(era=ERA, province=code)
        chosen = Unit.objects.filter(era=ERA, level=Level.PROVINCE)
        if provinces:
            chosen = chosen.filter(code__in=provinces)
        campaigns = [_open_campaign(province) for province in chosen.order_by("code")]
    forms = list(
        Form.objects.filter(campaign__in=campaigns)
        .select_related("unit", "framework")
        .order_by("campaign__province__code", "unit__code")
    )
    if users is not None and users < len(forms):
        forms = [forms[i * len(forms) // users] for i in range(users)]
    _accounts(forms, password)
    return {
        "password": password,
        "year": YEAR,
        "criteria": _criteria(forms[0]),
        "users": [
            {"username": _username(f.unit), "form": f.pk, "unit": f.unit.code} for f in forms
        ],
    }


def _open_campaign(province: Unit) -> Campaign:
    admin = User.objects.filter(username=ADMIN).first()
    if admin is None:
        admin, _ = user_create(
            actor=None,
            username=ADMIN,
            full_name="Quản trị thử tải",
            email="thutai@example.vn",
            password=secrets.token_urlsafe(16),
        )
    role_grant(actor=None, user=admin, role=Role.PROVINCE_ADMIN, unit=province)
    campaign = campaign_create(
        actor=admin,
        province=province,
        year=YEAR,
        name=CAMPAIGN_NAME,
        request_date=dt.date(YEAR, 10, 1),
        deadline_fixed=dt.date(YEAR, 12, 31),
        frameworks={Level.COMMUNE: FRAMEWORK},
    )
    campaign_open(actor=admin, campaign=campaign)
    return campaign


def _username(unit: Unit) -> str:
    return f"xa.{unit.code}"


@transaction.atomic
def _accounts(forms: list[Form], password: str) -> None:
    hashed = ChisoArgon2PasswordHasher().encode(password, ChisoArgon2PasswordHasher().salt())
    people = User.objects.bulk_create(
        [
            User(
                username=_username(f.unit),
                full_name=f"Cán bộ {f.unit.name}",
                email=f"{_username(f.unit)}@example.vn",
                password=hashed,
            )
            for f in forms
        ],
        batch_size=1000,
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=person, role=role, unit=f.unit)
            for person, f in zip(people, forms, strict=True)
            for role in (Role.REPORTER, Role.HEAD)
        ],
        batch_size=2000,
    )


def _criteria(form: Form) -> list[dict[str, Any]]:
    """The form's input criteria as the scenario needs them (code, kind, evidence, options)."""
    return [
        {
            "code": c.code,
            "kind": c.input.kind.value,
            "evidence_required": c.evidence_required,
            "options": [o.value for o in getattr(c.rule, "options", ())],
            "maximum": int(c.input.maximum) if c.input.maximum is not None else None,
        }
        for c in input_criteria(form_framework(form))
        if c.input is not None and c.input.kind is not InputKind.POINTS
    ]
