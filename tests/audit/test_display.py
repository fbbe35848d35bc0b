"""How the changes of an entry read: labels, before → after, values in Vietnamese."""

from __future__ import annotations

from typing import Any

import pytest

from chiso.audit.display import EMPTY, ChangeLine, action_label, change_lines


@pytest.mark.parametrize(
    ("changes", "object_type", "lines"),
    [
        (
            {"value": [None, ["40", "50"]]},
            "campaigns.form",
            [ChangeLine("Giá trị", EMPTY, "[40, 50]")],
        ),
        (
            {"status": ["draft", "submitted"], "late": True},
            "campaigns.form",
            [ChangeLine("Trạng thái", "Đang nhập", "Đã nộp"), ChangeLine("Nộp muộn", None, "có")],
        ),
        (
            {"unit_deadline": ["2019-10-22", "2019-10-25"]},
            "campaigns.campaign",
            [ChangeLine("Hạn nộp", "22/10/2019", "25/10/2019")],
        ),
        (
            {"file": "phieu.xlsx", "answers": {"SS.HT.1": [["1", "2"], None]}},
            "campaigns.form",
            [
                ChangeLine("Tệp", None, "phieu.xlsx"),
                ChangeLine("Câu trả lời SS.HT.1", "[1, 2]", EMPTY),
            ],
        ),
        (
            {"role": "appraiser", "unit": "67"},
            "accounts.user",
            [ChangeLine("Vai trò", None, "Thẩm định viên"), ChangeLine("Đơn vị", None, "67")],
        ),
        (
            {"created": ["67-STTTT", "67-SNV"]},  # a list, not a before/after pair
            "units.unit",
            [ChangeLine("Tạo mới", None, "[67-STTTT, 67-SNV]")],
        ),
    ],
)
def test_changes_read_as_labelled_lines(
    changes: dict[str, Any], object_type: str, lines: list[ChangeLine]
) -> None:
    assert change_lines(changes, object_type) == lines


def test_an_action_has_a_vietnamese_label_or_shows_its_code() -> None:
    assert action_label("forms.submit") == "Nộp phiếu"
    assert action_label("appraisal.new_thing") == "appraisal.new_thing"


def test_a_pair_that_reads_the_same_before_and_after_is_left_out() -> None:
    assert change_lines({"note": [None, ""], "value": ["1", "2"]}) == [
        ChangeLine("Giá trị", "1", "2")
    ]
