"""The roles read with the user of a request (chiso.accounts.backends) are the roles the policy
would read on its own: same grants for every person, a role taken counts from the next request,
and forget_grants within a request reads the table again (issue 18)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from chiso.accounts.backends import PATH, ModelBackend
from chiso.accounts.models import Role, RoleAssignment
from chiso.accounts.policy import ROLE_ROWS, Action, allows, forget_grants, grants_of
from chiso.accounts.services import role_grant, role_revoke


def _with_rows(user: Any) -> Any:
    loaded = ModelBackend().get_user(user.pk)
    assert loaded is not None and hasattr(loaded, ROLE_ROWS)
    return loaded


def test_the_login_backend_is_the_one_reading_roles(settings: Any) -> None:
    assert PATH in settings.AUTHENTICATION_BACKENDS


def test_every_persons_grants_read_with_the_user_are_those_read_alone(cast: dict[str, Any]) -> None:
    people = [v for v in cast.values() if isinstance(v, get_user_model())]
    assert len(people) >= 9
    for person in people:
        alone = grants_of(get_user_model().objects.get(pk=person.pk))
        assert grants_of(_with_rows(person)) == alone, person.username


def test_a_person_without_roles_has_no_grants(cast: dict[str, Any]) -> None:
    user = get_user_model().objects.create_user(username="no.roles", password="x" * 16)
    loaded = _with_rows(user)
    assert grants_of(loaded).grants == () and not grants_of(loaded).system_admin


def test_a_role_taken_counts_from_the_next_request(cast: dict[str, Any]) -> None:
    reporter = cast["reporter_a"]
    form_unit = RoleAssignment.objects.filter(user=reporter, role=Role.REPORTER).get().unit
    before = _with_rows(reporter)
    assert allows(before, Action.UNIT_VIEW, form_unit)
    role_revoke(actor=None, assignment=RoleAssignment.objects.get(user=reporter))
    assert not allows(_with_rows(reporter), Action.UNIT_VIEW, form_unit)


def test_forget_grants_reads_the_table_again_within_the_request(cast: dict[str, Any]) -> None:
    reporter_b = cast["reporter_b"]
    loaded = _with_rows(reporter_b)  # roles read with the user, before the grant below
    unit_a = RoleAssignment.objects.filter(user=cast["reporter_a"]).get().unit
    role_grant(actor=None, user=loaded, role=Role.REPORTER, unit=unit_a)
    assert allows(loaded, Action.FORM_VIEW, unit_a)  # role_grant called forget_grants
    forget_grants(loaded)
    assert allows(loaded, Action.UNIT_VIEW, unit_a)
