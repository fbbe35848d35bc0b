"""Build chiso/data/units/*.json from the data bundled in vietnamadminunits 1.0.4 (MIT).

Run from the repository root, in a throwaway venv outside the repo (Python 3.11):

    python3.11 -m venv /tmp/unitsvenv
    /tmp/unitsvenv/bin/pip install vietnamadminunits==1.0.4
    /tmp/unitsvenv/bin/python scripts/build_units_data.py           # (re)writes the files
    /tmp/unitsvenv/bin/python scripts/build_units_data.py --check   # exit 1 if any would change

Only the package's data files are read (``data/dataset.db``, ``data/converter_2025.json``);
their SHA-256 is pinned below, so the output is the same on every run. Licences and the
choice of source are in chiso/data/units/SOURCES.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
import unicodedata
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"
LICENCE = "MIT"
PACKAGE_URL = "https://github.com/tranngocminhhieu/vietnamadminunits"
# The package has no data-version field; this is the timestamp of its data files inside the
# 1.0.4 wheel (the wheel itself was built on 2025-10-08).
DATA_DATE = "2025-08-23"
UPSTREAM = ["danhmuchanhchinh.gso.gov.vn", "sapnhap.bando.com.vn"]
DATA_SHA256 = {
    "vietnamadminunits/data/dataset.db": (
        "147cbbf81c8964bb594e1dda7ebab5649bce21efbfd6cb508cab7fefca62257d"
    ),
    "vietnamadminunits/data/converter_2025.json": (
        "84f0848bf401b047775cbb49768c181a9271f77e4a4ec706d293b09bcb4faddd"
    ),
}
COMMAND = "python scripts/build_units_data.py"

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "chiso" / "data" / "units"

# Kinds come from the name prefix, which is the official type: the source's type column
# disagrees with it for 7 communes (e.g. 15061 "Thị trấn Ngọc Lặc" typed "Xã").
PROVINCE_KINDS = {"Thành phố": "thanh_pho_tw", "Tỉnh": "tinh"}
DISTRICT_KINDS = {"Huyện": "huyen", "Quận": "quan", "Thị xã": "thi_xa", "Thành phố": "thanh_pho"}
COMMUNE_KINDS_2019 = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran"}
COMMUNE_KINDS_2025 = {"Xã": "xa", "Phường": "phuong", "Đặc khu": "dac_khu"}
LEVELS = ("province", "district", "commune")
CODE_LENGTH = {"province": 2, "district": 3, "commune": 5}


class BuildError(Exception):
    """The source data is not what this script was written for."""


def clean(text: str) -> str:
    """NFC, single spaces, no padding."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def split_kind(name: str, kinds: dict[str, str]) -> tuple[str, str]:
    """``(name with its type prefix in canonical case, kind)``; "Thị Xã X" -> "Thị xã X"."""
    name = clean(name)
    for prefix in sorted(kinds, key=len, reverse=True):
        head, rest = name[: len(prefix)], name[len(prefix) :]
        if head.lower() == prefix.lower() and rest.startswith(" "):
            return prefix + rest, kinds[prefix]
    raise BuildError(f"no known type prefix in {name!r}")


def source_files() -> dict[str, Path]:
    """The pinned data files of the installed package, checked against their hashes."""
    try:
        dist = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:
        raise BuildError(f"pip install {PACKAGE}=={VERSION} first") from None
    if dist.version != VERSION:
        raise BuildError(f"{PACKAGE} {dist.version} installed, this script needs {VERSION}")
    files = {}
    for rel, expected in DATA_SHA256.items():
        path = Path(str(dist.locate_file(rel)))
        if hashlib.sha256(path.read_bytes()).hexdigest() != expected:
            raise BuildError(f"{path} differs from the {PACKAGE} {VERSION} wheel")
        files[rel.rsplit("/", 1)[1]] = path
    return files


def rows(db: Path, sql: str) -> list[sqlite3.Row]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql).fetchall()


def put(table: dict[str, dict[str, Any]], unit: dict[str, Any]) -> None:
    """Add a unit once; the flat source repeats parents on every row and must agree."""
    old = table.setdefault(unit["code"], unit)
    if old != unit:
        raise BuildError(f"code {unit['code']} has two descriptions: {old} / {unit}")


def unit(
    code: str, name: str, kind: str, level: str, parent: str | None, province: str
) -> dict[str, Any]:
    if len(code) != CODE_LENGTH[level] or not code.isdigit():
        raise BuildError(f"{level} code {code!r} is not {CODE_LENGTH[level]} digits")
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "level": level,
        "parent": parent,
        "province": province,
    }


def build_2019(db: Path, notes: list[str]) -> list[dict[str, Any]]:
    """Provinces, districts and communes of the last three-tier list (before 2025-07-01)."""
    provinces: dict[str, dict[str, Any]] = {}
    districts: dict[str, dict[str, Any]] = {}
    communes: dict[str, dict[str, Any]] = {}
    sql = (
        "SELECT provinceCode, province, districtCode, district, districtType,"
        " wardCode, ward, wardType FROM admin_units_legacy"
    )
    for row in rows(db, sql):
        pcode = row["provinceCode"]
        pname, pkind = split_kind(row["province"], PROVINCE_KINDS)
        put(provinces, unit(pcode, pname, pkind, "province", None, pcode))

        dname, dkind = split_kind(row["district"], DISTRICT_KINDS)
        if dkind == "thanh_pho" and pkind == "thanh_pho_tw":
            # Thủ Đức (TP.HCM) and Thủy Nguyên (Hải Phòng): a city inside a central city.
            dkind = "thanh_pho_thuoc_tp"
        put(districts, unit(row["districtCode"], dname, dkind, "district", pcode, pcode))

        if row["wardCode"] is None:
            # Island districts with no commune level (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn,
            # Côn Đảo) come as one row with an empty commune.
            continue
        wname, wkind = split_kind(row["ward"], COMMUNE_KINDS_2019)
        if COMMUNE_KINDS_2019.get(row["wardType"]) != wkind:
            notes.append(f"2019 {row['wardCode']} {wname}: source type {row['wardType']!r}")
        put(communes, unit(row["wardCode"], wname, wkind, "commune", row["districtCode"], pcode))
    return sorted_units([provinces, districts, communes])


def build_2025(db: Path, notes: list[str]) -> list[dict[str, Any]]:
    """Provinces and communes of the two-tier list (from 2025-07-01)."""
    provinces: dict[str, dict[str, Any]] = {}
    communes: dict[str, dict[str, Any]] = {}
    sql = "SELECT provinceCode, province, wardCode, ward, wardType FROM admin_units"
    for row in rows(db, sql):
        pcode = row["provinceCode"]
        pname, pkind = split_kind(row["province"], PROVINCE_KINDS)
        put(provinces, unit(pcode, pname, pkind, "province", None, pcode))
        wname, wkind = split_kind(row["ward"], COMMUNE_KINDS_2025)
        if COMMUNE_KINDS_2025.get(row["wardType"]) != wkind:
            notes.append(f"2025 {row['wardCode']} {wname}: source type {row['wardType']!r}")
        put(communes, unit(row["wardCode"], wname, wkind, "commune", pcode, pcode))
    return sorted_units([provinces, communes])


def sorted_units(tables: Iterable[dict[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Provinces, then districts, then communes, each by code (GSO codes follow the tree)."""
    units = [u for table in tables for u in table.values()]
    return sorted(units, key=lambda u: (LEVELS.index(u["level"]), u["code"]))


def build_lineage(db: Path, converter: Path, new_units: list[dict[str, Any]]) -> dict[str, Any]:
    """Old -> new provinces and communes, keyed with the era in every field name.

    The converter names units by folded keys ("tinhdaknong_thanhphogianghia_phuongnghiaduc");
    they are turned back into codes through the key columns of the same database.
    """
    conv = json.loads(converter.read_text(encoding="utf-8"))
    old_province = {}
    old_commune: dict[str, tuple[str | None, str]] = {}
    sql = "SELECT provinceKey, provinceCode, districtKey, districtCode, wardKey, wardCode"
    for row in rows(db, sql + " FROM admin_units_legacy"):
        old_province[row["provinceKey"]] = row["provinceCode"]
        key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        if key in old_commune:
            raise BuildError(f"old key {key} is not unique")
        old_commune[key] = (row["wardCode"], row["districtCode"])
    new_province = {}
    new_commune: dict[tuple[str, str], str] = {}
    for row in rows(db, "SELECT provinceKey, provinceCode, wardKey, wardCode FROM admin_units"):
        new_province[row["provinceKey"]] = row["provinceCode"]
        if (row["provinceKey"], row["wardKey"]) in new_commune:
            raise BuildError(f"new key {row['provinceKey']}/{row['wardKey']} is not unique")
        new_commune[row["provinceKey"], row["wardKey"]] = row["wardCode"]
    names = {(u["level"], u["code"]): u["name"] for u in new_units}
    province_of = {u["code"]: u["province"] for u in new_units if u["level"] == "commune"}

    provinces = [
        {
            "code_2025": new_province[new_key],
            "name_2025": names["province", new_province[new_key]],
            "provinces_2019": sorted(old_province[k] for k in old_keys),
        }
        for new_key, old_keys in conv["DICT_PROVINCE"].items()
    ]

    sources: dict[str, dict[str, set[str]]] = {
        code: {"communes_2019": set(), "partial_2019": set(), "districts_2019": set()}
        for code in new_commune.values()
    }
    placed: set[str] = set()  # each old key goes whole to one commune, or is split, once

    def place(old_key: str) -> tuple[str | None, str]:
        if old_key in placed:
            raise BuildError(f"old unit {old_key} has two fates in the converter")
        placed.add(old_key)
        return old_commune[old_key]

    # Old communes that went whole into one new commune (or island districts without communes).
    for new_pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in wards.items():
            entry = sources[new_commune[new_pkey, new_wkey]]
            for old_key in old_keys:
                ward_code, district_code = place(old_key)
                if ward_code is None:
                    entry["districts_2019"].add(district_code)
                else:
                    entry["communes_2019"].add(ward_code)
    # Old communes split between several new ones; the source marks one as the default
    # successor (the one it picks for an address without a street).
    splits = []
    for new_pkey, divided in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            ward_code, _ = place(old_key)
            if ward_code is None:
                raise BuildError(f"split source {old_key} is not a commune")
            to = sorted(new_commune[new_pkey, part["newWardKey"]] for part in parts)
            mains = [new_commune[new_pkey, p["newWardKey"]] for p in parts if p["isDefaultNewWard"]]
            if len(mains) != 1:
                raise BuildError(f"split source {old_key} has {len(mains)} main successors")
            for code in to:
                sources[code]["partial_2019"].add(ward_code)
            splits.append({"code_2019": ward_code, "to_2025": to, "main_2025": mains[0]})

    if placed != set(old_commune):
        raise BuildError(f"old units without a fate: {sorted(set(old_commune) - placed)[:5]}")
    communes = []
    for code, entry in sources.items():
        if not any(entry.values()):
            raise BuildError(f"new commune {code} has no source")
        communes.append(
            {
                "code_2025": code,
                "name_2025": names["commune", code],
                "province_2025": province_of[code],
                **{field: sorted(codes) for field, codes in entry.items()},
            }
        )
    return {
        "provinces": sorted(provinces, key=lambda p: p["code_2025"]),
        "communes": sorted(communes, key=lambda c: c["code_2025"]),
        "splits": sorted(splits, key=lambda s: s["code_2019"]),
    }


def meta(**fields: Any) -> dict[str, Any]:
    return {
        **fields,
        "source": {
            "package": PACKAGE,
            "version": VERSION,
            "licence": LICENCE,
            "url": PACKAGE_URL,
            "upstream": UPSTREAM,
        },
        "data_date": DATA_DATE,
        "licence": f"{LICENCE} (vietnamadminunits, (c) 2025 Tran Ngoc Minh Hieu); see SOURCES.md",
        "generated_by": COMMAND,
    }


def counts(units: list[dict[str, Any]]) -> dict[str, int]:
    """Units per level and per kind, in a stable order."""
    out: dict[str, int] = {}
    for u in units:
        out[u["level"]] = out.get(u["level"], 0) + 1
    for u in units:
        key = f"{u['level']}.{u['kind']}"
        out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))


def render(head: dict[str, Any], sections: dict[str, list[dict[str, Any]]]) -> str:
    """Pretty header, then one compact JSON object per line so diffs name single units."""

    def dump(obj: Any) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))

    meta_text = json.dumps(head, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    parts = [f'{{\n  "meta": {meta_text}']
    for name, items in sections.items():
        body = ",\n".join(f"    {dump(item)}" for item in items)
        parts.append(f'  "{name}": [\n{body}\n  ]')
    return ",\n".join(parts) + "\n}\n"


def build() -> tuple[dict[str, str], list[str]]:
    """``{file name: text}`` for every output file, plus notes on source irregularities."""
    files = source_files()
    db, converter = files["dataset.db"], files["converter_2025.json"]
    notes: list[str] = []
    old = build_2019(db, notes)
    new = build_2025(db, notes)
    lineage = build_lineage(db, converter, new)
    snapshot = (
        "Last three-tier list, as the source used it for the 2025 conversion: units merged, "
        "split or renamed between 2019 and mid-2025 appear only in their final form."
    )
    outputs = {
        "vn-2019.json": render(
            meta(
                era="2019",
                valid_from=None,
                valid_to="2025-06-30",
                note=snapshot + " valid_from is open for that reason.",
                counts=counts(old),
            ),
            {"units": old},
        ),
        "vn-2025.json": render(
            meta(era="2025", valid_from="2025-07-01", valid_to=None, counts=counts(new)),
            {"units": new},
        ),
        "lineage-2025.json": render(
            meta(
                from_era="2019",
                to_era="2025",
                effective="2025-07-01",
                note=(
                    "Codes are reused across eras: a *_2019 field holds a code of vn-2019.json, "
                    "a *_2025 field one of vn-2025.json. communes_2019: old communes taken whole; "
                    "partial_2019: old communes of which only a part came here (see splits); "
                    "districts_2019: island districts that had no communes; splits: old "
                    "communes divided between new ones, main_2025 being the source's default."
                ),
                counts={key: len(value) for key, value in lineage.items()},
            ),
            lineage,
        ),
    }
    return outputs, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    parser.add_argument("--check", action="store_true", help="only report files that differ")
    args = parser.parse_args(argv)
    try:
        outputs, notes = build()
    except BuildError as exc:
        print(f"build_units_data: {exc}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    stale = []
    for name, text in outputs.items():
        path = args.out / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not args.check:
            args.out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "differ" if args.check else "written"
    print(f"{len(stale)} file(s) {verb}: {', '.join(stale) or '-'}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
