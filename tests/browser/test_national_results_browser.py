"""The public pages at national scale, in Chromium on a phone: a 3,321-commune campaign (every
commune of the 2025 country in one cohort; ``CHISO_NATIONAL_UNITS`` for a smaller run) published,
then a citizen reads a ranking table, follows the last ranked commune to its page and back.
Every row, count and figure shown is the published snapshot's."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils.timezone import localdate
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from chiso.bench_results import build_cohort
from chiso.results.services import results_publish
from chiso.scoring import fmt_points

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
UNITS = int(os.environ.get("CHISO_NATIONAL_UNITS", "3321"))
SHOTS = Path("/tmp")  # noqa: S108 — screenshots for a person to look at, nothing read back


@pytest.fixture
def national(transactional_db: None) -> Any:
    campaign, approver = build_cohort(UNITS)
    return results_publish(
        actor=approver,
        campaign=campaign,
        decision_number="1/QĐ-UBND",
        decision_date=localdate(),
        decision_signer="Chủ tịch UBND tỉnh",
    )


def _shown(points: str) -> str:
    from fractions import Fraction

    return fmt_points(Fraction(points))


def test_a_national_ranking_and_a_communes_page_show_the_published_figures(
    page: Page, live_server: LiveServer, national: Any
) -> None:
    data = national.data
    cohort = data["cohorts"][0]
    section = cohort["sections"][0]
    ranking = section["ranking"]
    assert len(cohort["units"]) == UNITS and ranking and section["not_ranked"]
    base = f"{live_server.url}/public/{national.campaign.province.code}/{national.campaign.year}/"

    page.set_viewport_size(PHONE)
    page.goto(base)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{base}commune/{section['code']}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(section["name"])
    rows = page.locator("#ranking tbody tr")
    expect(rows).to_have_count(len(ranking))
    expect(page.locator("#not-ranked li")).to_have_count(len(section["not_ranked"]))
    expect(page.locator("#checksum")).to_have_text(national.sha256)
    for index in (0, len(ranking) // 2, len(ranking) - 1):
        row, entry = rows.nth(index), ranking[index]
        expect(row.locator("td").first).to_have_text(str(entry["rank"]))
        expect(row).to_contain_text(entry["name"])
        expect(row).to_contain_text(_shown(entry["points_exact"]))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "national-ranking.png"))

    last = ranking[-1]
    rows.nth(len(ranking) - 1).get_by_role("link", name=last["name"]).click()
    expect(page).to_have_url(re.compile(rf"/units/{last['unit']}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(last["name"])
    body = page.locator("main")
    expect(body).to_contain_text(_shown(last["points_exact"]))
    expect(body).to_contain_text(f"xếp thứ {last['rank']}/{section['counts']['ranked']}")
    page.screenshot(path=str(SHOTS / "national-unit.png"), full_page=True)
    page.go_back()
    expect(rows).to_have_count(len(ranking))
