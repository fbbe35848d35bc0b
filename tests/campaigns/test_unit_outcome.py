"""What the unit (reporter, head) sees of its result: after appraisal, the verified figures
beside its own on its form; after publication, its rank and a link to the public page; on the
home card, the deadline and the working days left while the form is still to be handed in."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Any

import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from chiso.appraisal.views_approval import signed_points
from chiso.results.official import own_results
from chiso.results.selectors import campaign_figures
from chiso.scoring.numbers import fmt_points
from tests.results.conftest import publish_districts_2019, run_districts


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(page: str) -> dict[str, dict[str, str]]:
    table = re.search(r'<ul[^>]*id="unit-result-table".*?</ul>', page, re.S)
    assert table, "no result table"
    rows = {}
    for code, body in re.findall(r'data-section="([^"]+)">(.*?)</li>', table.group(0), re.S):
        cells = dict(
            re.findall(
                r'<(?:span|strong) class="(own|verified|gap|level|rank)">(.*?)</(?:span|strong)>',
                body,
                re.S,
            )
        )
        rows[code] = {k: re.sub(r"<[^>]+>", "", v).strip() for k, v in cells.items()}
    return rows


def test_the_unit_sees_its_verified_result_beside_its_own_and_after_publication_the_public_page(
    cast: dict[str, Any],
) -> None:
    campaign = run_districts(cast, 2019, adjust={"660": {"SS.HT.1": ["40", "50"]}})
    form = campaign.forms.select_related("unit", "campaign", "framework").get(unit__code="660")
    head = _client(get_user_model().objects.get(username="head.660.2019"))

    def expected(figures: dict[str, Any], code: str = "660") -> dict[str, tuple[str, str, str]]:
        """(own, verified, gap) of a unit's sections: verified as the results show them, own
        scored the same way in the cohort."""
        own = own_results(campaign, code)[code]
        unit = next(u for c in figures["cohorts"] for u in c["units"] if u["unit"] == code)
        found = {}
        for section in unit["sections"]:
            verified = Fraction(section["points_exact"])
            mine = own[section["code"]].points
            gap = signed_points(verified - mine) if verified != mine else "0,00"
            found[section["code"]] = (fmt_points(mine), fmt_points(verified), gap)
        return found

    page = head.get(f"/forms/{form.pk}/").content.decode()
    assert "Kết quả thẩm định (đã phê duyệt, chờ công bố)" in page
    rows = _rows(page)
    assert list(rows) == ["SS", "KQ"]
    draft = expected(campaign_figures(campaign))
    assert {code: (r["own"], r["verified"], r["gap"]) for code, r in rows.items()} == draft
    assert rows["SS"]["gap"].startswith("-")  # lowered at appraisal
    assert 'id="public-link"' not in page
    # Every unit's page shows the figures the department's results show, not its own scoring.
    for other in campaign.forms.select_related("unit").exclude(unit__code="660"):
        code = other.unit.code
        them = _client(get_user_model().objects.get(username=f"head.{code}.2019"))
        shown = _rows(them.get(f"/forms/{other.pk}/").content.decode())
        got = {c: (r["own"], r["verified"], r["gap"]) for c, r in shown.items()}
        assert got == expected(campaign_figures(campaign), code), code

    snapshot = publish_districts_2019(cast, campaign)
    published = {
        s["code"]: s
        for c in snapshot.data["cohorts"]
        for u in c["units"]
        if u["unit"] == "660"
        for s in u["sections"]
    }
    page = head.get(f"/forms/{form.pk}/").content.decode()
    assert "Kết quả đã công bố" in page
    assert 'href="/public/67/2019/units/660/" id="public-link"' in page
    rows = _rows(page)
    assert {c: (r["own"], r["verified"], r["gap"]) for c, r in rows.items()} == expected(
        snapshot.data
    )
    for code, row in rows.items():
        rank, reason = published[code]["rank"], published[code]["reason"]
        assert row["rank"] == (str(rank) if rank else f"không xếp hạng: {reason}".rstrip(": "))
    assert rows["SS"]["rank"] == "1"
    public = head.get("/public/67/2019/units/660/").content.decode()
    assert rows["SS"]["verified"] in public


def test_before_appraisal_ends_the_unit_sees_no_verified_result(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    page = _client(cast["head_a"]).get(f"/forms/{submitted_a.pk}/").content.decode()
    assert 'id="unit-result"' not in page


def test_the_home_card_says_the_deadline_and_the_working_days_left(
    form_a: Any, cast: dict[str, Any]
) -> None:
    # 1/10/2019 + 15 working days: Tuesday 22/10/2019.
    for day, left in (
        (dt.date(2019, 10, 15), "còn 5 ngày làm việc"),
        (dt.date(2019, 10, 22), "hôm nay là hạn nộp"),
        (dt.date(2019, 10, 24), "đã quá hạn 2 ngày làm việc"),
    ):
        with time_machine.travel(dt.datetime.combine(day, dt.time(9), dt.UTC), tick=False):
            page = _client(cast["reporter_a"]).get("/").content.decode()
        assert 'Hạn nộp <strong>22/10/2019</strong> · <span class="days-left">' + left in page, day
