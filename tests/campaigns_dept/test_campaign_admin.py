"""/admin/campaigns/campaign/: a province administrator creates, opens and re-dates a campaign."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from chiso.audit.models import Entry
from chiso.campaigns.admin import (
    CAMPAIGN_STALE,
    CREATED,
    LATE_REJUDGED,
    OPENED,
    YEAR_OF_OTHER_ERA,
)
from chiso.campaigns.models import Campaign, CampaignStatus, Form
from chiso.campaigns.services import NO_FRAMEWORK
from chiso.deadlines import RULE_NEEDS_EXACTLY_ONE
from chiso.units.models import Era
from tests.accounts_web.browser_form import form_data
from tests.campaigns_dept.conftest import submit

Cast = dict[str, Any]

CAMPAIGNS = "/admin/campaigns/campaign/"
ADD = f"{CAMPAIGNS}add/"


def _page(response: Any) -> str:
    return str(response.content.decode())


def _new(cast: Cast, **changes: str) -> dict[str, str]:
    data = {
        "province": str(cast["province"].pk),
        "year": "2019",
        "name": "Đánh giá CQĐT năm 2019",
        "request_date": "01/10/2019",
        "deadline_working_days": "15",
        "deadline_fixed": "",
        "grace_days": "0",
        "grace_kind": "working",
        "appraisal_working_days": "120",
        "framework_district": "vn-2392-huyen",
        "framework_commune": "vn-2392-xa",
        "framework_agency": "",
    }
    return {**data, **changes}


def _change_url(campaign: Campaign) -> str:
    return f"{CAMPAIGNS}{campaign.pk}/change/"


def test_province_admin_creates_a_campaign_and_sees_the_computed_deadline(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])
    assert client.get(ADD).status_code == 200

    response = client.post(ADD, _new(cast), follow=True)

    campaign = Campaign.objects.get()
    assert campaign.request_date == dt.date(2019, 10, 1)  # dd/mm/yyyy, not 10 January
    assert response.redirect_chain[-1][0] == _change_url(campaign)
    page = _page(response)
    assert 'value="01/10/2019"' in page
    # 15 working days after 01/10/2019, the national holidays of 2019 not touching October.
    assert escape(CREATED.format(name=campaign.name, deadline="22/10/2019")) in page
    assert "22/10/2019" in page
    assert escape(campaign.schedule.explain()[1]) in page
    assert campaign.status == CampaignStatus.DRAFT
    assert dict(campaign.frameworks.values_list("level", "framework_code")) == {
        "district": "vn-2392-huyen",
        "commune": "vn-2392-xa",
    }
    assert Entry.objects.filter(action="campaigns.create", object_id=str(campaign.pk)).exists()


def test_a_fixed_deadline_with_grace_shows_the_resulting_dates(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])

    # Sơn La: 25 October, 5 working days of grace. 26-27/10/2019 is a weekend.
    response = client.post(
        ADD,
        _new(
            cast,
            deadline_working_days="",
            deadline_fixed="25/10/2019",
            grace_days="5",
            exclude_late="on",
        ),
        follow=True,
    )

    page = _page(response)
    assert "25/10/2019" in page
    assert "01/11/2019" in page
    assert Campaign.objects.get().exclude_late is True


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deadline_working_days": ""}, RULE_NEEDS_EXACTLY_ONE),
        ({"deadline_fixed": "25/10/2019"}, RULE_NEEDS_EXACTLY_ONE),
        ({"framework_district": "", "framework_commune": ""}, NO_FRAMEWORK),
        # Đắk Nông (2019 structure) has no unit valid at the end of 2026.
        (
            {"year": "2026"},
            YEAR_OF_OTHER_ERA.format(
                year=2026, era_of_year=Era.Y2025.label, era_of_province=Era.Y2019.label
            ),
        ),
    ],
)
def test_invalid_input_is_refused_with_a_vietnamese_message(
    client: Client, cast: Cast, changes: dict[str, str], message: str
) -> None:
    client.force_login(cast["province_admin"])

    response = client.post(ADD, _new(cast, **changes))

    assert response.status_code == 200
    assert escape(message) in _page(response)
    assert not Campaign.objects.exists()


def test_a_province_admin_cannot_create_for_another_province(client: Client, cast: Cast) -> None:
    client.force_login(cast["other_admin"])

    response = client.post(ADD, _new(cast))

    assert response.status_code == 200  # the province is not among the choices
    assert "province" in response.context["adminform"].form.errors
    assert not Campaign.objects.exists()


def test_opening_creates_the_forms_and_freezes_the_frameworks(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])
    client.post(ADD, _new(cast))
    campaign = Campaign.objects.get()
    assert "Mở đợt" in _page(client.get(_change_url(campaign)))

    response = client.post(f"{CAMPAIGNS}{campaign.pk}/open/", follow=True)

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.COLLECTING
    assert Form.objects.filter(campaign=campaign).count() == 79
    assert all(cf.sha256 for cf in campaign.frameworks.all())
    assert escape(OPENED.format(name=campaign.name, count=79)) in _page(response)
    assert f'href="/campaigns/{campaign.pk}/"' in _page(response)
    # Frameworks cannot be chosen any more: they are shown, not offered.
    assert 'name="framework_district"' not in _page(response)


def test_opening_only_answers_post(client: Client, campaign: Campaign, cast: Cast) -> None:
    client.force_login(cast["province_admin"])

    assert client.get(f"{CAMPAIGNS}{campaign.pk}/open/").status_code == 405


def test_the_open_action_of_the_list_opens_a_draft(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])
    client.post(ADD, _new(cast))
    campaign = Campaign.objects.get()

    client.post(CAMPAIGNS, {"action": "open_campaigns", "_selected_action": [campaign.pk]})

    assert Form.objects.filter(campaign=campaign).count() == 79


@pytest.mark.parametrize("person", ["other_admin", "appraiser"])
def test_others_cannot_see_the_campaign_in_the_admin(
    client: Client, campaign: Campaign, cast: Cast, person: str
) -> None:
    client.force_login(cast[person])

    listing = client.get(CAMPAIGNS)
    change = client.get(_change_url(campaign))
    opening = client.post(f"{CAMPAIGNS}{campaign.pk}/open/")

    if person == "other_admin":
        assert campaign.name not in _page(listing)
        assert change.status_code == 404
        assert opening.status_code == 404
    else:  # the appraiser is no administrator: the admin refuses them (403 page)
        assert listing.status_code == 403
        assert change.status_code == 403


def test_the_system_admin_sees_every_campaign(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    client.force_login(cast["system_admin"])

    assert campaign.name in _page(client.get(CAMPAIGNS))


def test_changing_the_dates_of_an_open_campaign_is_audited(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])
    page = _page(client.get(_change_url(campaign)))
    data = form_data(page, "campaign_form")

    response = client.post(
        _change_url(campaign),
        {**data, "request_date": "02/10/2019", "deadline_working_days": "20"},
    )

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.request_date, campaign.deadline_working_days) == (dt.date(2019, 10, 2), 20)
    entry = Entry.objects.get(action="campaigns.change")
    assert entry.changes["request_date"] == ["2019-10-01", "2019-10-02"]
    assert entry.changes["deadline_working_days"] == [15, 20]
    assert entry.changes["unit_deadline"] == ["2019-10-22", "2019-10-30"]
    assert entry.actor == cast["province_admin"]
    assert "30/10/2019" in _page(client.get(_change_url(campaign)))


def test_saving_without_a_change_writes_no_audit_entry(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])
    data = form_data(_page(client.get(_change_url(campaign))), "campaign_form")

    client.post(_change_url(campaign), data)

    assert not Entry.objects.filter(action="campaigns.change").exists()


def test_a_stale_change_is_refused(client: Client, campaign: Campaign, cast: Cast) -> None:
    client.force_login(cast["province_admin"])
    data = form_data(_page(client.get(_change_url(campaign))), "campaign_form")
    client.post(_change_url(campaign), {**data, "grace_days": "5"})

    response = client.post(_change_url(campaign), {**data, "deadline_working_days": "30"})

    assert response.status_code == 200
    assert escape(CAMPAIGN_STALE) in _page(response)
    campaign.refresh_from_db()
    assert (campaign.grace_days, campaign.deadline_working_days) == (5, 15)


def test_extending_the_deadline_clears_the_late_flag_of_forms_it_now_covers(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    form = submit(
        campaign.forms.get(unit=cast["dakrlap"]),
        cast["reporter_a"],
        cast["head_a"],
        on=dt.datetime(2019, 10, 25, 9, 0, tzinfo=dt.UTC),
    )
    assert form.late
    client.force_login(cast["province_admin"])
    data = form_data(_page(client.get(_change_url(campaign))), "campaign_form")

    response = client.post(_change_url(campaign), {**data, "grace_days": "5"}, follow=True)

    form.refresh_from_db()
    assert form.late is False
    assert escape(LATE_REJUDGED.format(units="666")) in _page(response)
    assert Entry.objects.get(action="campaigns.change").changes["late"] == {"666": [True, False]}
