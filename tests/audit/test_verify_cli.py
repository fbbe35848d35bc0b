"""``chiso audit verify``: OK with the count, or every broken entry with its id, time and fault."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from chiso.audit.chain import EDITED
from chiso.audit.models import Entry
from chiso.cli import main
from tests.audit.conftest import Cast, answer, tamper


@pytest.fixture
def entries(form_a: Any, cast: Cast) -> list[Entry]:
    for number in range(5):
        answer(form_a, cast["reporter_a"], "SS.HT.1", [str(number), "10"])
    return list(Entry.objects.order_by("seq"))


def test_an_intact_trail_prints_its_count_and_exits_0(
    entries: list[Entry], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify"]) == 0

    out = capsys.readouterr().out
    assert f"Nhật ký nguyên vẹn: {len(entries)} mục." in out
    assert entries[-1].hash in out


def test_an_empty_trail_is_intact(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify"]) == 0
    assert "Nhật ký nguyên vẹn: 0 mục." in capsys.readouterr().out


def test_each_broken_entry_is_listed_with_id_time_and_fault_and_exits_1(
    entries: list[Entry], capsys: pytest.CaptureFixture[str]
) -> None:
    edited, deleted, after_deleted = entries[-4], entries[-2], entries[-1]
    tamper("UPDATE audit_entry SET changes = '{}' WHERE id = %s", [edited.pk])
    tamper("DELETE FROM audit_entry WHERE id = %s", [deleted.pk])

    assert main(["audit", "verify"]) == 1

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Nhật ký đã bị can thiệp: 2 chỗ hỏng trong {len(entries) - 1} mục."
    at = timezone.localtime(edited.at)
    assert lines[1] == (
        f"  Mục id {edited.pk} (số {edited.seq}, lúc {at:%d/%m/%Y %H:%M:%S}): {EDITED}"
    )
    assert re.fullmatch(
        rf"  Mục id {after_deleted.pk} \(số {after_deleted.seq}, lúc [0-9/: ]+\): "
        rf"thiếu mục số {deleted.seq}–{deleted.seq} ngay trước mục này \(đã bị xoá\)",
        lines[2],
    )
