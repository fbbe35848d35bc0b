"""The demo's campaigns in the states the results story does not show, so that every step of
the cycle can be tried: Đắk Nông's districts in 2020 awaiting the leader's approval, in 2021
being appraised (one unit verified, one in review with a question, one returned with a comment,
one just submitted, the rest not yet in), and Lâm Đồng's 2027 campaign still being prepared.

These years are invented for the demo (no published source): the values come from
``demo_answers`` with random targets, entered as the results story enters its archive; every
step after that goes through the real services.
"""

from __future__ import annotations

import datetime as dt

from chiso.accounts.models import User
from chiso.appraisal import approval, services
from chiso.appraisal.models import Reason, VerificationState
from chiso.campaigns.models import Campaign, Form
from chiso.campaigns.services import campaign_create, campaign_open
from chiso.demo.results import (
    ARCHIVE,
    _account,
    _answers,
    _enter,
    _evidence_file,
    _heads,
    _submit,
    appraise,
)
from chiso.units.models import Unit

DISTRICTS = {"district": "vn-2392-huyen"}


def _campaign(province: Unit, year: int, name: str, admin: User, *, open_it: bool) -> Campaign:
    campaign = Campaign.objects.filter(province=province, year=year, name=name).first()
    if campaign is None:
        campaign = campaign_create(
            actor=admin,
            province=province,
            year=year,
            name=name,
            request_date=dt.date(year, 10, 1),
            deadline_working_days=15,
            frameworks=DISTRICTS if province.era == "2019" else {"commune": "vn-2392-xa"},
        )
        if open_it:
            campaign_open(actor=admin, campaign=campaign)
            campaign.refresh_from_db()
    return campaign


def _hand_in(forms: list[Form], archive: User, year: int) -> dict[int, dict[str, object]]:
    _heads(archive, [f.unit for f in forms])
    evidence = _evidence_file()
    entered = {}
    for form in forms:
        answers = _answers(form, None, year)
        _enter(form, archive, answers, evidence)
        _submit(form, archive, dt.date(year, 10, 12))
        entered[form.pk] = answers
    return entered


def _awaiting_approval(province: Unit, people: dict[str, User]) -> str:
    name = "Đánh giá CQĐT cấp huyện năm 2020"
    campaign = _campaign(province, 2020, name, people["admin"], open_it=True)
    if campaign.status != "collecting" or campaign.forms.exclude(status="draft").exists():
        return f"{name}: giữ nguyên ({campaign.get_status_display()})."
    forms = list(campaign.forms.select_related("unit", "campaign").order_by("unit__code"))
    entered = _hand_in(forms, people["archive"], 2020)
    for form in forms:
        appraise(form, people["appraiser"], entered[form.pk])
    campaign = approval.campaign_start_appraisal(actor=people["appraiser"], campaign=campaign)
    approval.campaign_request_approval(actor=people["appraiser"], campaign=campaign)
    return f"{name}: {len(forms)} huyện đã thẩm định, chờ lãnh đạo phê duyệt."


def _appraising(province: Unit, people: dict[str, User]) -> str:
    name = "Đánh giá CQĐT cấp huyện năm 2021"
    campaign = _campaign(province, 2021, name, people["admin"], open_it=True)
    if campaign.status != "collecting" or campaign.forms.exclude(status="draft").exists():
        return f"{name}: giữ nguyên ({campaign.get_status_display()})."
    forms = list(campaign.forms.select_related("unit", "campaign").order_by("unit__code"))
    handed_in = [f for f in forms if f.unit.code != "666"][:4]  # Đắk R'Lấp fills it live
    entered = _hand_in(handed_in, people["archive"], 2021)
    appraiser = people["appraiser"]
    verified, in_review, returned, _ = handed_in
    appraise(verified, appraiser, entered[verified.pk])
    for form, code in ((in_review, "SS.HT.1"), (returned, "SS.HT.2")):
        services.verification_save(
            actor=appraiser,
            form=form,
            criterion="SS.NL.2",
            state=VerificationState.ACCEPTED,
            expected_version=None,
        )
        services.question_ask(
            actor=appraiser,
            form=form,
            criterion=code,
            text="Đề nghị gửi biên bản kiểm kê thiết bị làm minh chứng cho số liệu này.",
        )
    returned.refresh_from_db()
    services.form_return(
        actor=appraiser,
        form=returned,
        message="Bổ sung minh chứng tiêu chí SS.HT.2 rồi nộp lại.",
        expected_version=returned.version,
    )
    services.verification_save(
        actor=appraiser,
        form=in_review,
        criterion="SS.HT.3.1",
        state=VerificationState.ADJUSTED,
        value=False,
        reason_code=Reason.NO_EVIDENCE,
        reason="Không có sơ đồ mạng LAN hay biên bản nghiệm thu kèm theo.",
        expected_version=None,
    )
    approval.campaign_start_appraisal(actor=appraiser, campaign=campaign)
    return (
        f"{name}: đang thẩm định — 1 huyện xong, 1 đang thẩm định, 1 trả lại, 1 vừa nộp, "
        f"{len(forms) - len(handed_in)} chưa nộp."
    )


def demo_states() -> list[str]:
    daknong = Unit.objects.get(era="2019", code="67")
    people = {
        "admin": User.objects.get(username="qt.daknong"),
        "appraiser": User.objects.get(username="thamdinh.daknong"),
        "archive": _account(ARCHIVE, "Nhập liệu trình diễn Đắk Nông"),
    }
    lines = [_awaiting_approval(daknong, people), _appraising(daknong, people)]
    lamdong = Unit.objects.get(era="2025", code="68")
    draft = _campaign(
        lamdong,
        2027,
        "Đánh giá, xếp hạng mức độ CQĐT cấp xã năm 2027",
        User.objects.get(username="qt.lamdong"),
        open_it=False,
    )
    lines.append(f"{draft.name}: {draft.get_status_display()}.")
    return lines
