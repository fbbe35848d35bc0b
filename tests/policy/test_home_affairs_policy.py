"""Sở Nội vụ (``Role.HOME_AFFAIRS``): read-only across its province, published results only.

One row per action and state, as in the permission matrix, for a Sở Nội vụ account of Đắk Nông;
objects A (Huyện Đắk R'Lấp), B (Huyện Cư Jút), P (Đắk Nông as a whole), O (a Lâm Đồng commune),
OP (Lâm Đồng as a whole).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from chiso.accounts.models import PROVINCE_ROLE_NEEDS_PROVINCE, Role, RoleAssignment
from chiso.accounts.policy import Action, decide
from tests.policy.test_permission_matrix import CODES, OBJECTS, STATES, _targets

HOME_AFFAIRS: dict[tuple[Action, str], str] = {
    (Action.UNIT_VIEW, "any"): "H H Y H H",
    (Action.UNIT_MANAGE, "any"): "H H F H H",
    (Action.ACCOUNT_MANAGE, "any"): "H H F H H",
    (Action.CAMPAIGN_MANAGE, "any"): "H H F H H",
    (Action.FORM_VIEW, "open"): "H H Y H H",  # a unit's form stays hidden; P is no form
    (Action.FORM_EDIT, "open"): "H H F H H",
    (Action.FORM_EDIT, "closed"): "H H F H H",
    (Action.FORM_IMPORT_FOR_UNIT, "open"): "H H F H H",
    (Action.FORM_IMPORT_FOR_UNIT, "closed"): "H H F H H",
    (Action.FORM_TAGS_SET, "any"): "H H F H H",
    (Action.FORM_SUBMIT, "open"): "H H F H H",
    (Action.FORM_SUBMIT, "open, reporter may submit"): "H H F H H",
    (Action.FORM_APPRAISE, "appraisal open"): "H H F H H",
    (Action.FORM_APPRAISE, "closed"): "H H F H H",
    (Action.FORM_APPRAISE, "assigned to the other appraiser"): "H H F H H",
    (Action.FORM_REPLY, "appraisal open"): "H H F H H",
    (Action.FORM_REPLY, "closed"): "H H F H H",
    (Action.CAMPAIGN_APPRAISE, "any"): "H H F H H",
    (Action.RESULTS_VIEW_DRAFT, "any"): "H H F H H",  # no drafts: 403
    (Action.RESULTS_APPROVE, "any"): "H H F H H",
    (Action.RESULTS_VIEW_PUBLISHED, "unpublished"): "H H F H H",
    (Action.RESULTS_VIEW_PUBLISHED, "published"): "Y Y Y Y Y",
    (Action.AUDIT_VIEW, "any"): "H H F H H",  # no audit trail: 403
    (Action.RESULTS_HOME_AFFAIRS, "published"): "H H Y H H",
    (Action.RESULTS_HOME_AFFAIRS, "unpublished"): "H H F H H",
    (Action.RESULTS_MINISTRY_REPORT, "published"): "H H F H H",
    (Action.RESULTS_MINISTRY_REPORT, "unpublished"): "H H F H H",
    # Deadlines and the contest window are the department's and the units' business.
    (Action.DEADLINE_EXTEND, "any"): "H H F H H",
    (Action.CONTEST_OPEN, "any"): "H H F H H",
    (Action.OBJECTION_FILE, "contest open"): "H H F H H",
    (Action.OBJECTION_FILE, "closed"): "H H F H H",
    (Action.OBJECTION_ANSWER, "appraisal open"): "H H F H H",
    (Action.OBJECTION_ANSWER, "assigned to the other appraiser"): "H H F H H",
    # Specialised agencies' data, field visits and measurements: not Sở Nội vụ's as a reader
    # (its own officers supply values through a reporter role on the agency, like any agency).
    (Action.SOURCE_ASSIGN, "any"): "H H F H H",
    (Action.SOURCE_ENTER, "provider open"): "H H F H H",
    (Action.SOURCE_ENTER, "closed"): "H H F H H",
    (Action.SURVEY_RECORD, "appraisal open"): "H H F H H",
    (Action.SURVEY_RECORD, "closed"): "H H F H H",
    (Action.MEASURE_RUN, "any"): "H H F H H",
    (Action.FRAMEWORK_MANAGE, "any"): "H H F H H",  # the province's frameworks: the department's
}


@pytest.fixture
def home_affairs(cast: dict[str, Any]) -> Any:
    from chiso.accounts.services import role_grant, user_create

    user, _ = user_create(actor=None, username="noivu", full_name="Sở Nội vụ", email="")
    role_grant(actor=None, user=user, role=Role.HOME_AFFAIRS, unit=cast["province"])
    return user


def test_every_action_has_a_home_affairs_row() -> None:
    assert {action for action, _ in HOME_AFFAIRS} == set(Action)
    assert {state for _, state in HOME_AFFAIRS} <= set(STATES)


@pytest.mark.parametrize(("action", "state"), list(HOME_AFFAIRS))
def test_home_affairs_gets_exactly_the_decision_of_its_row(
    cast: dict[str, Any], home_affairs: Any, action: Action, state: str
) -> None:
    targets = _targets(cast, state)
    got = [decide(home_affairs, action, targets[o]) for o in OBJECTS]
    assert got == [CODES[c] for c in HOME_AFFAIRS[(action, state)].split()]


def test_the_role_is_held_on_a_province_only(cast: dict[str, Any], home_affairs: Any) -> None:
    assignment = RoleAssignment(user=home_affairs, role=Role.HOME_AFFAIRS, unit=cast["dakrlap"])
    with pytest.raises(ValidationError) as refused:
        assignment.full_clean()
    assert PROVINCE_ROLE_NEEDS_PROVINCE in refused.value.messages
