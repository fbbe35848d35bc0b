"""The .docx and .xlsx open in LibreOffice (headless, Debian's package) and read as written:
what an officer who edits the draft decision in LibreOffice Writer or opens the ranking in Calc
would see."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from chiso.publish.decision import decision_docx
from chiso.publish.tables import ranking_workbook

SOFFICE = shutil.which("soffice")


def _convert(tmp_path: Path, name: str, data: bytes, to: str) -> str:
    if SOFFICE is None:
        pytest.fail("LibreOffice is missing: run `make system-deps` (libreoffice-*-nogui)")
    source = tmp_path / name
    source.write_bytes(data)
    profile = tmp_path / "profile"
    done = subprocess.run(  # noqa: S603 - a fixed program on our own temporary files
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    converted = next((tmp_path / "out").iterdir())
    return converted.read_text(encoding="utf-8-sig", errors="replace")


def test_the_draft_decision_opens_in_writer_with_its_header_articles_and_annex(
    results: object, tmp_path: Path
) -> None:
    text = _convert(tmp_path, "quyet-dinh.docx", decision_docx(results), "txt:Text")
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Căn cứ",
        "Điều 1.",
        "Điều 3.",
        "Nơi nhận",
        "Thành phố Gia Nghĩa",
        "43,80",
    ):
        assert expected in text, expected


def test_the_ranking_workbook_opens_in_calc_with_names_and_points(
    results: object, tmp_path: Path
) -> None:
    to_csv = "csv:Text - txt - csv (StarCalc):44,34,76"  # comma, double quote, UTF-8
    text = _convert(tmp_path, "xep-hang.xlsx", ranking_workbook(results), to_csv)
    assert "Thành phố Gia Nghĩa" in text
    assert "Huyện Cư Jút" in text
    assert "43.8" in text or "43,80" in text
