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

from chiso.campaigns.models import Evidence
from chiso.campaigns.uploads import BAD_TYPE, EMPTY, NAME_MISMATCH, TOO_BIG
from chiso.excel.archive import MACROS
from chiso.filenames import MAX_NAME, NAME_TOO_LONG
from tests.hostile.corpus import macros, oversize, pdf, with_members, workbook, zip_bomb

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
