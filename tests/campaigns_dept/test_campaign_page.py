"""/campaigns/ and /campaigns/<id>/: the department follows every unit's form."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client

from chiso.accounts.policy import HIDDEN_MESSAGE
from chiso.campaigns.models import Campaign
from chiso.campaigns.selectors import LATE_REASON, NOT_RANKED, OVERDUE_REASON
from chiso.campaigns.services import form_withdraw
from tests.campaigns_dept.conftest import head_of, save_one, submit

Cast = dict[str, Any]

# Vietnam time; the deadline of the fixture campaign is 22/10/2019 (15 working days).
BEFORE_DEADLINE = dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC)
AFTER_DEADLINE = dt.datetime(2019, 10, 25, 9, 0, tzinfo=dt.UTC)


def _page(client: Client, campaign: Campaign, query: str = "") -> str:
    response = client.get(f"/campaigns/{campaign.pk}/{query}")
    assert response.status_code == 200
    return str(response.content.decode())


def _statuses(page: str) -> dict[str, str]:
    return dict(re.findall(r'<tr data-unit="([\w-]+)" data-status="(\w+)">', page))


def _counts(page: str) -> dict[str, int]:
    found = re.findall(r'data-status="(\w+)">[^<]*: <span class="count">(\d+)</span>', page)
    return {status: int(count) for status, count in found}


@pytest.fixture
def started(campaign: Campaign, cast: Cast) -> Campaign:
    """Đắk R'Lấp submitted on time; Cư Jút and Nâm N'Jang have one answer each."""
    forms = {f.unit.code: f for f in campaign.forms.select_related("unit")}
    submit(forms["666"], cast["reporter_a"], cast["head_a"], on=BEFORE_DEADLINE)
    save_one(forms["662"], cast["reporter_b"])
    save_one(forms["24728"], cast["reporter_commune"])
    return campaign


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_appraiser_sees_every_unit_with_its_status(
    client: Client, started: Campaign, cast: Cast
) -> None:
    client.force_login(cast["appraiser"])

    page = _page(client, started)

    statuses = _statuses(page)
    assert len(statuses) == 79
    assert statuses["666"] == "submitted"
    assert statuses["662"] == "in_progress"
    assert statuses["24728"] == "in_progress"
    assert {s for code, s in statuses.items() if code not in {"666", "662", "24728"}} == {
        "not_started"
    }
    assert _counts(page) == {
        "not_started": 76,
        "in_progress": 2,
        "withdrawn": 0,
        "returned": 0,
        "submitted": 1,
        "late": 0,
    }
    assert "Tiến độ: 1/79 đơn vị đã nộp" in page


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_page_shows_the_dates_and_working_days_left(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    client.force_login(cast["approver"])

    page = _page(client, campaign)

    assert "01/10/2019" in page  # request
    assert "22/10/2019" in page  # 15 working days later
    # 16, 17, 18, 21 and 22 October.
    assert "còn 5 ngày làm việc" in page
    assert campaign.schedule.explain()[1] in page


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_each_row_shows_completeness_and_who_changed_it_last(
    client: Client, started: Campaign, cast: Cast
) -> None:
    client.force_login(cast["appraiser"])

    page = _page(client, started, "?q=cu jut")

    row = page.split('data-unit="662"')[1].split("</tr>")[0]
    assert "1/23" in row  # 23 criteria a district answers in 2392
    assert "reporter_b" in row


def test_a_late_submission_is_marked_and_not_ranked_when_the_campaign_says_so(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(exclude_late=True)
    form = campaign.forms.get(unit=cast["dakrlap"])
    submit(form, cast["reporter_a"], cast["head_a"], on=AFTER_DEADLINE)
    client.force_login(cast["appraiser"])

    with time_machine.travel(AFTER_DEADLINE, tick=False):
        page = _page(client, campaign)

    row = page.split('data-unit="666"')[1].split("</tr>")[0]
    assert "Nộp muộn" in row
    assert LATE_REASON in row
    assert NOT_RANKED in row
    assert _counts(page)["late"] == 1
    # The others have not submitted and the grace period (none here) is over.
    other = page.split('data-unit="662"')[1].split("</tr>")[0]
    assert OVERDUE_REASON in other
    assert "đã quá hạn 3 ngày làm việc" in page  # 23, 24 and 25 October


def test_a_withdrawn_form_is_shown_as_withdrawn(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    form = submit(
        campaign.forms.get(unit=cast["dakrlap"]),
        cast["reporter_a"],
        cast["head_a"],
        on=BEFORE_DEADLINE,
    )
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        form_withdraw(actor=cast["head_a"], form=form)
        client.force_login(cast["appraiser"])
        page = _page(client, campaign)

    assert _statuses(page)["666"] == "withdrawn"
    assert _counts(page)["withdrawn"] == 1


FILTERS = {
    "?status=in_progress": {"662", "24728"},
    "?status=submitted": {"666"},
    "?status=in_progress&level=district": {"662"},
    "?q=nam njang": {"24728"},  # without diacritics
    "?q=666": {"666"},
    "?q=dak&level=district&status=submitted": {"666"},
}


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_filters_by_status_level_and_name(client: Client, started: Campaign, cast: Cast) -> None:
    client.force_login(cast["appraiser"])

    # One set-up for every query: the fixture fills and submits a whole form.
    shown = {query: set(_statuses(_page(client, started, query))) for query in FILTERS}

    assert shown == FILTERS


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_level_filter_lists_the_eight_districts(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    client.force_login(cast["appraiser"])

    assert len(_statuses(_page(client, campaign, "?level=district"))) == 8
    assert len(_statuses(_page(client, campaign, "?level=commune&status=bogus"))) == 71


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_page_runs_a_fixed_number_of_queries(
    client: Client, started: Campaign, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    client.force_login(cast["appraiser"])
    client.get(f"/campaigns/{started.pk}/")  # frameworks loaded once per process

    # Session, user, roles, campaign, frameworks, forms, unit search (the session is rewritten
    # at most once a minute, not here). 79 units or 7000. And 3 for the notices: the menu's
    # unread count, the campaign's mail counts, the people whose address bounced.
    with django_assert_max_num_queries(10):
        _page(client, started, "?q=dak")


def test_another_provinces_appraiser_gets_404(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    client.force_login(cast["other_appraiser"])

    for path in (f"/campaigns/{campaign.pk}/", f"/campaigns/{campaign.pk}/missing.xlsx"):
        response = client.get(path)
        assert response.status_code == 404
        assert HIDDEN_MESSAGE in response.content.decode()


def test_an_unknown_campaign_is_404(client: Client, cast: Cast) -> None:
    client.force_login(cast["appraiser"])

    assert client.get("/campaigns/999999/").status_code == 404


def test_a_unit_reporter_is_sent_to_its_own_form(client: Client, form_a: Any, cast: Cast) -> None:
    client.force_login(cast["reporter_a"])

    response = client.get(f"/campaigns/{form_a.campaign_id}/")

    assert response.status_code == 302
    assert response["Location"] == f"/forms/{form_a.pk}/"


def test_an_agency_without_a_form_in_the_campaign_is_refused(
    client: Client, campaign: Campaign, daknong: Cast
) -> None:
    # The campaign covers districts and communes only: the agency is in the province (403).
    client.force_login(head_of(daknong["stttt"], "head.stttt"))

    assert client.get(f"/campaigns/{campaign.pk}/").status_code == 403


def test_anonymous_is_sent_to_log_in(client: Client, campaign: Campaign) -> None:
    for path in (
        "/campaigns/",
        f"/campaigns/{campaign.pk}/",
        f"/campaigns/{campaign.pk}/missing.xlsx",
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_the_pages_only_answer_get(client: Client, campaign: Campaign, cast: Cast) -> None:
    client.force_login(cast["appraiser"])

    assert client.post(f"/campaigns/{campaign.pk}/").status_code == 405
    assert client.post("/campaigns/").status_code == 405


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_system_administrator_sees_the_page(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    client.force_login(cast["system_admin"])

    assert len(_statuses(_page(client, campaign))) == 79


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_the_campaigns_of_the_province_with_their_dates(
    client: Client, campaign: Campaign, cast: Cast
) -> None:
    client.force_login(cast["appraiser"])

    page = client.get("/campaigns/").content.decode()

    assert f'href="/campaigns/{campaign.pk}/"' in page
    assert "Đang thu thập" in page
    assert "22/10/2019" in page


def test_a_unit_reporter_sees_the_campaign_with_a_link_to_its_form(
    client: Client, form_a: Any, cast: Cast
) -> None:
    client.force_login(cast["reporter_a"])

    page = client.get("/campaigns/").content.decode()

    assert form_a.campaign.name in page
    assert f'href="/forms/{form_a.pk}/"' in page
    assert f'href="/campaigns/{form_a.campaign_id}/"' not in page


@pytest.mark.parametrize("person", ["other_appraiser", "other_admin"])
def test_another_province_does_not_see_the_campaign_in_the_list(
    client: Client, campaign: Campaign, cast: Cast, person: str
) -> None:
    client.force_login(cast[person])

    page = client.get("/campaigns/").content.decode()

    assert campaign.name not in page
    assert "Chưa có đợt đánh giá nào" in page
