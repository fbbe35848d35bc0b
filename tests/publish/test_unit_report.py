"""A unit's report: a PDF with Vietnamese text that extracts, charts, strengths, next level."""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
from fractions import Fraction

import pypdf
import pytest

from chiso.publish.charts import Series, history_svg, radar_svg
from chiso.publish.insights import next_step_lines, strengths, weaknesses
from chiso.publish.unit_report import unit_report_html, unit_report_pdf

from .conftest import build_2019


@pytest.fixture
def commune_pdf(results):
    return unit_report_pdf(results, "24728")


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", text)


def test_pdf_text_keeps_the_vietnamese_diacritics_and_the_scores(commune_pdf):
    assert commune_pdf.startswith(b"%PDF")
    assert len(pypdf.PdfReader(io.BytesIO(commune_pdf)).pages) >= 1
    text = pdf_text(commune_pdf)
    for expected in (
        "Xã Nâm N'Jang",
        "Điểm",
        "Điều kiện sẵn sàng Chính quyền điện tử",
        "21,50/30,00 điểm — Mức IV — xếp thứ 1/2",
        "So với 2018: tăng 3,00 điểm.",
        "Để đạt Mức III, đơn vị cần:",
        "Qua các năm",
    ):
        assert expected in text


def test_pdf_embeds_every_font_it_uses(commune_pdf):
    reader = pypdf.PdfReader(io.BytesIO(commune_pdf))
    descriptors = [
        font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    ]
    assert {str(d["/FontName"]).partition("+")[2] for d in descriptors} == {
        "ChisoVN",
        "ChisoVN-Bold",
    }
    assert all("/FontFile2" in d for d in descriptors)


def test_report_compares_groups_with_the_cohort_and_draws_the_radar(results):
    page = unit_report_html(results, "660")
    assert '<td>Nhân lực công nghệ thông tin</td><td class="n">9,80</td>' in page
    assert "6,38 (53,16 %)" in page  # the districts' average for the group
    radar = re.findall(r'<polygon points="[^"]+" fill="#', page)
    assert len(radar) == 4  # unit and cohort, in each of the two sections


def test_strengths_and_weaknesses_are_measured_against_the_cohort(results):
    section = results.kind("district").unit("660").section("SS")
    strong = [i.text("các đơn vị cấp huyện") for i in strengths(section)]
    assert (
        "SS.HT.1 Tỷ lệ cán bộ, công chức được trang bị máy tính: đạt 81,67 % số điểm tối đa, "
        "cao hơn bình quân các đơn vị cấp huyện (37,71 %)" in strong
    )
    # Gia Nghĩa has no weak item against the districts; Đắk Mil, high in total, has one.
    weak = [i.code for i in weaknesses(results.kind("district").unit("663").section("SS"))]
    assert weak == ["SS.NL.2"]


def test_next_level_is_said_in_sentences(results):
    lines = next_step_lines(results.kind("district").unit("660").section("SS"))
    assert lines[0] == "Để đạt Mức I, đơn vị cần:"
    assert lines[1].startswith("nâng tổng điểm thêm ít nhất 1,20 điểm (hiện 43,80, cần 45,00)")
    top = dataclasses.replace(
        results.kind("district").unit("660").section("SS"), next_step=None, level="Mức I"
    )
    assert next_step_lines(top) == [
        "Đơn vị đã đạt mức cao nhất (Mức I); cần giữ vững các nhóm tiêu chí."
    ]


def test_report_escapes_names(demo):
    results = build_2019(rename={"24728": "Xã <script>alert(1)</script>"})
    page = unit_report_html(results, "24728")
    assert "<script>" not in page
    assert "Xã &lt;script&gt;" in page


def test_unknown_unit_is_refused_by_code(results):
    with pytest.raises(KeyError, match="không có đơn vị mã 00000"):
        unit_report_html(results, "00000")


def test_radar_needs_three_axes_and_history_breaks_at_a_missing_year():
    assert radar_svg(["A", "B"], [Series("x", [1, 1], "#000")]) == ""
    chart = history_svg(
        [(2017, Fraction(10)), (2018, None), (2019, Fraction(20)), (2020, Fraction("21.5"))],
        Fraction(30),
    )
    assert chart.count("<polyline") == 1  # 2019–2020 only: 2018 has no figure
    assert "21,50" in chart and ">2018<" in chart
