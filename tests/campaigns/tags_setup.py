"""Lâm Đồng's 2026 agencies' campaign on the agencies' template (tag ``kinh-te-so`` decides the
kinh tế số group KT), with Sở Công Thương and Sở Tư pháp filled alike (shared by the service,
API and browser tests of unit tags).

Answers: every leaf its maximum except NT.3 (1 of 2 → 20/40) and KT.1 (1 of 2 → 50/100); AT.5
is the appraisers' (unanswered: AT 80/100); bonus and malus 0. Hand-computed totals (weights:
NT, TC, HT, NL, AT, KT, XH, KH 100 each, HD 200; DTI: value × weight):
- with the tag: 80 + 100 + 100 + 100 + 80 + 200 + 50 + 100 + 100 = 910 of 1000;
- without: KT not applicable, 860 of the 900 applicable → 860 / 900 × 1000 = 8600/9 = 955,56.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from chiso.accounts.models import Role
from chiso.accounts.services import role_grant, user_create
from chiso.campaigns.models import Campaign, Form
from chiso.campaigns.services import (
    campaign_create,
    campaign_open,
    evidence_add,
    form_framework,
    form_save_answer,
)
from chiso.scoring.model import GroupRole, InputKind
from chiso.units.services import agencies_import
from tests.scoring.test_templates_2026 import full_answer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AGENCIES = Path(__file__).resolve().parents[2] / "chiso" / "data" / "demo" / "lamdong-agencies.csv"
TAGGED, UNTAGGED = "68-SCT", "68-STP"  # Sở Công Thương, Sở Tư pháp
CHANGED = {"NT.3": [1, 2], "KT.1": [1, 2]}
WITH_TAG, WITH_TAG_EXACT = "910,00", "910"
WITHOUT_TAG, WITHOUT_TAG_EXACT = "955,56", "8600/9"


def agencies_campaign(cast: dict[str, Any]) -> Campaign:
    agencies_import(
        actor=None, province=cast["lamdong"], data=AGENCIES.read_bytes(), filename=AGENCIES.name
    )
    campaign = campaign_create(
        actor=cast["other_admin"],
        province=cast["lamdong"],
        year=2026,
        name="Chỉ số chuyển đổi số sở, ban, ngành năm 2026",
        request_date=dt.date(2026, 11, 30),
        deadline_working_days=15,
        frameworks={"agency": "mau-2026-so-ban-nganh"},
    )
    campaign_open(actor=cast["other_admin"], campaign=campaign)
    return Campaign.objects.get(pk=campaign.pk)  # as opened


def people_of(form: Form, short: str) -> dict[str, Any]:
    """A reporter and a head of the form's unit: ``reporter.<short>``, ``head.<short>``."""
    from tests.conftest import PASSWORD

    found = {}
    for role in (Role.REPORTER, Role.HEAD):
        name = f"{'reporter' if role == Role.REPORTER else 'head'}.{short}"
        user, _ = user_create(
            actor=None, username=name, full_name=name, email=f"{name}@example.vn", password=PASSWORD
        )
        role_grant(actor=None, user=user, role=role, unit=form.unit)
        found[role.value] = user
    return found


def fill(form: Form, reporter: Any, skip: frozenset[str] = frozenset()) -> None:
    """Every leaf the unit answers (KT.1 too, tagged or not), evidence where required."""
    framework = form_framework(form)
    for section in framework.sections:
        for group in section.groups:
            for c in group.leaves():
                if c.code in skip or (c.input and c.input.kind is InputKind.POINTS):
                    continue
                value = 0 if group.role is not GroupRole.SCORED else full_answer(c)
                form_save_answer(
                    actor=reporter,
                    form=form,
                    criterion=c.code,
                    value=CHANGED.get(c.code, value),
                    expected_version=None,
                )
                if c.evidence_required:
                    evidence_add(
                        actor=reporter, form=form, criterion=c.code, name=f"{c.code}.pdf", data=PDF
                    )
    form.refresh_from_db()
