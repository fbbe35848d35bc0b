"""The help page (``/huong-dan/``): a section for every role and the public, the person's own
first, the yearly cycle of QĐ 2392 Điều 4, the dates of their province's open campaign, and whom
to call (their province's administrators, else the general line)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils.html import escape

from chiso.help import CYCLE, GENERAL_CONTACT, PUBLIC, SECTIONS

Cast = dict[str, Any]
HELP = "/huong-dan/"
ALL_SECTIONS = {
    "reporter",
    "head",
    "appraiser",
    "approver",
    "province_admin",
    "home_affairs",
    "public",
}


def _roles_in_order(page: str) -> list[str]:
    return re.findall(r'data-role="([a-z_]+)"', page)


@pytest.mark.django_db
def test_anyone_reads_every_section_the_public_one_first(client: Client) -> None:
    response = client.get(HELP)

    assert response.status_code == 200
    page = response.content.decode()
    order = _roles_in_order(page)
    assert order[0] == PUBLIC
    assert set(order) == ALL_SECTIONS and len(order) == len(ALL_SECTIONS)
    assert "Quyết định 2392/QĐ-BTTTT" in page and "Điều 4" in page
    for title, _ in CYCLE:
        assert escape(title) in page
    for word in ("tự đánh giá", "thẩm định", "Phê duyệt", "Công bố"):
        assert word in page
    assert escape(GENERAL_CONTACT) in page
    assert "Vai trò của bạn" not in page


@pytest.mark.parametrize(
    ("person", "first"),
    [
        ("reporter_a", "reporter"),
        ("reporter_commune", "reporter"),
        ("head_a", "head"),
        ("appraiser", "appraiser"),
        ("other_appraiser", "appraiser"),
        ("approver", "approver"),
        ("province_admin", "province_admin"),
        ("system_admin", "province_admin"),
    ],
)
def test_the_logged_in_roles_section_comes_first_and_is_marked(
    client: Client, cast: Cast, person: str, first: str
) -> None:
    client.force_login(cast[person])

    page = client.get(HELP).content.decode()

    order = _roles_in_order(page)
    assert order[0] == first
    assert set(order) == ALL_SECTIONS and len(order) == len(ALL_SECTIONS)
    assert page.count("Vai trò của bạn") == 1
    mine = page.index(f'data-role="{first}"')
    assert page.index("Vai trò của bạn") > mine
    assert SECTIONS[first].steps[0][:30] in page.replace("&ldquo;", "“").replace("&#x27;", "'")


def test_a_unit_officer_is_given_their_own_provinces_administrators_to_call(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["reporter_commune"])

    page = client.get(HELP).content.decode()

    assert "province_admin@example.vn" in page  # Đắk Nông's administrator
    assert "other_admin@example.vn" not in page  # Lâm Đồng's is not theirs
    assert escape(GENERAL_CONTACT) in page


def test_the_open_campaigns_deadlines_are_shown_to_its_province(
    client: Client, cast: Cast, campaign: Any
) -> None:
    schedule = campaign.schedule
    client.force_login(cast["reporter_a"])
    page = client.get(HELP).content.decode()
    client.force_login(cast["other_appraiser"])
    elsewhere = client.get(HELP).content.decode()

    assert campaign.name in page
    assert schedule.unit_deadline.strftime("%d/%m/%Y") in page
    assert schedule.appraisal_deadline.strftime("%d/%m/%Y") in page
    assert campaign.name not in elsewhere


@pytest.mark.parametrize("person", [None, "reporter_a", "province_admin"])
def test_the_help_is_linked_from_the_navbar_and_the_home_page(
    client: Client, cast: Cast, person: str | None
) -> None:
    if person:
        client.force_login(cast[person])

    home = client.get("/").content.decode()
    other = client.get("/public/").content.decode()

    nav = home[home.index("<nav") : home.index("</nav>")]
    main = home[home.index("<main") :]
    assert f'href="{HELP}"' in nav
    assert f'href="{HELP}"' in main
    assert f'href="{HELP}"' in other


def test_each_person_is_told_their_next_step_with_a_link(
    client: Client, cast: Cast, campaign: Any
) -> None:
    from chiso.accounts.models import Role
    from chiso.campaigns.models import FormStatus
    from chiso.help import CAMPAIGN_NEXT, FORM_NEXT

    deadline = campaign.schedule.unit_deadline.strftime("%d/%m/%Y")
    form = campaign.forms.get(unit__code="666")
    client.force_login(cast["reporter_a"])
    with time_machine.travel(campaign.request_date + dt.timedelta(days=1), tick=False):
        page = client.get(HELP).content.decode()
    assert "Việc tiếp theo của bạn" in page
    assert escape(FORM_NEXT[FormStatus.DRAFT].format(deadline=deadline)) in page
    assert f'href="/forms/{form.pk}/"' in page

    with time_machine.travel(campaign.schedule.grace_until + dt.timedelta(days=1), tick=False):
        client.force_login(cast["reporter_a"])  # the session of three weeks before has ended
        late = client.get(HELP).content.decode()
    assert escape(FORM_NEXT["overdue"].format(deadline=deadline)) in late
    assert escape(FORM_NEXT[FormStatus.DRAFT].format(deadline=deadline)) not in late

    client.force_login(cast["appraiser"])
    page = client.get(HELP).content.decode()
    appraisal = campaign.schedule.appraisal_deadline.strftime("%d/%m/%Y")
    todo = CAMPAIGN_NEXT[(campaign.status, Role.APPRAISER)]
    assert escape(todo.format(deadline=deadline, appraisal=appraisal)) in page
    assert f'href="/campaigns/{campaign.pk}/appraisal/"' in page

    client.force_login(cast["other_appraiser"])  # another province: nothing of Đắk Nông's
    assert campaign.name not in client.get(HELP).content.decode()
