"""The leader's approval page: every unit's verified points, level and rank per section (the
figures the results dashboard shows, what the leader signs) beside the unit's own points and the
gap; leaving a unit out is its own labelled action; approving and reopening go through a page
that says what they do."""

from __future__ import annotations

import re
from fractions import Fraction
from html import unescape
from typing import Any

import pytest
from django.test import Client

from chiso.appraisal import approval, views_approval
from chiso.appraisal.approval import REASON_REQUIRED
from chiso.appraisal.services import EXCLUDE_REASON
from chiso.appraisal.views_approval import signed_points
from chiso.campaigns.models import Campaign, CampaignStatus
from chiso.results.official import own_results
from chiso.results.selectors import campaign_figures
from chiso.results.templatetags.results_display import points as shown_points
from chiso.scoring.numbers import fmt_points
from tests.results.conftest import run_districts


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def awaiting(cast: dict[str, Any]) -> Campaign:
    """Đắk Nông's districts verified (Gia Nghĩa's SS.HT.1 lowered at appraisal), sent back by
    the leader and submitted for approval again."""
    campaign = run_districts(cast, 2019, adjust={"660": {"SS.HT.1": ["40", "50"]}})
    campaign = approval.campaign_reopen(actor=cast["approver"], campaign=campaign, reason="Xem lại")
    return approval.campaign_request_approval(actor=cast["appraiser"], campaign=campaign)


def _unit_block(page: str, form_pk: int) -> str:
    found = re.search(rf'<tbody class="unit-rows" id="unit-{form_pk}".*?</tbody>', page, re.S)
    assert found, form_pk
    return found.group(0)


def _cells(block: str, cls: str) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(rf'<td class="[^"]*\b{cls}\b[^"]*">(.*?)</td>', block, re.S)
    ]


def test_every_units_verified_points_level_and_rank_per_section_are_the_dashboards(
    awaiting: Campaign, cast: dict[str, Any]
) -> None:
    page = _client(cast["approver"]).get(f"/campaigns/{awaiting.pk}/approval/").content.decode()
    figures = campaign_figures(awaiting)
    units = {u["unit"]: u for cohort in figures["cohorts"] for u in cohort["units"]}
    forms = list(awaiting.forms.select_related("unit", "campaign", "framework"))
    assert len(forms) == 8
    own = own_results(awaiting)
    for form in forms:
        block = _unit_block(page, form.pk)
        sections = units[form.unit.code]["sections"]
        verified = [shown_points(s["points_exact"]) for s in sections]
        assert _cells(block, "verified") == verified
        assert _cells(block, "level") == [s["level"] for s in sections]
        mine = [own[form.unit.code][s["code"]].points for s in sections]
        assert _cells(block, "own") == [fmt_points(p) for p in mine]
        gaps = [Fraction(s["points_exact"]) - p for s, p in zip(sections, mine, strict=True)]
        assert _cells(block, "gap") == [signed_points(g) if g else "" for g in gaps]
        # Whatever the figures: no gap shown means the two figures shown are the same.
        for own_cell, verified_cell, gap_cell in zip(
            _cells(block, "own"), verified, _cells(block, "gap"), strict=True
        ):
            assert (gap_cell == "") == (own_cell == verified_cell), form.unit.code
        ranks = _cells(block, "rank")
        for rank, section in zip(ranks, sections, strict=True):
            reason = f": {section['reason']}" if section["reason"] else ""
            assert rank == (str(section["rank"]) if section["rank"] else f"không xếp hạng{reason}")
    gia_nghia = _unit_block(page, awaiting.forms.get(unit__code="660").pk)
    assert "-" in _cells(gia_nghia, "gap")[0]  # lowered at appraisal: the gap says so
    # Leaving a unit out is a button that says so, not a link reading like a result.
    assert (
        page.count('<summary class="btn btn-outline-danger btn-sm">Loại khỏi xếp hạng…</summary>')
        == 8
    )
    assert "Không xếp hạng…" not in page


def test_leaving_a_unit_out_needs_a_reason_said_on_its_row(
    awaiting: Campaign, cast: dict[str, Any]
) -> None:
    client = _client(cast["approver"])
    form = awaiting.forms.get(unit__code="667")
    refused = client.post(f"/appraisal/forms/{form.pk}/exclude/", {"excluded": "1", "reason": " "})
    assert refused["Location"] == f"/campaigns/{awaiting.pk}/approval/#unit-{form.pk}"
    page = client.get(f"/campaigns/{awaiting.pk}/approval/").content.decode()
    assert EXCLUDE_REASON in _unit_block(page, form.pk)
    form.refresh_from_db()
    assert not form.excluded
    client.post(
        f"/appraisal/forms/{form.pk}/exclude/",
        {"excluded": "1", "reason": "Số liệu không xác minh được"},
    )
    page = client.get(f"/campaigns/{awaiting.pk}/approval/").content.decode()
    block = _unit_block(page, form.pk)
    assert "Loại khỏi xếp hạng</span> Số liệu không xác minh được" in block
    assert "Đưa lại vào xếp hạng" in block
    other = _unit_block(page, awaiting.forms.get(unit__code="660").pk)
    assert "Số liệu không xác minh được" not in other


def test_approving_goes_through_a_page_that_says_what_it_locks(
    awaiting: Campaign, cast: dict[str, Any]
) -> None:
    client = _client(cast["approver"])
    page = client.get(f"/campaigns/{awaiting.pk}/approval/").content.decode()
    url = f"/campaigns/{awaiting.pk}/approval/approve/"
    assert f'href="{url}">Phê duyệt kết quả…</a>' in page
    confirm = client.get(url).content.decode()
    assert '<strong id="confirm-units">8</strong>' in confirm and "mọi số liệu bị khóa" in confirm
    assert confirm.count('class="mb-4 confirm-table"') == 2
    awaiting.refresh_from_db()
    assert awaiting.status == CampaignStatus.AWAITING_APPROVAL  # reading it changed nothing
    assert _client(cast["appraiser"]).get(url).status_code == 403
    assert client.get(f"/campaigns/{awaiting.pk}/approval/start/").status_code == 404
    done = client.post(url, {"version": awaiting.version})
    assert done.status_code == 302
    awaiting.refresh_from_db()
    assert awaiting.status == CampaignStatus.APPROVED


def test_reopening_goes_through_a_page_whose_reason_is_refused_next_to_the_field(
    awaiting: Campaign, cast: dict[str, Any]
) -> None:
    client = _client(cast["approver"])
    url = f"/campaigns/{awaiting.pk}/approval/reopen/"
    assert "Xác nhận mở lại" in client.get(url).content.decode()
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 422
    assert f'<div class="invalid-feedback" id="reopen-reason-error">{REASON_REQUIRED}</div>' in (
        refused.content.decode()
    )
    awaiting.refresh_from_db()
    assert awaiting.status == CampaignStatus.AWAITING_APPROVAL
    assert client.post(url, {"reason": "Khiếu nại của Đắk Mil"}).status_code == 302
    awaiting.refresh_from_db()
    assert awaiting.status == CampaignStatus.APPRAISING


def test_a_large_campaign_is_shown_by_pages_every_unit_on_one_and_the_counts_of_all(
    awaiting: Campaign, cast: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views_approval, "PER_PAGE", 3)
    client = _client(cast["approver"])
    url = f"/campaigns/{awaiting.pk}/approval/"
    forms = list(awaiting.forms.select_related("unit").order_by("unit__code"))
    assert len(forms) == 8
    first = client.get(url).content.decode()
    assert "Đã thẩm định: 8" in first  # the whole campaign's count, not the page's
    seen: list[int] = []
    for number in (1, 2, 3):
        page = client.get(f"{url}?page={number}").content.decode()
        others = {1, 2, 3} - {number}
        assert all(f'<a class="page-link" href="?page={n}">{n}</a>' in page for n in others)
        seen += [int(pk) for pk in re.findall(r'<tbody class="unit-rows" id="unit-(\d+)"', page)]
    assert seen == [form.pk for form in forms]  # each unit once, in the order of codes
    # Leaving out a unit of the third page comes back to the third page, at its row.
    last = forms[7]
    back = client.post(f"/appraisal/forms/{last.pk}/exclude/", {"excluded": "1", "reason": " "})
    assert back["Location"] == f"{url}?page=3#unit-{last.pk}"
    assert EXCLUDE_REASON in _unit_block(client.get(back["Location"]).content.decode(), last.pk)
