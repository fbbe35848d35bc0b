"""A Lâm Đồng commune's 2026 form on the commune template, filled except KT.3 (shared by the
service and browser tests of a unit's không áp dụng declaration)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from chiso.accounts.models import Role
from chiso.accounts.services import role_grant, user_create
from chiso.campaigns.models import Form
from chiso.campaigns.services import (
    campaign_create,
    campaign_open,
    evidence_add,
    form_framework,
    form_save_answer,
)
from chiso.scoring.model import GroupRole, InputKind
from chiso.units.models import Unit
from tests.scoring.test_templates_2026 import full_answer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TRUONG_XUAN = "24730"  # Xã Trường Xuân (2025), kind xa
# NT.4 10 of 20 tin, bài; KT.2 half. Self-assessed total, hand-computed: NT 90; TC, HT, NL 100;
# AT 75 (AT.4 is the appraisers' to score); HD 200; KT: KT.3 declared not applicable, so its
# applicable maximum is 150 − 25 = 125 and 30 + 12,5 + 25 + 20 + 25 = 112,5 → 0,9 × 150 = 135;
# XH 150. Σ = 950 on the 1000 scale (every group still applies: no rescaling).
CHANGED = {"NT.4": "10", "KT.2": ["1", "2"]}
EXPECTED_TOTAL = "950,00"


def commune_form(cast: dict[str, Any]) -> tuple[Form, dict[str, Any]]:
    campaign = campaign_create(
        actor=cast["other_admin"],
        province=cast["lamdong"],
        year=2026,
        name="Chỉ số chuyển đổi số năm 2026",
        request_date=dt.date(2026, 11, 30),
        deadline_working_days=15,
        frameworks={"commune": "mau-2026-xa-phuong"},
    )
    campaign_open(actor=cast["other_admin"], campaign=campaign)
    unit = Unit.objects.get(era="2025", code=TRUONG_XUAN)
    people = {}
    for name, role in (("reporter.tx", Role.REPORTER), ("head.tx", Role.HEAD)):
        from tests.conftest import PASSWORD

        user, _ = user_create(
            actor=None,
            username=name,
            full_name=name,
            email=f"{name}@example.vn",
            password=PASSWORD,
        )
        role_grant(actor=None, user=user, role=role, unit=unit)
        people[name] = user
    form = Form.objects.get(campaign=campaign, unit=unit)  # with the campaign as opened
    framework = form_framework(form)
    for section in framework.sections:
        for group in section.groups:
            for c in group.leaves():
                if c.code == "KT.3" or (c.input and c.input.kind is InputKind.POINTS):
                    continue
                value = 0 if group.role is not GroupRole.SCORED else full_answer(c)
                form_save_answer(
                    actor=people["reporter.tx"],
                    form=form,
                    criterion=c.code,
                    value=CHANGED.get(c.code, value),
                    expected_version=None,
                )
                if c.evidence_required:
                    evidence_add(
                        actor=people["reporter.tx"],
                        form=form,
                        criterion=c.code,
                        name=f"{c.code}.pdf",
                        data=PDF,
                    )
    form.refresh_from_db()
    return form, people
