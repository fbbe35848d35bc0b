"""The draft decision and the submission: NĐ 30/2020 layout, legal bases, articles, annex."""

from __future__ import annotations

import io

import docx
import pytest
from docx.shared import Pt

from chiso.publish.decision import (
    LAW_2015,
    LAW_2019,
    LAW_2025,
    decision_docx,
    law_bases,
    submission_docx,
)


@pytest.fixture
def decision(results):
    return docx.Document(io.BytesIO(decision_docx(results)))


@pytest.fixture
def submission(results):
    return docx.Document(io.BytesIO(submission_docx(results)))


def texts(document):
    return [p.text for p in document.paragraphs]


def cells(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_decision_header_sets_the_authority_beside_the_national_title(decision):
    header = cells(decision.tables[0])
    assert header[0][0].startswith("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK NÔNG")
    assert header[0][1].startswith(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    )
    assert header[1] == ["Số: …/QĐ-UBND", "Đắk Nông, ngày … tháng … năm …"]


def test_decision_has_title_legal_bases_and_three_articles(decision):
    lines = texts(decision)
    assert "QUYẾT ĐỊNH" in lines
    assert (
        "Phê duyệt và công bố kết quả đánh giá, xếp hạng mức độ Chính quyền điện tử cấp huyện, "
        "cấp xã trên địa bàn tỉnh Đắk Nông năm 2019" in lines
    )
    assert "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG" in lines
    bases = [line for line in lines if line.startswith("Căn cứ")]
    assert bases == [
        LAW_2015,
        LAW_2019,
        "Căn cứ Quyết định 2392/QĐ-BTTTT ngày 25/12/2017 của Bộ Thông tin và Truyền thông;",
    ]
    assert (
        "Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông tại Tờ trình số …/TTr-STTTT "
        "ngày … tháng … năm …." in lines
    )
    assert "QUYẾT ĐỊNH:" in lines
    articles = [line[:7] for line in lines if line.startswith("Điều ")]
    assert articles == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert (
        "- Kết quả Chính quyền điện tử cấp xã: không có đơn vị nào được xếp hạng, 71 đơn vị "
        "không xếp hạng." in lines
    )
    article3 = next(line for line in lines if line.startswith("Điều 3."))
    assert "Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố" in article3
    assert article3.endswith("chịu trách nhiệm thi hành Quyết định này./.")


def test_decision_ends_with_recipients_and_signature(decision):
    recipients, signer = cells(decision.tables[1])[0]
    assert recipients.startswith("Nơi nhận:\n- Như Điều 3;\n- Bộ Thông tin và Truyền thông (b/c);")
    assert "- Lưu: VT, …." in recipients
    assert signer.startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")


def test_decision_annex_holds_the_ranking_tables(decision):
    lines = texts(decision)
    assert "Phụ lục" in lines
    assert (
        "(Kèm theo Quyết định số …/QĐ-UBND ngày … tháng … năm … của Ủy ban nhân dân tỉnh "
        "Đắk Nông)" in lines
    )
    assert "I. CẤP HUYỆN" in lines and "II. CẤP XÃ" in lines
    assert "1. Điều kiện sẵn sàng Chính quyền điện tử (tối đa 50,00 điểm)" in lines
    annex = [cells(t) for t in decision.tables[2:]]
    assert len(annex) == 4
    assert annex[0][0] == ["Thứ hạng", "Đơn vị", "Điểm", "Mức độ", "So với 2018", "Ghi chú"]
    assert annex[0][1] == ["1", "Thành phố Gia Nghĩa", "43,80", "Mức II", "\u22121,90", ""]
    assert annex[0][2] == ["2", "Huyện Cư Jút", "40,23", "Mức II", "+2,37", ""]
    assert annex[1][2][:4] == ["2", "Huyện Krông Nô", "71,18", "Mức IV"]
    assert annex[2][1][:4] == ["1", "Xã Nâm N'Jang", "21,50", "Mức IV"]


def test_decision_annex_lists_a_unit_without_a_form_last_with_why(absent_results):
    annex = [cells(t) for t in docx.Document(io.BytesIO(decision_docx(absent_results))).tables[2:]]
    assert annex[3][-1] == [
        "—",
        "Xã Quảng Sơn",
        "—",
        "Không xếp hạng",
        "",
        "Không nộp phiếu tự đánh giá",
    ]


def test_decision_is_a4_in_times_new_roman_14(decision):
    section = decision.sections[0]
    size = [round(length.mm) for length in (section.page_width, section.page_height)]
    margins = [round(m.mm) for m in (section.top_margin, section.left_margin, section.right_margin)]
    assert (size, margins) == ([210, 297], [20, 30, 15])
    normal = decision.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
    runs = [r for p in decision.paragraphs for r in p.runs if r.text]
    assert runs and all(r.font.name == "Times New Roman" for r in runs)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2018, [LAW_2015]),
        (2019, [LAW_2015, LAW_2019]),
        (2024, [LAW_2015, LAW_2019]),
        (2025, [LAW_2025]),
    ],
)
def test_the_local_government_law_follows_the_year(year, expected):
    assert law_bases(year) == expected


def test_submission_comes_from_the_department_and_tells_the_year(submission):
    header = cells(submission.tables[0])
    assert header[0][0].startswith("UBND TỈNH ĐẮK NÔNG\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG")
    assert header[1][0] == "Số: …/TTr-STTTT"
    lines = texts(submission)
    assert "TỜ TRÌNH" in lines
    assert "Kính gửi: Ủy ban nhân dân tỉnh Đắk Nông." in lines
    assert (
        "- Thành phố Gia Nghĩa xếp thứ 1 với 43,80 điểm (Mức II), giảm 1,90 điểm so với 2018; "
        "giữ nguyên thứ hạng so với 2018" in lines
    )
    assert any(line.startswith("Sở Thông tin và Truyền thông kính trình") for line in lines)
    assert cells(submission.tables[1])[0][1].startswith("GIÁM ĐỐC")
    assert any(line.startswith("(Kèm theo Tờ trình số …/TTr-STTTT") for line in lines)
    assert len(submission.tables) == 6
