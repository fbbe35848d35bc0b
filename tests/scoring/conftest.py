"""Builders for small frameworks written the way a province would write them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from chiso.scoring import Framework, load_framework

HEADER = """\
schema: 1
code: {code}
name: "Bộ thử"
version: "1"
unit_kinds: [xa]
provenance: verified
legal_basis: {{document: "QĐ thử", article: "Điều 1"}}
"""


def one_group(
    criteria: str, *, max_points: str, code: str = "thu", classification: str | None = None
) -> str:
    """A framework text with one section HM and one group HM.G holding ``criteria``."""
    classification = classification or (
        "{type: bands, bands: [{name: Đạt, min_total: 1}, {name: Chưa đạt, min_total: 0}]}"
    )
    body = textwrap.indent(textwrap.dedent(criteria).strip(), " " * 10)
    return (
        HEADER.format(code=code)
        + textwrap.dedent(f"""\
        sections:
          - code: HM
            name: "Hạng mục"
            max_points: {max_points}
            classification: {classification}
            groups:
              - code: HM.G
                name: "Nhóm"
                max_points: {max_points}
                criteria:
        """)
        + body
        + "\n"
    )


@pytest.fixture
def write_framework(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str, name: str = "thu.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def framework_of(write_framework: Callable[..., Path]) -> Callable[..., Framework]:
    def build(criteria: str, *, max_points: str, **kwargs: str) -> Framework:
        return load_framework(write_framework(one_group(criteria, max_points=max_points, **kwargs)))

    return build
