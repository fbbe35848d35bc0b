"""The demo's results story: Đắk Nông 2018 and 2019 submitted, appraised, approved and published,
so that 2019 reads as QĐ 47/QĐ-UBND published it, and Lâm Đồng's 2026 campaign still
collecting with a few communes submitted and some appraised.

The criterion values are synthetic (``demo_answers``, from the group targets of
``data/demo/daknong-results.json``, where each published figure's source is noted). They are
entered in one step per form, as an archive import would (one audit entry each); everything after
— submission, appraisal, approval, publication — goes through the real services.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from chiso.accounts.models import Role, User
from chiso.accounts.services import role_grant, user_create
from chiso.appraisal import approval, services
from chiso.appraisal.models import Reason, Round, VerificationState
from chiso.campaigns.models import Answer, Campaign, Evidence, Form
from chiso.campaigns.services import (
    campaign_create,
    campaign_open,
    form_audit,
    form_framework,
    form_submit,
    form_touch,
)
from chiso.deadlines import is_late
from chiso.demo.answers import DemoAnswerError, unit_answers
from chiso.results.services import results_record_publication
from chiso.scoring import Framework
from chiso.scoring.classify import level_index
from chiso.scoring.model import InputKind
from chiso.units.models import Unit

STORY_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "daknong-results.json"
PDF = b"%PDF-1.4\n% bien ban mau - du lieu trinh dien\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ARCHIVE = "nhaplieu.daknong"  # enters the archived forms; holds the head role to submit them
ARCHIVE_2025 = "nhaplieu.lamdong"


def _story() -> dict[str, Any]:
    return dict(json.loads(STORY_FILE.read_text(encoding="utf-8")))


def _share(seed: str, low: float, high: float) -> Fraction:
    """A stable pseudo-random share of the maximum in [low, high], to 1 %."""
    n = int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16) % 1000 / 1000
    return Fraction(round((low + (high - low) * n) * 100), 100)


def unranked_targets(framework: Framework, seed: str) -> dict[str, Fraction]:
    """Group points of a unit the report does not name: plausible, and below every level."""
    targets: dict[str, Fraction] = {}
    for section in framework.sections:
        overall = _share(seed + section.code, 0.30, 0.62)
        points = []
        for group in section.groups:
            share = min(
                max(overall + _share(seed + group.code, -0.12, 0.12), Fraction(1, 20)),
                Fraction(19, 20),
            )
            points.append(Fraction(round(share * group.max_points * 100), 100))
        while level_index(section, sum(points, Fraction(0)), points) is not None:
            worst = max(range(len(points)), key=lambda i: points[i])
            points[worst] -= 1
        targets |= {g.code: p for g, p in zip(section.groups, points, strict=True)}
    return targets


def _account(username: str, full_name: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user, _ = user_create(
            actor=None,
            username=username,
            full_name=full_name,
            email=f"{username}@demo.chiso.vn",
            password=secrets.token_urlsafe(32),
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _heads(user: User, units: list[Unit]) -> None:
    held = set(user.role_assignments.filter(role=Role.HEAD).values_list("unit_id", flat=True))
    for unit in units:
        if unit.pk not in held:
            role_grant(actor=None, user=user, role=Role.HEAD, unit=unit)


def _evidence_file() -> str:
    # One file shared by every demo evidence row, wherever evidence is configured to live.
    storage = Evidence._meta.get_field("file").storage
    return storage.save("demo/bien-ban-mau.pdf", ContentFile(PDF))


def _enter(form: Form, actor: User, answers: dict[str, object], evidence: str) -> None:
    """The archived answers and evidence of one form, in one step (one audit entry)."""
    framework = form_framework(form)
    items = framework.criteria_by_code
    entered = {
        code: value
        for code, value in answers.items()
        if (spec := items[code].input) is not None and spec.kind != InputKind.POINTS
    }
    Answer.objects.bulk_create(
        [Answer(form=form, criterion=c, value=v, changed_by=actor) for c, v in entered.items()]
    )
    Evidence.objects.bulk_create(
        [
            Evidence(
                form=form,
                criterion=code,
                file=evidence,
                name="bien-ban-mau.pdf",
                content_type="application/pdf",
                size=len(PDF),
                sha256=hashlib.sha256(PDF).hexdigest(),
                uploaded_by=actor,
            )
            for code, value in entered.items()
            if items[code].evidence_required and value is not False
        ]
    )
    form_touch(actor=actor, form=form)
    form_audit(
        actor=actor,
        action="forms.import_demo",
        form=form,
        changes={"answers": len(entered), "source": "dữ liệu trình diễn, tự tạo"},
    )


def _submit(form: Form, head: User, day: dt.date) -> None:
    form.refresh_from_db()
    form_submit(actor=head, form=form, expected_version=form.version)
    # The story's submission date, not the day the demo is loaded.
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    late = is_late(day, form.campaign.schedule)
    Form.objects.filter(pk=form.pk).update(submitted_at=at, late=late)
    Round.objects.filter(form=form).update(submitted_at=at)


def appraise(form: Form, appraiser: User, answers: dict[str, object]) -> Form:
    """The appraisers give their points, accept every other value as entered, and verify."""
    for item in form_framework(form).leaves():
        if item.input is not None and item.input.kind == InputKind.POINTS:
            services.verification_save(
                actor=appraiser,
                form=form,
                criterion=item.code,
                state=VerificationState.ADJUSTED,
                value=answers.get(item.code, "0"),
                reason_code=Reason.APPRAISER_POINTS,
                expected_version=None,
            )
    form.refresh_from_db()
    services.accept_remaining(actor=appraiser, form=form, expected_version=form.version)
    form.refresh_from_db()
    return services.form_verify(actor=appraiser, form=form, expected_version=form.version)


def _answers(form: Form, targets: dict[str, Any] | None, year: int) -> dict[str, object]:
    framework = form_framework(form)
    unit = form.unit
    wanted = unranked_targets(framework, f"{year}-{unit.code}")
    named = {k: Fraction(v) for k, v in (targets or {}).items() if k != "source"}
    try:
        return unit_answers(
            framework,
            wanted | named,
            seed=f"{year}-{unit.code}",
            year=year,
            issuer=unit.name,
            level=unit.level,
            exact=frozenset(named),
        )
    except DemoAnswerError as error:
        raise DemoAnswerError(f"{unit.name} ({unit.code}), năm {year}: {error}") from None


def _untouched(campaign: Campaign) -> bool:
    return not Answer.objects.filter(form__campaign=campaign).exists()


def _daknong_year(province: Unit, year: str, plan: dict[str, Any], people: dict[str, User]) -> str:
    name = plan["name"]
    campaign = Campaign.objects.filter(province=province, year=int(year), name=name).first()
    if campaign is None:
        campaign = campaign_create(
            actor=people["admin"],
            province=province,
            year=int(year),
            name=name,
            request_date=dt.date.fromisoformat(plan["request_date"]),
            deadline_working_days=15,
            frameworks={"district": "vn-2392-huyen", "commune": "vn-2392-xa"},
        )
        campaign_open(actor=people["admin"], campaign=campaign)
    if campaign.snapshots.exists():
        return f"Năm {year}: đã công bố, giữ nguyên."
    if not _untouched(campaign):
        return f"Năm {year}: đợt đã có số liệu nhập tay, không nạp câu chuyện kết quả."
    day = dt.date.fromisoformat(plan["submitted_on"])
    evidence = _evidence_file()
    forms = list(Form.objects.filter(campaign=campaign).select_related("unit", "campaign"))
    _heads(people["archive"], [f.unit for f in forms])
    for form in forms:
        answers = _answers(form, plan["units"].get(form.unit.code), int(year))
        _enter(form, people["archive"], answers, evidence)
        _submit(form, people["archive"], day)
        appraise(form, people["appraiser"], answers)
    campaign = approval.campaign_start_appraisal(actor=people["appraiser"], campaign=campaign)
    campaign = approval.campaign_request_approval(actor=people["appraiser"], campaign=campaign)
    campaign = approval.campaign_approve(
        actor=people["approver"], campaign=campaign, expected_version=campaign.version
    )
    snapshot = results_record_publication(
        actor=people["approver"], campaign=campaign, decision=plan["decision"]
    )
    return f"Năm {year}: {len(forms)} phiếu, đã công bố (mã kiểm tra {snapshot.sha256[:12]})."


def _lamdong(province: Unit, plan: dict[str, Any]) -> str:
    campaign = Campaign.objects.filter(province=province, year=2026).first()
    if campaign is None or not _untouched(campaign):
        return "Lâm Đồng 2026: không có đợt trống để nạp."
    archive = _account(ARCHIVE_2025, "Nhập liệu trình diễn Lâm Đồng")
    appraiser = User.objects.get(username="thamdinh.lamdong")
    chosen = {**plan["verified"], **plan["submitted"]}
    forms = list(campaign.forms.filter(unit__code__in=chosen).select_related("unit", "campaign"))
    _heads(archive, [f.unit for f in forms])
    evidence = _evidence_file()
    for form in forms:
        answers = _answers(form, chosen[form.unit.code], 2026)
        _enter(form, archive, answers, evidence)
        _submit(form, archive, dt.date.fromisoformat(plan["submitted_on"]))
        if form.unit.code in plan["verified"]:
            appraise(form, appraiser, answers)
    verified = sum(1 for f in forms if f.unit.code in plan["verified"])
    return f"Lâm Đồng 2026: {len(forms)} xã đã nộp, {verified} xã đã thẩm định xong."


def demo_results() -> list[str]:
    """Load the results story (idempotent); returns one line per campaign saying what it did."""
    story = _story()
    daknong = Unit.objects.get(era="2019", code="67")
    people = {
        "admin": User.objects.get(username="qt.daknong"),
        "appraiser": User.objects.get(username="thamdinh.daknong"),
        "approver": User.objects.get(username="lanhdao.daknong"),
        "archive": _account(ARCHIVE, "Nhập liệu trình diễn Đắk Nông"),
    }
    lines = [_daknong_year(daknong, year, plan, people) for year, plan in story["years"].items()]
    lines.append(_lamdong(Unit.objects.get(era="2025", code="68"), story["lamdong_2026"]))
    return lines
