"""Every write to units: the official import, the 2025 lineage, and provincial agencies."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from chiso.audit.services import audit_record
from chiso.tabular import Row, TableError, TableProblem, Where, read_table
from chiso.units.models import Era, Kind, Level, Succession, Unit, era_validity
from chiso.units_data import UnitRecord, fold, load_lineage, load_units

UNKNOWN_PROVINCE = "không có tỉnh mã {code} trong cấu trúc {era}"
AGENCY_CODE_FORMAT = "mã chỉ gồm chữ không dấu, số, dấu gạch ngang (ví dụ STTTT)"
AGENCY_CODE_TAKEN = "mã {code} đã có đơn vị khác dùng: {name}"
AGENCY_NAME_REQUIRED = "thiếu tên cơ quan"
AGENCY_KIND_UNKNOWN = "loại «{kind}» không hợp lệ; dùng Sở, Ban hoặc Cơ quan, ngành"
AGENCY_DUPLICATE_IN_FILE = "mã {code} lặp lại (đã có ở dòng {first})"
NOT_A_PROVINCE = "cơ quan phải thuộc một tỉnh"

_AGENCY_SHORT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,11}$")
_LEVEL_ORDER = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


@dataclass(frozen=True, slots=True)
class ImportReport:
    era: str
    province: str | None
    created: int
    updated: int
    unchanged: int
    links_created: int
    links_updated: int

    def summary_vi(self) -> str:
        scope = f"tỉnh {self.province}" if self.province else "cả nước"
        return (
            f"Cấu trúc {self.era}, {scope}: thêm {self.created}, cập nhật {self.updated}, "
            f"giữ nguyên {self.unchanged} đơn vị; kế thừa: thêm {self.links_created}, "
            f"cập nhật {self.links_updated}."
        )


def _wanted(record: UnitRecord, valid: tuple[Any, Any], parent_id: int | None) -> dict[str, Any]:
    return {
        "name": record.name,
        "kind": record.kind,
        "level": record.level,
        "parent_id": parent_id,
        "province_code": record.province,
        "search_name": record.search_key,
        "valid_from": valid[0],
        "valid_to": valid[1],
    }


@transaction.atomic
def units_import(*, era: str, province: str | None = None, actor: Any = None) -> ImportReport:
    """Load the shipped units of ``era`` (one province or all), then the lineage links.

    Idempotent: a second run creates and updates nothing.
    """
    records = load_units(era)
    if province is not None:
        records = [r for r in records if r.province == province]
        if not records:
            raise ValueError(UNKNOWN_PROVINCE.format(code=province, era=era))
    valid = era_validity(era)
    existing = {u.code: u for u in Unit.objects.filter(era=era).exclude(level=Level.AGENCY)}
    ids = {code: unit.pk for code, unit in existing.items()}
    created = updated = unchanged = 0
    for level in _LEVEL_ORDER:
        to_create, to_update = [], []
        for record in (r for r in records if r.level == level):
            wanted = _wanted(record, valid, ids.get(record.parent) if record.parent else None)
            unit = existing.get(record.code)
            if unit is None:
                to_create.append(Unit(era=era, code=record.code, **wanted))
            elif any(getattr(unit, k) != v for k, v in wanted.items()):
                for k, v in wanted.items():
                    setattr(unit, k, v)
                to_update.append(unit)
            else:
                unchanged += 1
        Unit.objects.bulk_create(to_create, batch_size=1000)
        Unit.objects.bulk_update(to_update, list(wanted_fields()), batch_size=1000)
        created += len(to_create)
        updated += len(to_update)
        if to_create:
            ids.update(
                Unit.objects.filter(era=era, code__in=[u.code for u in to_create]).values_list(
                    "code", "pk"
                )
            )
    links_created, links_updated = _sync_lineage()
    report = ImportReport(era, province, created, updated, unchanged, links_created, links_updated)
    if created or updated or links_created or links_updated:
        audit_record(
            actor=actor,
            action="units.import",
            object_type="units.unit",
            object_repr=report.summary_vi(),
            era=era,
            province_code=province or "",
            changes={"created": created, "updated": updated, "links": links_created},
        )
    return report


def wanted_fields() -> Iterable[str]:
    return (
        "name",
        "kind",
        "level",
        "parent_id",
        "province_code",
        "search_name",
        "valid_from",
        "valid_to",
    )


def _lineage_links() -> dict[tuple[str, str, str], tuple[bool, bool]]:
    """(kind, old code, new code) -> (whole, main), kind "province" or "commune"."""
    lineage = load_lineage()
    main_of = {s.code_2019: s.main_2025 for s in lineage.splits}
    links: dict[tuple[str, str, str], tuple[bool, bool]] = {}
    for p in lineage.provinces:
        for old in p.provinces_2019:
            links[("province", old, p.code_2025)] = (True, True)
    for c in lineage.communes:
        for old in (*c.communes_2019, *c.districts_2019):
            links[("commune", old, c.code_2025)] = (True, True)
        for old in c.partial_2019:
            links[("commune", old, c.code_2025)] = (False, main_of.get(old) == c.code_2025)
    return links


def _sync_lineage() -> tuple[int, int]:
    """Create the links whose two ends are loaded; fix any whose flags changed."""
    old_ids = dict(Unit.objects.filter(era=Era.Y2019).values_list("code", "pk"))
    new_ids = dict(Unit.objects.filter(era=Era.Y2025).values_list("code", "pk"))
    if not old_ids or not new_ids:
        return 0, 0
    current = {(s.predecessor_id, s.successor_id): s for s in Succession.objects.all()}
    to_create, to_update = [], []
    for (_, old, new), (whole, main) in _lineage_links().items():
        pair = (old_ids.get(old), new_ids.get(new))
        if pair[0] is None or pair[1] is None:
            continue
        link = current.get(pair)  # type: ignore[arg-type]
        if link is None:
            to_create.append(
                Succession(predecessor_id=pair[0], successor_id=pair[1], whole=whole, main=main)
            )
        elif (link.whole, link.main) != (whole, main):
            link.whole, link.main = whole, main
            to_update.append(link)
    Succession.objects.bulk_create(to_create, batch_size=1000)
    Succession.objects.bulk_update(to_update, ["whole", "main"], batch_size=1000)
    return len(to_create), len(to_update)


# --- provincial agencies -------------------------------------------------------------------

_KIND_WORDS = {
    fold(Kind.SO.label): Kind.SO,
    "so": Kind.SO,
    fold(Kind.BAN.label): Kind.BAN,
    "ban": Kind.BAN,
    fold(Kind.NGANH.label): Kind.NGANH,
    "nganh": Kind.NGANH,
    "co quan": Kind.NGANH,
}


def agency_code(province: Unit, short: str) -> str:
    return f"{province.code}-{short.upper()}"


def guess_agency_kind(name: str) -> str:
    folded = fold(name)
    if folded.startswith("so "):
        return Kind.SO
    if folded.startswith("ban "):
        return Kind.BAN
    return Kind.NGANH


def _agency_problems(
    province: Unit, short: str, name: str, kind_text: str
) -> tuple[list[tuple[str, str]], str]:
    """(column, message) problems and the resolved kind."""
    problems = []
    if not _AGENCY_SHORT.match(short):
        problems.append(("code", AGENCY_CODE_FORMAT))
    if not name:
        problems.append(("name", AGENCY_NAME_REQUIRED))
    kind = guess_agency_kind(name)
    if kind_text:
        resolved = _KIND_WORDS.get(fold(kind_text))
        if resolved is None:
            problems.append(("kind", AGENCY_KIND_UNKNOWN.format(kind=kind_text)))
        else:
            kind = resolved
    return problems, kind


def _new_agency(province: Unit, short: str, name: str, kind: str) -> Unit:
    valid = (province.valid_from, province.valid_to)
    return Unit(
        era=province.era,
        code=agency_code(province, short),
        name=name,
        kind=kind,
        level=Level.AGENCY,
        parent=province,
        province_code=province.code,
        search_name=fold(name),
        valid_from=valid[0],
        valid_to=valid[1],
    )


def agency_validate(province: Unit, short_code: str, name: str, kind: str = "") -> dict[str, str]:
    """Field -> Vietnamese message for each problem of a new agency; empty when it can be added."""
    if not province.is_province:
        return {"parent": NOT_A_PROVINCE}
    problems, _ = _agency_problems(province, short_code.strip(), name.strip(), kind)
    errors = dict(problems)
    if "code" not in errors:
        code = agency_code(province, short_code.strip())
        taken = Unit.objects.filter(era=province.era, code=code).first()
        if taken is not None:
            errors["code"] = AGENCY_CODE_TAKEN.format(code=code, name=taken.name)
    return errors


@transaction.atomic
def agency_add(*, actor: Any, province: Unit, short_code: str, name: str, kind: str = "") -> Unit:
    """Add one sở/ban/ngành to ``province``; ValidationError names the field at fault."""
    errors = agency_validate(province, short_code, name, kind)
    if errors:
        raise ValidationError(errors)
    _, resolved = _agency_problems(province, short_code.strip(), name.strip(), kind)
    unit = _new_agency(province, short_code.strip(), name.strip(), resolved)
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, action="units.agency_add", obj=unit)
    return unit


@transaction.atomic
def agency_rename(*, actor: Any, unit: Unit, name: str) -> Unit:
    old = unit.name
    unit.name = name.strip()
    unit.search_name = fold(unit.name)
    unit.full_clean()
    unit.save(update_fields=["name", "search_name"])
    audit_record(
        actor=actor, action="units.agency_rename", obj=unit, changes={"name": [old, unit.name]}
    )
    return unit


AGENCY_COLUMNS = {
    "code": ("Mã", "Mã cơ quan", "Ma"),
    "name": ("Tên", "Tên cơ quan", "Ten"),
    "kind": ("Loại", "Loai"),
}


@transaction.atomic
def agencies_import(*, actor: Any, province: Unit, data: bytes, filename: str) -> list[Unit]:
    """Add every agency in the file, or none: TableError lists each bad row.

    Rows whose code already exists with the same name are skipped, so loading twice is harmless.
    """
    if not province.is_province:
        raise TableError([TableProblem(Where(filename), NOT_A_PROVINCE)])
    rows = read_table(data, filename, columns=AGENCY_COLUMNS, required={"code", "name"})
    problems: list[TableProblem] = []
    existing = {
        u.code: u for u in Unit.objects.filter(era=province.era, province_code=province.code)
    }
    seen: dict[str, int] = {}
    new: list[Unit] = []
    for row in rows:
        short, name = row.values["code"], row.values["name"]
        row_problems, kind = _agency_problems(province, short, name, row.values.get("kind", ""))
        problems.extend(_row_problems(row, row_problems))
        if row_problems:
            continue
        code = agency_code(province, short)
        if code in seen:
            problems.append(
                TableProblem(
                    row.at(AGENCY_COLUMNS["code"][0]),
                    AGENCY_DUPLICATE_IN_FILE.format(code=short, first=seen[code]),
                )
            )
            continue
        seen[code] = row.number
        taken = existing.get(code)
        if taken is not None:
            if taken.name != name:
                problems.append(
                    TableProblem(
                        row.at(AGENCY_COLUMNS["code"][0]),
                        AGENCY_CODE_TAKEN.format(code=code, name=taken.name),
                    )
                )
            continue
        new.append(_new_agency(province, short, name, kind))
    if problems:
        raise TableError(problems)
    Unit.objects.bulk_create(new)
    if new:
        audit_record(
            actor=actor,
            action="units.agencies_import",
            obj=province,
            changes={"created": [u.code for u in new], "file": filename},
        )
    return new


def _row_problems(row: Row, problems: list[tuple[str, str]]) -> list[TableProblem]:
    return [TableProblem(row.at(AGENCY_COLUMNS[col][0]), message) for col, message in problems]
