"""Text beginning with = + - @ that people typed is never a formula in what chiso exports:
.xlsx cells are typed as text (and come back unchanged on upload), .csv cells get a leading '."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
from django.test import Client

from chiso.accounts.models import Role
from chiso.accounts.services import role_grant, user_create
from chiso.campaigns.models import Answer, Form
from chiso.campaigns.services import form_save_answer
from chiso.cli import main as chiso_cli

FORMULAS = ['=HYPERLINK("http://evil.example","bấm")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]
ROOT = Path(__file__).resolve().parents[2]


def _cells(content: bytes) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _no_formula_and_kept(content: bytes, texts: list[str]) -> None:
    cells = _cells(content)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    assert all(text in values or any(text in str(v) for v in values) for text in texts)


def test_the_forms_excel_file_keeps_a_formula_like_note_as_text_and_takes_it_back(
    form_a: Form, cast: dict[str, Any]
) -> None:
    form_save_answer(
        actor=cast["reporter_a"],
        form=form_a,
        criterion="SS.HT.1",
        value=["40", "50"],
        note=FORMULAS[0],
        expected_version=None,
    )
    client = Client()
    client.force_login(cast["reporter_a"])

    content = client.get(f"/forms/{form_a.pk}/excel/").content
    _no_formula_and_kept(content, [FORMULAS[0]])
    upload = io.BytesIO(content)
    upload.name = "phieu.xlsx"
    assert client.post(f"/forms/{form_a.pk}/excel/", {"file": upload}).status_code == 302
    assert Answer.objects.get(form=form_a, criterion="SS.HT.1").note == FORMULAS[0]


def test_the_list_of_units_not_submitted_keeps_officers_names_as_text(
    campaign: Any, cast: dict[str, Any]
) -> None:
    for n, text in enumerate(FORMULAS):
        person, _ = user_create(
            actor=None,
            username=f"cmd{n}",
            full_name=text,
            email=f"cmd{n}@example.vn",
            password="mat-khau-thu-2026",
        )
        role_grant(actor=None, user=person, role=Role.REPORTER, unit=cast["dakrlap"])
    client = Client()
    client.force_login(cast["appraiser"])

    response = client.get(f"/campaigns/{campaign.pk}/missing.xlsx")

    assert response.status_code == 200
    _no_formula_and_kept(response.content, FORMULAS)


def test_the_one_time_passwords_file_keeps_formula_like_names_as_text(cast: dict[str, Any]) -> None:
    rows = ["Mã đơn vị,Họ và tên,Email,Vai trò"] + [
        f'666,"{text.replace(chr(34), chr(34) * 2)}",cmd{n}@example.vn,Cán bộ đầu mối'
        for n, text in enumerate(FORMULAS)
    ]
    upload = io.BytesIO("\n".join(rows).encode())
    upload.name = "tai-khoan.csv"
    client = Client()
    client.force_login(cast["province_admin"])

    response = client.post("/admin/accounts/user/import/", {"era": "2019", "file": upload})

    assert response.status_code == 200, response.content.decode()[:2000]
    _no_formula_and_kept(response.content, FORMULAS)


def test_chiso_rank_csv_neutralises_formula_like_unit_names(tmp_path: Path, capsys: Any) -> None:
    source = ROOT / "examples/answers/daknong-2019-huyen/666.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    data["name"] = FORMULAS[0]
    answers = tmp_path / "666.json"
    answers.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    assert (
        chiso_cli(
            ["rank", "--framework", "vn-2392-huyen", "--answers", str(answers), "--format", "csv"]
        )
        == 0
    )

    out = capsys.readouterr().out
    assert "'" + FORMULAS[0].replace('"', '""') in out
    assert "\n" + FORMULAS[0][:5] not in out and "," + FORMULAS[0][:5] not in out
