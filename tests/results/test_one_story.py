"""A unit's public page and its PDF report say the same thing: the same strengths, the same
weaknesses and the same reason for not being ranked, for every unit of the demo's published
years (the page and the PDF used to pick them by two different rules: Huyện Đắk R'Lấp 2019
had "SS.NL.2" as a weakness on its page and not in its PDF)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client

from chiso.results.models import Snapshot
from tests.results.test_documents import pdf_text

FOOTER = re.compile(r"Trang \d+ / \d+")


def squeeze(text: str) -> str:
    """Without any white space: the PDF breaks lines anywhere ("2392/ QĐ")."""
    return "".join(FOOTER.sub("", text).split())


def page_lists(page: str, name: str) -> list[str]:
    found = re.search(rf'<ul data-list="{name}">(.*?)</ul>', page, re.S)
    assert found, name
    items = re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", i)).strip() for i in items]


@pytest.fixture
def demo(demo_world: list[str]) -> None:
    """The demo, loaded once for the session (tests/conftest.py)."""


# The units are shared out in PARTS cases (unit i goes to case i % PARTS), so that the suite's
# two processes each render part of the 79 pages and PDFs instead of one process all of them.
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize("year", [2019])
def test_every_units_page_and_pdf_name_the_same_strengths_weaknesses_and_reasons(
    demo: None, client: Client, year: int, part: int
) -> None:
    snapshot = Snapshot.objects.get(campaign__year=year)
    scored = [u for c in snapshot.data["cohorts"] for u in c["units"] if u["sections"]]
    assert sum(len(u["sections"]) for u in scored) >= 2 * 79 - 2
    mine = scored[part::PARTS]
    checked = 0
    for unit in mine:
        base = f"/public/67/{year}/units/{unit['unit']}/"
        page = client.get(base).content.decode()
        report = squeeze(pdf_text(client.get(base + "report.pdf").content))
        told = {"cao hơn bình quân": 0, "thấp hơn bình quân": 0}
        for section in unit["sections"]:
            code = section["code"]
            strong = page_lists(page, f"strengths-{code}")
            weak = page_lists(page, f"weaknesses-{code}")
            for line in strong + weak:  # every line of the page is in the PDF…
                assert squeeze(line) in report, (unit["name"], code, line)
            told["cao hơn bình quân"] += sum("cao hơn bình quân" in x for x in strong)
            told["thấp hơn bình quân"] += sum("thấp hơn bình quân" in x for x in weak)
            if section["rank"] is None:
                reason = _page_reason(page, code)
                assert squeeze(reason) in report, (unit["name"], code, reason)
                assert "<" not in reason and f"{code}." not in reason.split(":")[0]
            checked += 1
        for words, n in told.items():  # …and the PDF has no other
            assert report.count(squeeze(words)) == n, (unit["name"], words)
    assert mine and checked == sum(len(u["sections"]) for u in mine)


def _page_reason(page: str, code: str) -> str:
    """The reason in the section's headline: '…, không xếp hạng: <reason>'."""
    found = re.search(rf'id="s-{code}">.*?<p class="mb-1">(.*?)</p>', page, re.S)
    assert found
    headline: Any = html.unescape(found.group(1))
    return str(headline.split("không xếp hạng: ", 1)[1])
