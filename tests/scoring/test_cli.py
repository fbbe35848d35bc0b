"""The ``chiso`` command as a user runs it, on the example files that ship with the project."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from chiso.cli import main

ROOT = Path(__file__).resolve().parents[2]
DAK_NONG = sorted((ROOT / "examples/answers/daknong-2019-huyen").glob("*.json"))
DAK_NONG_XA = sorted((ROOT / "examples/answers/daknong-2019-xa").glob("*.json"))
SON_LA = sorted((ROOT / "examples/answers/sonla-huyen").glob("*.json"))


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_rank_reproduces_the_published_dak_nong_2019_district_ranking(capsys):
    code, out, _ = run(
        capsys, "rank", "--framework", "vn-2392-huyen", "--answers", *DAK_NONG, "--format", "json"
    )
    assert code == 0
    rows = [
        (r["section"], r["rank"], r["name"], r["points"], r["level"])
        for r in json.loads(out)
        if r["rank"]
    ]
    assert rows == [
        ("SS", "1", "Thành phố Gia Nghĩa", "43.80", "Mức II"),
        ("SS", "2", "Huyện Cư Jút", "40.23", "Mức II"),
        ("SS", "3", "Huyện Đắk R'Lấp", "37.42", "Mức IV"),
        ("KQ", "1", "Thành phố Gia Nghĩa", "81.75", "Mức III"),
        ("KQ", "2", "Huyện Krông Nô", "71.18", "Mức IV"),
    ]


def test_rank_lists_communes_and_says_why_the_others_are_not_ranked(capsys):
    code, out, _ = run(capsys, "rank", "--framework", "vn-2392-xa", "--answers", *DAK_NONG_XA)
    assert code == 0
    assert "   1  Xã Nâm N'Jang         21,50  Mức IV" in out
    assert "   2  Xã Tâm Thắng          21,40  Mức IV" in out
    assert "Không xếp hạng:" in out and "không đạt Mức IV" in out


def test_rank_csv_has_one_row_per_unit_and_section(capsys):
    code, out, _ = run(
        capsys, "rank", "--framework", "sonla-cqs-huyen", "--answers", *SON_LA, "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == len(SON_LA)
    assert [r["level"] for r in rows] == ["Tốt", "Khá", "Trung bình", "Yếu"]


def test_score_explains_every_number_and_what_the_next_level_needs(capsys):
    path = ROOT / "examples/answers/daknong-2019-huyen/666.json"
    code, out, _ = run(
        capsys, "score", "--framework", "vn-2392-huyen", "--answers", path, "--cohort", *DAK_NONG
    )
    assert code == 0
    assert "SS Điều kiện sẵn sàng Chính quyền điện tử: 37,42/50,00 — Mức IV" in out
    assert "40/50 = 80,00 % × 6,00 = 4,80 điểm" in out
    assert "1,5 / 2,5 × 6,00 = 3,60 điểm" in out  # normalised against the cohort's best
    assert "Để đạt Mức III:" in out
    assert "Tổng điểm Điều kiện sẵn sàng Chính quyền điện tử thiếu 0,08 điểm" in out


def test_score_json_carries_exact_values_and_legal_basis(capsys):
    code, out, _ = run(
        capsys,
        "score",
        "--framework",
        "vn-2392-huyen",
        "--answers",
        ROOT / "examples/answers/daknong-2019-huyen/660.json",
        "--format",
        "json",
    )
    data = json.loads(out)
    first = data["sections"][0]["groups"][0]["criteria"][0]
    assert code == 0
    assert (first["code"], first["points"], first["points_exact"]) == ("SS.HT.1", "5.76", "5.76")
    assert "2392/QĐ-BTTTT" in first["legal_basis"]
    assert data["provisional"] == ["SS.HT.5"]


def test_bad_answers_exit_2_naming_unit_and_criterion_and_print_no_result(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"unit": "660", "answers": {"SS.HT.1": [60, 50], "XX.1": 3}}), encoding="utf-8"
    )
    code, out, err = run(capsys, "score", "--framework", "vn-2392-huyen", "--answers", bad)
    assert code == 2 and out == ""
    assert "đơn vị 660 [SS.HT.1]: tử số (60) lớn hơn mẫu số (50)" in err
    assert "đơn vị 660 [XX.1]: không có tiêu chí mã này" in err
    assert "đơn vị 660 [SS.NL.1]: thiếu câu trả lời" in err


def test_unreadable_answers_file_exits_2(capsys, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    code, out, err = run(capsys, "rank", "--framework", "vn-2392-xa", "--answers", broken)
    assert (code, out) == (2, "")
    assert "JSON không hợp lệ ở dòng 1" in err


@pytest.mark.django_db  # an unknown code is looked for among the province's stored versions
def test_unknown_framework_exits_2_and_lists_the_known_ones(capsys):
    code, _, err = run(capsys, "frameworks", "show", "khong-co")
    assert code == 2 and "vn-2392-huyen" in err


def test_frameworks_check_accepts_every_shipped_file(capsys):
    files = sorted((ROOT / "chiso/data/frameworks").glob("*.yaml"))
    code, out, _ = run(capsys, "frameworks", "check", *files)
    assert code == 0 and out.count("OK ") == len(files)


def test_frameworks_check_rejects_a_broken_file_with_exit_1(capsys, tmp_path):
    text = (ROOT / "chiso/data/frameworks/vn-2392-huyen.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("max_points: 30", "max_points: 31", 1), encoding="utf-8")
    code, _, err = run(capsys, "frameworks", "check", broken)
    assert code == 1
    assert f"{broken} [SS.HT]: các tiêu chí cộng lại 30 điểm, khác điểm tối đa 31" in err
    assert f"{broken} [SS]: các nhóm cộng lại 51 điểm, khác điểm tối đa 50" in err


def test_frameworks_show_prints_the_resolved_adaptation_and_its_differences(capsys):
    code, out, _ = run(capsys, "frameworks", "show", "danang-2392-quan-huyen")
    assert code == 0
    assert "Điều chỉnh từ: vn-2392-huyen" in out
    assert "SS.HT.5: bỏ — lý do:" in out
    assert "DN.SS.HT.6 Kết nối mạng đô thị (MAN)" in out


@pytest.mark.django_db  # the list shows the province's stored versions too
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_frameworks_list_names_every_shipped_framework(capsys, fmt):
    code, out, _ = run(capsys, "frameworks", "list", "--format", fmt)
    assert code == 0 and "sonla-cqs-tinh" in out and "danang-2392-phuong-xa" in out


def test_frameworks_show_json_gives_criteria_with_rule_and_legal_basis(capsys):
    code, out, _ = run(capsys, "frameworks", "show", "vn-2392-xa", "--format", "json")
    data = json.loads(out)
    first = data["sections"][0]["groups"][0]["criteria"][0]
    assert code == 0 and data["code"] == "vn-2392-xa"
    assert (first["code"], first["max_points"], first["rule"]) == (
        "SS.HT.1",
        "5.00",
        "proportional",
    )
    assert "2392/QĐ-BTTTT" in first["legal_basis"]
