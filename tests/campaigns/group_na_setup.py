"""A Lâm Đồng commune's 2026 form on the province's own version of the commune template, which
lets a commune declare the whole group KT (Hoạt động kinh tế số) không áp dụng (issue 16).

Shared by the service and browser tests of a group declaration. The set-up answers every
criterion through the services except those the person fills in the browser (``LEFT``) and KT.3;
every file the framework asks for is attached, also for the criteria left to the browser.

Hand-computed totals on the 1000 scale (weighted groups: points / maximum × weight; TH and TR
answered 0): NT 100 once NT.4 is 20 (10 while it is 10: NT 90), TC, HT, NL 100, AT 75 (AT.4 is
the appraisers' to score, not scored), HD 200, XH 150.
- KT declared not applicable and accepted: obtained 100 + 300 + 75 + 200 + 150 = 825 of the
  applicable 1000 − 150 = 850 weights, scaled 825 / 850 × 1000 = 970,588… → 970,59.
- KT scored (declaration withdrawn or rejected): KT.1 30, KT.2 ½ of 25 = 12,5, KT.3 unanswered 0,
  KT.4 25, KT.5 20, KT.6 25 = 112,5 of 150 → 112,5; nothing is not applicable, no rescaling:
  825 + 112,5 = 937,5 → 937,50.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chiso.accounts.models import Role
from chiso.accounts.policy import target_of
from chiso.accounts.services import role_grant, user_create
from chiso.campaigns.models import Form
from chiso.campaigns.services import (
    campaign_create,
    campaign_open,
    evidence_add,
    form_framework,
    form_save_answer,
)
from chiso.frameworks.services import framework_version_create, framework_version_publish
from chiso.scoring.model import GroupRole, InputKind
from chiso.units.models import Unit
from tests.scoring.test_templates_2026 import full_answer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TRUONG_XUAN = "24730"  # Xã Trường Xuân (2025), kind xa
VERSION_CODE = "lamdong-2026-xa-phuong"
VERSION_TEXT = """\
code: lamdong-2026-xa-phuong
name: "Bộ chỉ số chuyển đổi số cấp xã tỉnh Lâm Đồng năm 2026 (thử nghiệm khai nhóm)"
version: "1"
extends: mau-2026-xa-phuong
changes:
  - set: KT
    allow_unit_not_applicable: true
    reason: "Xã không có hoạt động kinh tế trên địa bàn được khai cả nhóm không áp dụng"
"""
LEFT = {"NT.1", "NT.3", "NT.4", "HT.2", "KT.2"}  # filled in the browser, of four kinds
CHANGED = {"NT.4": "20", "KT.2": ["1", "2"]}
DECLARED_TOTAL = "970,59"
SCORED_TOTAL = "937,50"
DECLARED_EXACT = (100 + 300 + 75 + 200 + 150) * 1000 / 850  # 970.588…


def province_version(cast: dict[str, Any]) -> str:
    admin = cast["other_admin"]
    row = framework_version_create(
        actor=admin, province=target_of(cast["lamdong"]), text=VERSION_TEXT, code=VERSION_CODE
    )
    framework_version_publish(actor=admin, version=row)
    return VERSION_CODE


def commune_form(cast: dict[str, Any], *, leave: set[str] = LEFT) -> tuple[Form, dict[str, Any]]:
    campaign = campaign_create(
        actor=cast["other_admin"],
        province=cast["lamdong"],
        year=2026,
        name="Chỉ số chuyển đổi số năm 2026",
        request_date=dt.date(2026, 11, 30),
        deadline_working_days=15,
        frameworks={"commune": province_version(cast)},
    )
    campaign_open(actor=cast["other_admin"], campaign=campaign)
    unit = Unit.objects.get(era="2025", code=TRUONG_XUAN)
    people = {}
    for name, role in (("reporter.tx", Role.REPORTER), ("head.tx", Role.HEAD)):
        from tests.conftest import PASSWORD

        user, _ = user_create(
            actor=None, username=name, full_name=name, email=f"{name}@example.vn", password=PASSWORD
        )
        role_grant(actor=None, user=user, role=role, unit=unit)
        people[name] = user
    form = Form.objects.get(campaign=campaign, unit=unit)
    answer_form(form, people["reporter.tx"], leave=leave)
    form.refresh_from_db()
    return form, people


def answer_form(form: Form, reporter: Any, *, leave: set[str] = LEFT) -> None:
    """Every criterion answered through the services (a scored group's at its maximum, a
    bonus or malus group's 0) except ``leave`` and KT.3, with every file asked for."""
    framework = form_framework(form)
    for section in framework.sections:
        for group in section.groups:
            for c in group.leaves():
                if c.evidence_required:
                    evidence_add(
                        actor=reporter, form=form, criterion=c.code, name=f"{c.code}.pdf", data=PDF
                    )
                if c.code in leave | {"KT.3"} or (c.input and c.input.kind is InputKind.POINTS):
                    continue
                value = 0 if group.role is not GroupRole.SCORED else full_answer(c)
                form_save_answer(
                    actor=reporter,
                    form=form,
                    criterion=c.code,
                    value=CHANGED.get(c.code, value),
                    expected_version=None,
                )
