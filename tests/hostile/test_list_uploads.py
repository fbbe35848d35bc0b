"""Hostile lists through the real pages: the admin's accounts import and a province's agencies
import. Each file gets its Vietnamese refusal (400) and nothing is created."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from chiso.accounts.models import User
from chiso.audit.models import Entry
from chiso.units.models import Level, Unit
from tests.hostile.corpus import Bad

CASES = [
    "zip bomb",
    "external links",
    ".xlsm content named .xlsx",
    "formula in a value cell",
    "extra sheet",
    "merged cells",
    "100,000 rows",
    "a PDF named .xlsx",
    "an Excel file named .csv",
    "a 300-character name",
    "oversize (6 MB)",
    "a CSV field over 131,072 characters",
    "a member smaller than it inflates to",
    "a member whose compressed size lies",
]


def _file(bad: Bad) -> io.BytesIO:
    upload = io.BytesIO(bad.data)
    upload.name = bad.filename
    return upload


def _pick(corpus: list[Bad], case: str) -> Bad:
    return next(bad for bad in corpus if bad.case == case)


def test_the_corpus_covers_every_case(list_corpus: list[Bad]) -> None:
    assert [bad.case for bad in list_corpus] == CASES


@pytest.mark.parametrize("case", CASES)
def test_accounts_import_refuses_a_hostile_list_and_creates_nobody(
    case: str, list_corpus: list[Bad], cast: dict[str, Any]
) -> None:
    bad = _pick(list_corpus, case)
    client = Client()
    client.force_login(cast["province_admin"])
    people, entries = User.objects.count(), Entry.objects.count()

    response = client.post("/admin/accounts/user/import/", {"era": "2019", "file": _file(bad)})

    assert response.status_code == 400
    assert escape(bad.refusal) in response.content.decode()
    assert (User.objects.count(), Entry.objects.count()) == (people, entries)


@pytest.mark.parametrize("case", CASES)
def test_agencies_import_refuses_a_hostile_list_and_adds_no_agency(
    case: str, list_corpus: list[Bad], cast: dict[str, Any]
) -> None:
    bad = _pick(list_corpus, case)
    client = Client()
    client.force_login(cast["province_admin"])
    agencies = Unit.objects.filter(level=Level.AGENCY).count()

    response = client.post("/units/2019/67/agencies/", {"file": _file(bad)})

    assert response.status_code == 400
    assert escape(bad.refusal) in response.content.decode()
    assert Unit.objects.filter(level=Level.AGENCY).count() == agencies
