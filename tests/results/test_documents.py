"""The official documents of a published version, downloaded by the department and the public:
the figures in them are the snapshot's, to the last digit, with its version and checksum."""

from __future__ import annotations

import io
import unicodedata
from decimal import Decimal
from fractions import Fraction
from typing import Any

import docx
import openpyxl
import pypdfium2 as pdfium
from django.test import Client

from chiso.results.bundle import draft_bundle, snapshot_bundle
from chiso.results.documents import result_set
from chiso.results.models import Snapshot
from chiso.results.services import results_publish
from tests.results.conftest import DECISION, SIGNED, publish_districts_2019, run_districts
from tests.results.test_year_over_year import lamdong_2026

BASE = "/results/campaigns/{pk}/"


def pdf_text(data: bytes) -> str:
    """The PDF's text, lines joined by spaces as they would read.

    Read with PDFium (pypdfium2): the same text as pypdf's ``extract_text`` on every demo unit's
    report, 20-35 times faster; the one-story test reads 79 of them on each database."""
    document = pdfium.PdfDocument(data)
    try:
        pages = [page.get_textpage().get_text_bounded() for page in document]
    finally:
        document.close()
    text = unicodedata.normalize("NFC", "\n".join(pages))
    return " ".join(text.split())


def docx_texts(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    document = docx.Document(io.BytesIO(data))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return [p.text for p in document.paragraphs], tables


def _three_years(cast: dict[str, Any]) -> Snapshot:
    """2017 and 2018 published with Gia Nghĩa's SS.HT.1 at 40/50 (42,84); 2019 as examples."""
    for year in (2017, 2018):
        campaign = run_districts(cast, year, adjust={"660": {"SS.HT.1": ["40", "50"]}})
        results_publish(actor=cast["approver"], campaign=campaign, **SIGNED)
    return publish_districts_2019(cast)


def _points(snapshot: Snapshot) -> dict[tuple[str, str], str]:
    """(section, unit) → the published exact points."""
    return {
        (section["code"], unit["unit"]): section["points_exact"]
        for cohort in snapshot.data["cohorts"]
        for unit in cohort["units"]
        for section in unit["sections"]
    }


def test_department_downloads_tell_the_published_figures_with_version_and_checksum(
    cast: dict[str, Any], client: Client
) -> None:
    snapshot = _three_years(cast)
    base = BASE.format(pk=snapshot.campaign_id)
    client.force_login(cast["appraiser"])

    # The summary: page and text, ranks and scores with a decimal comma, changes from 2018.
    page = client.get(f"{base}summary/?v=1").content.decode()
    text_response = client.get(f"{base}summary.txt?v=1")
    text = text_response.content.decode()
    assert text_response["Content-Disposition"] == (
        'attachment; filename="tom-tat-ket-qua-dak-nong-2019-v1.txt"'
    )
    for sentence in (
        "Về điều kiện sẵn sàng Chính quyền điện tử cấp huyện, có 03 đơn vị được xếp hạng "
        "(bằng số đơn vị năm 2018), gồm 02 đơn vị Mức II và 01 đơn vị Mức IV:",
        "Thành phố Gia Nghĩa xếp thứ 1 với 43,80 điểm (Mức II), tăng 0,96 điểm so với 2018; "
        "giữ nguyên thứ hạng so với 2018",
        "Huyện Cư Jút xếp thứ 2 với 40,23 điểm (Mức II), không đổi so với 2018",
        "Huyện Đắk Mil: 42,38 điểm, nhóm nhân lực công nghệ thông tin đạt 6,10/12,00 điểm, "
        "dưới mức tối thiểu 8,40 của Mức IV",
        "Phiên bản kết quả 1 (Quyết định số 47/QĐ-UBND ngày 10/01/2020); mã kiểm tra SHA-256: "
        + snapshot.sha256,
    ):
        assert sentence in text
    assert "Thành phố Gia Nghĩa xếp thứ 1 với 43,80 điểm (Mức II)" in page
    assert "Huyện Đắk R&#x27;Lấp xếp thứ 3 với 37,42 điểm (Mức IV)" in page
    assert f"{base}decision.docx?v=1" in page

    # The tables: a sheet per section, every unit's total exactly as published.
    response = client.get(f"{base}ranking.xlsx?v=1")
    assert response["Content-Disposition"] == (
        'attachment; filename="xep-hang-dak-nong-2019-v1.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Cấp huyện - SS", "Cấp huyện - KQ"]
    found = {}
    for sheet in book:
        assert snapshot.sha256 in sheet["A3"].value and "Phiên bản kết quả 1" in sheet["A3"].value
        for row in sheet.iter_rows(min_row=6, values_only=True):
            found[(sheet.title[-2:], row[1])] = Decimal(str(row[3]))
    assert found == {key: Decimal(value) for key, value in _points(snapshot).items()}
    assert [c.value for c in book["Cấp huyện - SS"][6]][:8] == [
        1, "660", "Thành phố Gia Nghĩa", 43.8, "Mức II", 1, 42.84, 0.96,
    ]  # fmt: skip
    csv_text = client.get(f"{base}ranking.csv?v=1").content.decode("utf-8-sig")
    row = "Thành phố Gia Nghĩa,43.80,Mức II,1,42.84,0.96,không đổi,không đổi,,1,"
    assert row + snapshot.sha256 in csv_text

    # A unit's report: its name with diacritics, its totals, its history over both years.
    response = client.get(f"{base}units/666/report.pdf?v=1")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-666-huyen-dak-rlap-dak-nong-2019-v1.pdf"'
    )
    report = pdf_text(response.content)
    assert "Huyện Đắk R'Lấp" in report
    assert "37,42/50,00 điểm — Mức IV — xếp thứ 3/3" in report
    assert "Qua các năm" in report
    history = (
        result_set(snapshot_bundle(snapshot)).kind("district").unit("660").section("SS").history
    )
    assert [(h.year, h.points, h.rank, h.level) for h in history] == [
        (2017, Fraction("42.84"), 1, "Mức II"),  # read from the 2017 snapshot
        (2018, Fraction("42.84"), 1, "Mức II"),  # as frozen in the 2019 snapshot
        (2019, Fraction("43.8"), 1, "Mức II"),
    ]
    assert snapshot.sha256 in report


def test_the_decision_and_submission_drafts_carry_the_ranking_as_their_annex(
    published_2019: Snapshot, cast: dict[str, Any], client: Client
) -> None:
    base = BASE.format(pk=published_2019.campaign_id)
    client.force_login(cast["approver"])

    response = client.get(f"{base}decision.docx?v=1")
    assert response["Content-Disposition"] == (
        'attachment; filename="du-thao-quyet-dinh-dak-nong-2019-v1.docx"'
    )
    lines, tables = docx_texts(response.content)
    assert tables[0][0][0].startswith("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK NÔNG")
    assert tables[0][1] == ["Số: …/QĐ-UBND", "Đắk Nông, ngày … tháng … năm …"]
    assert "QUYẾT ĐỊNH" in lines
    assert (
        "Phê duyệt và công bố kết quả đánh giá, xếp hạng mức độ Chính quyền điện tử cấp huyện "
        "trên địa bàn tỉnh Đắk Nông năm 2019" in lines
    )
    assert "Căn cứ Quyết định 2392/QĐ-BTTTT ngày 25/12/2017 của Bộ Thông tin và Truyền thông;" in (
        lines
    )
    proposal = "Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông tại Tờ trình số …/TTr-STTTT"
    assert any(line.startswith(proposal) for line in lines)
    assert (
        "- Điều kiện sẵn sàng Chính quyền điện tử cấp huyện: 03 đơn vị được xếp hạng, 05 đơn vị "
        "không xếp hạng." in lines
    )
    articles = [line[:7] for line in lines if line.startswith("Điều ")]
    assert articles == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert any(published_2019.sha256 in line for line in lines)
    readiness, results = tables[2], tables[3]
    assert readiness[1] == ["1", "Thành phố Gia Nghĩa", "43,80", "Mức II", ""]
    assert readiness[3] == ["3", "Huyện Đắk R'Lấp", "37,42", "Mức IV", ""]
    assert readiness[4][:3] == ["—", "Huyện Đắk Mil", "42,38"]
    assert len(readiness) == 1 + 8 and results[2][:3] == ["2", "Huyện Krông Nô", "71,18"]

    lines, tables = docx_texts(client.get(f"{base}submission.docx?v=1").content)
    assert "TỜ TRÌNH" in lines and "Kính gửi: Ủy ban nhân dân tỉnh Đắk Nông." in lines
    assert tables[0][1][0] == "Số: …/TTr-STTTT"
    assert "- Thành phố Gia Nghĩa xếp thứ 1 với 43,80 điểm (Mức II)" in lines


def test_draft_documents_say_they_are_a_draft_and_provisional_figures_say_so(
    cast: dict[str, Any], client: Client
) -> None:
    campaign = run_districts(cast, 2019)
    base = BASE.format(pk=campaign.pk)
    client.force_login(cast["province_admin"])

    text = client.get(f"{base}summary.txt").content.decode()
    assert "Dự thảo kết quả, chưa công bố" in text and "mã kiểm tra" not in text
    response = client.get(f"{base}ranking.xlsx")
    assert response["Content-Disposition"] == (
        'attachment; filename="xep-hang-dak-nong-2019-du-thao.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    dashboard = client.get(base).content.decode()
    assert f'href="{base}decision.docx"' in dashboard
    assert "Văn bản theo số liệu dự thảo" in dashboard
    unit_page = client.get(f"{base}units/660/").content.decode()
    assert f'href="{base}units/660/report.pdf"' in unit_page


def test_a_merged_communes_documents_say_how_last_years_figure_was_derived(
    cast: dict[str, Any],
) -> None:
    """Lâm Đồng 2026 (after the 2025 reform): a draft whose communes compare with Đắk Nông's."""
    _, campaign = lamdong_2026(cast)
    results = result_set(draft_bundle(campaign))

    meta = results.meta
    assert (meta.province, meta.province_title, meta.version) == ("Lâm Đồng", "tỉnh", None)
    assert meta.department == "Sở Khoa học và Công nghệ" and meta.previous_year == 2019
    assert "Có phiếu chưa thẩm định xong" not in meta.notice
    communes = results.kind("commune")
    assert communes.heads == "Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu"
    merged = next(e for e in communes.section("SS").entries if e.unit == "24730")
    assert merged.previous is not None and merged.previous.rank is None
    assert merged.previous.note == "bình quân của Xã Nâm N'Jang, Xã Trường Xuân"
    history = communes.unit("24730").section("SS").history
    assert [(h.year, h.note) for h in history] == [
        (2019, "bình quân của Xã Nâm N'Jang, Xã Trường Xuân"),
        (2026, ""),
    ]


def test_documents_of_each_version_keep_their_own_figures_after_a_correction(
    districts_2019: Any, cast: dict[str, Any], client: Client
) -> None:
    from tests.results.test_publication import _correct_gia_nghia

    results_publish(actor=cast["approver"], campaign=districts_2019, **SIGNED)
    campaign = _correct_gia_nghia(districts_2019, cast)
    v1, v2 = campaign.snapshots.order_by("version")

    def gia_nghia(url: str) -> Any:
        sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).content))["Cấp huyện - SS"]
        return sheet["A3"].value, sheet["D6"].value

    assert gia_nghia("/public/67/2019/v1/ranking.xlsx") == (
        f"Phiên bản kết quả 1 ({DECISION}); mã kiểm tra SHA-256: {v1.sha256}",
        43.8,
    )
    assert gia_nghia("/public/67/2019/ranking.xlsx") == (
        f"Phiên bản kết quả 2 ({DECISION}); mã kiểm tra SHA-256: {v2.sha256}",
        44.04,
    )
    report = pdf_text(client.get("/public/67/2019/units/660/report.pdf").content)
    assert "Đính chính kết quả (phiên bản 2): Sửa SS.HT.1 của Gia Nghĩa." in report
    assert "44,04/50,00" in report
