"""Words of the documents and pages a citizen or a leader reads: why a unit is not ranked (its
points against the minimum, not "SS.NL 6,10 < 8,40"), changes with one sign convention
(−1,90 / +2,37), and the bodies of the campaign's time (Bộ Khoa học và Công nghệ after the
merger of 1 March 2025)."""

from __future__ import annotations

import datetime as dt
import io
import re
from fractions import Fraction
from typing import Any

import openpyxl
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from chiso.publish.decision import decision_docx, submission_docx
from chiso.publish.wording import MERGED_ON, body_on, change_words, signed
from chiso.results.bundle import draft_bundle, snapshot_bundle
from chiso.results.documents import result_set
from chiso.results.models import Snapshot
from tests.results.conftest import publish_districts_2019
from tests.results.test_documents import docx_texts
from tests.results.test_year_over_year import lamdong_2026

MIL = "nhóm nhân lực công nghệ thông tin đạt 6,10/12,00 điểm, dưới mức tối thiểu 8,40 của Mức IV"
CODES = re.compile(r"\b(SS|KQ)(\.[A-Z]+)? \d+,\d\d < ")


def test_a_unit_below_the_lowest_level_is_explained_in_words_everywhere(
    cast: dict[str, Any], client: Client
) -> None:
    snapshot: Snapshot = publish_districts_2019(cast)
    results = result_set(snapshot_bundle(snapshot))

    # The public ranking page and the unit's page.
    ranking = client.get("/public/67/2019/district/SS/").content.decode()
    assert MIL in ranking and not CODES.search(ranking)
    unit = client.get("/public/67/2019/units/663/").content.decode()
    assert f"không xếp hạng: {MIL}" in unit and not CODES.search(unit)

    # The submission (Tờ trình) and the decision's annex.
    lines, tables = docx_texts(submission_docx(results))
    assert f"- Huyện Đắk Mil: 42,38 điểm, {MIL}" in lines
    _, tables = docx_texts(decision_docx(results))
    mil = next(r for t in tables[2:] for r in t if len(r) > 1 and r[1] == "Huyện Đắk Mil")
    assert mil[-1] == MIL
    everything = "\n".join(lines) + str(tables)
    assert not CODES.search(everything)

    # The ranking table and the API say it too (the API keeps its codes in reason_code).
    book = openpyxl.load_workbook(io.BytesIO(client.get("/public/67/2019/ranking.xlsx").content))
    notes = [row[-1] for row in book["Cấp huyện - SS"].iter_rows(min_row=6, values_only=True)]
    assert MIL in notes
    api = client.get("/api/v1/results/67/2019/rankings/district/SS").json()
    row = next(r for r in api["not_ranked"] if r["unit"] == "663")
    assert row["reason"] == MIL and row["reason_code"] == "below_level"

    # The methodology names the unit kinds in words and says once, not after every criterion,
    # that the criteria below group level are reconstructed.
    method = client.get("/public/67/2019/methodology/").content.decode()
    assert 'Áp dụng cho</dt><dd class="col-sm-9">huyện, quận, thị xã, thành phố thuộc tỉnh' in (
        method
    )
    assert "huyen, quan" not in method
    assert "— dựng lại" not in method and ">dựng lại</span>" not in method
    assert method.count('data-note="provenance"') == 1
    assert "(tham khảo 2342 Phụ lục 1B)" in method


def test_changes_are_signed_with_a_true_minus_and_two_decimals_on_pages_and_documents(
    cast: dict[str, Any], client: Client
) -> None:
    from tests.results.test_documents import _three_years

    snapshot = _three_years(cast)  # Gia Nghĩa 2018: 42,84; 2019: 43,80
    ranking = client.get("/public/67/2019/district/SS/").content.decode()
    assert re.search(r"\+0,96(?!\d)", ranking)
    results = result_set(snapshot_bundle(snapshot))
    _, tables = docx_texts(decision_docx(results))
    assert tables[2][1][:5] == ["1", "Thành phố Gia Nghĩa", "43,80", "Mức II", "+0,96"]
    changes = [row[4] for table in tables[2:] for row in table[1:] if len(row) > 5]
    assert changes and all(re.fullmatch(r"|[+\u2212]\d+,\d\d|0,00", c) for c in changes)


@given(st.fractions(min_value=-100, max_value=100).filter(lambda f: f != 0))
def test_a_change_is_always_two_decimals_and_its_sign(delta: Fraction) -> None:
    text = signed(delta)
    assert re.fullmatch(r"[+\u2212]\d+,\d\d", text)
    assert text[0] == ("+" if delta > 0 else "\u2212")
    assert change_words(delta).startswith("tăng " if delta > 0 else "giảm ")
    assert change_words(delta).endswith(f" {text[1:]} điểm")


def test_bodies_merged_on_1_march_2025_are_named_by_the_campaigns_day() -> None:
    day = dt.timedelta(days=1)
    for old, new in (
        ("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"),
        ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
    ):
        assert body_on(old, MERGED_ON - day) == old
        assert body_on(old, MERGED_ON) == new
    assert body_on("UBND thành phố Đà Nẵng", MERGED_ON) == "UBND thành phố Đà Nẵng"


def test_a_2026_campaigns_documents_copy_the_ministry_of_science_and_technology(
    cast: dict[str, Any],
) -> None:
    old, campaign = lamdong_2026(cast)
    results = result_set(draft_bundle(campaign))
    lines, tables = docx_texts(decision_docx(results))
    recipients = tables[1][0][0]
    assert "- Bộ Khoa học và Công nghệ (b/c);" in recipients
    assert "Thông tin và Truyền thông (b/c)" not in recipients
    assert any("Giám đốc Sở Khoa học và Công nghệ" in line for line in lines)
    # The framework's legal basis is history: the decision 2392 stays the ministry's of 2017.
    assert any("2392/QĐ-BTTTT" in line and "Bộ Thông tin và Truyền thông" in line for line in lines)
    lines, _ = docx_texts(submission_docx(results))
    assert any(line.startswith("Sở Khoa học và Công nghệ đã tổ chức") for line in lines)

    # Đắk Nông's 2019 documents keep the bodies of 2019.
    before = result_set(snapshot_bundle(Snapshot.objects.get(campaign__year=2019)))
    assert before.meta.department == "Sở Thông tin và Truyền thông"
    _, tables = docx_texts(decision_docx(before))
    assert "- Bộ Thông tin và Truyền thông (b/c);" in tables[1][0][0]
    assert old["campaign"]["year"] == 2019


def test_unit_kinds_are_named_in_words_on_every_framework_page(client: Client, db: None) -> None:
    from chiso.scoring import shipped_registry
    from chiso.units.models import Kind

    codes = [f.code for f in shipped_registry().all()]
    raw = {code for code, label in Kind.choices if code != str(label).lower()}  # "ban" is both
    for url in ["/frameworks/", *(f"/frameworks/{code}/" for code in codes)]:
        page = client.get(url).content.decode()
        applies = re.findall(r"Áp dụng cho</dt><dd[^>]*>([^<]*)</dd>", page)
        assert applies, url
        for text in applies:
            assert text == text.lower()
            assert not set(text.split(", ")) & raw, (url, text)
    assert "phường, xã" in client.get("/frameworks/danang-2392-phuong-xa/").content.decode()
