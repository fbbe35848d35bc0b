"""What the self-assessment workbook looks like: sheets, columns, identification, input rows.

Shared by the writer (``form_workbook``) and the reader (``form_upload``) so both agree on
every cell. Pure Python: no Django, no openpyxl.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from chiso.scoring.model import (
    Criterion,
    Framework,
    Group,
    InputKind,
    InputSpec,
    Provenance,
    Section,
    ValueSource,
)
from chiso.scoring.numbers import fmt_number
from chiso.scoring.rules import Choice

FORM_SHEET = "Phiếu"
ID_SHEET = "_chiso"
# Bump when the layout changes in a way an older file cannot be read with.
FORMAT = "chiso-phieu-tu-danh-gia/1"

# Columns of the form sheet (1-based, as openpyxl counts them).
COL_CODE = 1  # A  Mã tiêu chí
COL_NAME = 2  # B  Tiêu chí
COL_BASIS = 3  # C  Căn cứ
COL_MAX = 4  # D  Điểm tối đa
COL_HOW = 5  # E  Cách nhập
COL_ANSWER = 6  # F  Trả lời (one value; for a document: Có/Không)
COL_NUMERATOR = 7  # G  Tử số
COL_DENOMINATOR = 8  # H  Mẫu số
COL_DOC_NUMBER = 9  # I  Số hiệu văn bản
COL_DOC_DATE = 10  # J  Ngày ban hành
COL_DOC_ISSUER = 11  # K  Cơ quan ban hành
COL_DOC_SUMMARY = 12  # L  Trích yếu
COL_NOTE = 13  # M  Ghi chú
LAST_COL = COL_NOTE

HEADERS = {
    COL_CODE: "Mã tiêu chí",
    COL_NAME: "Tiêu chí",
    COL_BASIS: "Căn cứ",
    COL_MAX: "Điểm tối đa",
    COL_HOW: "Cách nhập",
    COL_ANSWER: "Trả lời",
    COL_NUMERATOR: "Tử số",
    COL_DENOMINATOR: "Mẫu số",
    COL_DOC_NUMBER: "Số hiệu văn bản",
    COL_DOC_DATE: "Ngày ban hành",
    COL_DOC_ISSUER: "Cơ quan ban hành",
    COL_DOC_SUMMARY: "Trích yếu",
    COL_NOTE: "Ghi chú",
}
WIDTHS = {
    COL_CODE: 11,
    COL_NAME: 46,
    COL_BASIS: 26,
    COL_MAX: 8,
    COL_HOW: 40,
    COL_ANSWER: 18,
    COL_NUMERATOR: 11,
    COL_DENOMINATOR: 11,
    COL_DOC_NUMBER: 16,
    COL_DOC_DATE: 12,
    COL_DOC_ISSUER: 24,
    COL_DOC_SUMMARY: 30,
    COL_NOTE: 28,
}
# The value columns; each row uses those of its input kind, the others stay locked and empty.
VALUE_COLUMNS = (
    COL_ANSWER,
    COL_NUMERATOR,
    COL_DENOMINATOR,
    COL_DOC_NUMBER,
    COL_DOC_DATE,
    COL_DOC_ISSUER,
    COL_DOC_SUMMARY,
)
DOCUMENT_FIELDS = {
    COL_DOC_NUMBER: "number",
    COL_DOC_DATE: "date",
    COL_DOC_ISSUER: "issuer",
    COL_DOC_SUMMARY: "summary",
}

YES = "Có"
NO = "Không"

# Keys of the identification block on the hidden sheet, in order.
ID_KEYS = (
    "format",
    "campaign_id",
    "campaign_name",
    "year",
    "unit_era",
    "unit_code",
    "unit_name",
    "framework_code",
    "framework_version",
    "deadline",
    "header_row",
    "form_version",
    "downloaded_at",
)
# Hidden sheet: identification in A:B; the row → criterion map in D:E with, in F:G, the
# fingerprints of the value and note each row was pre-filled with; choice lists from I on.
# Files written before F:G existed have no form_version and an empty F (their lists began at G).
ID_KEY_COL = 1
ID_VALUE_COL = 2
MAP_ROW_COL = 4
MAP_CODE_COL = 5
MAP_VALUE_PRINT_COL = 6
MAP_NOTE_PRINT_COL = 7
FIRST_LIST_COL = 9


def column_letter(column: int) -> str:
    """A..Z for the form's columns (the form never goes past M)."""
    return chr(ord("A") + column - 1)


def value_columns(kind: InputKind) -> tuple[int, ...]:
    """The value cells a criterion of this input kind fills on its row."""
    if kind is InputKind.RATIO:
        return (COL_NUMERATOR, COL_DENOMINATOR)
    if kind is InputKind.DOCUMENT:
        return (COL_ANSWER, *DOCUMENT_FIELDS)
    return (COL_ANSWER,)


def main_column(kind: InputKind) -> int:
    """The cell a problem with the whole answer points at."""
    if kind is InputKind.RATIO:
        return COL_NUMERATOR
    if kind is InputKind.DOCUMENT:
        return COL_DOC_NUMBER
    return COL_ANSWER


@dataclass(frozen=True, slots=True)
class FormMeta:
    """Who a form is for: the campaign, the unit (era + code) and the framework version."""

    campaign_id: str
    campaign_name: str
    year: int
    unit_era: str
    unit_code: str
    unit_name: str
    framework_code: str
    framework_version: str
    deadline: str  # as shown to the unit, e.g. "17 giờ ngày 25/10/2024"
    # The form's version and the time the file was made; None in files made before chiso
    # recorded them (an upload then cannot tell what changed since).
    form_version: int | None = None
    downloaded_at: dt.datetime | None = None

    @property
    def unit_label(self) -> str:
        return f"{self.unit_name} (mã {self.unit_code})" if self.unit_name else self.unit_code

    @property
    def campaign_label(self) -> str:
        return f"{self.campaign_name} — năm {self.year}" if self.campaign_name else self.campaign_id

    @property
    def framework_label(self) -> str:
        return f"{self.framework_code} phiên bản {self.framework_version}"


def fingerprint(value: object) -> str:
    """A short digest of an answer in its JSON form (or of a note), to tell later whether the
    answer still is what the file was made with without storing the answer twice."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def is_form_input(criterion: Criterion) -> bool:
    """A leaf the unit answers: not computed from sub-criteria, not scored by the appraiser."""
    return (
        criterion.is_leaf
        and criterion.input is not None
        and criterion.input.kind is not InputKind.POINTS
    )


@dataclass(frozen=True, slots=True)
class Line:
    """One row of the form table below its header: a heading or a criterion."""

    level: str  # "section", "group", "parent" (computed from sub-criteria) or "input"
    item: Section | Group | Criterion


def form_lines(framework: Framework) -> Iterator[Line]:
    """The rows of the form in order; groups and parents with no input row are left out."""
    for section in framework.sections:
        section_lines = [line for group in section.groups for line in _group_lines(group)]
        if section_lines:
            yield Line("section", section)
            yield from section_lines


def _group_lines(group: Group) -> list[Line]:
    lines = [line for criterion in group.criteria for line in _criterion_lines(criterion)]
    return [Line("group", group), *lines] if lines else []


def _criterion_lines(criterion: Criterion) -> list[Line]:
    if criterion.is_leaf:
        return [Line("input", criterion)] if is_form_input(criterion) else []
    lines = [line for child in criterion.children for line in _criterion_lines(child)]
    return [Line("parent", criterion), *lines] if lines else []


def input_spec(criterion: Criterion) -> InputSpec:
    """The input of a leaf criterion (the loader guarantees one); ``ValueError`` for a parent."""
    if criterion.input is None:
        raise ValueError(f"{criterion.code} has no input: it is computed from sub-criteria")
    return criterion.input


def choice_labels(criterion: Criterion) -> dict[str, str]:
    """Label shown in the list → option value; labels made unique by the value if they repeat."""
    if not isinstance(criterion.rule, Choice):
        raise ValueError(f"{criterion.code} is not a choice")
    options = criterion.rule.options
    labels = [option.label for option in options]
    if len(set(labels)) != len(labels):
        labels = [f"{option.label} ({option.value})" for option in options]
    return {label: option.value for label, option in zip(labels, options, strict=True)}


def how_to_enter(criterion: Criterion, year: int) -> str:
    """The "Cách nhập" text of an input row: kind, where to write it, limits, guidance."""
    spec = input_spec(criterion)
    kind = spec.kind
    unit = f" ({spec.unit})" if spec.unit else ""
    if kind is InputKind.RATIO:
        text = (
            f"ghi Tử số = {spec.numerator or 'số đạt'}, Mẫu số = {spec.denominator or 'tổng số'}"
            + ("" if spec.allow_over else "; tử số không lớn hơn mẫu số")
        )
    elif kind is InputKind.PERCENTAGE:
        text = "số từ 0 đến 100 ở cột Trả lời, không kèm dấu %"
    elif kind is InputKind.BOOLEAN:
        text = f"chọn “{YES}” hoặc “{NO}” ở cột Trả lời"
    elif kind is InputKind.CHOICE:
        text = "chọn ở cột Trả lời một trong: " + "; ".join(choice_labels(criterion))
    elif kind is InputKind.DATE:
        text = f"ngày (dd/mm/yyyy) trong năm {year} ở cột Trả lời"
    elif kind is InputKind.DOCUMENT:
        text = (
            f"chọn “{YES}” rồi ghi số hiệu, ngày ban hành, cơ quan ban hành, trích yếu;"
            f" chọn “{NO}” nếu chưa có văn bản"
        )
    elif kind is InputKind.COUNT:
        text = f"số nguyên không âm{unit} ở cột Trả lời" + bounds_text(spec.minimum, spec.maximum)
    else:
        text = f"một số{unit} ở cột Trả lời" + bounds_text(spec.minimum, spec.maximum)
    lines = [f"{kind.label_vi.capitalize()}: {text}."]
    if criterion.guidance:
        lines.append(criterion.guidance)
    if criterion.evidence_required:
        lines.append("Cần gửi kèm minh chứng.")
    if not criterion.required:
        lines.append("Không bắt buộc.")
    if criterion.source is not ValueSource.UNIT:
        measure = f" ({criterion.measure})" if criterion.measure is not None else ""
        lines.append(
            f"Nguồn số liệu: {criterion.source.label_vi}{measure} — đơn vị vẫn kê khai,"
            " Sở đối chiếu khi thẩm định."
        )
    return "\n".join(lines)


def basis_text(criterion: Criterion, framework: Framework) -> str:
    """The criterion's own legal basis: the parts the framework-wide basis does not already say."""
    own, common = criterion.legal_basis, framework.legal_basis
    parts = [
        part
        for part, shared in (
            (own.document, common.document),
            (own.article, common.article),
            (own.item, ""),
        )
        if part and part != shared
    ]
    text = ", ".join(parts)
    if criterion.provenance is not Provenance.VERIFIED:
        text = f"{text} ({criterion.provenance.label_vi})".strip()
    return text


def bounds_text(low: Fraction | None, high: Fraction | None) -> str:
    if low is not None and high is not None:
        return f" từ {fmt_number(low)} đến {fmt_number(high)}"
    if low is not None:
        return f" không nhỏ hơn {fmt_number(low)}"
    if high is not None:
        return f" không lớn hơn {fmt_number(high)}"
    return ""
