"""Framework files: every shipped one is valid; broken ones are refused with located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso.scoring import SHIPPED_DIR, FrameworkError, load_framework, shipped_registry

from .conftest import HEADER, one_group

SHIPPED = sorted(SHIPPED_DIR.glob("*.yaml"))
LEAF = """
- code: {code}
  name: "Tiêu chí"
  max_points: {points}
  input: boolean
  rule: yes_no
  legal_basis: {{item: "1"}}
"""


def leaf(code: str = "A", points: str = "5") -> str:
    return LEAF.format(code=code, points=points)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_framework_loads_and_every_level_sums(path):
    framework = load_framework(path)
    for section in framework.sections:
        # The scale: the scored groups' maxima, or their weights (bonus/malus groups lie outside).
        scale = (g.max_points if g.weight is None else g.weight for g in section.scored_groups)
        assert sum(scale) == section.max_points
        for group in section.groups:
            assert sum(c.max_points for c in group.criteria) == group.max_points


def test_shipped_frameworks_are_the_ones_the_issue_asks_for():
    codes = {f.code for f in shipped_registry().all()}
    assert {
        "vn-2392-huyen",
        "vn-2392-xa",
        "sonla-cqs-tinh",
        "sonla-cqs-huyen",
        "danang-2392-quan-huyen",
        "danang-2392-phuong-xa",
        "mau-2026-so-ban-nganh",
        "mau-2026-xa-phuong",
    } <= codes


@pytest.mark.parametrize(
    ("framework", "section", "groups"),
    [
        ("vn-2392-huyen", "SS", [30, 12, 8]),
        ("vn-2392-huyen", "KQ", [40, 35, 20, 5]),
        ("vn-2392-xa", "SS", [18, 7, 5]),
        ("vn-2392-xa", "KQ", [27, 18, 10, 5]),
        ("sonla-cqs-tinh", "CQS", [6, 77, 8, 5, 4]),
        ("sonla-cqs-huyen", "CQS", [5, 77, 8, 5, 5]),
    ],
)
def test_group_maxima_are_the_legal_ones(framework, section, groups):
    sec = shipped_registry().get(framework).section(section)
    assert [g.max_points for g in sec.groups] == groups


def test_commune_readiness_split_is_marked_provisional():
    section = shipped_registry().get("vn-2392-xa").section("SS")
    assert {g.provenance.value for g in section.groups} == {"provisional"}


def test_danang_adaptation_keeps_the_national_ladder_and_lists_its_differences():
    national = shipped_registry().get("vn-2392-huyen")
    danang = shipped_registry().get("danang-2392-quan-huyen")
    assert danang.extends == "vn-2392-huyen"
    assert danang.section("KQ").classification == national.section("KQ").classification
    assert [d.item for d in danang.differences] == ["SS.HT.5", "DN.SS.HT.6", "KQ.HD.1"]
    assert all(d.reason for d in danang.differences)
    assert "SS.HT.5" not in danang.criteria_by_code
    # Inherited criteria keep citing the national text they implement.
    assert "2392/QĐ-BTTTT" in danang.criteria_by_code["SS.HT.1"].legal_basis.document


BROKEN = [
    ("duplicate code", one_group(leaf("A", "3") + leaf("A", "2"), max_points="5"), "A", "mã trùng"),
    (
        "children do not sum",
        one_group(leaf("A", "3"), max_points="5"),
        "HM.G",
        "các tiêu chí cộng lại 3 điểm, khác điểm tối đa 5",
    ),
    (
        "unknown rule",
        one_group(leaf().replace("yes_no", "magic"), max_points="5"),
        "A",
        "quy tắc không biết 'magic'",
    ),
    (
        "missing legal basis",
        one_group(leaf().replace('  legal_basis: {item: "1"}\n', ""), max_points="5"),
        "A",
        "thiếu căn cứ pháp lý",
    ),
    (
        "rule does not fit input",
        one_group(leaf().replace("boolean", "ratio"), max_points="5"),
        "A",
        "không dùng được với kiểu nhập 'ratio'",
    ),
    (
        "thresholds out of order",
        one_group(
            leaf(),
            max_points="5",
            classification=(
                "{type: ladder, levels: [{name: I, min_total: 3, min_share_all: 0.5},"
                " {name: II, min_total: 4, min_share_all: 0.4}]}"
            ),
        ),
        "HM",
        "các mức phải xếp từ cao xuống thấp",
    ),
    (
        "tiers out of order",
        one_group(
            leaf()
            .replace("input: boolean", "input: count")
            .replace(
                "rule: yes_no",
                "rule: {type: tiers, tiers: [{min: 1, points: 5}, {min: 2, points: 3}]}",
            ),
            max_points="5",
        ),
        "A",
        "các bậc phải xếp theo ngưỡng giảm dần",
    ),
    (
        "bands not covering zero",
        one_group(
            leaf(),
            max_points="5",
            classification="{type: bands, bands: [{name: Tốt, min_total: 4}]}",
        ),
        "HM",
        "khoảng thấp nhất phải bắt đầu từ 0",
    ),
    (
        "typo in a key",
        one_group(leaf().replace("max_points: 5", "max_point: 5"), max_points="5"),
        "A",
        "khóa không hợp lệ 'max_point'",
    ),
]


@pytest.mark.parametrize(("case", "text", "item", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_is_refused_naming_file_item_and_problem(
    write_framework, case, text, item, message
):
    path = write_framework(text)
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    assert any(
        p.where == str(path) and p.item == item and message in p.message
        for p in caught.value.problems
    ), [str(p) for p in caught.value.problems]


def test_every_problem_of_a_file_is_reported_at_once(write_framework):
    text = one_group(leaf("A", "3") + leaf("A", "2").replace("yes_no", "magic"), max_points="9")
    with pytest.raises(FrameworkError) as caught:
        load_framework(write_framework(text))
    messages = " | ".join(p.message for p in caught.value.problems)
    assert "mã trùng" in messages and "magic" in messages and "khác điểm tối đa 9" in messages


def test_yaml_syntax_error_names_the_line(write_framework):
    path = write_framework(HEADER.format(code="x") + "sections: [\n  - oops: : :\n")
    with pytest.raises(FrameworkError, match="YAML không hợp lệ") as caught:
        load_framework(path)
    assert caught.value.problems[0].item.startswith("dòng ")


def test_extension_applies_changes_and_is_validated_as_a_whole(write_framework):
    write_framework(
        one_group(leaf("A", "3") + leaf("B", "2"), max_points="5", code="goc"), "goc.yaml"
    )
    child = write_framework(
        HEADER.format(code="con").replace("schema: 1\n", "")
        + """\
extends: goc
changes:
  - set: A
    max_points: 4
    reason: "Tỉnh tăng trọng số"
""",
        "con.yaml",
    )
    with pytest.raises(FrameworkError) as caught:
        load_framework(child)
    assert any(
        "cộng lại 6 điểm, khác điểm tối đa 5" in p.message and p.where == str(child)
        for p in caught.value.problems
    )


def test_extension_without_reason_or_with_unknown_target_is_refused(write_framework):
    write_framework(one_group(leaf(), max_points="5", code="goc"), "goc.yaml")
    child = write_framework(
        HEADER.format(code="con")
        + """\
extends: goc
changes:
  - remove: ZZZ
""",
        "con.yaml",
    )
    with pytest.raises(FrameworkError) as caught:
        load_framework(child)
    messages = [p.message for p in caught.value.problems]
    assert any("cần 'reason'" in m for m in messages)
    assert any("không có mục mã 'ZZZ'" in m for m in messages)


def test_extension_of_an_unknown_parent_is_refused(write_framework):
    child = write_framework(HEADER.format(code="con") + "extends: khong-co\n", "con.yaml")
    with pytest.raises(FrameworkError, match="không tìm thấy bộ gốc 'khong-co'"):
        load_framework(child)


def test_a_new_province_needs_no_code_change(write_framework):
    # A province writes its own file (bands, tiers, choice…) and it scores like the shipped ones.
    from chiso.scoring import score

    text = one_group(
        leaf("A", "5") + leaf("B", "5"),
        max_points="10",
        code="tinh-moi",
        classification=(
            "{type: bands, bands: [{name: Tốt, min_total: 8},"
            " {name: Khá, min_total: 5}, {name: Yếu, min_total: 0}]}"
        ),
    )
    framework = load_framework(write_framework(text))
    result = score(framework, {"A": True, "B": False}, unit="x")
    assert (result.total, result.sections[0].level) == (5, "Khá")


def test_framework_file_outside_the_shipped_directory_is_found_by_path(tmp_path):
    path = Path(SHIPPED_DIR / "vn-2392-xa.yaml")
    assert load_framework(path).code == "vn-2392-xa"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_libyaml_reads_each_shipped_file_as_the_python_parser_does(path: Path) -> None:
    """``read_yaml`` parses with libyaml (ten times faster); the data, decimals included, is the
    pure-Python loader's."""
    import yaml

    from chiso.scoring.loader import _DecimalLoader, read_yaml

    expected = yaml.load(path.read_text(encoding="utf-8"), Loader=_DecimalLoader)  # noqa: S506
    assert read_yaml(path) == expected


def test_a_broken_file_is_reported_with_the_python_parsers_line_and_caret(tmp_path: Path) -> None:
    import yaml

    from chiso.scoring.loader import read_yaml

    path = tmp_path / "hong.yaml"
    path.write_text('code: "x"\nsections: [\n  - a: 1\n', encoding="utf-8")
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        read_yaml(path)
    assert raised.value.problem_mark is not None
    assert "^" in str(raised.value)  # the line itself, with a caret under the problem
