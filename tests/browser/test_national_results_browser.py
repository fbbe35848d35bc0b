"""The results at national scale, in Chromium on a phone: every commune of the 2025 country (3,321)
in one cohort (``CHISO_NATIONAL_UNITS`` for another size) published, then a citizen reads the
ranking table, reloads it (served from what was derived from the snapshot the first time),
follows the last ranked commune to its page and back. Every row, reason, count and figure shown
is checked against the published snapshot: the ranking's ranks, names, levels and points (as
``fmt_points`` shows them), each unranked unit's reason in the page's words
(``display.not_ranked_words``), the units per level and the count of units ranked. Before
publication, the leader opens the draft of a large campaign: its progress, then its figures
(``draft_jobs``)."""

from __future__ import annotations

import os
import re
import threading
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils.timezone import localdate
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from chiso.audit.models import Entry
from chiso.bench_results import build_cohort
from chiso.results import draft_cache, views_dashboard
from chiso.results.display import not_ranked_words
from chiso.results.models import Snapshot
from chiso.results.services import results_publish
from chiso.results.typed import Results
from chiso.scoring import fmt_points

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
UNITS = int(os.environ.get("CHISO_NATIONAL_UNITS", "3321"))
SHOTS = Path("/tmp")  # noqa: S108 — screenshots for a person to look at, nothing read back
# What a row of the table, of the list of units not ranked and of the counts per level shows.
_TEXT = "e => e ? e.textContent.replace(/\\s+/g, ' ').trim() : null"
RANKED_ROWS = f"""() => {{
  const text = {_TEXT};
  return [...document.querySelectorAll('#ranking tbody tr')].map(tr => [
    text(tr.cells[0]), text(tr.querySelector('a')), text(tr.querySelector('.badge')),
    text(tr.cells[2])]);
}}"""
NOT_RANKED_ROWS = f"""() => {{
  const text = {_TEXT};
  return [...document.querySelectorAll('#not-ranked li')].map(li => [
    text(li.querySelector('a')), text(li.querySelector('span.text-body-secondary')), text(li)]);
}}"""
LEVEL_ROWS = f"""() => {{
  const text = {_TEXT};
  const table = [...document.querySelectorAll('main table')].find(
    t => t.querySelector('thead') && text(t.querySelector('thead th')) === 'Mức');
  return [...table.querySelectorAll('tbody tr')].map(tr => [...tr.cells].map(text));
}}"""


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


def _login(page: Page, url: str) -> None:
    """Sign in at ``url`` as the leader ``build_cohort`` made."""
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("quymo.approver")
    page.get_by_label("Mật khẩu").fill("Thu-quy-mo-2026!")
    page.get_by_role("button", name="Đăng nhập").click()


def _shown(points: str) -> str:
    return fmt_points(Fraction(points))


def _expected_not_ranked(data: dict[str, Any]) -> list[list[str]]:
    """(name, reason, the whole line) of each unit not ranked, as the page words them: the
    snapshot's reason, in words by ``not_ranked_words`` for a unit below the lowest level."""
    results = Results.read(data)
    cohort = results.cohorts[0]
    section = cohort.sections[0]
    rows = []
    for entry in section.not_ranked:
        unit = cohort.unit(entry.unit)
        assert unit is not None
        reason = " ".join(
            not_ranked_words(section, unit.section(section.code), entry.reason).split()
        )
        points = f": {_shown(entry.points_exact)} điểm" if entry.points_exact else ""
        rows.append([entry.name, reason, f"{entry.name}{points} — {reason}"])
    return rows


def test_a_national_ranking_and_a_communes_page_show_the_published_figures(
    page: Page, live_server: LiveServer, national: Any
) -> None:
    data = national.data
    cohort = data["cohorts"][0]
    section = cohort["sections"][0]
    ranking, counts = section["ranking"], section["counts"]
    assert len(cohort["units"]) == counts["units"] == UNITS
    assert ranking and section["not_ranked"] and counts["ranked"] == len(ranking)
    assert len(ranking) + len(section["not_ranked"]) == UNITS
    base = f"{live_server.url}/public/{national.campaign.province.code}/{national.campaign.year}/"

    page.set_viewport_size(PHONE)
    page.goto(base)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{base}commune/{section['code']}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(section["name"])
    rows = page.locator("#ranking tbody tr")
    expect(rows).to_have_count(len(ranking))
    expect(page.locator("#checksum")).to_have_text(national.sha256)
    expect(page.locator("main")).to_contain_text(f"{counts['ranked']}/{UNITS} đơn vị được xếp hạng")
    # Two tiers since 1 July 2025: no district to filter by, none under a commune's name.
    expect(page.get_by_label("Huyện")).to_have_count(0)
    assert all(u["district"] is None for u in cohort["units"])
    expect(page.locator("#ranking tbody tr").first.locator(".text-body-secondary")).to_have_count(0)
    # Every ranked row: rank, name, level, points as shown.
    ranked = [[str(e["rank"]), e["name"], e["level"], _shown(e["points_exact"])] for e in ranking]
    assert page.evaluate(RANKED_ROWS) == ranked
    # Every unit not ranked, with its reason in words.
    not_ranked = _expected_not_ranked(data)
    assert page.evaluate(NOT_RANKED_ROWS) == not_ranked
    assert any("dưới mức tối thiểu" in reason for _, reason, _ in not_ranked)
    # The units per level, in the framework's order, then the number ranked.
    levels = [
        [n, str(counts["per_level"][n])] for n in section["levels"] if n in counts["per_level"]
    ]
    assert page.evaluate(LEVEL_ROWS) == [*levels, ["Được xếp hạng", str(counts["ranked"])]]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The count line, the counts per level and the table's first rows in one screen.
    counted = page.locator("main p").filter(has_text="đơn vị được xếp hạng")
    counted.evaluate("e => e.scrollIntoView({behavior: 'instant'})")  # not Bootstrap's smooth
    page.screenshot(path=str(SHOTS / "national-ranking.png"))

    first_html = page.locator("#ranking").inner_html()
    page.reload()  # the second request reads the table derived from the snapshot
    expect(rows).to_have_count(len(ranking))
    assert page.locator("#ranking").inner_html() == first_html
    assert page.evaluate(NOT_RANKED_ROWS) == not_ranked

    last = ranking[-1]
    rows.nth(len(ranking) - 1).get_by_role("link", name=last["name"]).click()
    expect(page).to_have_url(re.compile(rf"/units/{last['unit']}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(last["name"])
    body = page.locator("main")
    expect(body).to_contain_text(_shown(last["points_exact"]))
    expect(body).to_contain_text(f"xếp thứ {last['rank']}/{counts['ranked']}")
    page.screenshot(path=str(SHOTS / "national-unit.png"), full_page=True)
    page.go_back()
    expect(rows).to_have_count(len(ranking))
    expect(rows.last).to_contain_text(last["name"])


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=100)
def test_the_leader_sees_a_large_drafts_progress_then_its_figures(
    page: Page, live_server: LiveServer, transactional_db: None
) -> None:
    campaign, _ = build_cohort(300, province_code="98")
    draft_cache.clear()
    page.set_viewport_size(PHONE)
    _login(page, live_server.url)
    page.goto(f"{live_server.url}/results/campaigns/{campaign.pk}/")
    expect(page.locator("#computing")).to_contain_text("Đang tính kết quả dự thảo của 300 đơn vị")
    page.screenshot(path=str(SHOTS / "national-draft-progress.png"))
    # The page reloads itself (every few seconds) until the figures are there.
    expect(page.locator("#ranking tbody tr").first).to_be_visible(timeout=60_000)
    expect(page.locator("#computing")).to_have_count(0)
    figures = draft_cache.peek(campaign, draft_cache.fingerprint(campaign, [campaign.province]))
    ranked = figures["cohorts"][0]["sections"][0]["ranking"]
    expect(page.locator("#ranking tbody tr")).to_have_count(len(ranked))
    expect(page.locator("#ranking tbody tr").first).to_contain_text(ranked[0]["name"])


@override_settings(CHISO_RESULTS_BACKGROUND_UNITS=100)
def test_the_leader_publishes_a_large_campaign_in_the_background_then_the_public_reads_it(
    page: Page, live_server: LiveServer, transactional_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign, _ = build_cohort(300, province_code="97")
    draft_cache.clear()
    # The publication waits until the leader has looked at the dashboard meanwhile (the live
    # server runs in this process): what the dashboard shows does not depend on timing.
    looked = threading.Event()

    def after_a_look(**arguments: Any) -> Snapshot:
        looked.wait(timeout=60)
        return results_publish(**arguments)

    monkeypatch.setattr(views_dashboard, "results_publish", after_a_look)
    page.set_viewport_size(PHONE)
    _login(page, live_server.url)
    page.goto(f"{live_server.url}/results/campaigns/{campaign.pk}/publish/")
    page.get_by_label("Số quyết định").fill("9/QĐ-UBND")
    page.get_by_label("Ngày ký (ngày/tháng/năm)").fill(f"{localdate():%d/%m/%Y}")
    page.get_by_label("Người ký (họ tên, chức vụ)").fill("Chủ tịch UBND tỉnh")
    page.get_by_role("button", name="Xem lại trước khi công bố…").click()
    expect(page.locator("#publish-units")).to_have_text("300")
    page.get_by_role("button", name="Xác nhận công bố").click()
    # The request only starts the publication: the page says how far it has got and reloads.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đang công bố…")
    expect(page.locator("#publishing")).to_contain_text("Đang công bố kết quả của 300 đơn vị")
    page.screenshot(path=str(SHOTS / "national-publishing.png"))
    # Meanwhile the dashboard shows it under way, with a link to its progress, and does not
    # offer to publish again.
    page.goto(f"{live_server.url}/results/campaigns/{campaign.pk}/")
    running = page.locator("#publication-running")
    expect(running).to_contain_text("Đang công bố… 0 %")
    expect(page.locator("#publish-start")).to_have_count(0)
    running.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "jobs-dashboard-publishing.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    running.get_by_role("link", name="Xem tiến độ").click()
    expect(page.locator("#publishing")).to_contain_text("Đang công bố kết quả của 300 đơn vị")
    looked.set()
    expect(page.get_by_text("Số liệu đã công bố, phiên bản 1")).to_be_visible(timeout=60_000)
    snapshot = Snapshot.objects.get(campaign=campaign)
    said = page.get_by_role("alert").filter(has_text="Đã công bố kết quả (phiên bản 1")
    expect(said).to_contain_text(f"mã kiểm tra {snapshot.sha256[:12]}")
    assert Entry.objects.get(action="results.publish", changes__sha256=snapshot.sha256).actor
    section = snapshot.data["cohorts"][0]["sections"][0]
    page.goto(f"{live_server.url}/public/97/{campaign.year}/commune/{section['code']}/")
    expect(page.locator("#ranking tbody tr")).to_have_count(len(section["ranking"]))
    expect(page.locator("#checksum")).to_have_text(snapshot.sha256)
