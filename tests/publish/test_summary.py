"""The 2019 summary tells the story QĐ 47/QĐ-UBND published from the scores the core computes."""

from __future__ import annotations

import dataclasses
import io

import openpyxl
import pytest

from chiso.publish import build_summary
from chiso.publish.model import DRAFT_EDITION

from .conftest import build_2019


@pytest.fixture
def text(results):
    return build_summary(results).text()


# The 2019 story as QĐ 47/QĐ-UBND published it; the demo's documents tell it too.
QD47_STORY = (
    # District readiness, as QĐ 47/QĐ-UBND published it.
    "Về điều kiện sẵn sàng Chính quyền điện tử cấp huyện, có 03 đơn vị được xếp hạng "
    "(tăng 02 đơn vị so với 2018), gồm 02 đơn vị Mức II và 01 đơn vị Mức IV:",
    "Thành phố Gia Nghĩa xếp thứ 1 với 43,80 điểm (Mức II), giảm 1,90 điểm so với 2018",
    "Huyện Cư Jút xếp thứ 2 với 40,23 điểm (Mức II), tăng 2,37 điểm so với 2018",
    "Huyện Đắk R'Lấp xếp thứ 3 với 37,42 điểm (Mức IV), tăng 1,84 điểm so với 2018",
    # District results.
    "Về kết quả Chính quyền điện tử cấp huyện, có 02 đơn vị được xếp hạng "
    "(tăng 01 đơn vị so với 2018)",
    "Thành phố Gia Nghĩa xếp thứ 1 với 81,75 điểm (Mức III), giảm 2,20 điểm so với 2018",
    "Huyện Krông Nô xếp thứ 2 với 71,18 điểm (Mức IV), tăng 1,69 điểm so với 2018",
    # Communes.
    "Về điều kiện sẵn sàng Chính quyền điện tử cấp xã, có 02 đơn vị được xếp hạng "
    "(tăng 01 đơn vị so với 2018)",
    "Xã Nâm N'Jang xếp thứ 1 với 21,50 điểm (Mức IV), tăng 3,00 điểm so với 2018",
    "Xã Tâm Thắng xếp thứ 2 với 21,40 điểm (Mức IV), tăng 0,30 điểm so với 2018",
    "Về kết quả Chính quyền điện tử cấp xã, không có đơn vị nào được xếp hạng "
    "(giảm 01 đơn vị so với 2018).",
)


@pytest.mark.parametrize("sentence", QD47_STORY)
def test_summary_tells_the_published_2019_story(text, sentence):
    assert sentence in text


def test_summary_says_how_ranks_and_levels_moved(text):
    assert "Xã Tâm Thắng xếp thứ 2 với 21,40 điểm (Mức IV), tăng 0,30 điểm so với 2018; " in text
    assert "giảm 1 bậc (năm 2018 xếp thứ 1)" in text
    assert (
        "43,80 điểm (Mức II), giảm 1,90 điểm so với 2018; giữ nguyên thứ hạng so với 2018\n" in text
    )
    assert (
        "Huyện Cư Jút xếp thứ 2 với 40,23 điểm (Mức II), tăng 2,37 điểm so với 2018; "
        "năm 2018 chưa được xếp hạng\n" in text
    )


def test_summary_lists_the_units_not_ranked_with_their_reason(text):
    assert "Các đơn vị còn lại không xếp hạng do có điểm số dưới Mức IV:" in text
    assert (
        "- Huyện Đắk Mil: 42,38 điểm, nhóm nhân lực công nghệ thông tin đạt 6,10/12,00 điểm, "
        "dưới mức tối thiểu 8,40 của Mức IV" in text
    )


def test_summary_lists_a_unit_without_a_form_with_why(absent_results):
    assert "- Xã Quảng Sơn: Không nộp phiếu tự đánh giá" in build_summary(absent_results).text()


def test_summary_counts_participants_and_describes_the_method(text):
    assert "tham gia đánh giá, xếp hạng có 08/08 đơn vị cấp huyện và 71/71 đơn vị cấp xã" in text
    # Both kinds follow 2392 the same way: one paragraph for both.
    assert text.count("Đơn vị cấp huyện, cấp xã được đánh giá theo Quyết định 2392/QĐ-BTTTT") == 1
    assert "đơn vị đạt điểm dưới Mức IV thì không xếp hạng." in text


def test_first_year_summary_makes_no_comparison(demo):
    text = build_summary(build_2019(with_2018=False)).text()
    assert "so với" not in text
    assert "Thành phố Gia Nghĩa xếp thứ 1 với 43,80 điểm (Mức II)\n" in text


def test_summary_html_escapes_names(demo):
    results = build_2019(rename={"660": "Thành phố <Gia Nghĩa> & co"})
    page = build_summary(results).html()
    assert "Thành phố &lt;Gia Nghĩa&gt; &amp; co xếp thứ 1" in page
    assert "<Gia" not in page
    assert page.startswith("<h2>Kết quả đánh giá, xếp hạng")


def test_summary_ends_with_the_version_and_checksum_it_tells_or_says_it_is_a_draft(results):
    assert (
        build_summary(results)
        .text()
        .endswith(
            "Phiên bản kết quả 1 (Quyết định số 47/QĐ-UBND ngày 10/01/2020 của UBND tỉnh "
            f"Đắk Nông); mã kiểm tra SHA-256: {results.meta.checksum}\n"
        )
    )
    draft = dataclasses.replace(results, meta=dataclasses.replace(results.meta, version=None))
    assert build_summary(draft).text().endswith(f"{DRAFT_EDITION}\n")
    assert f'<p class="summary-edition">{DRAFT_EDITION}</p>' in build_summary(draft).html()


def test_a_ranked_unit_whose_level_moved_is_said_so_in_the_summary_and_the_tables(results):
    """No ranked unit of the demo changed level from 2018 to 2019: Gia Nghĩa's 2018 level is
    set to Mức III here, as the ResultSet of such a year would hold it."""
    from chiso.publish.tables import ranking_workbook

    districts = results.kind("district")
    section = districts.section("SS")
    first = section.entries[0]
    moved = dataclasses.replace(
        first, previous=dataclasses.replace(first.previous, level="Mức III")
    )
    section = dataclasses.replace(section, entries=(moved, *section.entries[1:]))
    kind = dataclasses.replace(districts, sections=(section, *districts.sections[1:]))
    changed = dataclasses.replace(results, kinds=(kind, *results.kinds[1:]))
    assert (
        "Thành phố Gia Nghĩa xếp thứ 1 với 43,80 điểm (Mức II), giảm 1,90 điểm so với 2018; "
        "giữ nguyên thứ hạng so với 2018; từ Mức III lên Mức II\n" in build_summary(changed).text()
    )
    book = openpyxl.load_workbook(io.BytesIO(ranking_workbook(changed)))
    assert book["Cấp huyện - SS"]["J6"].value == "▲ Mức III → Mức II"
