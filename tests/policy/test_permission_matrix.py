"""The permission matrix: every role × own unit / other unit / other province × every action.

Each row is the specification written out by hand: Y allowed, F refused with 403 (the person
sees the object but may not do this), H refused with 404 (outside the person's scope: not even
its existence is shown). Columns are the objects, in the order of OBJECTS.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from chiso.accounts.policy import Action, Decision, Target, decide, require

PEOPLE = [
    "anonymous",
    "reporter_a",
    "head_a",
    "reporter_b",
    "reporter_commune",
    "appraiser",
    "approver",
    "province_admin",
    "other_appraiser",
    "system_admin",
]
# A: Huyện Đắk R'Lấp; B: Huyện Cư Jút; P: Đắk Nông as a whole (a campaign, a ranking);
# O: a commune of Lâm Đồng (2025); OP: Lâm Đồng as a whole.
OBJECTS = ["A", "B", "P", "O", "OP"]

CODES = {"Y": Decision.ALLOW, "F": Decision.FORBIDDEN, "H": Decision.HIDDEN}

# (action, target state) -> one string of OBJECTS' decisions per person, in PEOPLE order.
MATRIX: dict[tuple[Action, str], list[str]] = {
    (Action.UNIT_VIEW, "any"): [
        "H H H H H",  # anonymous
        "Y H Y H H",  # reporter of A
        "Y H Y H H",  # head of A
        "H Y Y H H",  # reporter of B
        "H H Y H H",  # reporter of a commune of the province
        "Y Y Y H H",  # appraiser of the province
        "Y Y Y H H",  # approver
        "Y Y Y H H",  # province administrator
        "H H H Y Y",  # appraiser of the other province
        "Y Y Y Y Y",  # system administrator
    ],
    (Action.UNIT_MANAGE, "any"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "Y Y Y H H",
        "H H H F F",
        "Y Y Y Y Y",
    ],
    (Action.ACCOUNT_MANAGE, "any"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "Y Y Y H H",
        "H H H F F",
        "Y Y Y Y Y",
    ],
    (Action.CAMPAIGN_MANAGE, "any"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "Y Y Y H H",
        "H H H F F",
        "Y Y Y Y Y",
    ],
    (Action.FORM_VIEW, "open"): [
        "H H H H H",
        "Y H Y H H",
        "Y H Y H H",
        "H Y Y H H",
        "H H Y H H",
        "Y Y Y H H",
        "Y Y Y H H",
        "Y Y Y H H",
        "H H H Y Y",
        "Y Y Y Y Y",
    ],
    (Action.FORM_EDIT, "open"): [
        "H H H H H",
        "Y H F H H",
        "Y H F H H",
        "H Y F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",  # the system administrator fills nobody's form
    ],
    (Action.FORM_EDIT, "closed"): [
        "H H H H H",
        "F H F H H",  # submitted or under appraisal: read-only for the unit
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.FORM_IMPORT_FOR_UNIT, "open"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "Y Y Y H H",  # the department enters a unit's Excel file for it
        "H H H F F",
        "F F F F F",  # the system administrator fills nobody's form
    ],
    (Action.FORM_IMPORT_FOR_UNIT, "closed"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",  # submitted or under appraisal: not even for the department
        "H H H F F",
        "F F F F F",
    ],
    # Which of the framework's tags a unit carries: the province administrator decides, in any
    # state of the form (the service refuses once the campaign's results are approved).
    (Action.FORM_TAGS_SET, "any"): [
        "H H H H H",
        "F H F H H",  # a unit never tags itself
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",  # nor the appraiser or the approver
        "F F F H H",
        "Y Y Y H H",
        "H H H F F",
        "Y Y Y Y Y",
    ],
    (Action.FORM_SUBMIT, "open"): [
        "H H H H H",
        "F H F H H",  # the reporter fills, the head submits
        "Y H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.FORM_SUBMIT, "open, reporter may submit"): [
        "H H H H H",
        "Y H F H H",
        "Y H F H H",
        "H Y F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.FORM_APPRAISE, "appraisal open"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "Y Y Y H H",
        "F F F H H",
        "F F F H H",
        "H H H Y Y",
        "F F F F F",
    ],
    (Action.FORM_APPRAISE, "closed"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",  # nothing to appraise before submission or after approval
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.FORM_APPRAISE, "assigned to the other appraiser"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",  # a unit assigned to one appraiser is appraised by that one only
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.FORM_REPLY, "appraisal open"): [
        "H H H H H",
        "Y H F H H",  # the unit answers the appraisers' questions on its own form
        "Y H F H H",
        "H Y F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.FORM_REPLY, "closed"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.CAMPAIGN_APPRAISE, "any"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "Y Y Y H H",
        "F F F H H",
        "Y Y Y H H",
        "H H H Y Y",
        "F F F F F",
    ],
    (Action.RESULTS_VIEW_DRAFT, "any"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "Y Y Y H H",
        "Y Y Y H H",
        "Y Y Y H H",
        "H H H Y Y",
        "Y Y Y Y Y",
    ],
    (Action.RESULTS_APPROVE, "any"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "Y Y Y H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.RESULTS_VIEW_PUBLISHED, "unpublished"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "Y Y Y H H",
        "Y Y Y H H",
        "Y Y Y H H",
        "H H H Y Y",
        "Y Y Y Y Y",
    ],
    (Action.RESULTS_VIEW_PUBLISHED, "published"): [
        "Y Y Y Y Y",  # the public reads published results
        "Y Y Y Y Y",
        "Y Y Y Y Y",
        "Y Y Y Y Y",
        "Y Y Y Y Y",
        "Y Y Y Y Y",
        "Y Y Y Y Y",
        "Y Y Y Y Y",
        "Y Y Y Y Y",
        "Y Y Y Y Y",
    ],
    (Action.AUDIT_VIEW, "any"): [
        "H H H H H",
        "Y H F H H",  # a unit sees its own unit's history
        "Y H F H H",
        "H Y F H H",
        "H H F H H",
        "Y Y Y H H",
        "Y Y Y H H",
        "Y Y Y H H",
        "H H H Y Y",
        "Y Y Y Y Y",
    ],
    # Sở Nội vụ's exports: the department may take them too; the Sở Nội vụ account itself is
    # in tests/policy/test_home_affairs_policy.py.
    (Action.RESULTS_HOME_AFFAIRS, "published"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "Y Y Y H H",
        "Y Y Y H H",
        "Y Y Y H H",
        "H H H Y Y",
        "Y Y Y Y Y",
    ],
    (Action.RESULTS_HOME_AFFAIRS, "unpublished"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",  # drafts are not exported
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "Y Y Y Y Y",
    ],
    (Action.RESULTS_MINISTRY_REPORT, "published"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",  # the approver or the province administrator sends it, not the appraiser
        "Y Y Y H H",
        "Y Y Y H H",
        "H H H F F",
        "Y Y Y Y Y",
    ],
    (Action.RESULTS_MINISTRY_REPORT, "unpublished"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "Y Y Y Y Y",
    ],
    (Action.DEADLINE_EXTEND, "any"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "Y Y Y H H",  # the department records the gia hạn decision
        "Y Y Y H H",
        "Y Y Y H H",
        "H H H Y Y",
        "F F F F F",  # the system administrator records no decision
    ],
    (Action.CONTEST_OPEN, "any"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "Y Y Y H H",
        "F F F H H",
        "Y Y Y H H",
        "H H H Y Y",
        "F F F F F",
    ],
    (Action.OBJECTION_FILE, "contest open"): [
        "H H H H H",
        "Y H F H H",  # a unit contests its own verified result only
        "Y H F H H",
        "H Y F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.OBJECTION_FILE, "closed"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.OBJECTION_ANSWER, "appraisal open"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "Y Y Y H H",  # the appraiser answers, through the ordinary verification
        "F F F H H",
        "F F F H H",
        "H H H Y Y",
        "F F F F F",
    ],
    (Action.OBJECTION_ANSWER, "assigned to the other appraiser"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.SOURCE_ASSIGN, "any"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "Y Y Y H H",  # the department assigns a criterion's values to an agency
        "H H H F F",
        "Y Y Y Y Y",
    ],
    # The target of SOURCE_ENTER is an assignment, whose unit is the agency (here A or B).
    (Action.SOURCE_ENTER, "provider open"): [
        "H H H H H",
        "Y H F H H",  # the agency's own officers enter its values
        "Y H F H H",
        "H Y F H H",
        "H H F H H",
        "F F F H H",  # the department does not type the agency's figures
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.SOURCE_ENTER, "closed"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.SURVEY_RECORD, "appraisal open"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "Y Y Y H H",  # any appraiser of the province records a visit
        "F F F H H",
        "F F F H H",
        "H H H Y Y",
        "F F F F F",
    ],
    (Action.SURVEY_RECORD, "closed"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "F F F H H",
        "H H H F F",
        "F F F F F",
    ],
    (Action.MEASURE_RUN, "any"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "Y Y Y H H",
        "F F F H H",
        "Y Y Y H H",
        "H H H Y Y",
        "Y Y Y Y Y",
    ],
    # The province's own framework versions: the province administrator (and system admin).
    (Action.FRAMEWORK_MANAGE, "any"): [
        "H H H H H",
        "F H F H H",
        "F H F H H",
        "H F F H H",
        "H H F H H",
        "F F F H H",
        "F F F H H",
        "Y Y Y H H",
        "H H H F F",
        "Y Y Y Y Y",
    ],
}

STATES = {
    "any": {},
    "open": {"form_open": True},
    "closed": {},
    "open, reporter may submit": {"form_open": True, "reporter_may_submit": True},
    "appraisal open": {"appraisal_open": True},
    "assigned to the other appraiser": {"appraisal_open": True, "appraiser_id": -1},
    "unpublished": {},
    "published": {"published": True},
    "contest open": {"contest_open": True},
    "provider open": {"provider_open": True},
}


def test_the_matrix_covers_every_action() -> None:
    assert {action for action, _ in MATRIX} == set(Action)


def _targets(cast: dict[str, Any], state: str) -> dict[str, Target]:
    from chiso.units.models import Unit

    other_commune = Unit.objects.filter(era="2025", province_code="68", level="commune").first()
    assert other_commune is not None
    flags = STATES[state]
    province, lamdong = cast["province"], cast["lamdong"]
    return {
        "A": Target(era="2019", province_code="67", unit_id=cast["dakrlap"].pk, **flags),
        "B": Target(era="2019", province_code="67", unit_id=cast["cujut"].pk, **flags),
        "P": Target(era=province.era, province_code=province.code, **flags),
        "O": Target(era="2025", province_code="68", unit_id=other_commune.pk, **flags),
        "OP": Target(era=lamdong.era, province_code=lamdong.code, **flags),
    }


def _cases() -> list[tuple[Action, str, str, str, Decision]]:
    cases = []
    for (action, state), rows in MATRIX.items():
        assert len(rows) == len(PEOPLE), (action, state)
        for person, row in zip(PEOPLE, rows, strict=True):
            for obj, code in zip(OBJECTS, row.split(), strict=True):
                cases.append((action, state, person, obj, CODES[code]))
    return cases


@pytest.mark.parametrize(("action", "state"), list(MATRIX))
def test_each_person_gets_exactly_the_decision_the_matrix_gives(
    cast: dict[str, Any], action: Action, state: str
) -> None:
    targets = _targets(cast, state)
    wrong = []
    for case_action, case_state, person, obj, expected in _cases():
        if (case_action, case_state) != (action, state):
            continue
        user = AnonymousUser() if person == "anonymous" else cast[person]
        got = decide(user, action, targets[obj])
        if got is not expected:
            wrong.append(f"{person} {action} {obj}: expected {expected.name}, got {got.name}")
    assert wrong == []


def test_require_raises_404_outside_scope_and_403_inside(cast: dict[str, Any]) -> None:
    targets = _targets(cast, "open")

    with pytest.raises(Http404):
        require(cast["reporter_b"], Action.FORM_VIEW, targets["A"])
    with pytest.raises(PermissionDenied):
        require(cast["appraiser"], Action.FORM_EDIT, targets["A"])
    require(cast["reporter_a"], Action.FORM_EDIT, targets["A"])


def test_a_deactivated_account_is_treated_as_anonymous(cast: dict[str, Any]) -> None:
    reporter = cast["reporter_a"]
    reporter.is_active = False

    assert decide(reporter, Action.UNIT_VIEW, cast["dakrlap"]) is Decision.HIDDEN


def test_a_role_given_later_counts_once_the_user_is_read_again(cast: dict[str, Any]) -> None:
    from chiso.accounts.models import Role, User
    from chiso.accounts.services import role_grant

    reporter_b = cast["reporter_b"]
    assert decide(reporter_b, Action.UNIT_VIEW, cast["dakrlap"]) is Decision.HIDDEN

    role_grant(
        actor=cast["province_admin"], user=reporter_b, role=Role.REPORTER, unit=cast["dakrlap"]
    )

    fresh = User.objects.get(pk=reporter_b.pk)
    assert decide(fresh, Action.UNIT_VIEW, cast["dakrlap"]) is Decision.ALLOW
    assert decide(reporter_b, Action.UNIT_VIEW, cast["dakrlap"]) is Decision.ALLOW
