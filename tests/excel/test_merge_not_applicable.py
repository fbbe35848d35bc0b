"""An uploaded form sheet cannot write a không áp dụng declaration: its blank cell keeps it."""

from __future__ import annotations

from chiso.excel.form_layout import FormMeta
from chiso.excel.form_merge import Field, Saved, merge_upload
from chiso.excel.form_upload import FormUpload

DECLARED = {"not_applicable": True, "reason": "Xã không có chợ"}


def test_a_blank_cell_keeps_the_declaration_and_a_value_replaces_it() -> None:
    meta = FormMeta("1", "Đợt", 2026, "2025", "24730", "Xã", "mau-2026-xa-phuong", "2026", "", 3)
    saved = {"KT.3": Saved(DECLARED, ""), "KT.2": Saved(["1", "2"], "")}
    blank = FormUpload(meta, {"KT.2": ["1", "2"]}, {}, {"KT.2": 10, "KT.3": 11})
    merge = merge_upload(blank, saved, form_version=3)
    assert "KT.3" not in merge.answers and ("KT.3", Field.VALUE) in merge.kept
    typed = FormUpload(meta, {"KT.3": ["2", "4"]}, {}, {"KT.3": 11})
    merge = merge_upload(typed, saved, form_version=3)
    assert merge.answers["KT.3"] == Saved(["2", "4"], "")
