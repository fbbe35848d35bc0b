"""Campaigns driven the real way — fill, submit, appraise, verify, approve — for the results.

The district answers are the Đắk Nông 2019 examples (examples/answers/), whose totals are the
ones QĐ 47/QĐ-UBND published.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import time_machine

from chiso.appraisal import approval, services
from chiso.appraisal.models import Reason, VerificationState
from chiso.campaigns.models import Campaign, Form
from chiso.campaigns.services import (
    evidence_add,
    form_framework,
    form_save_answer,
    form_submit,
)
from chiso.demo.results import appraise as demo_appraise
from chiso.results import draft_cache, draft_jobs, publish_jobs
from chiso.results.models import Snapshot
from chiso.results.services import results_publish
from chiso.scoring.model import InputKind
from tests.campaigns.test_form_services import PDF
from tests.campaigns_dept.conftest import head_of
from tests.conftest import open_campaign

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "answers"
DISTRICTS = ("660", "661", "662", "663", "664", "665", "666", "667")


def example(folder: str, code: str, *, year: int = 2019) -> dict[str, Any]:
    """The example answers of a unit, with its documents dated in ``year``."""
    answers = json.loads((EXAMPLES / folder / f"{code}.json").read_text("utf-8"))["answers"]
    text = json.dumps(answers).replace('"2019-', f'"{year}-')
    return dict(json.loads(text))


def fill(form: Form, actor: Any, answers: dict[str, Any]) -> None:
    framework = form_framework(form)
    for code, value in answers.items():
        item = framework.criteria_by_code[code]
        if item.input is None or item.input.kind == InputKind.POINTS:
            continue
        form_save_answer(actor=actor, form=form, criterion=code, value=value, expected_version=None)
        if item.evidence_required and value is not False:
            evidence_add(actor=actor, form=form, criterion=code, name=f"{code}.pdf", data=PDF)


def submit(form: Form, head: Any, on: dt.datetime) -> Form:
    form.refresh_from_db()
    with time_machine.travel(on, tick=False):
        return form_submit(actor=head, form=form, expected_version=form.version)


def appraise(
    form: Form, appraiser: Any, answers: dict[str, Any], adjust: dict[str, Any] | None = None
) -> Form:
    """Adjust the given values, give the appraisers' points, accept the rest, verify."""
    for code, value in (adjust or {}).items():
        services.verification_save(
            actor=appraiser,
            form=form,
            criterion=code,
            state=VerificationState.ADJUSTED,
            value=value,
            reason_code=Reason.WRONG_FIGURE,
            reason="Theo biên bản kiểm tra",
            expected_version=None,
        )
    return demo_appraise(form, appraiser, answers)


def approve(campaign: Campaign, cast: dict[str, Any]) -> Campaign:
    campaign = approval.campaign_start_appraisal(actor=cast["appraiser"], campaign=campaign)
    campaign = approval.campaign_request_approval(actor=cast["appraiser"], campaign=campaign)
    return approval.campaign_approve(
        actor=cast["approver"], campaign=campaign, expected_version=campaign.version
    )


def run_districts(
    cast: dict[str, Any],
    year: int,
    *,
    adjust: dict[str, dict[str, Any]] | None = None,
    skip: tuple[str, ...] = (),
    late: dict[str, dt.datetime] | None = None,
    exclude: dict[str, str] | None = None,
    **extra: Any,
) -> Campaign:
    """A district-only campaign: every district submits its example on 15/10 (``late``: at
    another time) and is verified, except ``skip`` (never submitted, so excluded by the
    approver); ``adjust`` changes values at appraisal, ``exclude`` leaves units out."""
    campaign = open_campaign(cast, year=year, frameworks={"district": "vn-2392-huyen"}, **extra)
    for form in campaign.forms.select_related("unit"):
        code = form.unit.code
        if code in skip:
            services.form_exclude(
                actor=cast["approver"], form=form, excluded=True, reason="Không gửi phiếu"
            )
            continue
        head = head_of(form.unit, f"head.{code}.{year}")
        answers = example("daknong-2019-huyen", code, year=year)
        fill(form, head, answers)
        on = (late or {}).get(code, dt.datetime(year, 10, 15, 9, 0, tzinfo=dt.UTC))
        submit(form, head, on)
        appraise(form, cast["appraiser"], answers, (adjust or {}).get(code))
    for code, reason in (exclude or {}).items():
        form = campaign.forms.get(unit__code=code)
        services.form_exclude(actor=cast["approver"], form=form, excluded=True, reason=reason)
    return approve(campaign, cast)


DECISION = "Quyết định số 47/QĐ-UBND ngày 10/01/2020"
# What the leader types to publish: the decision's number, date and signer (all required).
SIGNED = {
    "decision_number": "47/QĐ-UBND",
    "decision_date": dt.date(2020, 1, 10),
    "decision_signer": "Chủ tịch UBND tỉnh",
}


def publish_districts_2019(cast: dict[str, Any], campaign: Campaign | None = None) -> Snapshot:
    campaign = campaign or run_districts(cast, 2019)
    return results_publish(actor=cast["approver"], campaign=campaign, **SIGNED)


def reapprove_gia_nghia_fixed(campaign: Campaign, cast: dict[str, Any]) -> Campaign:
    """After publication: reopened, Gia Nghĩa's SS.HT.1 adjusted to 50/50, approved again."""
    approver, appraiser = cast["approver"], cast["appraiser"]
    campaign = approval.campaign_reopen(actor=approver, campaign=campaign, reason="Khiếu nại")
    form = campaign.forms.get(unit__code="660")
    services.form_reopen(actor=appraiser, form=form, reason="Đơn vị bổ sung biên bản")
    decided = form.verifications.get(criterion="SS.HT.1")
    services.verification_save(
        actor=appraiser,
        form=form,
        criterion="SS.HT.1",
        state=VerificationState.ADJUSTED,
        value=["50", "50"],
        reason_code=Reason.WRONG_FIGURE,
        reason="Đủ 50 máy",
        expected_version=decided.version,
    )
    form.refresh_from_db()
    services.form_verify(actor=appraiser, form=form, expected_version=form.version)
    campaign = approval.campaign_request_approval(actor=appraiser, campaign=campaign)
    return approval.campaign_approve(
        actor=approver, campaign=campaign, expected_version=campaign.version
    )


class Deferred:
    """Stands in for ``threading.Thread``: the test runs the background job when it chooses."""

    started: list[Deferred] = []

    def __init__(self, target: Callable[..., None], args: tuple[Any, ...], **_: Any) -> None:
        self.target, self.args = target, args

    def start(self) -> None:
        Deferred.started.append(self)

    def run(self) -> None:
        self.target(*self.args)


@pytest.fixture
def defer_jobs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[ModuleType], list[Deferred]]]:
    """``defer_jobs(module)``: the threads ``module`` (``draft_jobs``, ``publish_jobs``) starts
    are held as ``Deferred`` in the list returned, and every kept draft and job is forgotten
    before and after the test."""

    def defer(module: ModuleType) -> list[Deferred]:
        Deferred.started = []
        monkeypatch.setattr(module.threading, "Thread", Deferred)
        # The job runs on the test's own connection here: it must stay open.
        monkeypatch.setattr(module.connection, "close", lambda: None)
        return Deferred.started

    draft_cache.clear()
    draft_jobs.clear()
    publish_jobs.clear()
    yield defer
    publish_jobs.clear()
    draft_jobs.clear()
    draft_cache.clear()
