"""A citizen, without logging in, on a phone: the year's page, a ranking table, a unit's page,
then that unit's PDF, the ranking workbook and the API. Every figure, strength, weakness and
reason for not being ranked the page shows is what the PDF, the .xlsx and the API say."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from tests.results.test_documents import pdf_text

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}
SHOTS = Path("/tmp")  # noqa: S108 — screenshots for a person to look at, nothing read back


def squeeze(text: str) -> str:
    return "".join(re.sub(r"Trang \d+ / \d+", "", text).split())


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _lines(page: Page, name: str) -> list[str]:
    return [t.strip() for t in page.locator(f"[data-list='{name}'] li").all_inner_texts()]


def test_a_citizen_reads_a_unit_the_same_on_its_page_pdf_workbook_and_api(
    page: Page, live_server: LiveServer, transactional_db: None, published_2019: Any
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/public/67/2019/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _fits(page)
    page.screenshot(path=str(SHOTS / "words-public-year.png"), full_page=True)

    # A ranking table: the units not ranked say why in words.
    page.get_by_role("link", name=re.compile("Điều kiện sẵn sàng.*cấp huyện", re.I)).click()
    expect(page).to_have_url(re.compile(r"/public/67/2019/district/SS/$"))
    mil_row = page.locator("#not-ranked li", has_text="Huyện Đắk Mil")
    expect(mil_row).to_contain_text(
        "nhóm nhân lực công nghệ thông tin đạt 6,10/12,00 điểm, dưới mức tối thiểu 8,40 của Mức IV"
    )
    expect(page.locator("#not-ranked")).not_to_contain_text("SS.NL 6,10 <")
    _fits(page)
    page.screenshot(path=str(SHOTS / "words-public-ranking.png"), full_page=True)

    # The unit's page.
    mil_row.get_by_role("link", name="Huyện Đắk Mil").click()
    expect(page).to_have_url(re.compile(r"/public/67/2019/units/663/$"))
    headline = page.locator("#s-SS + p").inner_text()
    assert headline.startswith("Điều kiện sẵn sàng Chính quyền điện tử: 42,38/50,00 điểm")
    reason = headline.split("không xếp hạng: ", 1)[1]
    strong, weak = _lines(page, "strengths-SS"), _lines(page, "weaknesses-SS")
    assert strong and weak
    _fits(page)
    page.screenshot(path=str(SHOTS / "words-public-unit.png"), full_page=True)

    # Its PDF, downloaded from the page.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo của đơn vị (.pdf)").click()
    pdf_path = Path(download.value.path())
    data = pdf_path.read_bytes()
    report = squeeze(pdf_text(data))
    assert squeeze("42,38/50,00 điểm") in report
    assert squeeze(reason) in report
    for line in strong + weak:
        assert squeeze(line) in report, line
    assert report.count(squeeze("cao hơn bình quân")) == sum(
        "cao hơn bình quân" in x for x in strong + _lines(page, "strengths-KQ")
    )
    assert report.count(squeeze("thấp hơn bình quân")) == sum(
        "thấp hơn bình quân" in x for x in weak + _lines(page, "weaknesses-KQ")
    )
    pdftoppm = shutil.which("pdftoppm")  # poppler-utils: the first page as PNG, to look at
    if pdftoppm:
        png = str(SHOTS / "words-public-report")
        subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf_path), png],  # noqa: S603
                       check=True)  # fmt: skip

    # The ranking workbook: the same points and the same reason.
    book = openpyxl.load_workbook(
        io.BytesIO(page.request.get(f"{live_server.url}/public/67/2019/ranking.xlsx").body())
    )
    rows = list(book["Cấp huyện - SS"].iter_rows(min_row=6, values_only=True))
    mil = next(r for r in rows if r[1] == "663")
    assert (mil[0], mil[3], mil[-1]) == (None, 42.38, reason)

    # The API: its own number format, the same words.
    api = page.request.get(f"{live_server.url}/api/v1/results/67/2019/units/663").json()
    section = next(s for s in api["sections"] if s["code"] == "SS")
    assert section["points"] == "42.38" and section["rank"] is None
    assert section["reason"] == reason and section["reason_code"] == "below_level"
    assert section["story"]["strengths"] == strong
    assert section["story"]["weaknesses"] == weak
    assert section["story"]["headline"] == headline
