"""``chiso score`` on a 2026 template: the answers file carries the unit's kind and tags."""

from __future__ import annotations

import json

from chiso.scoring import shipped_registry
from tests.scoring.test_cli import run
from tests.scoring.test_templates_2026 import full


def test_score_reads_kind_and_declaration_and_explains_the_scaling(capsys, tmp_path):
    framework = shipped_registry().get("mau-2026-xa-phuong")
    answers = full(framework, **{"KT.3": {"not_applicable": True, "reason": "Không có chợ"}})
    del answers["KT.1"]  # phường: KT.1 is for xã and đặc khu only
    path = tmp_path / "phuong.json"
    path.write_text(json.dumps({"unit": "P", "kind": "phuong", "answers": answers}), "utf-8")
    code, out, err = run(capsys, "score", "--framework", framework.code, "--answers", path)
    assert code == 0, err
    assert "CDS Chuyển đổi số: 1000,00/1000,00 — Tốt" in out
    assert "không áp dụng (đơn vị khai không áp dụng: Không có chợ)" in out
    assert "Cách tính tổng điểm Chuyển đổi số:" in out


def test_score_without_the_kind_says_it_is_needed(capsys, tmp_path):
    framework = shipped_registry().get("mau-2026-xa-phuong")
    path = tmp_path / "xa.json"
    path.write_text(json.dumps({"unit": "X", "answers": full(framework)}), "utf-8")
    code, _, err = run(capsys, "score", "--framework", framework.code, "--answers", path)
    assert code != 0 and "cần loại đơn vị" in err
