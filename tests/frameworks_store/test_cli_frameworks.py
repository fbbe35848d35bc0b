"""``chiso frameworks export|import|list|show`` as an operator runs them."""

from __future__ import annotations

import json

import pytest

from chiso.cli import main
from chiso.scoring import shipped_registry

SHIPPED = [f.code for f in shipped_registry().all()]
PROVINCE = ["--province", "67", "--structure", "2019"]
# Where a framework was read from and what it extends: not part of an Excel table's content.
LINEAGE = ("source", "extends", "differences")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def show(capsys, code: str, *drop: str) -> dict:
    status, out, err = run(capsys, "frameworks", "show", code, "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    for key in ("code", "version", *drop):
        data.pop(key)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["yaml", "xlsx"])
@pytest.mark.parametrize("code", SHIPPED)
def test_export_then_import_of_a_shipped_framework_shows_the_same_framework(
    capsys, tmp_path, code, fmt
):
    path = tmp_path / f"{code}.{fmt}"
    status, _, err = run(capsys, "frameworks", "export", code, "--format", fmt, "-o", path)
    assert status == 0, err
    new = f"{code}-tinh"
    status, out, err = run(capsys, "frameworks", "import", path, "--as", new, *PROVINCE)
    assert status == 0, err
    assert out.split() == [new, "1"]
    # YAML keeps the lineage (extends + changes); the Excel table holds the resolved framework.
    drop = ("source",) if fmt == "yaml" else LINEAGE
    assert show(capsys, new, *drop) == show(capsys, code, *drop)


@pytest.mark.django_db
def test_import_of_a_broken_table_exits_1_with_every_located_problem_and_stores_nothing(
    capsys, tmp_path
):
    import openpyxl

    from chiso.frameworks.models import FrameworkVersion

    path = tmp_path / "x.xlsx"
    run(capsys, "frameworks", "export", "vn-2392-xa", "--format", "xlsx", "-o", path)
    book = openpyxl.load_workbook(path)
    sheet = book["Tiêu chí"]
    column = {c.value: c.column_letter for c in sheet[1]}
    sheet[f"{column['Điểm tối đa']}4"] = "năm"  # the points of the first criterion
    sheet[f"{column['Quy tắc (YAML)']}5"] = "{type: khong-co}"  # the rule of the second
    sheet[f"{column['Kiểu nhập']}6"] = "ảnh"  # the input of the third
    book.save(path)
    status, out, err = run(capsys, "frameworks", "import", path, "--as", "xa-hong", *PROVINCE)
    assert status == 1 and out == ""
    assert "trang «Tiêu chí», dòng 4, cột «Điểm tối đa»: phải là số, không phải «năm»" in err
    assert "trang «Tiêu chí», dòng 5, cột «Quy tắc (YAML)»: quy tắc không biết 'khong-co'" in err
    assert "dòng 6, cột «Kiểu nhập»: kiểu nhập không hợp lệ" in err
    assert err.count("dòng 4") == 1
    assert not FrameworkVersion.objects.exists()


@pytest.mark.django_db
def test_list_shows_templates_and_the_provinces_versions_with_their_status(capsys, tmp_path):
    path = tmp_path / "x.yaml"
    run(capsys, "frameworks", "export", "vn-2392-xa", "--format", "yaml", "-o", path)
    run(capsys, "frameworks", "import", path, "--as", "daknong-xa", *PROVINCE)
    run(capsys, "frameworks", "import", path, "--as", "daknong-xa", *PROVINCE)
    status, out, _ = run(capsys, "frameworks", "list")
    assert status == 0
    lines = [line.split()[:3] for line in out.splitlines()]
    assert ["vn-2392-xa", "2017", "mẫu"] in lines
    assert ["daknong-xa", "1", "nháp"] in lines and ["daknong-xa", "2", "nháp"] in lines
    status, out, _ = run(capsys, "frameworks", "list", "--format", "json")
    rows = {(r["code"], r["version"]): r["status"] for r in json.loads(out)}
    assert rows[("daknong-xa", "2")] == "draft" and rows[("vn-2392-xa", "2017")] == "template"


@pytest.mark.django_db
def test_import_under_a_shipped_code_is_refused_with_exit_2(capsys, tmp_path):
    path = tmp_path / "x.yaml"
    run(capsys, "frameworks", "export", "vn-2392-xa", "--format", "yaml", "-o", path)
    status, _, err = run(capsys, "frameworks", "import", path, *PROVINCE)
    assert status == 2 and "bộ mẫu đi kèm chiso" in err


def test_export_as_docx_writes_the_annex(capsys, tmp_path):
    import docx

    path = tmp_path / "phu-luc.docx"
    status, _, _ = run(
        capsys, "frameworks", "export", "sonla-cqs-tinh", "--format", "docx", "-o", path
    )
    assert status == 0
    document = docx.Document(str(path))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["TT", "Tiêu chí", "Điểm tối đa"]
    assert document.paragraphs[0].text == "PHỤ LỤC"
