"""Fixtures of the Excel form tests: the every-kind framework and its filled-in form."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso.scoring import Framework, load_framework
from tests.excel.builders import EVERY_KIND, KIND_ANSWERS, build


@pytest.fixture(scope="session")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> Framework:
    path: Path = tmp_path_factory.mktemp("frameworks") / "thu-excel.yaml"
    path.write_text(EVERY_KIND, encoding="utf-8")
    return load_framework(path)


@pytest.fixture(scope="session")
def kind_form(every_kind: Framework) -> bytes:
    """The every-kind form, filled with ``KIND_ANSWERS`` and a note on A.R."""
    return build(every_kind, KIND_ANSWERS, {"A.R": "Số liệu ngày 30/9"})
