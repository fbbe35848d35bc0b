"""The request letter (công văn) of a campaign, from the campaign's own data: its frozen
frameworks, its computed deadline, its units, the province's contact (``CampaignNotices``, else
the province's administrators, as on the guide page)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from chiso.accounts.models import Role, RoleAssignment
from chiso.campaigns.frozen import frozen_framework
from chiso.campaigns.models import Campaign, Form
from chiso.notices.models import CampaignNotices, Event, Notice
from chiso.publish.request_letter import (
    LetterKind,
    Recipient,
    RequestLetter,
    request_letter_docx,
)
from chiso.publish.wording import DEPARTMENT, LABELS, SHORT_NAMES, body_on, province_parts
from chiso.units.models import Level

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def letter_data(campaign: Campaign) -> RequestLetter:
    schedule = campaign.schedule
    title, province = province_parts(campaign.province.name)
    department = body_on(DEPARTMENT, campaign.request_date)
    forms = list(Form.objects.filter(campaign=campaign).select_related("unit", "framework"))
    kinds = []
    for cf in campaign.frameworks.order_by("level"):
        if cf.sources:
            framework = frozen_framework(cf.framework_code, cf.sha256, cf.sources)
            name, basis = framework.name, str(framework.legal_basis.document)
        else:  # not opened yet: the letter is a preview
            name, basis = cf.framework_code, ""
        kinds.append(
            LetterKind(
                label=LABELS.get(cf.level, Level(cf.level).label.lower()),
                framework=name,
                legal_basis=basis,
                count=sum(1 for form in forms if form.framework_id == cf.pk),
            )
        )
    rule = campaign.schedule.unit_rule
    deadline_rule = (
        f"{rule.working_days} ngày làm việc kể từ ngày công văn"
        if rule.fixed is None
        else "ngày cố định"
    )
    own = CampaignNotices.objects.filter(campaign=campaign).first()
    contact_name = own.contact_name if own else ""
    contact_phone = own.contact_phone if own else ""
    contact_email = own.contact_email if own else ""
    if not contact_name:
        admin = (
            RoleAssignment.objects.filter(
                role=Role.PROVINCE_ADMIN, unit=campaign.province, user__is_active=True
            )
            .select_related("user")
            .order_by("user__full_name", "user_id")
            .first()
        )
        if admin is not None:
            contact_name = f"{admin.user.get_full_name()} ({department})"
            contact_email = contact_email or admin.user.email
    base = settings.CHISO_BASE_URL.rstrip("/")
    return RequestLetter(
        province=province,
        province_title=title,
        department=department,
        department_short=SHORT_NAMES.get(department, "S"),
        year=campaign.year,
        campaign=campaign.name,
        request_date=campaign.request_date,
        deadline=schedule.unit_deadline,
        grace_until=schedule.grace_until,
        deadline_rule=deadline_rule,
        kinds=kinds,
        recipients=[
            Recipient(
                code=form.unit.code,
                name=form.unit.name,
                kind=LABELS.get(form.unit.level, form.unit.level),
            )
            for form in sorted(forms, key=lambda f: (f.unit.level, f.unit.name))
        ],
        site_url=f"{base}/",
        guide_url=f"{base}{reverse('help')}",
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        number=own.letter_number if own else "",
    )


def letter_filename(campaign: Campaign) -> str:
    return f"cong-van-{campaign.province.code}-{campaign.year}-{campaign.pk}.docx"


def letter_docx(campaign: Campaign) -> bytes:
    return request_letter_docx(letter_data(campaign))


def letter_attachments() -> Any:
    """For the sender: the campaign-opened e-mail carries the công văn (built once a run)."""
    built: dict[int, bytes] = {}

    def attach(notice: Notice) -> list[tuple[str, bytes, str]]:
        if notice.event != Event.CAMPAIGN_OPENED or notice.campaign is None:
            return []
        campaign = notice.campaign
        if campaign.pk not in built:
            built[campaign.pk] = letter_docx(campaign)
        return [(letter_filename(campaign), built[campaign.pk], DOCX)]

    return attach
