"""Every write to accounts and roles; each one is audited."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from chiso.accounts.models import PROVINCE_ROLES, Role, RoleAssignment, User
from chiso.accounts.policy import Action, allows, forget_grants
from chiso.audit.services import audit_record
from chiso.errors import message_of
from chiso.tabular import TableError, TableProblem, read_table
from chiso.units.models import Unit
from chiso.units_data import fold

ROLE_OUTSIDE_SCOPE = "bạn không quản trị đơn vị {unit}"
ONLY_SYSTEM_ADMIN = "chỉ quản trị hệ thống mới giao được vai trò này"
UNIT_CODE_UNKNOWN = "không có đơn vị mã «{code}» trong cấu trúc {era}"
ROLE_UNKNOWN = "vai trò «{role}» không hợp lệ; dùng: {choices}"
NAME_REQUIRED = "thiếu họ và tên"
EMAIL_INVALID = "địa chỉ thư điện tử «{email}» không hợp lệ"
USERNAME_INVALID = "tên đăng nhập «{username}» không hợp lệ (chữ không dấu, số, . _ - @)"
EMAIL_OF_OTHER = "thư điện tử {email} đã thuộc tài khoản {username}"
NAME_DIFFERS = "tài khoản {username} đã có với họ tên khác: {name}"
ACCOUNT_OUTSIDE_SCOPE = (
    "tài khoản {username} đã có và có vai trò ở đơn vị bạn không quản trị; tệp chỉ tạo mới hoặc"
    " thêm vai trò cho tài khoản thuộc tỉnh của bạn"
)

# No look-alike characters (0/O, 1/l/I): the password is read off a sheet and typed.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")


def one_time_password(length: int = 12) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def _role_label(role: str) -> str:
    return Role(role).label


def role_grant(*, actor: Any, user: User, role: Role, unit: Unit | None) -> RoleAssignment:
    """Give ``role`` on ``unit``; the actor must administer the unit's province."""
    if role == Role.SYSTEM_ADMIN or unit is None:
        if not (
            actor is None
            or actor.is_superuser
            or any(a.role == Role.SYSTEM_ADMIN for a in actor.role_assignments.all())
        ):
            raise ValidationError({"role": ONLY_SYSTEM_ADMIN})
    elif actor is not None and not allows(actor, Action.ACCOUNT_MANAGE, unit):
        raise ValidationError({"unit": ROLE_OUTSIDE_SCOPE.format(unit=unit.name)})
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        assignment.full_clean()
        if role in PROVINCE_ROLES or role == Role.SYSTEM_ADMIN:
            _staff_if_admin(user)
        audit_record(
            actor=actor,
            action="accounts.role_grant",
            obj=user,
            era=unit.era if unit else "",
            province_code=unit.province_code if unit else "",
            unit_code=unit.code if unit else "",
            changes={"role": role.value, "unit": unit.code if unit else None},
        )
        forget_grants(user)
    return assignment


def role_revoke(*, actor: Any, assignment: RoleAssignment) -> None:
    unit = assignment.unit
    if unit is not None and actor is not None and not allows(actor, Action.ACCOUNT_MANAGE, unit):
        raise ValidationError({"unit": ROLE_OUTSIDE_SCOPE.format(unit=unit.name)})
    user = assignment.user
    audit_record(
        actor=actor,
        action="accounts.role_revoke",
        obj=user,
        era=unit.era if unit else "",
        province_code=unit.province_code if unit else "",
        unit_code=unit.code if unit else "",
        changes={"role": assignment.role, "unit": unit.code if unit else None},
    )
    assignment.delete()
    _staff_if_admin(user)
    forget_grants(user)


def _staff_if_admin(user: User) -> None:
    """Province and system administrators enter the admin site; nobody else does."""
    staff = (
        user.is_superuser
        or user.role_assignments.filter(role__in=[Role.PROVINCE_ADMIN, Role.SYSTEM_ADMIN]).exists()
    )
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def user_create(
    *, actor: Any, username: str, full_name: str, email: str, password: str | None = None
) -> tuple[User, str]:
    """A new account and its password; without ``password`` a one-time one is generated."""
    user = User(username=username, full_name=full_name, email=email)
    if password is None:
        password = one_time_password()
        user.must_change_password = True
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user_create",
        obj=user,
        changes={"username": username, "full_name": full_name, "email": email},
    )
    return user, password


def password_changed(*, user: User) -> None:
    """Record a password change made by its owner; the one-time password is then spent."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    audit_record(actor=user, action="accounts.password_change", obj=user)


# --- bulk creation from an Excel list -----------------------------------------------------

ACCOUNT_COLUMNS = {
    "unit": ("Mã đơn vị", "Ma don vi", "Mã"),
    "full_name": ("Họ và tên", "Họ tên"),
    "email": ("Email", "Thư điện tử"),
    "role": ("Vai trò",),
    "username": ("Tên đăng nhập",),
}


@dataclass(frozen=True, slots=True)
class NewCredential:
    username: str
    full_name: str
    email: str
    password: str
    roles: str


@dataclass(frozen=True, slots=True)
class AccountsImport:
    created: list[NewCredential]
    roles_added: int
    unchanged: int


def _role_from_text(text: str) -> Role | None:
    key = fold(text)
    for role in Role:
        if key in {role.value, fold(role.label)}:
            return role
    aliases = {
        "dau moi": Role.REPORTER,
        "thu truong": Role.HEAD,
        "chu tich": Role.HEAD,
        "tham dinh": Role.APPRAISER,
        "lanh dao": Role.APPROVER,
        "phe duyet": Role.APPROVER,
    }
    return aliases.get(key)


@transaction.atomic
def accounts_import(*, actor: Any, era: str, data: bytes, filename: str) -> AccountsImport:
    """Create the listed accounts and roles, or nothing: TableError names every bad row.

    One row per (person, role). A person already known (same username) gets the missing roles
    and keeps the password; new people get one-time passwords, returned here once.
    """
    rows = read_table(
        data, filename, columns=ACCOUNT_COLUMNS, required={"unit", "full_name", "email", "role"}
    )
    problems: list[TableProblem] = []
    col = {name: accepted[0] for name, accepted in ACCOUNT_COLUMNS.items()}
    units = {
        u.code: u for u in Unit.objects.filter(era=era, code__in={r.values["unit"] for r in rows})
    }
    planned: dict[str, dict[str, Any]] = {}
    for row in rows:
        v = row.values
        unit = units.get(v["unit"])
        role = _role_from_text(v["role"])
        username = (v.get("username") or v["email"]).strip().lower()
        if unit is None:
            problems.append(
                TableProblem(row.at(col["unit"]), UNIT_CODE_UNKNOWN.format(code=v["unit"], era=era))
            )
        elif actor is not None and not allows(actor, Action.ACCOUNT_MANAGE, unit):
            problems.append(
                TableProblem(row.at(col["unit"]), ROLE_OUTSIDE_SCOPE.format(unit=unit.name))
            )
        if role is None or role == Role.SYSTEM_ADMIN:
            choices = ", ".join(r.label for r in Role if r != Role.SYSTEM_ADMIN)
            problems.append(
                TableProblem(
                    row.at(col["role"]), ROLE_UNKNOWN.format(role=v["role"], choices=choices)
                )
            )
        if not v["full_name"]:
            problems.append(TableProblem(row.at(col["full_name"]), NAME_REQUIRED))
        try:
            validate_email(v["email"])
        except ValidationError:
            problems.append(
                TableProblem(row.at(col["email"]), EMAIL_INVALID.format(email=v["email"]))
            )
        try:
            User.username_validator(username)
        except ValidationError:
            problems.append(
                TableProblem(row.at(col["username"]), USERNAME_INVALID.format(username=username))
            )
        if unit is not None and role is not None:
            try:
                RoleAssignment(role=role, unit=unit).clean()
            except ValidationError as exc:
                problems.append(TableProblem(row.at(col["unit"]), message_of(exc)))
        entry = planned.setdefault(
            username, {"row": row, "name": v["full_name"], "email": v["email"], "roles": []}
        )
        entry["roles"].append((role, unit))
    existing = {u.username: u for u in User.objects.filter(username__in=planned)}
    by_email = {
        u.email.lower(): u
        for u in User.objects.filter(email__in=[p["email"] for p in planned.values()])
        if u.email
    }
    for username, p in planned.items():
        user = existing.get(username)
        other = by_email.get(p["email"].lower())
        if other is not None and other.username != username:
            problems.append(
                TableProblem(
                    p["row"].at(col["email"]),
                    EMAIL_OF_OTHER.format(email=p["email"], username=other.username),
                )
            )
        if user is not None and not _may_extend(actor, user):
            row = p["row"]
            column = col["username"] if row.values.get("username") else col["email"]
            problems.append(
                TableProblem(row.at(column), ACCOUNT_OUTSIDE_SCOPE.format(username=username))
            )
        elif user is not None and user.full_name and user.full_name != p["name"]:
            problems.append(
                TableProblem(
                    p["row"].at(col["full_name"]),
                    NAME_DIFFERS.format(username=username, name=user.full_name),
                )
            )
    if problems:
        raise TableError(sorted(problems, key=lambda p: (p.where.row or 0, p.where.column)))
    created: list[NewCredential] = []
    roles_added = unchanged = 0
    for username, p in planned.items():
        user = existing.get(username)
        password = ""
        if user is None:
            user, password = user_create(
                actor=actor, username=username, full_name=p["name"], email=p["email"]
            )
        for role, unit in p["roles"]:
            if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
                unchanged += 1
            else:
                role_grant(actor=actor, user=user, role=role, unit=unit)
                roles_added += 1
        if password:
            labels = "; ".join(f"{_role_label(r)} – {u.name}" for r, u in p["roles"])
            created.append(NewCredential(username, p["name"], p["email"], password, labels))
    return AccountsImport(created, roles_added, unchanged)


def _may_extend(actor: Any, user: User) -> bool:
    """Whether an import by ``actor`` may add roles to the existing ``user``: the same rule as
    the admin's change page, every role the account holds lies in the actor's provinces (a
    system administrator and the command line may extend anyone)."""
    if actor is None or actor.is_superuser:
        return True
    if any(a.role == Role.SYSTEM_ADMIN for a in actor.role_assignments.all()):
        return True
    return not user.is_superuser and all(
        a.unit is not None and allows(actor, Action.ACCOUNT_MANAGE, a.unit)
        for a in user.role_assignments.select_related("unit")
    )


def credentials_workbook(created: list[NewCredential]) -> bytes:
    """The one-time passwords as .xlsx, for the administrator to hand out once."""
    import io

    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    from chiso.cells import no_formulas

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tài khoản mới"
    sheet.append(["Tên đăng nhập", "Họ và tên", "Email", "Mật khẩu một lần", "Vai trò"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for c in created:
        sheet.append([c.username, c.full_name, c.email, c.password, c.roles])
    for column, width in zip("ABCDE", (28, 28, 32, 20, 60), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append([])
    sheet.append(["Mật khẩu chỉ dùng cho lần đăng nhập đầu tiên; người dùng phải đổi ngay."])
    out = io.BytesIO()
    no_formulas(book).save(out)  # a name typed "=…" stays text
    return out.getvalue()
