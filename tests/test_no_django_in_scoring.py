"""The scoring core and the publication documents stay plain Python: no Django
import anywhere under them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CHISO_DIR = Path(__file__).resolve().parent.parent / "chiso"
PURE_PACKAGES = ["scoring", "publish"]


def django_imports(source: str, filename: str) -> list[str]:
    """``file:line`` of every ``import django…`` / ``from django… import`` in the source."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        if any(module == "django" or module.startswith("django.") for module in modules):
            found.append(f"{filename}:{node.lineno}")
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import django", 1),
        ("from django.db import models", 1),
        ("import os, django.conf", 1),
        ("def f():\n    from django import forms", 1),
        ("import djangoish\nfrom .django import x\nimport fractions", 0),
    ],
)
def test_django_imports_finds_every_form_of_import(source: str, expected: int) -> None:
    assert len(django_imports(source, "example.py")) == expected


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_pure_package_does_not_import_django(package: str) -> None:
    files = sorted((CHISO_DIR / package).rglob("*.py"))
    assert files, f"no Python files under {CHISO_DIR / package}"
    offenders = [
        hit for path in files for hit in django_imports(path.read_text(encoding="utf-8"), str(path))
    ]
    assert offenders == []
