"""The one permission policy: may this person do this action on this object?

Every view, API endpoint, export and file download asks ``decide``/``require``. Objects are
reduced to a ``Target``: the province they belong to, the unit (if any), and the workflow facts
the rules need (is the form open to the unit, is appraisal open, is it published).

Answers: ALLOW; FORBIDDEN (403: the person may see the object but not do this); HIDDEN (404:
the object lies outside the person's scope, and even its existence must not leak).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.http import Http404

from chiso.accounts.models import PROVINCE_ROLES, READER_ROLES, UNIT_ROLES, Role
from chiso.units.models import Unit

FORBIDDEN_MESSAGE = "Bạn không có quyền thực hiện thao tác này."
HIDDEN_MESSAGE = "Không tìm thấy trang hoặc bạn không có quyền xem."


class Action(StrEnum):
    UNIT_VIEW = "unit.view"
    UNIT_MANAGE = "unit.manage"  # add agencies, import units of the province
    ACCOUNT_MANAGE = "account.manage"  # create accounts, give and take roles
    CAMPAIGN_MANAGE = "campaign.manage"
    FORM_VIEW = "form.view"  # a unit's form, its evidence and its Excel file
    FORM_EDIT = "form.edit"
    # The department enters a unit's filled-in Excel file for it (bulk upload of many units).
    FORM_IMPORT_FOR_UNIT = "form.import_for_unit"
    FORM_SUBMIT = "form.submit"
    # The department sets which of the framework's tags a unit carries in a campaign.
    FORM_TAGS_SET = "form.tags_set"
    FORM_APPRAISE = "form.appraise"
    FORM_REPLY = "form.reply"  # the unit answers an appraiser's question
    CAMPAIGN_APPRAISE = "campaign.appraise"  # start appraisal, assign, send for approval
    RESULTS_VIEW_DRAFT = "results.view_draft"
    RESULTS_APPROVE = "results.approve"
    RESULTS_VIEW_PUBLISHED = "results.view_published"
    AUDIT_VIEW = "audit.view"
    # Sở Nội vụ's exports of the published results (emulation and rewards, the PAR index).
    RESULTS_HOME_AFFAIRS = "results.home_affairs"
    # The province's report to the ministry on the published results.
    RESULTS_MINISTRY_REPORT = "results.ministry_report"
    # Deadlines and the contest window (docs/deadlines.md).
    DEADLINE_EXTEND = "deadline.extend"  # record a gia hạn decision for one or more units
    CONTEST_OPEN = "contest.open"  # open the window in which units may contest their results
    OBJECTION_FILE = "objection.file"  # a unit contests one criterion of its verified result
    OBJECTION_ANSWER = "objection.answer"  # the appraiser accepts or rejects an objection
    # Specialised agencies, field survey, measurements (docs/sources.md).
    SOURCE_ASSIGN = "source.assign"  # the department gives an agency criteria to supply
    SOURCE_ENTER = "source.enter"  # the agency enters its values for every unit
    SURVEY_RECORD = "survey.record"  # an appraiser records a field visit to a unit
    MEASURE_RUN = "measure.run"  # run the measurement connectors of a campaign
    # The province's own frameworks: create, edit, publish versions and see their drafts.
    FRAMEWORK_MANAGE = "framework.manage"


class Decision(Enum):
    ALLOW = "allow"
    FORBIDDEN = "forbidden"
    HIDDEN = "hidden"


@dataclass(frozen=True, slots=True)
class Target:
    """What the policy needs to know about an object. ``unit_id`` None: province-wide."""

    era: str
    province_code: str
    unit_id: int | None = None
    form_open: bool = False
    reporter_may_submit: bool = False
    appraisal_open: bool = False
    published: bool = False
    appraiser_id: int | None = None  # the one appraiser a form is assigned to, if any
    contest_open: bool = False  # the form's unit may contest its verified result now
    provider_open: bool = False  # an agency's assignment takes values (its campaign is open)


class HasTarget(Protocol):
    def policy_target(self) -> Target: ...


@dataclass(frozen=True, slots=True)
class Grant:
    role: Role
    era: str
    province_code: str
    unit_id: int | None


@dataclass(frozen=True, slots=True)
class Grants:
    """A person's roles, read once per request."""

    authenticated: bool
    system_admin: bool
    grants: tuple[Grant, ...]
    user_id: int | None = None

    def province_roles(self, target: Target) -> set[Role]:
        return {
            g.role
            for g in self.grants
            if g.role in PROVINCE_ROLES
            and (g.era, g.province_code) == (target.era, target.province_code)
        }

    def reader_roles(self, target: Target) -> set[Role]:
        """Read-only province roles (Sở Nội vụ) held on the target's province."""
        return {
            g.role
            for g in self.grants
            if g.role in READER_ROLES
            and (g.era, g.province_code) == (target.era, target.province_code)
        }

    def unit_roles(self, target: Target) -> set[Role]:
        if target.unit_id is None:
            return set()
        return {g.role for g in self.grants if g.role in UNIT_ROLES and g.unit_id == target.unit_id}

    def in_province(self, target: Target) -> bool:
        return any(
            (g.era, g.province_code) == (target.era, target.province_code) for g in self.grants
        )


ANONYMOUS = Grants(authenticated=False, system_admin=False, grants=())


# The person's role assignments as read with the user at the start of a request
# (chiso.accounts.backends: one statement for both); grants_of reads them instead of querying.
ROLE_ROWS = "_chiso_role_rows"
_NOT_READ = object()


def role_rows_sql() -> RawSQL:
    """For the user's query: ``[{"role", "unit", "era", "province"}, ...]`` as JSON text (None
    or ``[]``: no role), read in the same statement as the user, as ``grants_of`` would read
    them. Plain SQL (SQLite's json_group_array, PostgreSQL's json_agg): an ORM subquery would
    cost every request more to compile than the query it saves."""
    from django.db import connection

    sql = _ROLE_ROWS_POSTGRESQL if connection.vendor == "postgresql" else _ROLE_ROWS_SQLITE
    return RawSQL(sql, (), output_field=TextField())  # noqa: S611 - constant text, no input


# Table names are the models' (accounts_roleassignment, units_unit, accounts_user), as Django
# names the user's table in its query; no value of the request goes into the text.
_ROLE_ROWS_FROM = (
    " FROM accounts_roleassignment a LEFT JOIN units_unit u ON u.id = a.unit_id"
    ' WHERE a.user_id = "accounts_user"."id"'
)
_ROLE_PAIRS = "'role', a.role, 'unit', a.unit_id, 'era', u.era, 'province', u.province_code"
_ROLE_ROWS_SQLITE = f"SELECT JSON_GROUP_ARRAY(JSON_OBJECT({_ROLE_PAIRS})){_ROLE_ROWS_FROM}"
_ROLE_ROWS_POSTGRESQL = f"SELECT JSON_AGG(JSON_BUILD_OBJECT({_ROLE_PAIRS}))::text{_ROLE_ROWS_FROM}"


def _role_rows(user: Any) -> list[tuple[str, int | None, str, str]]:
    read = getattr(user, ROLE_ROWS, _NOT_READ)  # request.user is a lazy proxy: no __dict__
    if read is not _NOT_READ:
        delattr(user, ROLE_ROWS)  # read once: forget_grants then reads the table again
    else:
        return [
            (a.role, a.unit_id, a.unit.era, a.unit.province_code)
            if a.unit is not None
            else (a.role, None, "", "")
            for a in user.role_assignments.select_related("unit")
        ]
    return [
        (row["role"], row["unit"], row["era"] or "", row["province"] or "")
        for row in json.loads(str(read or "[]"))
    ]


def grants_of(user: Any) -> Grants:
    """The user's grants, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_chiso_grants", None)
    if cached is not None:
        return cached
    grants = []
    system_admin = bool(user.is_superuser)
    for role, unit_id, era, province_code in _role_rows(user):
        if role == Role.SYSTEM_ADMIN:
            system_admin = True
            continue
        if unit_id is None:
            continue
        grants.append(
            Grant(
                Role(role),
                era,
                province_code,
                None if role in PROVINCE_ROLES | READER_ROLES else unit_id,
            )
        )
    result = Grants(True, system_admin, tuple(grants), user.pk)
    user._chiso_grants = result
    return result


def forget_grants(user: Any) -> None:
    """Call after changing a user's roles within the same request."""
    if hasattr(user, ROLE_ROWS):  # read before the change
        delattr(user, ROLE_ROWS)
    if hasattr(user, "_chiso_grants"):
        del user._chiso_grants


def target_of(obj: Target | HasTarget | Unit) -> Target:
    if isinstance(obj, Target):
        return obj
    if isinstance(obj, Unit):
        return Target(
            era=obj.era,
            province_code=obj.province_code,
            unit_id=None if obj.is_province else obj.pk,
        )
    return obj.policy_target()


def _sees(g: Grants, t: Target) -> bool:
    if g.province_roles(t) or g.unit_roles(t):
        return True
    # A province-wide object (the campaign, the province itself) is seen by every role in it.
    return t.unit_id is None and g.in_province(t)


_Rule = Callable[[Grants, Target], bool]
_WORKFLOW = frozenset(
    {
        Action.FORM_EDIT,
        Action.FORM_IMPORT_FOR_UNIT,
        Action.FORM_SUBMIT,
        Action.FORM_APPRAISE,
        Action.FORM_REPLY,
        Action.CAMPAIGN_APPRAISE,
        Action.RESULTS_APPROVE,
        Action.DEADLINE_EXTEND,
        Action.CONTEST_OPEN,
        Action.OBJECTION_FILE,
        Action.OBJECTION_ANSWER,
        Action.SOURCE_ENTER,
        Action.SURVEY_RECORD,
    }
)

RULES: dict[Action, _Rule] = {
    Action.UNIT_VIEW: _sees,
    Action.UNIT_MANAGE: lambda g, t: Role.PROVINCE_ADMIN in g.province_roles(t),
    Action.ACCOUNT_MANAGE: lambda g, t: Role.PROVINCE_ADMIN in g.province_roles(t),
    Action.CAMPAIGN_MANAGE: lambda g, t: Role.PROVINCE_ADMIN in g.province_roles(t),
    Action.FORM_VIEW: _sees,
    Action.FORM_EDIT: lambda g, t: t.form_open and bool(g.unit_roles(t)),
    Action.FORM_IMPORT_FOR_UNIT: lambda g, t: (
        t.form_open and Role.PROVINCE_ADMIN in g.province_roles(t)
    ),
    Action.FORM_TAGS_SET: lambda g, t: Role.PROVINCE_ADMIN in g.province_roles(t),
    Action.FORM_SUBMIT: lambda g, t: (
        t.form_open
        and (
            Role.HEAD in g.unit_roles(t)
            or (t.reporter_may_submit and Role.REPORTER in g.unit_roles(t))
        )
    ),
    Action.FORM_APPRAISE: lambda g, t: (
        t.appraisal_open
        and Role.APPRAISER in g.province_roles(t)
        and t.appraiser_id in (None, g.user_id)
    ),
    Action.FORM_REPLY: lambda g, t: (t.appraisal_open or t.form_open) and bool(g.unit_roles(t)),
    Action.CAMPAIGN_APPRAISE: lambda g, t: bool(
        {Role.APPRAISER, Role.PROVINCE_ADMIN} & g.province_roles(t)
    ),
    Action.RESULTS_VIEW_DRAFT: lambda g, t: bool(g.province_roles(t)),
    Action.RESULTS_APPROVE: lambda g, t: Role.APPROVER in g.province_roles(t),
    Action.RESULTS_VIEW_PUBLISHED: lambda g, t: t.published or bool(g.province_roles(t)),
    Action.AUDIT_VIEW: lambda g, t: bool(g.province_roles(t) or g.unit_roles(t)),
    Action.RESULTS_HOME_AFFAIRS: lambda g, t: (
        t.published and bool(g.reader_roles(t) or g.province_roles(t))
    ),
    Action.RESULTS_MINISTRY_REPORT: lambda g, t: (
        t.published and bool({Role.APPROVER, Role.PROVINCE_ADMIN} & g.province_roles(t))
    ),
    # The department records the decision; the appraisers or the approver may enter it.
    Action.DEADLINE_EXTEND: lambda g, t: bool(
        {Role.APPRAISER, Role.APPROVER, Role.PROVINCE_ADMIN} & g.province_roles(t)
    ),
    Action.CONTEST_OPEN: lambda g, t: bool(
        {Role.APPRAISER, Role.PROVINCE_ADMIN} & g.province_roles(t)
    ),
    Action.OBJECTION_FILE: lambda g, t: t.contest_open and bool(g.unit_roles(t)),
    Action.OBJECTION_ANSWER: lambda g, t: (
        t.appraisal_open
        and Role.APPRAISER in g.province_roles(t)
        and t.appraiser_id in (None, g.user_id)
    ),
    Action.SOURCE_ASSIGN: lambda g, t: Role.PROVINCE_ADMIN in g.province_roles(t),
    # The target is the assignment: its unit is the agency, whose own officers enter.
    Action.SOURCE_ENTER: lambda g, t: t.provider_open and bool(g.unit_roles(t)),
    Action.SURVEY_RECORD: lambda g, t: t.appraisal_open and Role.APPRAISER in g.province_roles(t),
    Action.MEASURE_RUN: lambda g, t: bool(
        {Role.APPRAISER, Role.PROVINCE_ADMIN} & g.province_roles(t)
    ),
    Action.FRAMEWORK_MANAGE: lambda g, t: Role.PROVINCE_ADMIN in g.province_roles(t),
}


def decide(user: Any, action: Action, obj: Target | HasTarget | Unit) -> Decision:
    target = target_of(obj)
    if action is Action.RESULTS_VIEW_PUBLISHED and target.published:
        return Decision.ALLOW
    g = grants_of(user)
    if not g.authenticated:
        return Decision.HIDDEN
    if g.system_admin:
        # The system administrator sees and manages everything, but signs nobody's work:
        # filling, submitting, appraising and approving need the real role.
        if action not in _WORKFLOW:
            return Decision.ALLOW
        return Decision.ALLOW if RULES[action](g, target) else Decision.FORBIDDEN
    if not _sees(g, target):
        return Decision.HIDDEN
    return Decision.ALLOW if RULES[action](g, target) else Decision.FORBIDDEN


def allows(user: Any, action: Action, obj: Target | HasTarget | Unit) -> bool:
    return decide(user, action, obj) is Decision.ALLOW


def require(user: Any, action: Action, obj: Target | HasTarget | Unit) -> None:
    """Raise Http404 (HIDDEN) or PermissionDenied (FORBIDDEN) unless allowed."""
    decision = decide(user, action, obj)
    if decision is Decision.HIDDEN:
        raise Http404(HIDDEN_MESSAGE)
    if decision is Decision.FORBIDDEN:
        raise PermissionDenied(FORBIDDEN_MESSAGE)


def visible_units(user: Any) -> QuerySet[Unit]:
    """Units the person may see: all for a system admin, else their provinces and units."""
    g = grants_of(user)
    if g.system_admin:
        return Unit.objects.all()
    scope = Q(pk__in=[x.unit_id for x in g.grants if x.unit_id is not None])
    for x in g.grants:
        if x.role in PROVINCE_ROLES:
            scope |= Q(era=x.era, province_code=x.province_code)
    return Unit.objects.filter(scope) if g.grants else Unit.objects.none()


def managed_provinces(user: Any) -> QuerySet[Unit]:
    """The provinces whose units and accounts the person administers."""
    g = grants_of(user)
    provinces = Unit.objects.filter(level="province")
    if g.system_admin:
        return provinces
    scope = Q(pk__in=[])
    for x in g.grants:
        if x.role == Role.PROVINCE_ADMIN:
            scope |= Q(era=x.era, code=x.province_code)
    return provinces.filter(scope)
