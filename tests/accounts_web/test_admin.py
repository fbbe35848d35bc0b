"""The Vietnamese admin (``/admin/``): accounts and roles per province, units and agencies."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from chiso.accounts.admin import NEEDS_A_ROLE
from chiso.accounts.forms import PASSWORD_TOO_SHORT
from chiso.accounts.models import Role, RoleAssignment, User
from chiso.accounts.services import ROLE_OUTSIDE_SCOPE, role_grant
from chiso.admin_site import ADMIN_FOR_ADMINISTRATORS
from chiso.audit.models import Entry
from chiso.units.models import Level, Unit
from chiso.units.services import AGENCY_CODE_FORMAT
from tests.accounts_web.browser_form import form_data, select_options

Cast = dict[str, Any]

USERS = "/admin/accounts/user/"
IN_DAKNONG = [
    "reporter.a",
    "head.a",
    "reporter.b",
    "reporter.commune",
    "appraiser",
    "approver",
    "province.admin",
]
IN_LAMDONG = ["other.appraiser", "other.admin"]


def _page(response: Any) -> str:
    return str(response.content.decode())


def _change_url(user: User) -> str:
    return f"{USERS}{user.pk}/change/"


def _autocomplete(client: Client, term: str) -> dict[str, Any]:
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "accounts",
            "model_name": "roleassignment",
            "field_name": "unit",
            "term": term,
        },
    )
    assert response.status_code == 200
    return dict(json.loads(response.content))


def _listed(page: str, username: str) -> bool:
    return f">{username}</a>" in page


# --- the site -------------------------------------------------------------------------------


def test_admin_index_speaks_vietnamese(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])

    response = client.get("/admin/")

    assert response.status_code == 200
    page = _page(response)
    assert '<html lang="vi"' in page
    assert "quản trị" in page.lower()
    for app in ("Tài khoản và vai trò", "Đơn vị", "Nhật ký thay đổi"):
        assert app in page


@pytest.mark.parametrize(
    "role", ["reporter_a", "head_a", "appraiser", "approver", "other_appraiser"]
)
def test_a_logged_in_non_administrator_is_told_in_vietnamese_the_admin_is_not_for_them(
    client: Client, cast: Cast, role: str
) -> None:
    client.force_login(cast[role])

    for path in ("/admin/", USERS, "/admin/units/unit/", "/admin/login/?next=/admin/"):
        response = client.get(path)
        assert response.status_code == 403, path
        page = _page(response)
        assert escape(ADMIN_FOR_ADMINISTRATORS) in page
        assert 'name="password"' not in page  # not the admin's login form


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_the_admin_login(client: Client) -> None:
    assert client.get(USERS)["Location"] == f"/admin/login/?next={USERS}"


# --- accounts, scoped per province ------------------------------------------------------------


def test_province_admin_sees_only_accounts_with_roles_in_its_province(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])

    page = _page(client.get(USERS))

    for username in IN_DAKNONG:
        assert _listed(page, username), username
    for username in [*IN_LAMDONG, "system.admin"]:
        assert not _listed(page, username), username


def test_other_province_admin_sees_its_own_province_people(client: Client, cast: Cast) -> None:
    client.force_login(cast["other_admin"])

    page = _page(client.get(USERS))

    for username in IN_LAMDONG:
        assert _listed(page, username), username
    for username in [*IN_DAKNONG, "system.admin"]:
        assert not _listed(page, username), username


def test_system_admin_sees_every_account(client: Client, cast: Cast) -> None:
    client.force_login(cast["system_admin"])

    page = _page(client.get(USERS))

    for username in [*IN_DAKNONG, *IN_LAMDONG, "system.admin"]:
        assert _listed(page, username), username


@pytest.mark.parametrize("name", ["other_admin", "other_appraiser", "system_admin"])
def test_province_admin_cannot_open_an_account_outside_its_province(
    client: Client, cast: Cast, name: str
) -> None:
    client.force_login(cast["province_admin"])
    user = cast[name]

    for path in (_change_url(user), f"{USERS}{user.pk}/password/", f"{USERS}{user.pk}/history/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert user.email not in _page(response)


def test_province_admin_cannot_change_an_account_outside_its_province(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])
    other = cast["other_admin"]

    response = client.post(
        _change_url(other),
        {"username": other.username, "full_name": "Đã bị sửa", "email": other.email},
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.full_name == "other_admin"


def test_account_with_a_role_in_another_province_is_read_only_for_the_province_admin(
    client: Client, cast: Cast
) -> None:
    reporter = cast["reporter_b"]
    commune = Unit.objects.filter(era="2025", province_code="68", level=Level.COMMUNE).first()
    role_grant(actor=None, user=reporter, role=Role.REPORTER, unit=commune)
    client.force_login(cast["province_admin"])

    response = client.get(_change_url(reporter))

    assert response.status_code == 200
    page = _page(response)
    assert 'name="email"' not in page
    assert client.post(_change_url(reporter), {"full_name": "Đã bị sửa"}).status_code == 403
    reporter.refresh_from_db()
    assert reporter.full_name == "reporter_b"


def test_role_select_offered_to_a_province_admin_has_no_system_administrator(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])

    page = _page(client.get(_change_url(cast["reporter_a"])))

    labels = [label for _, label in select_options(page, "role_assignments-1-role")]
    assert Role.SYSTEM_ADMIN.label not in labels
    assert [r.label for r in Role if r != Role.SYSTEM_ADMIN] == labels[1:]
    # The empty row offers no role until one is chosen.
    assert select_options(page, "role_assignments-1-role")[0][0] == ""


def test_role_select_offered_to_the_system_admin_has_the_system_administrator(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["system_admin"])

    page = _page(client.get(_change_url(cast["reporter_a"])))

    labels = [label for _, label in select_options(page, "role_assignments-1-role")]
    assert Role.SYSTEM_ADMIN.label in labels


def test_unit_autocomplete_finds_dak_rlap_without_diacritics(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])

    found = _autocomplete(client, "dak rlap")

    dakrlap = cast["dakrlap"]
    assert found["results"] == [{"id": str(dakrlap.pk), "text": str(dakrlap)}]
    assert found["results"][0]["text"] == "Huyện Đắk R'Lấp (666)"


def test_unit_autocomplete_offers_only_units_of_the_admins_province(
    client: Client, cast: Cast
) -> None:
    daknong = set(Unit.objects.filter(era="2019", province_code="67").values_list("pk", flat=True))
    lamdong = set(Unit.objects.filter(era="2025", province_code="68").values_list("pk", flat=True))

    client.force_login(cast["province_admin"])
    ours = {int(r["id"]) for r in _autocomplete(client, "dak")["results"]}
    client.force_login(cast["other_admin"])
    theirs = {int(r["id"]) for r in _autocomplete(client, "dak")["results"]}

    assert ours
    assert ours <= daknong
    assert theirs
    assert theirs <= lamdong
    assert not _autocomplete(client, "dak rlap")["results"]


def test_reporter_cannot_use_the_unit_autocomplete(client: Client, cast: Cast) -> None:
    client.force_login(cast["reporter_a"])

    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "accounts",
            "model_name": "roleassignment",
            "field_name": "unit",
            "term": "dak",
        },
    )

    assert response.status_code == 403
    assert "vn-" not in _page(response) and "Đắk" not in _page(response)


# --- giving and taking roles through the account's page --------------------------------------


def _account_form(client: Client, user: User) -> dict[str, str]:
    response = client.get(_change_url(user))
    assert response.status_code == 200
    return form_data(_page(response), "user_form")


def test_saving_an_account_untouched_changes_nothing(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])
    reporter = cast["reporter_b"]
    entries = Entry.objects.count()

    response = client.post(_change_url(reporter), _account_form(client, reporter))

    assert response.status_code == 302
    assert response["Location"] == USERS
    assert list(reporter.role_assignments.values_list("role", "unit__code")) == [
        (Role.REPORTER, "662")
    ]
    assert Entry.objects.count() == entries


def test_changing_an_accounts_name_is_audited_with_old_and_new_values(
    client: Client, cast: Cast
) -> None:
    admin, reporter = cast["province_admin"], cast["reporter_b"]
    client.force_login(admin)
    data = _account_form(client, reporter)
    data["full_name"] = "Trần Thị B"

    assert client.post(_change_url(reporter), data).status_code == 302

    reporter.refresh_from_db()
    assert reporter.full_name == "Trần Thị B"
    entry = Entry.objects.get(action="accounts.user_change", actor=admin)
    assert entry.changes == {"full_name": ["reporter_b", "Trần Thị B"]}


def test_granting_a_role_on_the_account_page_is_audited(client: Client, cast: Cast) -> None:
    admin, reporter, cujut = cast["province_admin"], cast["reporter_b"], cast["cujut"]
    client.force_login(admin)
    data = _account_form(client, reporter)
    data.update({"role_assignments-1-role": Role.HEAD, "role_assignments-1-unit": str(cujut.pk)})

    response = client.post(_change_url(reporter), data)

    assert response.status_code == 302
    assert reporter.role_assignments.filter(role=Role.HEAD, unit=cujut).exists()
    entry = Entry.objects.get(action="accounts.role_grant", actor=admin)
    assert entry.object_id == str(reporter.pk)
    assert entry.changes == {"role": "head", "unit": "662"}
    assert (entry.era, entry.province_code, entry.unit_code) == ("2019", "67", "662")


def test_removing_a_role_on_the_account_page_is_audited(client: Client, cast: Cast) -> None:
    admin, reporter = cast["province_admin"], cast["reporter_b"]
    role_grant(actor=None, user=reporter, role=Role.HEAD, unit=cast["cujut"])
    client.force_login(admin)
    data = _account_form(client, reporter)
    head_row = next(k for k, v in data.items() if k.endswith("-role") and v == Role.HEAD)
    data[head_row.replace("-role", "-DELETE")] = "on"

    response = client.post(_change_url(reporter), data)

    assert response.status_code == 302
    assert list(reporter.role_assignments.values_list("role", flat=True)) == [Role.REPORTER]
    entry = Entry.objects.get(action="accounts.role_revoke", actor=admin)
    assert entry.changes == {"role": "head", "unit": "662"}


def test_province_admin_cannot_remove_a_persons_last_role(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])
    reporter = cast["reporter_b"]
    data = _account_form(client, reporter)
    data["role_assignments-0-DELETE"] = "on"

    response = client.post(_change_url(reporter), data)

    assert response.status_code == 200
    assert escape(NEEDS_A_ROLE) in _page(response)
    assert reporter.role_assignments.count() == 1


def test_province_admin_cannot_grant_a_role_in_another_province(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])
    reporter, lamdong = cast["reporter_b"], cast["lamdong"]
    data = _account_form(client, reporter)
    data.update(
        {"role_assignments-1-role": Role.APPRAISER, "role_assignments-1-unit": str(lamdong.pk)}
    )

    response = client.post(_change_url(reporter), data)

    assert response.status_code == 200
    assert escape(ROLE_OUTSIDE_SCOPE.format(unit=lamdong.name)) in _page(response)
    assert not reporter.role_assignments.filter(unit=lamdong).exists()
    assert not Entry.objects.filter(action="accounts.role_grant").exclude(actor=None).exists()


def test_province_admin_adds_an_account_with_a_role_and_a_password_to_change(
    client: Client, cast: Cast
) -> None:
    admin, dakrlap = cast["province_admin"], cast["dakrlap"]
    client.force_login(admin)

    response = client.post(
        f"{USERS}add/",
        {
            "username": "nguyen.van.a",
            "full_name": "Nguyễn Văn A",
            "email": "a@dakrlap.gov.vn",
            "password1": "Tam-thoi-Dak-Rlap-1",
            "password2": "Tam-thoi-Dak-Rlap-1",
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-0-role": Role.REPORTER,
            "role_assignments-0-unit": str(dakrlap.pk),
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="nguyen.van.a")
    assert user.must_change_password
    assert not user.is_staff
    assert list(user.role_assignments.values_list("role", "unit")) == [(Role.REPORTER, dakrlap.pk)]
    assert Entry.objects.filter(
        action="accounts.user_create", actor=admin, object_id=str(user.pk)
    ).exists()
    assert Entry.objects.filter(
        action="accounts.role_grant", actor=admin, object_id=str(user.pk)
    ).exists()


def test_province_admin_cannot_add_an_account_without_a_role(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])

    response = client.post(
        f"{USERS}add/",
        {
            "username": "khong.vai.tro",
            "full_name": "Không Vai Trò",
            "email": "k@example.vn",
            "password1": "Tam-thoi-Dak-Rlap-1",
            "password2": "Tam-thoi-Dak-Rlap-1",
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-0-role": "",
            "role_assignments-0-unit": "",
        },
    )

    assert response.status_code == 200
    assert escape(NEEDS_A_ROLE) in _page(response)
    assert not User.objects.filter(username="khong.vai.tro").exists()


def test_a_too_short_password_on_the_add_page_is_refused_in_vietnamese(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])

    response = client.post(
        f"{USERS}add/",
        {
            "username": "ngan.qua",
            "full_name": "Ngắn Quá",
            "email": "n@example.vn",
            "password1": "Ng4n",
            "password2": "Ng4n",
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-0-role": Role.REPORTER,
            "role_assignments-0-unit": str(cast["dakrlap"].pk),
        },
    )

    assert response.status_code == 200
    assert escape(PASSWORD_TOO_SHORT.format(min_length=8)) in _page(response)
    assert not User.objects.filter(username="ngan.qua").exists()


def test_password_reset_by_the_province_admin_is_one_time_and_audited(
    client: Client, cast: Cast
) -> None:
    admin, reporter = cast["province_admin"], cast["reporter_a"]
    client.force_login(admin)

    response = client.post(
        f"{USERS}{reporter.pk}/password/",
        {
            "password1": "Mot-lan-Dak-Rlap-7",
            "password2": "Mot-lan-Dak-Rlap-7",
        },
    )

    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.check_password("Mot-lan-Dak-Rlap-7")
    assert reporter.must_change_password
    assert Entry.objects.filter(
        action="accounts.password_reset", actor=admin, object_id=str(reporter.pk)
    ).exists()


def test_a_too_short_password_reset_is_refused_in_vietnamese(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])
    reporter = cast["reporter_a"]

    response = client.post(
        f"{USERS}{reporter.pk}/password/",
        {
            "password1": "Ng4n",
            "password2": "Ng4n",
        },
    )

    assert response.status_code == 200
    assert escape(PASSWORD_TOO_SHORT.format(min_length=8)) in _page(response)
    reporter.refresh_from_db()
    assert not reporter.must_change_password
    assert not Entry.objects.filter(action="accounts.password_reset").exists()


# --- units and agencies -----------------------------------------------------------------------


def test_province_admin_adds_an_agency_with_a_province_prefixed_code(
    client: Client, cast: Cast
) -> None:
    admin, province = cast["province_admin"], cast["province"]
    client.force_login(admin)

    response = client.post(
        "/admin/units/unit/add/",
        {
            "parent": str(province.pk),
            "code": "stnmt",
            "name": "Sở Tài nguyên và Môi trường",
            "kind": "so",
        },
    )

    assert response.status_code == 302
    agency = Unit.objects.get(era="2019", code="67-STNMT")
    assert (agency.name, agency.level, agency.parent) == (
        "Sở Tài nguyên và Môi trường",
        Level.AGENCY,
        province,
    )
    assert Entry.objects.filter(
        action="units.agency_add", actor=admin, object_id=str(agency.pk)
    ).exists()


def test_adding_an_agency_confirms_it_by_name(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])

    response = client.post(
        "/admin/units/unit/add/",
        {
            "parent": str(cast["province"].pk),
            "code": "STNMT",
            "name": "Sở Tài nguyên và Môi trường",
            "kind": "so",
        },
        follow=True,
    )

    assert any(
        "Sở Tài nguyên và Môi trường (67-STNMT)" in str(m) for m in response.context["messages"]
    )


def test_an_invalid_agency_short_code_shows_the_vietnamese_message(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])
    before = Unit.objects.count()

    response = client.post(
        "/admin/units/unit/add/",
        {
            "parent": str(cast["province"].pk),
            "code": "Sở TN",
            "name": "Sở Tài nguyên",
            "kind": "so",
        },
    )

    assert response.status_code == 200
    assert escape(AGENCY_CODE_FORMAT) in _page(response)
    assert Unit.objects.count() == before


def test_province_admin_cannot_add_an_agency_to_another_province(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])

    response = client.post(
        "/admin/units/unit/add/",
        {
            "parent": str(cast["lamdong"].pk),
            "code": "STNMT",
            "name": "Sở Tài nguyên",
            "kind": "so",
        },
    )

    assert response.status_code == 200
    assert not Unit.objects.filter(code="68-STNMT").exists()


def test_official_units_are_read_only_for_a_province_admin(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])
    dakrlap = cast["dakrlap"]
    url = f"/admin/units/unit/{dakrlap.pk}/change/"

    response = client.get(url)

    assert response.status_code == 200
    page = _page(response)
    assert escape(dakrlap.name) in page
    assert 'name="name"' not in page
    assert client.post(url, {"name": "Huyện Đã Đổi Tên"}).status_code == 403
    dakrlap.refresh_from_db()
    assert dakrlap.name == "Huyện Đắk R'Lấp"


def test_an_agency_name_is_editable_by_its_province_admin(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])
    stttt = cast["stttt"]

    response = client.get(f"/admin/units/unit/{stttt.pk}/change/")

    assert response.status_code == 200
    assert 'name="name"' in _page(response)


def test_province_admins_role_assignments_overview_lists_its_province_only(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])

    response = client.get("/admin/accounts/roleassignment/")

    assert response.status_code == 200
    shown = set(response.context["cl"].result_list)
    assert shown == set(RoleAssignment.objects.filter(unit__era="2019", unit__province_code="67"))
