"""The transition table is the only way through: every (state, step, role) of campaigns and
forms, through the services, the web pages and the API.

For every attempt: never a 5xx; if the status changed, the change is the table's row for
(status found, step asked) — or the appraisers' "take_up" row followed by it — the person's role
is one the policy allows for the row's action, and the row's reason was given when it needs
one; if the status did not change, nothing was written (no version bump, no audit entry of a
status change). Every row of the table is traversed at least once in every channel, so the walk
is not vacuous. A published campaign is walked too: its only way back to appraisal is "reopen",
with a reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from chiso.accounts.policy import Action, allows
from chiso.accounts.tokens import token_create
from chiso.appraisal import approval
from chiso.appraisal import services as appraisal
from chiso.appraisal.models import Comment
from chiso.audit.models import Entry
from chiso.campaigns.models import Campaign, CampaignStatus, Form, FormStatus
from chiso.campaigns.services import campaign_create, campaign_open, form_submit, form_withdraw
from chiso.campaigns.workflow import (
    CAMPAIGN_STEPS,
    CAMPAIGN_TRANSITIONS,
    FORM_STEPS,
    FORM_TRANSITIONS,
    Transition,
)
from chiso.demo.results import appraise
from chiso.results.models import Snapshot, checksum
from tests.conftest import open_campaign

CHANNELS = ("service", "web", "api")
REASON = "Lý do kiểm thử"
CAMPAIGN_ROLES = (
    "appraiser",
    "approver",
    "province_admin",
    "head_a",
    "other_appraiser",
    "system_admin",
)
FORM_ROLES = ("head_a", "reporter_a", "appraiser", "approver", "province_admin")
APPRAISAL_STEPS = ("take_up", "return", "verify")


class Caller:
    """One person through one channel; ``run`` returns the HTTP status (None for a service)."""

    def __init__(self, channel: str, user: Any) -> None:
        self.channel, self.user = channel, user
        self.client = Client()
        if channel == "web":
            self.client.force_login(user)
        self.headers = (
            {"Authorization": f"Bearer {token_create(actor=user, name='walk').secret}"}
            if channel == "api"
            else {}
        )

    def web(self, path: str, data: dict[str, str]) -> int:
        return int(self.client.post(path, data).status_code)

    def api(self, path: str, body: dict[str, Any]) -> int:
        response = self.client.post(
            f"/api/v1{path}",
            json.dumps(body),
            content_type="application/json",
            headers=self.headers,
        )
        return int(response.status_code)

    def service(self, call: Callable[[], Any]) -> None:
        try:
            call()
        except Exception as error:  # noqa: BLE001 - a refusal of any kind; the walk checks the state
            if type(error).__name__ not in {
                "TransitionError",
                "ValidationError",
                "PermissionDenied",
                "Http404",
                "StaleEdit",
                "FormIncomplete",
                "ValueError",
            }:
                raise


# --- campaigns -------------------------------------------------------------------------------

CAMPAIGN_API = {
    "open": "open",
    "start": "start-appraisal",
    "request": "request-approval",
    "approve": "approve",
    "reopen": "reopen",
}


def _campaign_step(caller: Caller, campaign: Campaign, step: str, reason: str) -> int | None:
    version = campaign.version
    if caller.channel == "service":
        user = caller.user
        calls: dict[str, Callable[[], Any]] = {
            "open": lambda: campaign_open(actor=user, campaign=campaign),
            "start": lambda: approval.campaign_start_appraisal(actor=user, campaign=campaign),
            "request": lambda: approval.campaign_request_approval(actor=user, campaign=campaign),
            "approve": lambda: approval.campaign_approve(
                actor=user, campaign=campaign, expected_version=version
            ),
            "reopen": lambda: approval.campaign_reopen(
                actor=user, campaign=campaign, reason=reason
            ),
        }
        caller.service(calls[step])
        return None
    if caller.channel == "web":
        if step == "open":
            return caller.web(f"/admin/campaigns/campaign/{campaign.pk}/open/", {})
        data = {"reason": reason, "version": str(version)}
        return caller.web(f"/campaigns/{campaign.pk}/approval/{step}/", data)
    body: dict[str, Any] = {"reason": reason} if step == "reopen" else {}
    if step == "approve":
        body = {"version": version}
    return caller.api(f"/campaigns/{campaign.pk}/{CAMPAIGN_API[step]}", body)


def _status_entries() -> int:
    """Audit entries that record a status change."""
    return Entry.objects.filter(changes__has_key="status").count()


def _check_campaign(
    label: str,
    user: Any,
    before: Campaign,
    after: Campaign,
    reason: str,
    step: str,
    code: int | None,
    entries: int,
) -> Transition | None:
    assert code is None or code < 500, label
    row = CAMPAIGN_STEPS.get((CampaignStatus(before.status), step))
    may = row is not None and allows(user, row.action, before)
    if after.status == before.status:
        assert after.version == before.version, label
        assert _status_entries() == entries, label
        assert not (may and row is not None and (reason or not row.needs_reason)), label
        return None
    assert row is not None, f"{label}: moved to {after.status} without a row"
    assert after.status == row.target, label
    assert may, f"{label}: moved though the policy refuses {row.action}"
    assert reason or not row.needs_reason, f"{label}: moved without the reason the row needs"
    assert _status_entries() == entries + 1, label
    if row.needs_reason:
        latest = Entry.objects.filter(changes__has_key="status").order_by("-seq").first()
        assert latest is not None and latest.reason == reason.strip(), label
    return row


def _reasons(rows: tuple[Transition, ...], step: str) -> tuple[str, ...]:
    return ("", REASON) if any(r.needs_reason for r in rows if r.step == step) else ("",)


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_campaign_step_goes_only_where_the_table_says(
    channel: str, cast: dict[str, Any]
) -> None:
    cache.clear()
    callers = {name: Caller(channel, cast[name]) for name in CAMPAIGN_ROLES}
    plain = open_campaign(cast, year=2019, frameworks={"district": "vn-2392-huyen"})
    published = open_campaign(cast, year=2020, frameworks={"district": "vn-2392-huyen"})
    Snapshot.objects.create(
        campaign=published,
        version=1,
        data={},
        sha256=checksum({}),
        published_at=timezone.now(),
        published_by=cast["approver"],
    )
    # Every unit left out (with a reason): approval's readiness holds, so only the table and
    # the policy decide.
    Form.objects.filter(campaign__in=[plain, published]).update(
        excluded=True, exclusion_reason="Kiểm thử"
    )
    steps = sorted({t.step for t in CAMPAIGN_TRANSITIONS})
    seen: set[tuple[str, str]] = set()
    drafts = 0
    states = [s for s in CampaignStatus if s != CampaignStatus.DRAFT]
    walks = [(plain, s) for s in states] + [(published, s) for s in states]
    walks += [(None, CampaignStatus.DRAFT)]
    for fixed, state in walks:
        for step in steps:
            for role in CAMPAIGN_ROLES:
                for reason in _reasons(CAMPAIGN_TRANSITIONS, step):
                    if fixed is None:  # a fresh campaign in preparation for every attempt
                        drafts += 1
                        campaign = campaign_create(
                            actor=cast["province_admin"],
                            province=cast["province"],
                            year=2021,
                            name=f"Đợt nháp {drafts}",
                            request_date=dt.date(2021, 10, 1),
                            deadline_working_days=15,
                            frameworks={"district": "vn-2392-huyen"},
                        )
                    else:
                        campaign = fixed
                        Campaign.objects.filter(pk=campaign.pk).update(status=state)
                    before = Campaign.objects.select_related("province").get(pk=campaign.pk)
                    entries = _status_entries()
                    code = _campaign_step(callers[role], before, step, reason)
                    after = Campaign.objects.get(pk=campaign.pk)
                    label = f"{channel}: {state} {step} by {role} reason={reason!r} -> {code}"
                    row = _check_campaign(
                        label, cast[role], before, after, reason, step, code, entries
                    )
                    if row is not None:
                        seen.add((row.source, row.step))
    assert seen == set(CAMPAIGN_STEPS), set(CAMPAIGN_STEPS) - seen


def test_published_results_go_back_to_appraisal_only_by_a_reasoned_reopen(
    cast: dict[str, Any],
) -> None:
    """The finding: "start" on approved or published results moved them back, no reason."""
    campaign = open_campaign(cast, year=2019, frameworks={"district": "vn-2392-huyen"})
    Form.objects.filter(campaign=campaign).update(excluded=True, exclusion_reason="Kiểm thử")
    campaign = approval.campaign_start_appraisal(actor=cast["appraiser"], campaign=campaign)
    campaign = approval.campaign_request_approval(actor=cast["appraiser"], campaign=campaign)
    campaign = approval.campaign_approve(
        actor=cast["approver"], campaign=campaign, expected_version=campaign.version
    )
    Snapshot.objects.create(
        campaign=campaign,
        version=1,
        data={},
        sha256=checksum({}),
        published_at=timezone.now(),
        published_by=cast["approver"],
    )
    web = Client()
    web.force_login(cast["approver"])
    token = token_create(actor=cast["approver"], name="t").secret
    start_api = web.post(
        f"/api/v1/campaigns/{campaign.pk}/start-appraisal",
        "{}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert start_api.status_code == 409
    assert start_api.json()["code"] == "transition_not_allowed"
    page = web.post(f"/campaigns/{campaign.pk}/approval/start/")
    assert page.status_code == 409
    assert "Đã phê duyệt" in page.content.decode()
    assert web.post(f"/campaigns/{campaign.pk}/approval/reopen/", {"reason": " "}).status_code
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.APPROVED
    reopened = approval.campaign_reopen(
        actor=cast["approver"], campaign=campaign, reason="Khiếu nại"
    )
    assert reopened.status == CampaignStatus.APPRAISING
    entry = Entry.objects.order_by("-seq").first()
    assert entry is not None and entry.reason == "Khiếu nại"
    assert entry.changes["published_version"] == 1


# --- forms -----------------------------------------------------------------------------------

FORM_STEP_NAMES = ("submit", "withdraw", "take_up", "return", "verify", "reopen")


def _form_step(caller: Caller, form: Form, step: str, reason: str) -> int | None:
    version = form.version
    if caller.channel == "service":
        user = caller.user
        calls: dict[str, Callable[[], Any]] = {
            "submit": lambda: form_submit(actor=user, form=form, expected_version=version),
            "withdraw": lambda: form_withdraw(actor=user, form=form),
            "take_up": lambda: appraisal.question_ask(
                actor=user, form=form, criterion="", text="Câu hỏi"
            ),
            "return": lambda: appraisal.form_return(
                actor=user, form=form, message=reason, expected_version=version
            ),
            "verify": lambda: appraisal.form_verify(
                actor=user, form=form, expected_version=version
            ),
            "reopen": lambda: appraisal.form_reopen(actor=user, form=form, reason=reason),
        }
        caller.service(calls[step])
        return None
    if caller.channel == "web":
        paths = {
            "submit": (f"/forms/{form.pk}/submit/", {"version": str(version)}),
            "withdraw": (f"/forms/{form.pk}/withdraw/", {}),
            "take_up": (f"/appraisal/forms/{form.pk}/ask/", {"criterion": "", "text": "Câu hỏi"}),
            "return": (
                f"/appraisal/forms/{form.pk}/return/",
                {"message": reason, "version": str(version)},
            ),
            "verify": (f"/appraisal/forms/{form.pk}/verify/", {"version": str(version)}),
            "reopen": (f"/appraisal/forms/{form.pk}/reopen/", {"reason": reason}),
        }
        return caller.web(*paths[step])
    bodies: dict[str, tuple[str, dict[str, Any]]] = {
        "submit": ("submit", {"version": version}),
        "withdraw": ("withdraw", {}),
        "take_up": ("questions", {"criterion": "", "text": "Câu hỏi"}),
        "return": ("return", {"message": reason, "version": version}),
        "verify": ("verify", {"version": version}),
        "reopen": ("reopen", {"reason": reason}),
    }
    tail, body = bodies[step]
    return caller.api(f"/forms/{form.pk}/{tail}", body)


def _chain(state: str, step: str) -> list[Transition] | None:
    """The rows a step may traverse from ``state``: the appraisers' steps take a submitted or
    resubmitted form up first. None: the table has no way."""
    rows: list[Transition] = []
    if step in APPRAISAL_STEPS and state in (FormStatus.SUBMITTED, FormStatus.RESUBMITTED):
        rows.append(FORM_STEPS[(FormStatus(state), "take_up")])
        state = FormStatus.IN_REVIEW
        if step == "take_up":
            return rows
    row = FORM_STEPS.get((FormStatus(state), step))
    return None if row is None else [*rows, row]


def _may(user: Any, row: Transition, form: Form) -> bool:
    target = form.policy_target()
    if row.step == "withdraw":  # the submitter takes back what is not yet appraised
        target = dataclasses.replace(target, form_open=True)
        if form.campaign.status != CampaignStatus.COLLECTING:
            return False
    return allows(user, row.action, target)


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_form_step_goes_only_where_the_table_says(
    channel: str, submitted_a: Form, cast: dict[str, Any]
) -> None:
    cache.clear()
    form = submitted_a
    appraise(form, cast["appraiser"], {})  # every criterion decided: "verify" can succeed
    callers = {name: Caller(channel, cast[name]) for name in FORM_ROLES}
    campaign_states = (
        CampaignStatus.COLLECTING,
        CampaignStatus.APPRAISING,
        CampaignStatus.AWAITING_APPROVAL,
        CampaignStatus.APPROVED,
    )
    seen: set[tuple[str, str]] = set()
    for campaign_state in campaign_states:
        Campaign.objects.filter(pk=form.campaign_id).update(status=campaign_state)
        for state in FormStatus:
            for step in FORM_STEP_NAMES:
                for role in FORM_ROLES:
                    for reason in _reasons(FORM_TRANSITIONS, step):
                        Form.objects.filter(pk=form.pk).update(status=state)
                        Comment.objects.filter(form=form).delete()
                        before = Form.objects.select_related("campaign", "unit").get(pk=form.pk)
                        entries = _status_entries()
                        code = _form_step(callers[role], before, step, reason)
                        after = Form.objects.get(pk=form.pk)
                        label = (
                            f"{channel}: campaign {campaign_state}, form {state}, {step} "
                            f"by {role} reason={reason!r} -> {code}"
                        )
                        assert code is None or code < 500, label
                        user = cast[role]
                        chain = _chain(state, step)
                        if after.status == state:
                            assert _status_entries() == entries, label
                            if step != "take_up":  # asking a question writes the question
                                assert after.version == before.version, label
                            continue
                        assert chain is not None, f"{label}: moved to {after.status} without a row"
                        assert after.status == chain[-1].target, label
                        for row in chain:
                            assert _may(user, row, before), f"{label}: {row.action} refused"
                            assert reason or not row.needs_reason, f"{label}: without reason"
                            seen.add((row.source, row.step))
                        assert _status_entries() == entries + len(chain), label
    assert seen == set(FORM_STEPS), set(FORM_STEPS) - seen


def test_the_table_names_each_step_once_per_status_and_only_known_actions() -> None:
    for rows, steps in ((FORM_TRANSITIONS, FORM_STEPS), (CAMPAIGN_TRANSITIONS, CAMPAIGN_STEPS)):
        assert len(steps) == len(rows)
        for row in rows:
            assert row.source != row.target
            assert isinstance(row.action, Action)
            assert not row.needs_reason or row.reason_message
    # Nothing leads out of approved results but the reasoned reopen.
    out_of_approved = [r for r in CAMPAIGN_TRANSITIONS if r.source == CampaignStatus.APPROVED]
    assert [(r.step, r.needs_reason) for r in out_of_approved] == [("reopen", True)]
