"""The demo's 2026 digital-transformation campaign of Lâm Đồng on the shipped 2026 templates:
its sở, ban, ngành (``mau-2026-so-ban-nganh``) and its new communes (``mau-2026-xa-phuong``),
collecting, with a few forms in each state — not started, being filled, submitted, returned
with a comment, verified — and one commune that declares a criterion not applicable. Two sở
carry the agencies' template's tag ``kinh-te-so`` (a digital-economy task, as Hà Nội's QĐ
5279/QĐ-UBND assesses only such sở on the kinh tế số index): Sở Công Thương and Sở Khoa học và
Công nghệ, tagged by the province administrator through ``form_tags_set``.

Invented for the demo (no published source): the values are seeded from the unit's code; every
step after entering them goes through the real services. The Đắk Nông story is not touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Collection
from pathlib import Path

from chiso.accounts.models import User
from chiso.appraisal import services
from chiso.appraisal.models import VerificationState
from chiso.campaigns.models import Campaign, Evidence, Form
from chiso.campaigns.services import campaign_create, campaign_open, form_framework
from chiso.campaigns.tags import TagsChange, form_tags_set
from chiso.demo.results import (
    ARCHIVE,
    PDF,
    _account,
    _enter,
    _evidence_file,
    _heads,
    _submit,
    appraise,
)
from chiso.scoring.model import Criterion, Framework, GroupRole, InputKind
from chiso.scoring.rules import Choice
from chiso.units.models import Level, Unit
from chiso.units.services import agencies_import

YEAR = 2026
NAME = "Đánh giá chỉ số chuyển đổi số năm 2026"
FRAMEWORKS = {Level.AGENCY: "mau-2026-so-ban-nganh", Level.COMMUNE: "mau-2026-xa-phuong"}
AGENCIES_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "lamdong-agencies.csv"
SUBMITTED_ON = dt.date(YEAR, 11, 20)
# The commune without a market: it declares KT.3 (chợ có thanh toán không dùng tiền mặt) not
# applicable, with its reason; the appraiser accepts the declaration.
NO_MARKET = {"not_applicable": True, "reason": "Xã không có chợ được quy hoạch trên địa bàn."}
# The sở with a digital-economy task in the demo (invented: Lâm Đồng's list is not published).
DIGITAL_ECONOMY = {"68-SCT", "68-SKHCN"}


def _rng(code: str) -> random.Random:
    seed = int(hashlib.sha256(f"{YEAR}-{code}".encode()).hexdigest()[:12], 16)
    return random.Random(seed)  # noqa: S311 - seeded demo data, not security


def _value(c: Criterion, rng: random.Random, unit: Unit) -> object:
    kind = c.input.kind if c.input is not None else None
    if kind is InputKind.BOOLEAN:
        return rng.random() < 0.8
    if kind is InputKind.RATIO:
        denominator = rng.randint(8, 60)
        return [str(rng.randint(denominator // 2, denominator)), str(denominator)]
    if kind is InputKind.PERCENTAGE:
        return str(rng.randint(55, 100))
    if kind is InputKind.COUNT:
        return str(rng.randint(0, 6))
    if kind is InputKind.POINTS:
        return str(rng.randint(c.max_points.numerator // 2, int(c.max_points)))
    if kind is InputKind.CHOICE and isinstance(c.rule, Choice):
        return rng.choice([o for o in c.rule.options if o.points]).value
    if kind is InputKind.DOCUMENT:
        day = dt.date(YEAR, 1, 5) + dt.timedelta(days=rng.randint(0, 80))
        return {
            "number": f"{rng.randint(10, 199)}/KH-UBND",
            "date": day.isoformat(),
            "issuer": unit.name,
            "summary": "Văn bản mẫu của dữ liệu trình diễn (tự tạo)",
        }
    raise ValueError(f"{c.code}: kiểu nhập {kind} chưa có trong dữ liệu trình diễn")


def _answers(framework: Framework, unit: Unit, tags: Collection[str] = ()) -> dict[str, object]:
    """Seeded answers to every criterion that applies to ``unit`` carrying ``tags``; bonus
    rarely, malus never."""
    rng = _rng(unit.code)
    answers: dict[str, object] = {}
    for section in framework.sections:
        for group in section.groups:
            for c in group.leaves():
                if any(
                    item.applies_to is not None
                    and item.applies_to.reason(unit.kind, frozenset(tags), {}) is not None
                    for item in (group, c)
                ):
                    continue  # không áp dụng to this unit: no answer
                if group.role is not GroupRole.SCORED:
                    answers[c.code] = "1" if rng.random() < 0.2 else "0"
                    continue
                answers[c.code] = _value(c, rng, unit)
    return answers


def _lamdong_people() -> dict[str, User]:
    return {
        "admin": User.objects.get(username="qt.lamdong"),
        "appraiser": User.objects.get(username="thamdinh.lamdong"),
        "archive": _account(ARCHIVE, "Nhập liệu trình diễn Đắk Nông"),
    }


def demo_2026() -> list[str]:
    lamdong = Unit.objects.get(era="2025", code="68")
    agencies_import(
        actor=None, province=lamdong, data=AGENCIES_FILE.read_bytes(), filename=AGENCIES_FILE.name
    )
    people = _lamdong_people()
    campaign = Campaign.objects.filter(province=lamdong, year=YEAR, name=NAME).first()
    if campaign is not None:
        return [f"{NAME}: giữ nguyên ({campaign.get_status_display()})."]
    campaign = campaign_create(
        actor=people["admin"],
        province=lamdong,
        year=YEAR,
        name=NAME,
        request_date=dt.date(YEAR, 11, 2),
        deadline_working_days=15,
        frameworks={str(level): code for level, code in FRAMEWORKS.items()},
    )
    campaign_open(actor=people["admin"], campaign=campaign)
    tagged = campaign.forms.filter(unit__code__in=DIGITAL_ECONOMY)
    form_tags_set(
        actor=people["admin"],
        campaign=campaign,
        changes=[TagsChange(f.pk, ["kinh-te-so"], f.tags_version) for f in tagged],
    )
    forms = list(campaign.forms.select_related("unit", "campaign").order_by("unit__code"))
    evidence = _evidence_file()
    lines = []
    for level in FRAMEWORKS:
        mine = [f for f in forms if f.unit.level == level]
        lines.append(_states(mine, people, evidence))
    return [f"{NAME} (Lâm Đồng, mẫu bộ chỉ số 2026): " + "; ".join(lines) + "."]


def _states(forms: list[Form], people: dict[str, User], evidence: str) -> str:
    """Forms 0–1 verified, 2–3 submitted, 4 returned, 5 being filled, the rest not started."""
    archive, appraiser = people["archive"], people["appraiser"]
    handed_in = forms[:5]
    _heads(archive, [f.unit for f in handed_in])
    entered: dict[int, dict[str, object]] = {}
    for index, form in enumerate(handed_in):
        answers = _answers(form_framework(form), form.unit, form.tags)
        declares = index == 1 and form.unit.level == Level.COMMUNE
        if declares:
            answers["KT.3"] = NO_MARKET
        _enter(form, archive, answers, evidence)
        if declares:  # a declaration needs its evidence (here the demo's sample file)
            Evidence.objects.create(
                form=form,
                criterion="KT.3",
                file=evidence,
                name="xac-nhan-khong-co-cho.pdf",
                content_type="application/pdf",
                size=len(PDF),
                sha256=hashlib.sha256(PDF).hexdigest(),
                uploaded_by=archive,
            )
        _submit(form, archive, SUBMITTED_ON)
        entered[form.pk] = answers
    for form in handed_in[:2]:
        appraise(form, appraiser, entered[form.pk])
    returned = handed_in[4]
    services.verification_save(
        actor=appraiser,
        form=returned,
        criterion="HT.1",
        state=VerificationState.ACCEPTED,
        expected_version=None,
    )
    returned.refresh_from_db()
    services.form_return(
        actor=appraiser,
        form=returned,
        message="Bổ sung biên bản kiểm kê máy tính làm minh chứng cho chỉ số HT.1 rồi nộp lại.",
        expected_version=returned.version,
    )
    filling = forms[5]
    partial = dict(list(_answers(form_framework(filling), filling.unit, filling.tags).items())[:6])
    _enter(filling, archive, partial, evidence)
    kind = "sở, ban, ngành" if forms[0].unit.level == Level.AGENCY else "xã, phường, đặc khu"
    return (
        f"{len(forms)} {kind} — 2 đã thẩm định, 2 đã nộp, 1 trả lại, 1 đang nhập,"
        f" {len(forms) - 6} chưa nhập"
    )
