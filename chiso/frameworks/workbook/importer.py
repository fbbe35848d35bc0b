"""An .xlsx criteria table → a framework's YAML text, or every problem located.

Accepts chiso's own export (the round trip gives the same framework) and a table written by
hand the way a Sở writes its annex: columns in any order, headers with or without diacritics
and with variants («STT», «Nội dung», «Điểm», «Minh chứng»…), a title above the header, group
rows merged across the table («I. NHẬN THỨC SỐ»), a legal basis merged down several rows,
blank lines and a «Tổng cộng» line. Every problem names the sheet, the row and the column;
when there is any, nothing is returned to store.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import openpyxl  # type: ignore[import-untyped]

from chiso.excel.archive import archive_problems
from chiso.excel.safe import FORMULA_STARTS
from chiso.frameworks.texts import load_text
from chiso.frameworks.workbook.columns import (
    CRITERIA_COLUMNS,
    CRITERIA_SHEET,
    LADDER,
    LEVEL_COLUMNS,
    LEVELS_SHEET,
    META_ROWS,
    META_SHEET,
    CellError,
    Column,
    dump_yaml,
    evidence_in,
    header_key,
    match_columns,
    number_in,
)
from chiso.frameworks.workbook.scoring_text import parse_how
from chiso.scoring import FrameworkError
from chiso.scoring.model import InputKind
from chiso.tabular import TableError, TableProblem, Where
from chiso.units_data import fold

NO_CRITERIA_SHEET = (
    "không tìm thấy bảng tiêu chí: cần một dòng tiêu đề có cột «Tiêu chí» (hoặc «Nội dung»)"
    " và cột «Điểm tối đa» (hoặc «Điểm») trong 20 dòng đầu của một trang"
)
NO_LEVELS_SHEET = (
    "thiếu trang «Xếp loại»: cần các dòng «Mức» và «Điểm tối thiểu» (ví dụ Tốt 85, Khá 70,"
    " Trung bình 50, Yếu 0)"
)
UNKNOWN_TT = (
    "không xác định được cấp của dòng từ «{tt}»: dùng A, B… cho hạng mục, I, II… cho nhóm,"
    " 1, 2… cho tiêu chí, 1.1 hoặc a, b… cho ý con"
)
NO_LEVEL = "dòng có nội dung nhưng cột TT trống: ghi số thứ tự (I, 1, 1.1, a…)"
ORPHAN = "tiêu chí «{tt}» đứng trước mọi nhóm (I, II…): thêm dòng nhóm phía trên"
ORPHAN_CHILD = "ý con «{tt}» không có tiêu chí cha phía trên"
MISSING_POINTS = "thiếu điểm tối đa"
MISSING_NAME = "thiếu tên tiêu chí"
MISSING_META = "thiếu «{what}» (trang «Thông tin chung», hoặc nhập khi tải lên)"
SECTION_UNKNOWN = "hạng mục «{code}» không có trong bảng tiêu chí"
SECTION_NEEDED = "bảng có nhiều hạng mục: ghi mã hạng mục ở cột «Hạng mục»"
NO_LEVELS_FOR = "hạng mục «{code}» chưa có mức xếp loại nào"
UNKNOWN_INPUT = "kiểu nhập không hợp lệ; dùng một trong: " + ", ".join(
    f"{k.value} ({k.label_vi})" for k in InputKind
)
IMPLICIT_SECTION = "Toàn bộ chỉ số"  # a table with groups only has one section, named so
DUPLICATE_CODE = "mã «{code}» trùng với dòng {row}"

_ROMAN = re.compile(r"^(?=[IVXL]+$)(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
_SPLIT = re.compile(r"^\s*([A-H]|[IVXL]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)/:-]\s+(\S.*)$", re.S)
_INPUT_LABELS = {fold(k.label_vi): k.value for k in InputKind} | {
    k.value: k.value for k in InputKind
}


@dataclass
class _Sheet:
    title: str
    rows: list[tuple[int, list[Any]]]  # (Excel row number, values)
    header_row: int = 0
    columns: dict[int, Column] = field(default_factory=dict)


@dataclass
class _Reader:
    filename: str
    problems: list[TableProblem] = field(default_factory=list)
    rows_of: dict[str, tuple[str, int]] = field(default_factory=dict)  # code → (sheet, row)
    upset: set[str] = field(default_factory=set)  # codes whose sums a bad cell changed
    code: str = ""  # the framework's code, for problems about the framework as a whole
    meta_sheet: str = META_SHEET

    def fail(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.problems.append(TableProblem(Where(self.filename, sheet, row, column), message))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_STARTS):
            value = value[1:]  # chiso wrote it with an apostrophe so Excel shows it as text
        return value or None
    return value


def _sheet_values(ws: Any, fill_columns: set[int] | None = None) -> list[tuple[int, list[Any]]]:
    """Rows of values; vertically merged cells of ``fill_columns`` copied down their range."""
    grid = [[_clean(c) for c in row] for row in ws.iter_rows(values_only=True)]
    if fill_columns:
        for merged in ws.merged_cells.ranges:
            if merged.min_row == merged.max_row:
                continue
            for col in range(merged.min_col, merged.max_col + 1):
                if col - 1 not in fill_columns:
                    continue
                top = grid[merged.min_row - 1][merged.min_col - 1]
                for r in range(merged.min_row, merged.max_row + 1):
                    grid[r - 1][col - 1] = top
    return [(number, row) for number, row in enumerate(grid, start=1)]


def _find_header(
    ws: Any, columns: tuple[Column, ...], need: set[str]
) -> tuple[int, dict[int, Column]] | None:
    for number, row in enumerate(ws.iter_rows(max_row=20, values_only=True), start=1):
        found = match_columns(list(row), columns)
        if need <= {c.header for c in found.values()}:
            return number, found
    return None


def _kind(tt: str) -> tuple[str, int]:
    """("section"|"group"|"criterion"|"sub", depth) from a TT cell."""
    if re.fullmatch(r"[A-H]", tt):
        return "section", 0
    if _ROMAN.match(tt):
        return "group", 0
    if re.fullmatch(r"\d+", tt):
        return "criterion", 0
    if re.fullmatch(r"\d+(\.\d+)+", tt):
        return "criterion", tt.count(".")
    if re.fullmatch(r"[a-zđ]", tt):
        return "sub", 1
    if tt in {"-", "+", "•", "*"}:
        return "sub", 2
    return "", 0


def read_workbook(data: bytes, filename: str, *, code: str | None = None) -> str:
    """The YAML text of the framework in the workbook; ``TableError`` lists every problem,
    located by sheet, row and column (the loader's own checks included)."""
    reader = _Reader(filename)
    problems = archive_problems(data, filename)
    if problems:
        raise TableError([TableProblem(Where(filename), p) for p in problems])
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many types for a damaged file
        raise TableError([TableProblem(Where(filename), "tệp Excel không đọc được")]) from None
    mapping = _code_first(_Builder(reader, book, code).build())
    text = dump_yaml(mapping)
    try:
        load_text(text, display=filename)
    except FrameworkError as error:
        # The loader's checks too, except on rows already wrong and sums a bad cell upset.
        bad_rows: set[tuple[str, object]] = {
            (p.where.sheet, p.where.row) for p in reader.problems if p.where.row
        }
        bad_rows |= {(p.where.sheet, p.where.column) for p in reader.problems if not p.where.row}
        for problem in error.problems:
            located = _locate(reader, problem)
            if (located.where.sheet, located.where.row or located.where.column) in bad_rows:
                continue
            if "cộng lại" in problem.message and str(problem.item) in reader.upset:
                continue
            reader.problems.append(located)
    if reader.problems:
        raise TableError(reader.problems)
    return text


def _code_first(value: Any) -> Any:
    """Each item's ``code`` written first, as people write the YAML by hand."""
    if isinstance(value, dict):
        ordered = {"code": value["code"]} if "code" in value else {}
        return {**ordered, **{k: _code_first(v) for k, v in value.items() if k != "code"}}
    if isinstance(value, list):
        return [_code_first(v) for v in value]
    return value


_COLUMN_OF = (
    ("max_points", "Điểm tối đa"),
    ("cộng lại", "Điểm tối đa"),
    ("điểm tối đa", "Điểm tối đa"),
    ("căn cứ", "Căn cứ"),
    ("legal_basis", "Căn cứ"),
    ("quy tắc", "Quy tắc (YAML)"),
    ("bậc", "Cách tính điểm"),
    ("points", "Cách tính điểm"),
    ("kiểu nhập", "Kiểu nhập"),
    ("'input'", "Kiểu nhập"),
    ("provenance", "Nguồn gốc"),
    ("khóa không hợp lệ", "Khác (YAML)"),
    ("classification", "Mức"),
    ("min_total", "Điểm tối thiểu"),
    ("tỷ lệ", "Tỷ lệ tối thiểu theo nhóm"),
    ("unit_kinds", "Áp dụng cho loại đơn vị"),
)


def _locate(reader: _Reader, problem: Any) -> TableProblem:
    """A loader problem (naming an item code) placed on the row that wrote that item."""
    item = str(problem.item)
    code = item.split(" / ")[0]
    sheet, row = reader.rows_of.get(code, (CRITERIA_SHEET, None))
    if (
        " / " in item or "classification" in problem.message
    ) and f"levels:{code}" in reader.rows_of:
        sheet, row = reader.rows_of[f"levels:{code}"]
    column = next((c for key, c in _COLUMN_OF if key in problem.message), "")
    if row is None and (not item or code in (reader.code, "bộ tiêu chí")):
        sheet = reader.meta_sheet
    message = problem.message if row is not None or not item else f"[{item}] {problem.message}"
    return TableProblem(Where(reader.filename, sheet, row, column), message)


class _Builder:
    def __init__(self, reader: _Reader, book: Any, code: str | None) -> None:
        self.r = reader
        self.book = book
        self.code = code
        self.title = ""
        self.bad: set[tuple[str, int | None, str]] = set()  # cells already reported

    def build(self) -> dict[str, Any]:
        criteria = self.criteria_sheet()
        if criteria is None:
            self.r.fail("", None, "", NO_CRITERIA_SHEET)
            return {}
        sections = self.tree(criteria)
        meta = self.meta()
        self.levels(sections)
        return {**meta, "sections": sections}

    # -- sheets --------------------------------------------------------------------------------
    def sheet_named(self, *names: str) -> Any:
        for ws in self.book.worksheets:
            if any(n in fold(ws.title) for n in names):
                return ws
        return None

    def criteria_sheet(self) -> _Sheet | None:
        preferred = self.sheet_named("tieu chi", "chi so", "phu luc")
        order = [preferred] if preferred is not None else []
        order += [ws for ws in self.book.worksheets if ws is not preferred]
        for ws in order:
            found = _find_header(ws, CRITERIA_COLUMNS, {"Tiêu chí", "Điểm tối đa"})
            if found is None:
                continue
            header, columns = found
            fill = {i for i, c in columns.items() if c.fill_down}
            rows = _sheet_values(ws, fill)
            for _number, values in rows[: header - 1]:  # a title line above the header
                text = next((str(v) for v in values if v), "")
                if text and not self.title and len(text) > 10:
                    self.title = text
            return _Sheet(ws.title, rows[header:], header, columns)
        return None

    def cells(self, sheet: _Sheet, values: list[Any]) -> dict[str, Any]:
        return {
            c.header: values[i]
            for i, c in sheet.columns.items()
            if i < len(values) and values[i] is not None
        }

    # -- the criteria table --------------------------------------------------------------------
    def tree(self, sheet: _Sheet) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        implicit: dict[str, Any] | None = None
        group: dict[str, Any] | None = None
        stack: list[tuple[int, dict[str, Any]]] = []  # (depth, criterion) of the open criteria
        seen: dict[str, int] = {}
        for number, values in sheet.rows:
            cells = self.cells(sheet, values)
            if not cells:
                continue  # a blank line
            tt = str(cells.get("TT") or "").strip().rstrip(".)")
            name = cells.get("Tiêu chí")
            if not tt or not name:
                # «I. NHẬN THỨC SỐ» written in one (merged) cell, in TT or in the name column.
                for text in (cells.get("TT"), name):
                    split = _SPLIT.match(str(text or ""))
                    if split and (not tt or text == cells.get("TT")):
                        tt, name = split.group(1), split.group(2).strip()
                        break
            if fold(str(name or tt)).startswith(("tong cong", "tong so", "tong diem", "cong")) and (
                not tt or not _kind(tt)[0]
            ):
                continue  # the total line under the table
            if not tt:
                self.r.fail(sheet.title, number, "TT", NO_LEVEL)
                continue
            kind, depth = _kind(tt)
            if not kind:
                self.r.fail(sheet.title, number, "TT", UNKNOWN_TT.format(tt=tt))
                continue
            node = self.node(sheet, number, cells, str(name or ""), kind)
            if kind == "section":
                node.setdefault("code", tt)
                node["groups"] = []
                sections.append(node)
                group, stack = None, []
            elif kind == "group":
                if not sections:
                    implicit = {"code": "CS", "name": "", "groups": []}
                    sections.append(implicit)
                parent_code = sections[-1]["code"] if sections[-1] is not implicit else ""
                node.setdefault("code", f"{parent_code}.{tt}" if parent_code else tt)
                node["criteria"] = []
                sections[-1]["groups"].append(node)
                group, stack = node, []
            else:
                if group is None:
                    self.r.fail(sheet.title, number, "TT", ORPHAN.format(tt=tt))
                    continue
                if kind == "sub" and depth == 2 and not any(d == 1 for d, _ in stack):
                    depth = 1
                while stack and stack[-1][0] >= depth:
                    stack.pop()
                if depth and not stack:
                    self.r.fail(sheet.title, number, "TT", ORPHAN_CHILD.format(tt=tt))
                    continue
                parent = stack[-1][1] if stack else None
                short = tt.split(".")[-1]
                siblings = parent.get("criteria", []) if parent else group["criteria"]
                if short in ("-", "+", "•", "*"):
                    short = str(len(siblings) + 1)
                base = parent["code"] if parent else group["code"]
                node.setdefault("code", f"{base}.{short}")
                self.leaf_defaults(node, cells, sheet, number, tt)
                if parent is None:
                    group["criteria"].append(node)
                else:
                    parent.setdefault("criteria", []).append(node)
                    parent.pop("input", None)
                    self.parent_rule(parent)
                stack.append((depth, node))
            code = str(node.get("code"))
            if code in seen:
                self.r.fail(
                    sheet.title, number, "Mã", DUPLICATE_CODE.format(code=code, row=seen[code])
                )
            seen[code] = number
            self.r.rows_of[code] = (sheet.title, number)
        for section in sections:
            for g in section["groups"]:
                self.sum_points(g, "criteria")
            self.sum_points(section, "groups")
            for g in section["groups"]:
                if any(self.points_unread(c) for c in g["criteria"]):
                    # A cell already reported upsets the sums above it: say it once.
                    self.r.upset.update({str(g.get("code")), str(section.get("code"))})
                for c in g["criteria"]:
                    self.finish(c)
        return sections

    def points_unread(self, node: dict[str, Any]) -> bool:
        sheet, number = node["_where"]
        return (sheet, number, "Điểm tối đa") in self.bad or any(
            self.points_unread(c) for c in node.get("criteria") or []
        )

    def node(
        self, sheet: _Sheet, number: int, cells: dict[str, Any], name: str, kind: str
    ) -> dict[str, Any]:
        node: dict[str, Any] = {}
        if cells.get("Mã"):
            node["code"] = str(cells["Mã"]).strip()
        node["name"] = " ".join(name.split()) if "\n" not in name else name.strip()
        for column in CRITERIA_COLUMNS:
            if column.header not in cells or not column.key or column.key in ("code", "name"):
                continue
            try:
                value = column.read(cells[column.header])
            except CellError as error:
                self.r.fail(sheet.title, number, column.header, str(error))
                self.bad.add((sheet.title, number, column.header))
                continue
            head, _, sub = column.key.partition(".")
            if sub:
                node.setdefault(head, {})[sub] = value
            else:
                node[column.key] = value
        if isinstance(node.get("input"), dict) and "kind" in node["input"]:
            input_kind = _INPUT_LABELS.get(fold(str(node["input"]["kind"])))
            if input_kind is None:
                self.r.fail(sheet.title, number, "Kiểu nhập", UNKNOWN_INPUT)
                node.pop("input")
            else:
                node["input"]["kind"] = input_kind
        if "Khác (YAML)" in cells:
            try:
                rest = CRITERIA_COLUMNS[-1].read(cells["Khác (YAML)"])
            except CellError as error:
                self.r.fail(sheet.title, number, "Khác (YAML)", str(error))
                rest = None
            if isinstance(rest, Mapping):
                for key, value in rest.items():
                    if isinstance(value, Mapping) and isinstance(node.get(key), dict):
                        node[key].update(value)
                    else:
                        node[key] = value
        evidence = cells.get("Tài liệu kiểm chứng")
        if evidence is not None:
            known = evidence_in(evidence)
            if known:
                node["evidence"] = known
            else:  # what the annex lists as evidence: required, and said in the guidance
                node["evidence"] = "required"
                said = f"Tài liệu kiểm chứng: {str(evidence).strip()}"
                node["guidance"] = f"{node['guidance']}\n{said}" if node.get("guidance") else said
        if kind == "criterion" or kind == "sub":
            node["_how"] = cells.get("Cách tính điểm")
            node["_where"] = (sheet.title, number)
        if "max_points" not in node and kind in ("criterion", "sub"):
            node["_no_points"] = True
        return node

    def leaf_defaults(
        self, node: dict[str, Any], cells: dict[str, Any], sheet: _Sheet, number: int, tt: str
    ) -> None:
        if "legal_basis" not in node:
            # A criterion of the province's own index is defined by its line of the annex.
            node["legal_basis"] = {"item": f"Phụ lục, mục {tt}"}
        if not node.get("name"):
            self.r.fail(sheet.title, number, "Tiêu chí", MISSING_NAME)

    def parent_rule(self, parent: dict[str, Any]) -> None:
        how = parent.get("_how")
        if "rule" not in parent:
            rule, _ = parse_how(str(how or ""), parent=True)
            if rule is not None:
                parent["rule"] = rule

    def finish(self, node: dict[str, Any]) -> None:
        """After the whole table is read: a leaf's rule and input from «Cách tính điểm»."""
        sheet, number = node.pop("_where")
        how = node.pop("_how", None)
        if node.pop("_no_points", False) and (sheet, number, "Điểm tối đa") not in self.bad:
            if node.get("criteria"):
                node["max_points"] = sum(c.get("max_points", 0) for c in node["criteria"])
            else:
                self.r.fail(sheet, number, "Điểm tối đa", MISSING_POINTS)
        for child in node.get("criteria") or []:
            self.finish(child)
        if node.get("criteria") or "rule" in node:
            return
        try:
            rule, kind = parse_how(str(how or ""), parent=False)
        except CellError as error:
            self.r.fail(sheet, number, "Cách tính điểm", str(error))
            return
        if (
            isinstance(rule, dict)
            and rule.get("type") == "yes_no"
            and rule.get("points_yes") == node.get("max_points")
        ):
            rule = "yes_no"
        node["rule"] = rule
        if kind and "input" not in node:
            node["input"] = kind

    def sum_points(self, node: dict[str, Any], key: str) -> None:
        if "max_points" not in node:
            node["max_points"] = sum(
                (
                    c.get("max_points", 0)
                    for c in node.get(key) or []
                    if not isinstance(c.get("max_points"), str)
                ),
                0,
            )

    # -- general information -------------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        ws = self.sheet_named("thong tin")
        data: dict[str, Any] = {}
        where: dict[str, int] = {}
        if ws is not None:
            for number, values in _sheet_values(ws):
                if not values or values[0] is None:
                    continue
                found = match_columns([values[0]], META_ROWS)
                column = found.get(0)
                value = values[1] if len(values) > 1 else None
                if column is None or value is None:
                    continue
                try:
                    read = column.read(value)
                except CellError as error:
                    self.r.fail(ws.title, number, "Giá trị", f"{column.header}: {error}")
                    continue
                if not column.key:
                    if isinstance(read, Mapping):
                        for key, extra in read.items():
                            if isinstance(extra, Mapping) and isinstance(data.get(key), dict):
                                data[key].update(extra)
                            else:
                                data[key] = extra
                    continue
                head, _, sub = column.key.partition(".")
                if sub:
                    data.setdefault(head, {})[sub] = read
                else:
                    data[column.key] = read
                where[column.key] = number
        if self.code:
            data["code"] = self.code
        data.setdefault("name", self.title)
        data.setdefault("provenance", "verified")
        sheet = ws.title if ws is not None else META_SHEET
        self.r.code, self.r.meta_sheet = str(data.get("code") or ""), sheet
        for key, label in (
            ("code", "Mã bộ tiêu chí"),
            ("name", "Tên"),
            ("unit_kinds", "Áp dụng cho loại đơn vị"),
        ):
            if not data.get(key):
                self.r.fail(sheet, None, label, MISSING_META.format(what=label))
        if not (data.get("legal_basis") or {}).get("document"):
            self.r.fail(sheet, None, "Căn cứ: văn bản", MISSING_META.format(what="Căn cứ: văn bản"))
        ordered: dict[str, Any] = {
            k: data.pop(k)
            for k in (
                "schema",
                "code",
                "name",
                "version",
                "issuer",
                "unit_kinds",
                "provenance",
                "legal_basis",
            )
            if k in data
        }
        return {**ordered, **data}

    # -- levels ------------------------------------------------------------------------------------
    def levels(self, sections: list[dict[str, Any]]) -> None:
        ws = self.sheet_named("xep loai", "muc do", "phan loai")
        if ws is None:
            self.r.fail(LEVELS_SHEET, None, "", NO_LEVELS_SHEET)
            return
        found = _find_header(ws, LEVEL_COLUMNS, {"Mức", "Điểm tối thiểu"})
        if found is None:
            self.r.fail(ws.title, 1, "", NO_LEVELS_SHEET)
            return
        header, columns = found
        by_code = {str(s.get("code")): s for s in sections}
        for number, values in _sheet_values(ws)[header:]:
            cells = {
                c.key: values[i]
                for i, c in columns.items()
                if i < len(values) and values[i] is not None
            }
            if not cells:
                continue
            code = str(cells.get("section") or "").strip()
            if not code:
                if len(sections) != 1:
                    self.r.fail(ws.title, number, "Hạng mục", SECTION_NEEDED)
                    continue
                code = str(sections[0]["code"])
            section = by_code.get(code)
            if section is None:
                self.r.fail(ws.title, number, "Hạng mục", SECTION_UNKNOWN.format(code=code))
                continue
            self.r.rows_of.setdefault(f"levels:{code}", (ws.title, number))
            level: dict[str, Any] = {"name": str(cells.get("name") or "").strip()}
            try:
                level["min_total"] = number_in(_bare(cells.get("min_total", 0)))
                if "min_share_all" in cells:
                    level["min_share_all"] = number_in(cells["min_share_all"])
            except CellError as error:
                self.r.fail(ws.title, number, "Điểm tối thiểu", str(error))
                continue
            if cells.get("min_share"):
                shares = {}
                for part in re.split(r"[;\n]", str(cells["min_share"])):
                    if ":" in part:
                        key, _, value = part.partition(":")
                        try:
                            shares[key.strip()] = number_in(value.strip())
                        except CellError as error:
                            self.r.fail(ws.title, number, "Tỷ lệ tối thiểu theo nhóm", str(error))
                level["min_share"] = shares
            kind = fold(str(cells.get("type") or ""))
            ladder = kind in (fold(LADDER), "ladder") or (
                not kind and ("min_share" in level or "min_share_all" in level)
            )
            cls = section.setdefault("classification", {"type": "ladder" if ladder else "bands"})
            if ladder:
                if cells.get("below"):
                    cls["below"] = str(cells["below"]).strip()
                cls.setdefault("levels", []).append(level)
            else:
                cls.setdefault("bands", []).append(level)
        for section in sections:
            if "classification" not in section:
                self.r.fail(
                    ws.title, None, "Hạng mục", NO_LEVELS_FOR.format(code=section.get("code"))
                )
            else:
                cls = section.pop("classification")
                if cls["type"] == "ladder" and "below" in cls:
                    cls = {"type": "ladder", "below": cls["below"], "levels": cls.get("levels", [])}
                section["classification"] = cls
                # Keep the loader's key order: code, name, max_points, …, classification, groups.
                groups = section.pop("groups")
                section["groups"] = groups
            if section.get("code") == "CS" and not section.get("name"):
                section["name"] = IMPLICIT_SECTION


def _bare(value: Any) -> Any:
    """«từ 85 điểm trở lên» / «≥ 85» → 85."""
    if isinstance(value, str):
        text = re.sub(r"(?i)(≥|>=|từ|điểm|trở lên|tu|diem)", "", value).strip()
        return text or value
    return value


def header_of(text: Any) -> str:
    return header_key(text)
