"""The Excel package is plain Python like the scoring core: it never imports Django."""

from __future__ import annotations

from pathlib import Path

from tests.test_no_django_in_scoring import django_imports

EXCEL_DIR = Path(__file__).resolve().parents[2] / "chiso" / "excel"


def test_excel_package_does_not_import_django() -> None:
    files = sorted(EXCEL_DIR.rglob("*.py"))
    assert files, f"no Python files under {EXCEL_DIR}"
    offenders = [
        hit for path in files for hit in django_imports(path.read_text(encoding="utf-8"), str(path))
    ]
    assert offenders == []
