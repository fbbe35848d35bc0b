"""Publishing needs the decision the leader signed: its number, date and signer, each checked and
each refused with its own Vietnamese message (the dashboard shows it next to the field)."""

from __future__ import annotations

import datetime as dt
from itertools import product
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chiso.audit.models import Entry
from chiso.results.models import Snapshot
from chiso.results.services import (
    DATE_EARLY,
    DATE_FUTURE,
    DATE_INVALID,
    DATE_MISSING,
    NUMBER_MISSING,
    NUMBER_TOO_LONG,
    SIGNER_MISSING,
    results_correct,
    results_publish,
)
from tests.results.conftest import DECISION, SIGNED

NUMBERS = {
    "": NUMBER_MISSING,
    "   ": NUMBER_MISSING,
    "x" * 101: NUMBER_TOO_LONG,
    "47/QĐ-UBND": None,
}
SIGNERS = {"": SIGNER_MISSING, " ": SIGNER_MISSING, "Chủ tịch UBND tỉnh": None}


def _dates(campaign: Any) -> dict[object, str | None]:
    today = timezone.localdate()
    return {
        "": DATE_MISSING,
        "31/02/2020": DATE_INVALID,
        "hôm qua": DATE_INVALID,
        today + dt.timedelta(days=1): DATE_FUTURE.format(today=f"{today:%d/%m/%Y}"),
        campaign.request_date - dt.timedelta(days=1): DATE_EARLY.format(
            start=f"{campaign.request_date:%d/%m/%Y}"
        ),
        "10/01/2020": None,
        "2020-01-10": None,
    }


def test_every_combination_of_decision_fields_is_refused_field_by_field_until_all_are_right(
    districts_2019: Any, cast: dict[str, Any]
) -> None:
    dates = _dates(districts_2019)
    for (number, n_err), (day, d_err), (signer, s_err) in product(
        NUMBERS.items(), dates.items(), SIGNERS.items()
    ):
        expected = {
            field: [message]
            for field, message in (
                ("decision_number", n_err),
                ("decision_date", d_err),
                ("decision_signer", s_err),
            )
            if message
        }
        if not expected:
            continue
        with pytest.raises(ValidationError) as caught:
            results_publish(
                actor=cast["approver"],
                campaign=districts_2019,
                decision_number=number,
                decision_date=day,
                decision_signer=signer,
                expected_version=districts_2019.version,
            )
        assert caught.value.message_dict == expected, (number, day, signer)
    assert not Snapshot.objects.exists()
    assert not Entry.objects.filter(action="results.publish").exists()


def test_the_decision_is_stored_field_by_field_and_audited_with_its_signer(
    districts_2019: Any, cast: dict[str, Any]
) -> None:
    snapshot = results_publish(
        actor=cast["approver"], campaign=districts_2019, **{**SIGNED, "decision_date": "10/01/2020"}
    )
    snapshot.refresh_from_db()
    assert (snapshot.decision_number, snapshot.decision_date, snapshot.decision_signer) == (
        "47/QĐ-UBND",
        dt.date(2020, 1, 10),
        "Chủ tịch UBND tỉnh",
    )
    assert snapshot.decision == DECISION
    entry = Entry.objects.get(action="results.publish")
    assert entry.changes["decision_signer"] == "Chủ tịch UBND tỉnh"


def test_the_signer_is_public_and_a_correction_keeps_the_decision_unless_it_names_another(
    districts_2019: Any, cast: dict[str, Any], client: Any
) -> None:
    from tests.results.conftest import reapprove_gia_nghia_fixed

    results_publish(actor=cast["approver"], campaign=districts_2019, **SIGNED)
    page = client.get("/public/67/2019/").content.decode()
    assert f"{DECISION} (người ký: Chủ tịch UBND tỉnh)" in page
    campaign = reapprove_gia_nghia_fixed(districts_2019, cast)
    second = results_correct(actor=cast["approver"], campaign=campaign, reason="Sửa SS.HT.1")
    second.refresh_from_db()
    assert (second.decision, second.decision_number, second.decision_signer) == (
        DECISION,
        "47/QĐ-UBND",
        "Chủ tịch UBND tỉnh",
    )
    assert second.decision_date == dt.date(2020, 1, 10)
    assert (
        f"{DECISION} (người ký: Chủ tịch UBND tỉnh)"
        in client.get("/public/67/2019/").content.decode()
    )
