"""Creating accounts from a list: the admin page ``/admin/accounts/user/import/``, the service
``accounts_import`` and ``chiso accounts import``. All or nothing; one-time passwords once."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from django.test import Client
from django.utils.html import escape

from chiso import cli
from chiso.accounts.admin import IMPORT_NOTHING_NEW
from chiso.accounts.models import Role, User
from chiso.accounts.services import (
    EMAIL_INVALID,
    ROLE_OUTSIDE_SCOPE,
    ROLE_UNKNOWN,
    UNIT_CODE_UNKNOWN,
    accounts_import,
)
from chiso.audit.models import Entry
from chiso.tabular import NOT_XLSX, TableError, TableProblem, Where

Cast = dict[str, Any]

IMPORT = "/admin/accounts/user/import/"
HEADER = ["Mã đơn vị", "Họ và tên", "Email", "Vai trò"]
SHEET = "Danh sách"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Row 2 onwards, as the province's staff would type them.
GOOD_ROWS = [
    ["666", "Nguyễn Văn An", "an.nv@dakrlap.gov.vn", "Cán bộ đầu mối"],
    ["662", "Trần Thị Bình", "binh.tt@cujut.gov.vn", "Thủ trưởng đơn vị"],
    ["67", "Lê Văn Cường", "cuong.lv@stttt.daknong.gov.vn", "Thẩm định viên"],
]


def _xlsx(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(rows: list[list[str]]) -> bytes:
    lines = [",".join(HEADER), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def _upload(client: Client, data: bytes, name: str = "tai-khoan.xlsx", era: str = "2019") -> Any:
    file = io.BytesIO(data)
    file.name = name
    return client.post(IMPORT, {"era": era, "file": file})


def _credentials(content: bytes) -> list[dict[str, str]]:
    """The rows of the downloaded one-time password sheet, keyed by its header."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [[str(c) if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[1:] if r[0] and "@" in r[0]]


def _page(response: Any) -> str:
    return str(response.content.decode())


# --- the admin page -----------------------------------------------------------------------------


def test_import_page_explains_the_columns_in_vietnamese(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])

    response = client.get(IMPORT)

    assert response.status_code == 200
    page = _page(response)
    for column in HEADER:
        assert column in page
    assert "Kiểm tra và tạo tài khoản" in page


def test_reporter_cannot_open_the_import_page(client: Client, cast: Cast) -> None:
    client.force_login(cast["reporter_a"])

    assert client.get(IMPORT).status_code == 403


def test_good_list_downloads_one_time_passwords_that_force_a_change(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])

    response = _upload(client, _xlsx(GOOD_ROWS))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    people = _credentials(response.content)
    assert [p["Tên đăng nhập"] for p in people] == [row[2] for row in GOOD_ROWS]
    assert [p["Họ và tên"] for p in people] == [row[1] for row in GOOD_ROWS]
    first = people[0]
    assert first["Vai trò"] == f"{Role.REPORTER.label} – {cast['dakrlap'].name}"
    user = User.objects.get(username="an.nv@dakrlap.gov.vn")
    assert user.must_change_password
    assert list(user.role_assignments.values_list("role", "unit")) == [
        (Role.REPORTER, cast["dakrlap"].pk)
    ]
    assert Entry.objects.filter(
        action="accounts.user_create", actor=cast["province_admin"], object_id=str(user.pk)
    ).exists()

    # The person logs in with the one-time password and must choose their own first.
    visitor = Client()
    login = visitor.post(
        "/accounts/login/",
        {"username": first["Tên đăng nhập"], "password": first["Mật khẩu một lần"]},
        follow=True,
    )
    assert login.redirect_chain[-1] == ("/accounts/password/", 302)


def test_person_listed_twice_gets_one_account_with_two_roles(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])
    rows = [
        ["666", "Nguyễn Văn An", "an.nv@dakrlap.gov.vn", "Cán bộ đầu mối"],
        ["662", "Nguyễn Văn An", "an.nv@dakrlap.gov.vn", "Cán bộ đầu mối"],
    ]

    response = _upload(client, _xlsx(rows))

    people = _credentials(response.content)
    assert len(people) == 1
    assert cast["dakrlap"].name in people[0]["Vai trò"]
    assert cast["cujut"].name in people[0]["Vai trò"]
    user = User.objects.get(username="an.nv@dakrlap.gov.vn")
    assert set(user.role_assignments.values_list("unit__code", flat=True)) == {"666", "662"}


def test_list_with_bad_rows_names_each_row_and_creates_nothing(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])
    rows = [
        GOOD_ROWS[0],
        ["99999", "Trần Thị Bình", "binh.tt@cujut.gov.vn", "Thủ trưởng đơn vị"],
        GOOD_ROWS[2],
        ["662", "Phạm Văn Dũng", "khong-phai-email", "Cán bộ đầu mối"],
    ]
    users, entries = User.objects.count(), Entry.objects.count()

    response = _upload(client, _xlsx(rows), name="sai.xlsx")

    assert response.status_code == 400
    page = _page(response)
    expected = [
        TableProblem(
            Where("sai.xlsx", SHEET, 3, "Mã đơn vị"),
            UNIT_CODE_UNKNOWN.format(code="99999", era="2019"),
        ),
        TableProblem(
            Where("sai.xlsx", SHEET, 5, "Email"), EMAIL_INVALID.format(email="khong-phai-email")
        ),
    ]
    for problem in expected:
        assert escape(str(problem)) in page
    assert "dòng 3" in page
    assert "dòng 5" in page
    assert "Chưa tạo tài khoản nào vì tệp có 2 lỗi" in page
    assert (User.objects.count(), Entry.objects.count()) == (users, entries)


def test_province_admin_listing_a_unit_of_another_province_is_refused_for_that_row(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])
    lamdong = cast["lamdong"]
    rows = [["68", "Võ Thị Em", "em.vt@lamdong.gov.vn", "Thẩm định viên"]]
    users = User.objects.count()

    response = _upload(client, _xlsx(rows), name="lam-dong.xlsx", era="2025")

    assert response.status_code == 400
    problem = TableProblem(
        Where("lam-dong.xlsx", SHEET, 2, "Mã đơn vị"), ROLE_OUTSIDE_SCOPE.format(unit=lamdong.name)
    )
    assert escape(str(problem)) in _page(response)
    assert User.objects.count() == users


def test_importing_the_same_list_twice_creates_nothing_the_second_time(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast["province_admin"])
    data = _xlsx(GOOD_ROWS)
    assert _upload(client, data)["Content-Type"] == XLSX
    users, entries = User.objects.count(), Entry.objects.count()

    response = _upload(client, data)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert escape(IMPORT_NOTHING_NEW.format(roles=0)) in _page(response)
    assert (User.objects.count(), Entry.objects.count()) == (users, entries)


def test_a_csv_list_works_too(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])

    response = _upload(client, _csv(GOOD_ROWS), name="tai-khoan.csv")

    assert response["Content-Type"] == XLSX
    assert len(_credentials(response.content)) == len(GOOD_ROWS)
    assert User.objects.filter(email__in=[row[2] for row in GOOD_ROWS]).count() == 3


def test_a_file_named_xlsx_that_is_not_excel_is_refused(client: Client, cast: Cast) -> None:
    client.force_login(cast["province_admin"])
    users = User.objects.count()

    response = _upload(client, b"Ma don vi,Ho va ten\n666,An\n", name="gia.xlsx")

    assert response.status_code == 400
    assert escape(str(TableProblem(Where("gia.xlsx"), NOT_XLSX))) in _page(response)
    assert User.objects.count() == users


# --- the service ------------------------------------------------------------------------------


def test_service_adds_a_missing_role_to_a_known_person_and_keeps_the_password(
    cast: Cast,
) -> None:
    reporter = cast["reporter_a"]
    password = reporter.password
    rows = [["666", "reporter_a", "reporter_a@example.vn", "Thủ trưởng đơn vị", "reporter.a"]]

    result = accounts_import(
        actor=cast["province_admin"],
        era="2019",
        data=_xlsx(rows, [*HEADER, "Tên đăng nhập"]),
        filename="them-vai-tro.xlsx",
    )

    assert (result.created, result.roles_added, result.unchanged) == ([], 1, 0)
    reporter.refresh_from_db()
    assert reporter.password == password
    assert not reporter.must_change_password
    assert set(reporter.role_assignments.values_list("role", flat=True)) == {
        Role.REPORTER,
        Role.HEAD,
    }


def test_service_run_twice_reports_every_role_unchanged(cast: Cast) -> None:
    data = _xlsx(GOOD_ROWS)
    first = accounts_import(actor=cast["province_admin"], era="2019", data=data, filename="a.xlsx")
    users = User.objects.count()

    second = accounts_import(actor=cast["province_admin"], era="2019", data=data, filename="a.xlsx")

    assert (len(first.created), first.roles_added) == (3, 3)
    assert (second.created, second.roles_added, second.unchanged) == ([], 0, 3)
    assert User.objects.count() == users


def test_service_refuses_the_whole_file_for_one_bad_row(cast: Cast) -> None:
    rows = [*GOOD_ROWS, ["666", "Giám Đốc", "gd@example.vn", "Giám đốc"]]
    users = User.objects.count()

    with pytest.raises(TableError) as caught:
        accounts_import(
            actor=cast["province_admin"], era="2019", data=_xlsx(rows), filename="b.xlsx"
        )

    choices = ", ".join(r.label for r in Role if r != Role.SYSTEM_ADMIN)
    assert caught.value.problems == [
        TableProblem(
            Where("b.xlsx", SHEET, 5, "Vai trò"),
            ROLE_UNKNOWN.format(role="Giám đốc", choices=choices),
        ),
    ]
    assert User.objects.count() == users


# --- the command line -------------------------------------------------------------------------


def test_cli_import_writes_the_credentials_file(
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = tmp_path / "tai-khoan.xlsx", tmp_path / "mat-khau.xlsx"
    source.write_bytes(_xlsx(GOOD_ROWS))

    code = cli.main(["accounts", "import", str(source), "--structure", "2019", "--out", str(out)])

    assert code == 0
    people = _credentials(out.read_bytes())
    assert [p["Tên đăng nhập"] for p in people] == [row[2] for row in GOOD_ROWS]
    assert out.stat().st_mode & 0o077 == 0
    assert str(out) in capsys.readouterr().out
    assert User.objects.get(username=GOOD_ROWS[0][2]).must_change_password


def test_cli_import_of_a_bad_file_writes_nothing_and_exits_2(
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = tmp_path / "sai.xlsx", tmp_path / "mat-khau.xlsx"
    source.write_bytes(_xlsx([["99999", "Ai Đó", "ai@example.vn", "Cán bộ đầu mối"]]))
    users = User.objects.count()

    code = cli.main(["accounts", "import", str(source), "--structure", "2019", "--out", str(out)])

    assert code == 2
    assert not out.exists()
    assert UNIT_CODE_UNKNOWN.format(code="99999", era="2019") in capsys.readouterr().err
    assert User.objects.count() == users


def test_cli_import_never_overwrites_an_existing_credentials_file(
    cast: Cast, tmp_path: Path
) -> None:
    source, out = tmp_path / "tai-khoan.xlsx", tmp_path / "mat-khau.xlsx"
    source.write_bytes(_xlsx(GOOD_ROWS))
    out.write_bytes(b"old")

    code = cli.main(["accounts", "import", str(source), "--structure", "2019", "--out", str(out)])

    assert code == 2
    assert out.read_bytes() == b"old"
    assert not User.objects.filter(username=GOOD_ROWS[0][2]).exists()
