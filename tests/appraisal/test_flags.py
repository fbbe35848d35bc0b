"""The appraisers' warnings, from the pure ``form_flags`` over the shipped 2392 framework."""

from __future__ import annotations

import json
from pathlib import Path

from chiso.appraisal.flags import form_flags
from chiso.scoring import shipped_registry
from chiso.scoring.loader import load_framework
from tests.scoring.conftest import one_group

EXAMPLE = Path(__file__).resolve().parents[2] / "examples/answers/daknong-2019-huyen/666.json"
FRAMEWORK = shipped_registry().get("vn-2392-huyen")


def _answers() -> dict[str, object]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))["answers"]


def _kinds(flags: dict[str, list[object]], code: str) -> set[str]:
    return {flag.kind for flag in flags.get(code, [])}  # type: ignore[attr-defined]


def test_two_criteria_counting_the_same_staff_differently_are_both_flagged() -> None:
    flags = form_flags(FRAMEWORK, _answers(), year=2019)
    # SS.HT.1 says 50 staff, SS.NL.2 500, KQ.TT.1 100: all three are "Tổng số CBCC".
    for code in ("SS.HT.1", "SS.NL.2", "KQ.TT.1"):
        assert "contradiction" in _kinds(flags, code)
    assert "SS.NL.2: 500" in flags["SS.HT.1"][0].message
    consistent = {**_answers(), "SS.NL.2": [35, 50], "KQ.TT.1": [45, 50]}
    assert "contradiction" not in _kinds(form_flags(FRAMEWORK, consistent, year=2019), "SS.HT.1")


def test_a_document_dated_outside_the_year_is_flagged() -> None:
    answers = _answers()
    answers["SS.MT.1"] = {**answers["SS.MT.1"], "date": "2018-12-20"}  # type: ignore[dict-item]
    flags = form_flags(FRAMEWORK, answers, year=2019)
    assert "outside_year" in _kinds(flags, "SS.MT.1")
    assert "20/12/2018" in flags["SS.MT.1"][0].message
    assert "outside_year" not in _kinds(flags, "SS.MT.2")


def test_a_value_far_from_last_years_verified_one_is_flagged_with_both_figures() -> None:
    previous = {**_answers(), "KQ.TT.1": [20, 100], "KQ.HD.1": 3}
    flags = form_flags(FRAMEWORK, _answers(), year=2019, previous=previous)
    assert "far_from_last_year" in _kinds(flags, "KQ.TT.1")  # 20 % → 70 %
    assert "far_from_last_year" in _kinds(flags, "KQ.HD.1")  # 3 → 8
    far = [f.message for f in flags["KQ.TT.1"] if f.kind == "far_from_last_year"]
    assert "20,00 %" in far[0] and "70,00 %" in far[0]
    assert "far_from_last_year" not in _kinds(flags, "KQ.TT.2")


def test_a_claim_without_required_evidence_and_a_file_shared_with_other_units() -> None:
    required = [c.code for c in FRAMEWORK.leaves() if c.evidence_required]
    assert required, "2392 asks for evidence on some criteria"
    code = "SS.MT.1"  # the unit's e-government plan: cited, so its text must be attached
    assert code in required
    flags = form_flags(FRAMEWORK, _answers(), year=2019, files={})
    assert "no_evidence" in _kinds(flags, code)
    shared = form_flags(
        FRAMEWORK,
        _answers(),
        year=2019,
        files={code: ["abc"]},
        shared={"abc": ["Huyện Cư Jút"]},
    )
    assert "shared_file" in _kinds(shared, code)
    assert "Huyện Cư Jút" in shared[code][-1].message
    assert "no_evidence" not in _kinds(shared, code)


OVER = """
- code: O
  name: "Tỷ lệ hồ sơ được số hóa (có thể vượt vì số hóa cả hồ sơ năm trước)"
  max_points: 5
  input: {kind: ratio, allow_over: true, numerator: "Số hồ sơ số hóa", denominator: "Số hồ sơ"}
  rule: proportional
  legal_basis: {item: "1"}
"""


def test_a_ratio_above_100_percent_allowed_by_the_framework_is_still_flagged(
    tmp_path: Path,
) -> None:
    path = tmp_path / "over.yaml"
    path.write_text(one_group(OVER, max_points="5"), encoding="utf-8")
    framework = load_framework(path)
    flags = form_flags(framework, {"O": [120, 100]}, year=2019)
    assert _kinds(flags, "O") == {"over_100"}
    assert "120,00 %" in flags["O"][0].message
    assert form_flags(framework, {"O": [90, 100]}, year=2019) == {}
