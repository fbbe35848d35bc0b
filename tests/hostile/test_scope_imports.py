"""Imports stay inside the importer's province (issue 15): the accounts list may not add roles to
an account of another province, and agencies belong to provinces only (a district or a commune
has none: 404 on the page, a refusal from the service)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from django.test import Client
from django.utils.html import escape

from chiso.accounts.models import Role, RoleAssignment, User
from chiso.accounts.services import ACCOUNT_OUTSIDE_SCOPE, accounts_import
from chiso.audit.models import Entry
from chiso.tabular import TableError
from chiso.units.models import Level, Unit
from chiso.units.services import NOT_A_PROVINCE, agencies_import

HEADER = ["Mã đơn vị", "Họ và tên", "Email", "Vai trò", "Tên đăng nhập"]


def _xlsx(rows: list[list[str]], header: list[str] = HEADER) -> io.BytesIO:
    book = openpyxl.Workbook()
    book.active.title = "Danh sách"
    for row in [header, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "ds.xlsx"
    return out


def _lamdong_commune() -> Unit:
    return Unit.objects.filter(era="2025", province_code="68", level=Level.COMMUNE).first()


def _roles(user: Any) -> set[tuple[str, str | None]]:
    return {(a.role, a.unit.code if a.unit else None) for a in user.role_assignments.all()}


def test_an_import_may_not_extend_an_account_of_another_province(cast: dict[str, Any]) -> None:
    """Lâm Đồng's administrator names Đắk Nông's reporter (username and full name right)."""
    victim = cast["reporter_a"]
    before = _roles(victim)
    client = Client()
    client.force_login(cast["other_admin"])
    commune = _lamdong_commune()
    rows = [
        ["", "Người mới", "moi@lamdong.gov.vn", "Cán bộ đầu mối", "moi.lamdong"],
        [commune.code, victim.full_name, victim.email, "Cán bộ đầu mối", victim.username],
    ]
    rows[0][0] = commune.code
    people, entries = User.objects.count(), Entry.objects.count()

    response = client.post("/admin/accounts/user/import/", {"era": "2025", "file": _xlsx(rows)})

    assert response.status_code == 400
    page = response.content.decode()
    problem = ACCOUNT_OUTSIDE_SCOPE.format(username=victim.username)
    assert escape(f"ds.xlsx, trang «Danh sách», dòng 3, cột «Tên đăng nhập»: {problem}") in page
    assert _roles(victim) == before
    assert (User.objects.count(), Entry.objects.count()) == (people, entries)


def test_located_at_the_email_when_the_username_comes_from_it(cast: dict[str, Any]) -> None:
    victim = cast["reporter_a"]
    victim.username = victim.email
    victim.save(update_fields=["username"])
    commune = _lamdong_commune()
    rows = [[commune.code, victim.full_name, victim.email, "Cán bộ đầu mối"]]

    with pytest.raises(TableError) as refused:
        accounts_import(
            actor=cast["other_admin"],
            era="2025",
            data=_xlsx(rows, HEADER[:4]).read(),
            filename="ds.xlsx",
        )

    [problem] = refused.value.problems
    assert (problem.where.row, problem.where.column) == (2, "Email")
    assert problem.message == ACCOUNT_OUTSIDE_SCOPE.format(username=victim.username)


@pytest.mark.parametrize("who", ["province_admin", "system_admin"])
def test_an_account_of_ones_own_province_still_gets_the_new_role(
    who: str, cast: dict[str, Any]
) -> None:
    person = cast["reporter_b"]
    rows = [["666", person.full_name, person.email, "Thủ trưởng đơn vị", person.username]]

    result = accounts_import(
        actor=cast[who], era="2019", data=_xlsx(rows).read(), filename="ds.xlsx"
    )

    assert result.roles_added == 1
    assert (Role.HEAD, "666") in _roles(person)


def test_a_system_administrators_account_is_not_extended_by_a_province(
    cast: dict[str, Any],
) -> None:
    admin = cast["system_admin"]
    rows = [["666", admin.full_name, admin.email, "Cán bộ đầu mối", admin.username]]

    with pytest.raises(TableError):
        accounts_import(
            actor=cast["province_admin"], era="2019", data=_xlsx(rows).read(), filename="ds.xlsx"
        )

    assert not RoleAssignment.objects.filter(user=admin, unit__code="666").exists()


AGENCIES = [["Mã", "Tên"], ["STTTT", "Sở Thông tin và Truyền thông"]]


@pytest.mark.parametrize("code", ["666", "24728"], ids=["district", "commune"])
def test_agencies_cannot_be_imported_under_a_district_or_a_commune(
    code: str, cast: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(cast["province_admin"])
    units, entries = Unit.objects.count(), Entry.objects.count()

    response = client.post(
        f"/units/2019/{code}/agencies/", {"file": _xlsx(AGENCIES[1:], AGENCIES[0])}
    )

    assert response.status_code == 404
    assert (Unit.objects.count(), Entry.objects.count()) == (units, entries)
    with pytest.raises(TableError) as refused:
        agencies_import(
            actor=cast["province_admin"],
            province=Unit.objects.get(era="2019", code=code),
            data=_xlsx(AGENCIES[1:], AGENCIES[0]).read(),
            filename="ds.xlsx",
        )
    assert [p.message for p in refused.value.problems] == [NOT_A_PROVINCE]
    assert Unit.objects.count() == units


def test_agencies_are_still_imported_under_the_province(cast: dict[str, Any]) -> None:
    client = Client()
    client.force_login(cast["province_admin"])
    rows = [["SNV", "Sở Nội vụ"]]

    response = client.post("/units/2019/67/agencies/", {"file": _xlsx(rows, AGENCIES[0])})

    assert response.status_code == 302
    assert Unit.objects.get(era="2019", code="67-SNV").parent == cast["province"]
