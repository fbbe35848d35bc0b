"""The criteria table's columns: one line per column, mapping a header to a key of the YAML.

To carry a new framework key in Excel (a new scoring rule's parameter, say), add one
``Column`` here: its header, the header variants people write, the YAML key it fills, and
how a cell becomes a value and back. A key with no column still travels, as YAML, in the
«Khác (YAML)» column, so the round trip never loses it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from chiso.units_data import fold

CRITERIA_SHEET = "Tiêu chí"
META_SHEET = "Thông tin chung"
LEVELS_SHEET = "Xếp loại"


class CellError(ValueError):
    """A cell that cannot be read: the message says what is expected."""


# -- cell <-> value ------------------------------------------------------------------------------
def number_in(cell: Any) -> Any:
    """A number as the loader expects it: int, or an exact Decimal (never a float)."""
    if isinstance(cell, bool):
        raise CellError("phải là số")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        value = Decimal(repr(cell))
    else:
        text = str(cell).strip().replace(" ", "")
        if re.fullmatch(r"\d+,\d+", text):  # Vietnamese decimal comma: "2,5"
            text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise CellError(f"phải là số, không phải «{cell}»") from None
    return int(value) if value == value.to_integral_value() and "." not in str(value) else value


def number_out(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def text_in(cell: Any) -> str:
    return str(cell).strip()


def list_in(cell: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", str(cell)) if part.strip()]


def list_out(value: Any) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def yaml_in(cell: Any) -> Any:
    try:
        return yaml.load(str(cell), Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        raise CellError(f"YAML không hợp lệ: {error}") from None


def yaml_out(value: Any) -> str:
    return dump_yaml(value, flow=True).strip()


def _loader() -> Any:
    from chiso.scoring.loader import _DecimalLoader

    return _DecimalLoader


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


_Dumper.add_representer(Decimal, _decimal)


def dump_yaml(value: Any, *, flow: bool = False) -> str:
    return yaml.dump(
        value,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100_000 if flow else 100,
        default_flow_style=bool(flow),
    )


EVIDENCE = {"required": "Bắt buộc", "optional": "Không bắt buộc", "none": "Không cần"}
_EVIDENCE_IN = {fold(v): k for k, v in EVIDENCE.items()} | {k: k for k in EVIDENCE}


def evidence_in(cell: Any) -> str:
    return _EVIDENCE_IN.get(fold(str(cell)), "")


YES = {"co", "x", "yes", "true", "bat buoc"}
NO = {"khong", "no", "false"}


def bool_in(cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    folded = fold(str(cell))
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise CellError(f"phải là «có» hoặc «không», không phải «{cell}»")


def bool_out(value: Any) -> str:
    return "có" if value else "không"


# -- legal basis: "văn bản | điều | mục", or one text that is the item -------------------------
def basis_in(cell: Any) -> Any:
    text = str(cell).strip()
    parts = [p.strip() for p in text.split("|")]
    if len(parts) == 1:
        return text
    if len(parts) != 3:
        raise CellError("viết «văn bản | điều | mục» (hai dấu |) hoặc chỉ một đoạn văn bản")
    keys = ("document", "article", "item")
    return {k: v for k, v in zip(keys, parts, strict=True) if v}


def basis_out(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if set(value) <= {"item"}:
            return str(value.get("item", ""))
        return " | ".join(str(value.get(k) or "") for k in ("document", "article", "item"))
    return str(value)


# -- applies_to: «loại: xa, phuong; nhãn: kinh-te-so; trừ nhãn: …», or a bare list of kinds --
_APPLIES = {"loai": "kinds", "nhan": "tags", "tru nhan": "without_tags"}
_APPLIES_OUT = {"kinds": "loại", "tags": "nhãn", "without_tags": "trừ nhãn"}


# The unit kinds' names as an annex writes them (``chiso.units.models.Kind``), without Django.
_KIND_NAMES = {
    "tinh": "tinh", "huyen": "huyen", "quan": "quan", "thi xa": "thi_xa",
    "thanh pho": "thanh_pho", "xa": "xa", "phuong": "phuong", "thi tran": "thi_tran",
    "dac khu": "dac_khu", "so": "so", "ban": "ban", "nganh": "nganh", "co quan, nganh": "nganh",
}  # fmt: skip


def _kind_code(text: str) -> str:
    return _KIND_NAMES.get(fold(text), text.strip())


def kinds_in(cell: Any) -> list[str]:
    return [_kind_code(v) for v in list_in(cell)]


def applies_in(cell: Any) -> Any:
    text = str(cell).strip()
    if isinstance(cell, str) and text.startswith("{"):
        return yaml_in(cell)
    result: dict[str, list[str]] = {}
    for part in re.split(r";|\n", text):
        if not part.strip():
            continue
        label, colon, rest = part.partition(":")
        key = _APPLIES.get(fold(label)) if colon else None
        if colon and key is None:
            raise CellError(f"viết «loại: xa, phuong; nhãn: …; trừ nhãn: …», không phải «{label}:»")
        values = [v.strip() for v in re.split(r",", rest if colon else part) if v.strip()]
        target = key or "kinds"
        result.setdefault(target, []).extend(
            _kind_code(v) if target == "kinds" else v for v in values
        )
    return result


def applies_out(value: Any) -> str:
    if not isinstance(value, dict):
        return yaml_out(value)
    return "; ".join(
        f"{_APPLIES_OUT.get(k, k)}: {', '.join(str(v) for v in values)}"
        for k, values in value.items()
    )


ROLES = {"scored": "tính điểm", "bonus": "điểm thưởng", "malus": "điểm trừ"}
_ROLES_IN = {fold(v): k for k, v in ROLES.items()} | {k: k for k in ROLES}


def role_in(cell: Any) -> str:
    role = _ROLES_IN.get(fold(str(cell)))
    if role is None:
        raise CellError(f"ghi «tính điểm», «điểm thưởng» hoặc «điểm trừ», không phải «{cell}»")
    return role


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    key: str  # the YAML key it fills ("" = not a key: read specially); "a.b" = nested
    aliases: tuple[str, ...] = ()
    read: Callable[[Any], Any] = text_in
    write: Callable[[Any], Any] = str
    width: int = 14
    # Vertically merged cells of this column fill every row they cover (a legal basis written
    # once for several criteria); a number or a name is never copied down.
    fill_down: bool = False


# The criteria sheet, in the order chiso writes it. Headers are matched without diacritics,
# case, spaces or a trailing "(…)", so «Điểm tối đa (điểm)» and «DIEM TOI DA» are the same.
CRITERIA_COLUMNS: tuple[Column, ...] = (
    Column("TT", "", ("stt", "so tt", "so thu tu", "thu tu"), width=6),
    Column("Mã", "code", ("ma tieu chi", "ma chi so", "ky hieu", "ma so"), width=12),
    Column(
        "Tiêu chí",
        "name",
        (
            "noi dung",
            "ten tieu chi",
            "chi so",
            "ten chi so",
            "noi dung tieu chi",
            "tieu chi chi so",
            "tieu chi/chi so",
            "noi dung danh gia",
            "chi tieu",
        ),
        width=50,
    ),
    Column(
        "Cách tính điểm",
        "",
        ("cach cham diem", "phuong phap tinh diem", "cach danh gia", "phuong phap cham diem"),
        width=40,
    ),
    Column(
        "Điểm tối đa",
        "max_points",
        ("diem", "thang diem", "diem chuan", "diem toi da (diem)", "so diem toi da"),
        number_in,
        number_out,
        width=10,
    ),
    Column(
        "Tài liệu kiểm chứng",
        "",
        ("minh chung", "tai lieu minh chung", "ho so kiem chung", "tai lieu, minh chung"),
        width=28,
        fill_down=True,
    ),
    Column(
        "Hướng dẫn",
        "guidance",
        ("huong dan thuc hien", "giai thich", "ghi chu huong dan"),
        width=40,
    ),
    Column(
        "Căn cứ",
        "legal_basis",
        ("can cu phap ly", "co so phap ly", "can cu danh gia", "van ban can cu"),
        basis_in,
        basis_out,
        width=30,
        fill_down=True,
    ),
    Column(
        "Áp dụng cho",
        "applies_to",
        ("doi tuong ap dung", "ap dung", "don vi ap dung"),
        applies_in,
        applies_out,
        fill_down=True,
    ),
    Column(
        "Đơn vị được khai không áp dụng",
        "allow_unit_not_applicable",
        ("duoc khai khong ap dung", "khong ap dung"),
        bool_in,
        bool_out,
    ),
    Column("Loại nhóm", "role", ("diem thuong/diem tru", "vai tro"), role_in, ROLES.__getitem__),
    Column("Trần điểm", "cap", ("diem toi da cong/tru", "tran"), number_in, number_out),
    Column("Trọng số", "weight", ("trong so chi so",), number_in, number_out),
    Column("Kiểu nhập", "input.kind", ("kieu du lieu", "loai so lieu")),
    Column("Đơn vị tính", "input.unit", ("don vi",)),
    Column("Tử số", "input.numerator"),
    Column("Mẫu số", "input.denominator"),
    Column("Quy tắc (YAML)", "rule", ("quy tac",), yaml_in, yaml_out, width=30),
    Column("Bắt buộc trả lời", "required", (), bool_in, bool_out),
    Column("Nguồn gốc", "provenance", ("do tin cay",)),
    Column("Ghi chú", "note", ()),
    Column("Khác (YAML)", "", ("khac",), yaml_in, yaml_out, width=30),
)

META_ROWS: tuple[Column, ...] = (
    Column("Mã bộ tiêu chí", "code", ("ma", "ma bo chi so")),
    Column("Tên", "name", ("ten bo tieu chi", "ten bo chi so")),
    Column("Phiên bản", "version", ()),
    Column("Cơ quan ban hành", "issuer", ("co quan", "don vi ban hanh")),
    Column(
        "Áp dụng cho loại đơn vị",
        "unit_kinds",
        ("loai don vi", "ap dung cho", "doi tuong ap dung"),
        kinds_in,
        list_out,
    ),
    Column("Căn cứ: văn bản", "legal_basis.document", ("can cu", "van ban", "quyet dinh")),
    Column("Căn cứ: điều, phụ lục", "legal_basis.article", ("dieu", "phu luc")),
    Column("Căn cứ: mục", "legal_basis.item", ()),
    Column("Nguồn gốc", "provenance", ()),
    Column("Số chữ số thập phân", "precision", ("so chu so thap phan",), number_in, number_out),
    Column("Ghi chú", "notes", ()),
    Column("Quy đổi khi không áp dụng", "na_scaling", ("na_scaling",)),
    Column("Mẫu số bằng 0", "zero_denominator", ("zero_denominator",)),
    Column("Tổng được vượt thang điểm", "total_may_exceed_scale", (), bool_in, bool_out),
    Column("Tổng được dưới 0", "total_may_fall_below_zero", (), bool_in, bool_out),
    Column("schema", "schema", (), number_in, number_out),
    Column("Khác (YAML)", "", ("khac",), yaml_in, yaml_out),
)

LEVEL_COLUMNS: tuple[Column, ...] = (
    Column("Hạng mục", "section", ("ma hang muc", "nhom")),
    Column("Loại", "type", ("kieu xep loai",)),
    Column("Mức", "name", ("xep loai", "muc xep loai", "ten muc", "muc do", "ket qua")),
    Column(
        "Điểm tối thiểu",
        "min_total",
        ("tu", "diem tu", "tu diem", "nguong", "diem toi thieu (tu)", "tong diem tu"),
        number_in,
        number_out,
    ),
    Column("Tỷ lệ tối thiểu mọi nhóm", "min_share_all", ("ty le moi nhom",), number_in, number_out),
    Column("Tỷ lệ tối thiểu theo nhóm", "min_share", ("ty le theo nhom",)),
    Column("Dưới mức thấp nhất", "below", ("duoi muc",)),
)

LADDER, BANDS = "bậc thang", "khoảng"


def header_key(text: Any) -> str:
    """«Điểm tối đa (điểm)» → "diem toi da"."""
    folded = fold(re.sub(r"\(.*?\)", "", str(text or "")))
    return folded.strip(" :.*")


def match_columns(headers: list[Any], columns: tuple[Column, ...]) -> dict[int, Column]:
    """Position → column for each header that names one (first match wins)."""
    names: dict[str, Column] = {}
    for column in columns:
        names.setdefault(header_key(column.header), column)
        for alias in column.aliases:
            names.setdefault(header_key(alias), column)
    found: dict[int, Column] = {}
    taken: set[str] = set()
    for position, header in enumerate(headers):
        named = names.get(header_key(header))
        if named is not None and named.header not in taken:
            found[position] = named
            taken.add(named.header)
    return found
