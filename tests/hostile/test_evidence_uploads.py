"""Hostile evidence through the real upload (POST /forms/<id>/evidence/<code>/): each file is
refused with a Vietnamese message on the form page, and nothing reaches the database or the
evidence folder."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from chiso.campaigns.evidence_content import IMAGE_TOO_LARGE, OLE_MACROS, PDF_SCRIPT
from chiso.campaigns.models import Evidence
from chiso.campaigns.uploads import BAD_TYPE, EMPTY, NAME_MISMATCH, TOO_BIG
from chiso.excel.archive import DAMAGED, DDE, EXTERNAL_LINKS, MACROS
from chiso.filenames import MAX_NAME, NAME_TOO_LONG
from tests.hostile.corpus import (
    doc_plain,
    doc_with_macros,
    docx_dde_field,
    docx_external_image,
    docx_external_template,
    first_sheet_member,
    lying_size,
    macros,
    oversize,
    pdf,
    pdf_escaped_js,
    pdf_js_in_object_stream,
    pdf_launch,
    pdf_open_action_js,
    png_declaring,
    with_members,
    workbook,
    xls_with_macro_sheet,
    xlsx_dde,
    zip_bomb,
)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Kế hoạch chuyển đổi số")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _docx_hyperlink() -> bytes:
    """A .docx with a clickable link to a web page: an external relationship that is fine."""
    document = docx.Document()
    paragraph = document.add_paragraph("Xem ")
    part = document.part
    rid = part.relate_to(
        "https://dichvucong.gov.vn",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    link = docx.oxml.OxmlElement("w:hyperlink")
    link.set(docx.oxml.ns.qn("r:id"), rid)
    run = docx.oxml.OxmlElement("w:r")
    text = docx.oxml.OxmlElement("w:t")
    text.text = "Cổng Dịch vụ công quốc gia"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


XLSX = workbook([["Mã", "Tên"], ["STTTT", "Sở Thông tin và Truyền thông"]])
CASES = {
    "an executable named .pdf": ("ke-hoach.pdf", b"MZ\x90\x00\x03" + bytes(300), BAD_TYPE[:20]),
    "a web page named .pdf": ("ke-hoach.pdf", b"<html><script>alert(1)</script>", BAD_TYPE[:20]),
    "a PNG named .jpg": ("anh.jpg", PNG, NAME_MISMATCH.split("«")[0]),
    "an Excel file named .pdf": ("bao-cao.pdf", XLSX, NAME_MISMATCH.split("«")[0]),
    ".xlsm content named .xlsx": ("bang.xlsx", macros(XLSX), _sentence(MACROS)),
    "a Word file with macros": (
        "ke-hoach.docx",
        with_members(_docx(), {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0VBA"}),
        _sentence(MACROS),
    ),
    "an .xlsx zip bomb": ("bang.xlsx", zip_bomb(XLSX), "có thể là tệp nén độc hại"),
    "a 300-character name": (
        "k" * 296 + ".pdf",
        pdf(),
        _sentence(NAME_TOO_LONG.format(limit=MAX_NAME)),
    ),
    "an empty file": ("trong.pdf", b"", EMPTY),
    "a file above the size limit": ("lon.pdf", oversize(2), TOO_BIG.format(limit=1)),
    # Issue 15: what an outside probe had stored.
    "a Word 97 .doc with a macro storage": ("ke-hoach.doc", doc_with_macros(), OLE_MACROS),
    "an Excel 97 .xls with an Excel 4.0 macro sheet": (
        "bang.xls",
        xls_with_macro_sheet(),
        OLE_MACROS,
    ),
    "a .docx attached to an external template": (
        "ke-hoach.docx",
        docx_external_template(_docx()),
        _sentence(EXTERNAL_LINKS),
    ),
    "a .docx with a linked external picture": (
        "ke-hoach.docx",
        docx_external_image(_docx()),
        _sentence(EXTERNAL_LINKS),
    ),
    "a .docx with a DDEAUTO field": ("ke-hoach.docx", docx_dde_field(_docx()), _sentence(DDE)),
    "an .xlsx with a DDE formula": ("bang.xlsx", xlsx_dde(), _sentence(DDE)),
    "an .xlsx lying about a member's size": (
        "bang.xlsx",
        lying_size(XLSX, first_sheet_member(XLSX), 10),
        _sentence(DAMAGED),
    ),
    "a PNG declaring 100,000 × 100,000 pixels": (
        "anh.png",
        png_declaring(100_000, 100_000),
        IMAGE_TOO_LARGE.split("{")[0],
    ),
    "a PDF running JavaScript when opened": ("ke-hoach.pdf", pdf_open_action_js(), PDF_SCRIPT),
    "a PDF naming JavaScript with #xx escapes": ("ke-hoach.pdf", pdf_escaped_js(), PDF_SCRIPT),
    "a PDF with JavaScript in an object stream": (
        "ke-hoach.pdf",
        pdf_js_in_object_stream(),
        PDF_SCRIPT,
    ),
    "a PDF launching a program": ("ke-hoach.pdf", pdf_launch(), PDF_SCRIPT),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_evidence_is_refused_and_nothing_is_stored(
    case: str, form_a: Any, cast: dict[str, Any], settings: Any
) -> None:
    settings.CHISO_UPLOAD_MAX_MB = 1
    name, data, refusal = CASES[case]
    client = Client()
    client.force_login(cast["reporter_a"])

    response = client.post(
        f"/forms/{form_a.pk}/evidence/KQ.HD.1/",
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )

    assert response.status_code == 200
    assert escape(refusal) in response.content.decode()
    assert Evidence.objects.count() == 0
    assert [p for p in Path(settings.EVIDENCE_ROOT).rglob("*") if p.is_file()] == []


def test_a_word_file_and_an_excel_file_without_macros_are_taken(
    form_a: Any, cast: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(cast["reporter_a"])

    for name, data in (("ke-hoach.docx", _docx()), ("bang.xlsx", XLSX)):
        client.post(
            f"/forms/{form_a.pk}/evidence/KQ.HD.1/", {"file": SimpleUploadedFile(name, data)}
        )

    assert sorted(Evidence.objects.values_list("name", flat=True)) == ["bang.xlsx", "ke-hoach.docx"]
    assert all(Path(settings.EVIDENCE_ROOT, e.file.name).is_file() for e in Evidence.objects.all())


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_evidence_through_the_api_is_refused_and_nothing_is_stored(
    case: str, form_a: Any, cast: dict[str, Any], settings: Any
) -> None:
    from tests.api.conftest import token_for

    settings.CHISO_UPLOAD_MAX_MB = 1
    name, data, refusal = CASES[case]

    response = Client().post(
        f"/api/v1/forms/{form_a.pk}/evidence",
        {"criterion": "KQ.HD.1", "file": SimpleUploadedFile(name, data)},
        headers={"Authorization": f"Bearer {token_for(cast['reporter_a'])}"},
    )

    assert response.status_code == 422, response.content
    assert refusal in response.content.decode()
    assert Evidence.objects.count() == 0
    assert [p for p in Path(settings.EVIDENCE_ROOT).rglob("*") if p.is_file()] == []


def test_harmless_old_office_files_images_links_and_pdfs_are_taken(
    form_a: Any, cast: dict[str, Any]
) -> None:
    """The checks refuse what acts on opening, not a kind of file: a plain .doc, a 48-megapixel
    photo, a .docx with a link to a web page, a PDF are stored."""
    client = Client()
    client.force_login(cast["reporter_a"])
    files = {
        "cong-van.doc": doc_plain(),
        "anh-chup.png": png_declaring(8_000, 6_000),
        "lien-ket.docx": _docx_hyperlink(),
        "bao-cao.pdf": pdf(),
    }

    for name, data in files.items():
        client.post(
            f"/forms/{form_a.pk}/evidence/KQ.HD.1/", {"file": SimpleUploadedFile(name, data)}
        )

    assert sorted(Evidence.objects.values_list("name", flat=True)) == sorted(files)
