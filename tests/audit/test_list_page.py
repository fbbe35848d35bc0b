"""/audit/: each person reads the entries of their scope, filtered, paged, newest first."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chiso.accounts.services import user_create
from chiso.audit.forms import DATE_ORDER
from chiso.audit.models import Entry
from chiso.audit.services import audit_record
from tests.audit.conftest import Cast, answer

URL = "/audit/"


def shown(response: Any) -> list[Entry]:
    assert response.status_code == 200
    seqs = [int(s) for s in re.findall(r'data-seq="(\d+)"', response.content.decode())]
    return list(Entry.objects.filter(seq__in=seqs).order_by("-seq"))


def as_user(client: Client, user: Any, query: str = "") -> list[Entry]:
    client.force_login(user)
    return shown(client.get(URL + query))


def test_anonymous_is_sent_to_log_in(client: Client, activity: Any) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/audit/"


def test_a_province_role_sees_its_province_newest_first(
    client: Client, cast: Cast, activity: Any
) -> None:
    entries = as_user(client, cast["appraiser"])

    assert {e.unit_code for e in entries} >= {"666", "662"}
    assert {e.province_code for e in entries} == {"67"}
    assert [e.seq for e in entries] == sorted((e.seq for e in entries), reverse=True)


def test_another_province_sees_none_of_it(client: Client, cast: Cast, activity: Any) -> None:
    entries = as_user(client, cast["other_appraiser"])

    assert entries  # Lâm Đồng's own: its units, its roles, its administrator's change
    assert {e.province_code for e in entries} == {"68"}
    assert client.get(f"{URL}?form={activity['dakrlap'].pk}").status_code == 404


def test_a_unit_sees_only_its_own_unit(client: Client, cast: Cast, activity: Any) -> None:
    entries = as_user(client, cast["reporter_a"])

    assert entries
    assert {e.unit_code for e in entries} == {"666"}
    assert client.get(f"{URL}?form={activity['cujut'].pk}").status_code == 404
    assert as_user(client, cast["reporter_a"], "?unit=662") == []


def test_the_system_administrator_sees_everything(
    client: Client, cast: Cast, activity: Any
) -> None:
    assert len(as_user(client, cast["system_admin"])) == min(Entry.objects.count(), 50)
    assert as_user(client, cast["system_admin"], "?unit=666&person=other") == []
    assert len(as_user(client, cast["system_admin"], "?person=other.admin")) == 1


def test_a_person_without_a_role_may_not_read_the_trail(client: Client, db: None) -> None:
    nobody, _ = user_create(
        actor=None, username="khach", full_name="Khách", email="", password="mat-khau-thu-2026"
    )
    client.force_login(nobody)

    assert client.get(URL).status_code == 403


def test_only_get_is_allowed(client: Client, cast: Cast) -> None:
    client.force_login(cast["appraiser"])

    assert client.post(URL).status_code == 405
    assert client.post(URL + "export.xlsx").status_code == 405


def test_an_entry_shows_time_person_address_action_object_and_before_after(
    client: Client, cast: Cast, campaign: Any
) -> None:
    form = campaign.forms.get(unit__code="666")
    client.force_login(cast["reporter_a"])
    client.post(
        f"/forms/{form.pk}/answers/SS.HT.1/",
        {"numerator": "40", "denominator": "50"},
        REMOTE_ADDR="203.0.113.9",
    )
    client.post(
        f"/forms/{form.pk}/answers/SS.HT.1/",
        {"numerator": "45", "denominator": "50", "version": "1"},
        REMOTE_ADDR="203.0.113.9",
    )
    entry = Entry.objects.filter(action="forms.answer").latest("seq")
    assert entry.ip == "203.0.113.9"

    page = client.get(f"{URL}?form={form.pk}").content.decode()

    row = page[page.index(f'data-seq="{entry.seq}"') :].split("</tr>")[0]
    assert f"{timezone.localtime(entry.at):%d/%m/%Y %H:%M:%S}" in row
    assert "reporter_a" in row and "reporter.a" in row
    assert "203.0.113.9" in row
    assert "Sửa câu trả lời" in row
    assert "Huyện Đắk R&#x27;Lấp: SS.HT.1" in row
    assert "<del>[40, 50]</del> → <strong>[45, 50]</strong>" in row
    assert f'Phiếu của <a href="/forms/{form.pk}/">Huyện Đắk R&#x27;Lấp</a>' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?unit=662", {("forms.answer", "662", "SS.HT.1"), ("accounts.role_grant", "662", "")}),
        ("?criterion=SS.MT.1", {("forms.evidence_add", "666", "SS.MT.1")}),
        ("?action=forms.evidence_add", {("forms.evidence_add", "666", "SS.MT.1")}),
        ("?person=reporter.b", {("forms.answer", "662", "SS.HT.1")}),
        ("?person=reporter_b", {("forms.answer", "662", "SS.HT.1")}),  # the full name
        ("?date_from=2019-10-16&date_to=2019-12-31", {("forms.answer", "666", "SS.HT.2")}),
        ("?date_from=20/10/2019&date_to=20/10/2019", {("forms.answer", "666", "SS.HT.2")}),
        (
            "?date_to=2019-10-15&unit=666",
            {("forms.answer", "666", "SS.HT.1"), ("forms.evidence_add", "666", "SS.MT.1")},
        ),
    ],
)
def test_filters_narrow_the_list(
    client: Client, cast: Cast, activity: Any, query: str, expected: set[tuple[str, ...]]
) -> None:
    entries = as_user(client, cast["appraiser"], query)

    assert {(e.action, e.unit_code, e.criterion) for e in entries} == expected


def test_a_criterion_also_finds_the_excel_uploads_that_changed_it(
    client: Client, cast: Cast, activity: Any
) -> None:
    form = activity["dakrlap"]
    audit_record(
        actor=cast["reporter_a"],
        action="forms.import_excel",
        obj=form,
        era="2019",
        province_code="67",
        unit_code="666",
        changes={"file": "phieu.xlsx", "answers": {"SS.HT.2": [["3", "4"], ["4", "4"]]}},
    )

    entries = as_user(client, cast["reporter_a"], "?criterion=SS.HT.2")

    assert [e.action for e in entries] == ["forms.import_excel", "forms.answer"]


def test_a_bad_date_is_named_and_nothing_is_listed(
    client: Client, cast: Cast, activity: Any
) -> None:
    client.force_login(cast["appraiser"])

    page = client.get(f"{URL}?date_from=32/10/2019").content.decode()
    assert "Từ ngày: Nhập một ngày hợp lệ." in page
    assert "data-seq" not in page
    backwards = client.get(f"{URL}?date_from=2019-10-20&date_to=2019-10-15").content.decode()
    assert f"Đến ngày: {DATE_ORDER}" in backwards.replace("&#x27;", "'").replace("&quot;", '"')


def test_long_lists_are_paged_and_the_page_links_keep_the_filters(
    client: Client, cast: Cast, activity: Any
) -> None:
    form = activity["cujut"]
    for number in range(55):
        answer(form, cast["reporter_b"], "SS.HT.1", [str(number), "60"])
    client.force_login(cast["appraiser"])

    first = client.get(f"{URL}?unit=662")
    second = client.get(f"{URL}?unit=662&page=2")

    assert len(shown(first)) == 50
    assert len(shown(second)) == Entry.objects.filter(unit_code="662").count() - 50
    assert "?unit=662&amp;page=2" in first.content.decode()


def test_the_list_costs_a_fixed_number_of_queries(
    client: Client, cast: Cast, activity: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(cast["appraiser"])
    client.get(URL)  # the session and the grants are warm from here

    with django_assert_max_num_queries(8):
        client.get(URL)


def test_the_form_page_links_to_its_trail(client: Client, cast: Cast, activity: Any) -> None:
    form = activity["dakrlap"]
    client.force_login(cast["reporter_a"])

    page = client.get(f"/forms/{form.pk}/").content.decode()

    assert f'href="/audit/?form={form.pk}"' in page
    entries = shown(client.get(f"{URL}?form={form.pk}"))
    assert entries and {e.object_id for e in entries} == {str(form.pk)}
