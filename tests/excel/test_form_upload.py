"""Reading a form back: round trips, blank rows, and every refusal with its place and message."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest

from chiso.excel import FormUpload, WorkbookError, WorkbookProblem, read_form_workbook
from chiso.excel.archive import (
    EXTERNAL_LINKS,
    FILE_TOO_LARGE,
    MACROS,
    MAX_FILE_BYTES,
    NOT_XLSX,
    SUSPICIOUS_RATIO,
    TOO_MANY_MEMBERS,
    UNCOMPRESSED_TOO_LARGE,
)
from chiso.excel.form_cells import (
    CELL_NOT_USED,
    DOCUMENT_NONE_WITH_DETAILS,
    FORMULA,
    MAX_NUMBER_TEXT,
    MAX_TEXT,
    NOT_IN_LIST,
    ODD_NUMBER,
    PERCENT_FORMAT,
    RATIO_HALF,
    TEXT_TOO_LONG,
)
from chiso.excel.form_layout import FORM_SHEET, ID_SHEET, is_form_input
from chiso.excel.form_upload import (
    CODE_ALTERED,
    DATE_OUTSIDE_YEAR,
    EXTRA_SHEETS,
    IDENTITY_BROKEN,
    MAX_ROWS,
    NOT_AN_INPUT,
    NOT_CHISO_FORM,
    OTHER_CAMPAIGN,
    OTHER_FORMAT,
    OTHER_FRAMEWORK,
    OTHER_UNIT,
    ROW_MISSING,
    TOO_MANY_ROWS,
    VALUE_OUTSIDE_FORM,
)
from chiso.scoring import Framework, shipped_registry
from chiso.scoring.answers import NUMERATOR_ABOVE_DENOMINATOR, UNKNOWN_CRITERION, parse_answers
from tests.excel.builders import (
    KIND_ANSWERS,
    YEAR,
    build,
    day,
    edit,
    meta_for,
    row_map,
    sample_answers,
    with_members,
    zip_of,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "answers"
# Which shipped framework each example directory answers.
EXAMPLE_FRAMEWORKS = {
    "daknong-2019-huyen": "vn-2392-huyen",
    "daknong-2019-xa": "vn-2392-xa",
    "sonla-huyen": "sonla-cqs-huyen",
}
SHIPPED = [framework.code for framework in shipped_registry().all()]


def read(data: bytes, framework: Framework, **expected: Any) -> FormUpload:
    return read_form_workbook(
        data, framework=framework, expected=meta_for(framework, **expected), filename="phieu.xlsx"
    )


def problems_of(
    data: bytes, framework: Framework, filename: str = "phieu.xlsx", **expected: Any
) -> list[tuple[str, int | None, str, str, str]]:
    with pytest.raises(WorkbookError) as caught:
        read_form_workbook(
            data, framework=framework, expected=meta_for(framework, **expected), filename=filename
        )
    assert caught.value.filename == filename
    return [(p.sheet, p.row, p.column, p.criterion, p.message) for p in caught.value.problems]


def parsed(framework: Framework, answers: dict[str, object]) -> dict[str, object]:
    by_code = framework.criteria_by_code
    form_answers = {code: value for code, value in answers.items() if is_form_input(by_code[code])}
    values, problems = parse_answers(framework, form_answers, unit="", complete=False)
    assert problems == []
    return dict(values)


def _example_cases() -> list[Any]:
    cases = []
    for directory, code in sorted(EXAMPLE_FRAMEWORKS.items()):
        for path in sorted((EXAMPLES / directory).glob("*.json")):
            cases.append(pytest.param(code, path, id=f"{code}-{path.stem}"))
    return cases


# -- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "path"), _example_cases())
def test_example_answers_come_back_identical_through_parse_answers(code: str, path: Path) -> None:
    framework = shipped_registry().get(code)
    unit = json.loads(path.read_text(encoding="utf-8"))
    year = 2024 if code.startswith("sonla") else 2019
    data = build(framework, unit["answers"], year=year, unit_code=unit["unit"])
    upload = read(data, framework, year=year, unit_code=unit["unit"])
    assert parsed(framework, upload.answers) == parsed(framework, unit["answers"])


@pytest.mark.parametrize("code", SHIPPED)
def test_every_shipped_framework_round_trips_an_answer_to_each_row(code: str) -> None:
    framework = shipped_registry().get(code)
    answers = sample_answers(framework, YEAR)
    notes = {next(iter(answers)): "Số liệu đến 30/9"}
    upload = read(build(framework, answers, notes), framework)
    assert parsed(framework, upload.answers) == parsed(framework, answers)
    assert upload.notes == notes


def test_every_input_kind_round_trips_with_its_note(
    kind_form: bytes, every_kind: Framework
) -> None:
    upload = read(kind_form, every_kind)
    assert parsed(every_kind, upload.answers) == parsed(every_kind, KIND_ANSWERS)
    assert upload.notes == {"A.R": "Số liệu ngày 30/9"}
    assert upload.meta == meta_for(every_kind)


def test_answers_come_back_in_the_json_form_the_web_stores(
    kind_form: bytes, every_kind: Framework
) -> None:
    answers = read(kind_form, every_kind).answers
    assert answers == {
        "A.N": "43.5",
        "A.C": 3,
        "A.R": [40, 50],
        "A.O": [120, 100],
        "A.P": "87.5",
        "A.B": True,
        "B.CH": "chu_tich",
        "B.D": "2024-01-15",
        "B.V": {
            "number": "12/QĐ-UBND",
            "date": "2024-02-01",
            "issuer": "UBND xã Thử",
            "summary": "Quy chế bảo đảm an toàn thông tin",
        },
        "B.S.1": False,
        "B.S.2": False,
        "B.X": 2,
    }


def test_blank_cells_mean_not_answered(every_kind: Framework) -> None:
    upload = read(build(every_kind), every_kind)
    assert (upload.answers, upload.notes) == ({}, {})


def test_without_expected_meta_the_files_own_meta_is_returned(
    kind_form: bytes, every_kind: Framework
) -> None:
    upload = read_form_workbook(kind_form, framework=every_kind, expected=None, filename="a.xlsx")
    assert upload.meta.unit_code == "24612"


def _set(code: str, letter: str, value: object, number_format: str = "") -> Callable[..., Any]:
    def change(workbook: Any, rows: dict[str, int]) -> None:
        cell = workbook[FORM_SHEET][f"{letter}{rows[code]}"]
        cell.value = value
        if number_format:
            cell.number_format = number_format

    return change


@pytest.mark.parametrize(
    ("code", "letter", "value", "expected"),
    [
        pytest.param("A.N", "F", "43,5", {"A.N": "43.5"}, id="decimal comma typed as text"),
        pytest.param("A.R", "H", "1.400", {"A.R": [40, 1400]}, id="thousands dot in a ratio"),
        pytest.param("A.O", "G", "1.250", {"A.O": [1250, 100]}, id="thousands dot over 100 %"),
        pytest.param("A.N", "F", "1.000,0", {"A.N": 1000}, id="both marks, Vietnamese"),
        pytest.param("A.B", "F", "x", {"A.B": True}, id="yes written as x"),
        pytest.param("B.CH", "F", "pho", {"B.CH": "pho"}, id="option code instead of label"),
        pytest.param("B.D", "F", "20/03/2024", {"B.D": "2024-03-20"}, id="date typed as text"),
    ],
)
def test_values_the_web_accepts_are_accepted_from_excel_too(
    kind_form: bytes,
    every_kind: Framework,
    code: str,
    letter: str,
    value: object,
    expected: dict[str, object],
) -> None:
    rows = row_map(kind_form)
    data = edit(kind_form, lambda workbook: _set(code, letter, value)(workbook, rows))
    answers = read(data, every_kind).answers
    assert {key: answers[key] for key in expected} == expected


# -- refusals of a value ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "letter", "value", "where", "message"),
    [
        pytest.param(
            "A.N",
            "F",
            "nhiều",
            "F",
            "“nhiều” không phải số (viết như 1.400 hoặc 1,5)",
            id="text in number",
        ),
        pytest.param(
            "A.P",
            "F",
            "1.250",
            "F",
            "“1.250” có hai cách hiểu: 1250 (nếu là dấu chấm ngăn cách hàng nghìn) hoặc 1,25"
            " (nếu là dấu chấm thập phân); hãy viết rõ 1250 hoặc 1,25",
            id="one dot and three digits in a percentage",
        ),
        pytest.param(
            "A.R",
            "G",
            60,
            "G",
            NUMERATOR_ABOVE_DENOMINATOR.format(numerator="60", denominator="50"),
            id="numerator above denominator",
        ),
        pytest.param(
            "A.P",
            "F",
            120,
            "F",
            "tỷ lệ phần trăm phải từ 0 đến 100, nhận được 120",
            id="percentage above 100",
        ),
        pytest.param(
            "A.C",
            "F",
            2.5,
            "F",
            "số lượng phải là số nguyên không âm, nhận được 2,5",
            id="count not whole",
        ),
        pytest.param(
            "A.N", "F", 2000, "F", "giá trị lớn hơn mức tối đa 1000", id="above the maximum"
        ),
        pytest.param(
            "B.D",
            "F",
            day("31/12/2023"),
            "F",
            DATE_OUTSIDE_YEAR.format(date="31/12/2023", year=YEAR),
            id="date outside the campaign year",
        ),
        pytest.param(
            "B.CH",
            "F",
            "Giám đốc",
            "F",
            NOT_IN_LIST.format(value="Giám đốc", options="Chủ tịch, Bí thư; Phó chủ tịch; Chưa có"),
            id="option not in the list",
        ),
        pytest.param(
            "A.B",
            "F",
            "Chắc chắn",
            "F",
            "cần trả lời có/không, nhận được 'Chắc chắn'",
            id="yes-no not in the list",
        ),
        pytest.param("A.N", "F", "=1+1", "F", FORMULA, id="formula in a value cell"),
        pytest.param("A.R", "M", "=A1", "M", FORMULA, id="formula in a note"),
        pytest.param("A.B", "G", 5, "G", CELL_NOT_USED, id="cell the kind does not use"),
        pytest.param("A.R", "H", None, "H", RATIO_HALF, id="ratio without denominator"),
        pytest.param(
            "B.V", "F", "Không", "F", DOCUMENT_NONE_WITH_DETAILS, id="no document but its details"
        ),
        pytest.param(
            "B.V", "K", None, "I", "văn bản thiếu cơ quan ban hành", id="document without issuer"
        ),
        pytest.param(
            "A.N", "F", day("15/01/2024"), "F", "không phải số: '15/01/2024'", id="date in number"
        ),
        pytest.param(
            "A.N",
            "F",
            "1e99999999",
            "F",
            ODD_NUMBER.format(value="1e99999999"),
            id="number with a huge exponent",
        ),
        pytest.param(
            "A.R",
            "H",
            "9" * 100,
            "H",
            ODD_NUMBER.format(value="9" * MAX_NUMBER_TEXT),
            id="number with a hundred digits",
        ),
        pytest.param(
            "B.V",
            "L",
            "x" * (MAX_TEXT + 1),
            "L",
            TEXT_TOO_LONG.format(limit=MAX_TEXT),
            id="document summary too long",
        ),
        pytest.param(
            "A.R",
            "M",
            "x" * (MAX_TEXT + 1),
            "M",
            TEXT_TOO_LONG.format(limit=MAX_TEXT),
            id="note too long",
        ),
        pytest.param(
            "B.V",
            "F",
            "Có lẽ",
            "F",
            NOT_IN_LIST.format(value="Có lẽ", options="Có; Không"),
            id="document answer not yes or no",
        ),
    ],
)
def test_a_wrong_value_is_refused_at_its_row_and_column(
    kind_form: bytes,
    every_kind: Framework,
    code: str,
    letter: str,
    value: object,
    where: str,
    message: str,
) -> None:
    rows = row_map(kind_form)
    data = edit(kind_form, lambda workbook: _set(code, letter, value)(workbook, rows))
    assert problems_of(data, every_kind) == [(FORM_SHEET, rows[code], where, code, message)]


def test_a_percentage_typed_with_a_percent_sign_is_refused(
    kind_form: bytes, every_kind: Framework
) -> None:
    rows = row_map(kind_form)
    data = edit(kind_form, lambda workbook: _set("A.P", "F", 0.85, "0%")(workbook, rows))
    assert problems_of(data, every_kind) == [(FORM_SHEET, rows["A.P"], "F", "A.P", PERCENT_FORMAT)]


def test_every_problem_is_reported_at_once(kind_form: bytes, every_kind: Framework) -> None:
    rows = row_map(kind_form)

    def change(workbook: Any) -> None:
        sheet = workbook[FORM_SHEET]
        sheet[f"F{rows['A.N']}"] = "nhiều"
        sheet[f"G{rows['A.R']}"] = 60
        sheet[f"F{rows['A.C']}"] = "=2+2"
        workbook.create_sheet("Nháp")

    found = problems_of(edit(kind_form, change), every_kind, unit_code="24655")
    assert [(row, criterion) for _, row, _, criterion, _ in found] == [
        (None, ""),
        (None, ""),
        (rows["A.N"], "A.N"),
        (rows["A.C"], "A.C"),
        (rows["A.R"], "A.R"),
    ]


# -- refusals of the form as a whole ---------------------------------------------------------


def test_a_form_of_another_unit_is_refused_naming_both(every_kind: Framework) -> None:
    data = build(every_kind, unit_code="24655", unit_name="Phường Nghĩa Trung")
    assert problems_of(data, every_kind) == [
        (
            "",
            None,
            "",
            "",
            OTHER_UNIT.format(
                found="Phường Nghĩa Trung (mã 24655)", expected="Phường Nghĩa Thành (mã 24612)"
            ),
        )
    ]


def test_the_same_unit_code_of_the_other_era_is_another_unit(every_kind: Framework) -> None:
    data = build(every_kind, unit_era="2025")
    expected = OTHER_UNIT.format(
        found="Phường Nghĩa Thành (mã 24612), danh mục 2025",
        expected="Phường Nghĩa Thành (mã 24612), danh mục 2019",
    )
    assert problems_of(data, every_kind) == [("", None, "", "", expected)]


def test_a_form_of_another_campaign_is_refused(every_kind: Framework) -> None:
    data = build(every_kind, campaign_id="dot-2023", campaign_name="Đánh giá năm 2023", year=2023)
    expected = OTHER_CAMPAIGN.format(
        found="Đánh giá năm 2023 — năm 2023", expected="Đánh giá năm 2024 — năm 2024"
    )
    assert problems_of(data, every_kind) == [("", None, "", "", expected)]


def test_a_form_of_another_framework_version_is_refused(every_kind: Framework) -> None:
    def change(workbook: Any) -> None:
        workbook[ID_SHEET]["B9"] = "2023"  # framework_version

    data = edit(build(every_kind), change)
    expected = OTHER_FRAMEWORK.format(
        found="thu-excel phiên bản 2023", expected="thu-excel phiên bản 2024"
    )
    assert problems_of(data, every_kind) == [("", None, "", "", expected)]


def test_a_form_of_another_framework_is_refused(every_kind: Framework) -> None:
    other = shipped_registry().get("vn-2392-xa")
    data = build(other)
    expected = OTHER_FRAMEWORK.format(
        found="vn-2392-xa phiên bản 2017", expected="thu-excel phiên bản 2024"
    )
    assert problems_of(data, every_kind) == [("", None, "", "", expected)]


def test_extra_sheets_are_refused_by_name(kind_form: bytes, every_kind: Framework) -> None:
    def change(workbook: Any) -> None:
        workbook.create_sheet("Nháp")
        workbook.create_sheet("Sheet2")

    expected = EXTRA_SHEETS.format(names="“Nháp”, “Sheet2”")
    assert problems_of(edit(kind_form, change), every_kind) == [("", None, "", "", expected)]


def test_a_workbook_without_the_form_sheet_is_not_a_chiso_form(
    kind_form: bytes, every_kind: Framework
) -> None:
    def change(workbook: Any) -> None:
        workbook[FORM_SHEET].title = "Sheet1"

    assert problems_of(edit(kind_form, change), every_kind) == [
        ("", None, "", "", EXTRA_SHEETS.format(names="“Sheet1”")),
        ("", None, "", "", NOT_CHISO_FORM.format(sheet=FORM_SHEET)),
    ]


def test_a_workbook_without_the_hidden_sheet_is_not_a_chiso_form(
    kind_form: bytes, every_kind: Framework
) -> None:
    def change(workbook: Any) -> None:
        del workbook[ID_SHEET]

    assert problems_of(edit(kind_form, change), every_kind) == [
        ("", None, "", "", NOT_CHISO_FORM.format(sheet=ID_SHEET))
    ]


def test_a_plain_workbook_is_not_a_chiso_form(every_kind: Framework) -> None:
    workbook = openpyxl.Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert problems_of(buffer.getvalue(), every_kind) == [
        ("", None, "", "", EXTRA_SHEETS.format(names="“Sheet”")),
        ("", None, "", "", NOT_CHISO_FORM.format(sheet=FORM_SHEET)),
        ("", None, "", "", NOT_CHISO_FORM.format(sheet=ID_SHEET)),
    ]


def test_an_altered_criterion_code_is_refused_at_its_row(
    kind_form: bytes, every_kind: Framework
) -> None:
    rows = row_map(kind_form)
    data = edit(kind_form, lambda workbook: _set("A.C", "A", "A.C9")(workbook, rows))
    expected = CODE_ALTERED.format(found="A.C9", expected="A.C")
    assert problems_of(data, every_kind) == [(FORM_SHEET, rows["A.C"], "A", "A.C", expected)]


@pytest.mark.parametrize(("code", "message"), [("Z.9", UNKNOWN_CRITERION), ("B.T", NOT_AN_INPUT)])
def test_a_row_mapped_to_a_criterion_not_in_the_form_is_refused(
    kind_form: bytes, every_kind: Framework, code: str, message: str
) -> None:
    rows = row_map(kind_form)

    def change(workbook: Any) -> None:
        hidden = workbook[ID_SHEET]
        for row in range(2, hidden.max_row + 1):
            if hidden[f"E{row}"].value == "A.C":
                hidden[f"E{row}"] = code
        workbook[FORM_SHEET][f"A{rows['A.C']}"] = code

    assert problems_of(edit(kind_form, change), every_kind) == [
        (FORM_SHEET, rows["A.C"], "", code, message)
    ]


def test_a_deleted_criterion_row_is_refused(kind_form: bytes, every_kind: Framework) -> None:
    rows = row_map(kind_form)
    last = max(rows.values())

    def change(workbook: Any) -> None:
        workbook[FORM_SHEET].delete_rows(last)

    assert problems_of(edit(kind_form, change), every_kind) == [
        (FORM_SHEET, last, "", "B.X", ROW_MISSING)
    ]


def test_a_value_outside_the_criterion_rows_is_refused(
    kind_form: bytes, every_kind: Framework
) -> None:
    rows = row_map(kind_form)
    heading = min(rows.values()) - 1  # the group heading above the first criterion
    last = max(rows.values()) + 3

    def change(workbook: Any) -> None:
        workbook[FORM_SHEET][f"F{heading}"] = 5
        workbook[FORM_SHEET][f"M{last}"] = "ghi thêm"

    assert problems_of(edit(kind_form, change), every_kind) == [
        (FORM_SHEET, heading, "F", "", VALUE_OUTSIDE_FORM),
        (FORM_SHEET, last, "M", "", VALUE_OUTSIDE_FORM),
    ]


def test_too_many_rows_are_refused(kind_form: bytes, every_kind: Framework) -> None:
    def change(workbook: Any) -> None:
        workbook[FORM_SHEET].cell(row=MAX_ROWS + 1, column=1, value="x")

    expected = TOO_MANY_ROWS.format(limit=MAX_ROWS)
    assert problems_of(edit(kind_form, change), every_kind) == [
        (FORM_SHEET, None, "", "", expected)
    ]


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("B1", "chiso-phieu-tu-danh-gia/0", OTHER_FORMAT.format(found="chiso-phieu-tu-danh-gia/0")),
        ("B6", None, IDENTITY_BROKEN.format(what="unit_code")),
        ("B4", "hai nghìn", IDENTITY_BROKEN.format(what="year")),
        ("D3", "mười", IDENTITY_BROKEN.format(what="dòng 3")),
    ],
)
def test_a_damaged_identification_is_refused(
    kind_form: bytes, every_kind: Framework, cell: str, value: object, message: str
) -> None:
    def change(workbook: Any) -> None:
        workbook[ID_SHEET][cell] = value

    assert problems_of(edit(kind_form, change), every_kind) == [(ID_SHEET, None, "", "", message)]


# -- refusals of the file --------------------------------------------------------------------


def _whole(*messages: str) -> list[tuple[str, int | None, str, str, str]]:
    return [("", None, "", "", message) for message in messages]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"Ma tieu chi;Tra loi\nA.N;43,5\n", id="csv"),
        pytest.param(b"%PDF-1.7\n" + bytes(200), id="pdf"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), id="old xls"),
        pytest.param(zip_of({"word/document.xml": b"<w/>"}), id="zip that is no workbook"),
    ],
)
def test_bytes_that_are_not_xlsx_are_refused(data: bytes, every_kind: Framework) -> None:
    assert problems_of(data, every_kind) == _whole(NOT_XLSX)


def test_a_truncated_xlsx_is_refused(kind_form: bytes, every_kind: Framework) -> None:
    assert problems_of(kind_form[: len(kind_form) // 2], every_kind) == _whole(NOT_XLSX)


def test_a_corrupt_member_is_refused(kind_form: bytes, every_kind: Framework) -> None:
    data = with_members(kind_form, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"})
    assert problems_of(data, every_kind) == _whole(NOT_XLSX)


def test_xml_entity_declarations_are_refused(kind_form: bytes, every_kind: Framework) -> None:
    # openpyxl parses through defusedxml when it is installed: an entity is never expanded.
    assert openpyxl.xml.DEFUSEDXML is True
    with zipfile.ZipFile(io.BytesIO(kind_form)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    laughs = b'<!DOCTYPE worksheet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    data = with_members(kind_form, {"xl/worksheets/sheet1.xml": laughs + sheet})
    assert problems_of(data, every_kind) == _whole(NOT_XLSX)


def test_a_zip_bomb_is_refused_before_it_is_opened(kind_form: bytes, every_kind: Framework) -> None:
    data = with_members(kind_form, {"xl/media/image1.png": bytes(21 * 1024 * 1024)})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        bomb = archive.getinfo("xl/media/image1.png")
        total = sum(member.file_size for member in archive.infolist())
    found = problems_of(data, every_kind)
    assert [message for *_, message in found] == [
        UNCOMPRESSED_TOO_LARGE.format(size=f"{total / 2**20:.1f}".replace(".", ","), limit="20,0"),
        SUSPICIOUS_RATIO.format(
            member="xl/media/image1.png", ratio=bomb.file_size // bomb.compress_size
        ),
    ]


def test_a_highly_compressed_member_is_refused(kind_form: bytes, every_kind: Framework) -> None:
    data = with_members(kind_form, {"xl/media/image1.png": bytes(2 * 1024 * 1024)})
    found = problems_of(data, every_kind)
    assert len(found) == 1
    assert found[0][4].startswith("thành phần xl/media/image1.png của tệp nén với tỷ lệ bất thường")


def test_too_many_members_are_refused(kind_form: bytes, every_kind: Framework) -> None:
    data = with_members(kind_form, {f"xl/media/{n}.png": b"x" for n in range(200)})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        count = len(archive.infolist())
    assert count > 200
    assert problems_of(data, every_kind) == _whole(TOO_MANY_MEMBERS.format(count=count, limit=200))


def test_a_file_above_the_size_limit_is_refused_unread(every_kind: Framework) -> None:
    assert problems_of(bytes(MAX_FILE_BYTES + 1), every_kind) == _whole(
        FILE_TOO_LARGE.format(size="5,0", limit="5,0")
    )


@pytest.mark.parametrize(
    "member",
    ["xl/vbaProject.bin", "xl/macrosheets/sheet1.xml", "xl/activeX/activeX1.xml"],
)
def test_a_workbook_with_macros_is_refused(
    kind_form: bytes, every_kind: Framework, member: str
) -> None:
    data = with_members(kind_form, {member: b"\x00macro"})
    assert problems_of(data, every_kind) == _whole(MACROS)


def test_a_macro_enabled_content_type_is_refused(kind_form: bytes, every_kind: Framework) -> None:
    with zipfile.ZipFile(io.BytesIO(kind_form)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
    data = with_members(kind_form, {"[Content_Types].xml": types})
    assert problems_of(data, every_kind) == _whole(MACROS)


def test_an_xlsm_file_name_is_refused(kind_form: bytes, every_kind: Framework) -> None:
    assert problems_of(kind_form, every_kind, filename="phieu.xlsm") == _whole(MACROS)


@pytest.mark.parametrize("member", ["xl/externalLinks/externalLink1.xml", "xl/connections.xml"])
def test_a_workbook_with_external_links_is_refused(
    kind_form: bytes, every_kind: Framework, member: str
) -> None:
    data = with_members(kind_form, {member: b"<externalLink/>"})
    assert problems_of(data, every_kind) == _whole(EXTERNAL_LINKS)


# -- the error itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (WorkbookProblem(FORM_SHEET, 12, "G", "A.R", "tỷ lệ"), "Phiếu!G12 [A.R]: tỷ lệ"),
        (WorkbookProblem(FORM_SHEET, 12, "", "A.R", "mã"), "Phiếu dòng 12 [A.R]: mã"),
        (WorkbookProblem(ID_SHEET, None, "", "", "hỏng"), "_chiso: hỏng"),
        (WorkbookProblem("", None, "", "", NOT_XLSX), f"tệp: {NOT_XLSX}"),
    ],
)
def test_a_problem_reads_as_its_place_then_its_message(problem: WorkbookProblem, text: str) -> None:
    assert str(problem) == text


def test_expected_meta_must_be_of_the_framework_given(
    kind_form: bytes, every_kind: Framework
) -> None:
    with pytest.raises(ValueError, match="framework"):
        read_form_workbook(
            kind_form,
            framework=every_kind,
            expected=meta_for(every_kind, framework_version="1"),
            filename="phieu.xlsx",
        )
