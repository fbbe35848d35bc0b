"""A framework as the .xlsx criteria table a Sở writes for its annex, and as a .docx annex.

Built from the resolved mapping (``texts.resolved_mapping``), so every key the loader knows —
and any it learns later — is written: the common ones in their own column, the rest as YAML
in «Khác (YAML)». Reading the file back (``importer``) gives the same framework.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from typing import Any

import openpyxl  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]

from chiso.excel.safe import neutralise
from chiso.frameworks.texts import load_text, resolved_mapping
from chiso.frameworks.workbook.columns import (
    BANDS,
    CRITERIA_COLUMNS,
    CRITERIA_SHEET,
    EVIDENCE,
    LADDER,
    LEVEL_COLUMNS,
    LEVELS_SHEET,
    META_ROWS,
    META_SHEET,
    Column,
)
from chiso.scoring import Framework

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
         "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]  # fmt: skip
LETTERS = "ABCDEFGH"
SECTION_FILL = PatternFill("solid", fgColor="D9E1F2")
GROUP_FILL = PatternFill("solid", fgColor="EDEDED")
# Keys written by the table itself (TT, structure), not by a column or «Khác».
_STRUCTURAL = {"groups", "criteria", "classification", "evidence", "code"}


def roman(number: int) -> str:
    return ROMAN[number - 1] if number <= len(ROMAN) else str(number)


def flat_mapping(text: str, *, extra: Mapping[str, str] = {}, display: str = "") -> dict[str, Any]:
    """The resolved mapping without ``extends``: what the table holds (lineage stays in YAML)."""
    data = dict(resolved_mapping(text, extra=extra, display=display or "bộ tiêu chí"))
    data.pop("extends", None)
    return data


def _get(node: Mapping[str, Any], key: str) -> Any:
    head, _, rest = key.partition(".")
    value = node.get(head)
    if not rest:
        return value
    if head == "input" and isinstance(value, str):
        value = {"kind": value}
    return value.get(rest) if isinstance(value, Mapping) else None


def _rest(node: Mapping[str, Any], columns: tuple[Column, ...]) -> dict[str, Any]:
    """The node's keys that no column carries (they go to «Khác (YAML)»)."""
    own = {c.key.partition(".")[0] for c in columns if c.key} | _STRUCTURAL
    rest = {k: v for k, v in node.items() if k not in own}
    for column in columns:  # nested keys: input.minimum, legal_basis.extra…
        head, _, sub = column.key.partition(".")
        if sub and isinstance(node.get(head), Mapping):
            carried = {c.key.partition(".")[2] for c in columns if c.key.startswith(head + ".")}
            leftover = {k: v for k, v in node[head].items() if k not in carried}
            if leftover:
                rest[head] = leftover
    return rest


def _row(node: Mapping[str, Any], tt: str, how: str) -> list[Any]:
    values: list[Any] = []
    for column in CRITERIA_COLUMNS:
        if column.header == "TT":
            values.append(tt)
        elif column.header == "Cách tính điểm":
            values.append(how)
        elif column.header == "Tài liệu kiểm chứng":
            evidence = node.get("evidence")
            values.append(EVIDENCE.get(str(evidence), "") if evidence is not None else "")
        elif column.header == "Khác (YAML)":
            rest = _rest(node, CRITERIA_COLUMNS)
            values.append(column.write(rest) if rest else "")
        else:
            value = _get(node, column.key)
            values.append("" if value is None else column.write(value))
    return values


def _criteria_rows(
    criteria: list[Any], prefix: str, framework: Framework, depth: int
) -> Iterator[tuple[int, list[Any]]]:
    for number, node in enumerate(criteria, start=1):
        tt = f"{prefix}.{number}" if prefix else str(number)
        loaded = framework.criteria_by_code.get(str(node.get("code")))
        how = loaded.rule.describe(loaded) if loaded is not None else ""
        yield depth, _row(node, tt, how)
        yield from _criteria_rows(list(node.get("criteria") or []), tt, framework, depth + 1)


def table_rows(data: Mapping[str, Any], framework: Framework) -> Iterator[tuple[str, list[Any]]]:
    """("section"|"group"|"criterion", cells) for every line of the criteria table."""
    for s_number, section in enumerate(data.get("sections") or [], start=1):
        yield (
            "section",
            _row(section, LETTERS[s_number - 1] if s_number <= 8 else str(s_number), ""),
        )
        for g_number, group in enumerate(section.get("groups") or [], start=1):
            yield "group", _row(group, roman(g_number), "")
            for _depth, cells in _criteria_rows(
                list(group.get("criteria") or []), "", framework, 0
            ):
                yield "criterion", cells


def level_rows(data: Mapping[str, Any]) -> Iterator[list[Any]]:
    for section in data.get("sections") or []:
        cls = section.get("classification") or {}
        ladder = cls.get("type") == "ladder"
        items = cls.get("levels" if ladder else "bands") or []
        for index, level in enumerate(items):
            shares = level.get("min_share") or {}
            values = {
                "section": section.get("code"),
                "type": LADDER if ladder else BANDS,
                "name": level.get("name"),
                "min_total": level.get("min_total"),
                "min_share_all": level.get("min_share_all"),
                "min_share": "; ".join(f"{k}: {v}" for k, v in shares.items()),
                "below": cls.get("below") if ladder and index == 0 and "below" in cls else None,
            }
            yield ["" if values[c.key] is None else c.write(values[c.key]) for c in LEVEL_COLUMNS]


def meta_rows(data: Mapping[str, Any]) -> Iterator[list[Any]]:
    for column in META_ROWS:
        if column.key:
            value = _get(data, column.key)
            if column.key == "legal_basis.item" and isinstance(data.get("legal_basis"), str):
                value = data["legal_basis"]
            yield [column.header, "" if value is None else column.write(value)]
    top = {c.key.partition(".")[0] for c in META_ROWS if c.key} | {"sections", "extends"}
    rest = {k: v for k, v in data.items() if k not in top}
    basis = data.get("legal_basis")
    if isinstance(basis, Mapping):
        extra = {k: v for k, v in basis.items() if k not in ("document", "article", "item")}
        if extra:
            rest["legal_basis"] = extra
    yield ["Khác (YAML)", META_ROWS[-1].write(rest) if rest else ""]


def framework_xlsx(text: str, *, extra: Mapping[str, str] = {}, display: str = "") -> bytes:
    """The framework as an .xlsx: criteria table, levels, general information."""
    data = flat_mapping(text, extra=extra, display=display)
    framework = load_text(text, extra=extra, display=display or "bộ tiêu chí")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = CRITERIA_SHEET
    sheet.append([c.header for c in CRITERIA_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for kind, cells in table_rows(data, framework):
        sheet.append([neutralise(v) for v in cells])
        if kind != "criterion":
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
                cell.fill = SECTION_FILL if kind == "section" else GROUP_FILL
    for index, column in enumerate(CRITERIA_COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    levels = book.create_sheet(LEVELS_SHEET)
    levels.append([c.header for c in LEVEL_COLUMNS])
    for cells in level_rows(data):
        levels.append([neutralise(v) for v in cells])
    meta = book.create_sheet(META_SHEET)
    meta.append(["Thông tin", "Giá trị"])
    for cells in meta_rows(data):
        meta.append([neutralise(v) for v in cells])
    for ws in (levels, meta):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for letter in "ABCDEFG":
            ws.column_dimensions[letter].width = 24
    meta.column_dimensions["B"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
