"""Read the shipped Vietnamese administrative units (chiso/data/units/, see SOURCES.md there).

Plain Python, no Django: the units app and its import command build on this.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data" / "units"
ERAS = ("2019", "2025")
UNKNOWN_ERA = "Unknown era {era!r}; expected one of " + ", ".join(ERAS)

# Apostrophes inside ethnic-minority names are written ' ’ ʼ or with a stray space
# ("Ia H' Drai"), and users leave them out: "dak rlap" must find "Đắk R'lấp".
_APOSTROPHES = re.compile(r"\s*['’‘ʼ`´]\s*")
# Hyphens separate words ("Phan Rang-Tháp Chàm" / "Phan Rang - Tháp Chàm" in the sources).
_HYPHENS = re.compile(r"[-‐‑‒–—]")


def fold(text: str) -> str:
    """Case- and diacritic-free search key: "Đắk R'Lấp" -> "dak rlap".

    Match by substring on folded strings. Also makes "Hoà" and "Hòa" equal, which the
    sources spell differently.
    """
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # NFD leaves đ/Đ whole: it is a letter of its own, not d plus a mark.
    bare = bare.replace("đ", "d").replace("Đ", "D").lower()
    bare = _HYPHENS.sub(" ", _APOSTROPHES.sub("", bare))
    return " ".join(bare.split())


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """One unit of one era; ``(era, code)`` is the key, as codes are reused across eras.

    ``parent`` is the district (2019 communes), else the province, None for a province;
    ``province`` is the province code, a province's own code for a province.
    """

    era: str
    code: str
    name: str
    kind: str
    level: str
    parent: str | None
    province: str

    @property
    def search_key(self) -> str:
        return fold(self.name)


@dataclass(frozen=True, slots=True)
class ProvinceLineage:
    code_2025: str
    name_2025: str
    provinces_2019: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CommuneLineage:
    """What a 2025 commune was formed from, as 2019-era codes.

    ``communes_2019`` came whole, ``partial_2019`` only in part (the rest went to other
    communes, see ``CommuneSplit``); ``districts_2019`` are island districts with no communes.
    """

    code_2025: str
    name_2025: str
    province_2025: str
    communes_2019: tuple[str, ...]
    partial_2019: tuple[str, ...]
    districts_2019: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CommuneSplit:
    """A 2019 commune divided between several 2025 communes.

    ``main_2025`` is the source's default successor, where an address without a street goes.
    """

    code_2019: str
    to_2025: tuple[str, ...]
    main_2025: str


@dataclass(frozen=True, slots=True)
class Lineage:
    """The 2025 reform, from 2019-era codes to 2025-era codes."""

    provinces: tuple[ProvinceLineage, ...]
    communes: tuple[CommuneLineage, ...]
    splits: tuple[CommuneSplit, ...]
    # 2019 commune code -> the 2025 commune that took it whole, or main_2025 if it was split.
    successor_2025: Mapping[str, str] = field(compare=False, repr=False)


def load_units(era: str) -> list[UnitRecord]:
    """Every unit of ``era`` ("2019" or "2025"): provinces, districts, communes, by code."""
    if era not in ERAS:
        raise ValueError(UNKNOWN_ERA.format(era=era))
    return list(_units(era))


@cache
def _units(era: str) -> tuple[UnitRecord, ...]:
    data = _read(f"vn-{era}.json")
    return tuple(UnitRecord(era=era, **unit) for unit in data["units"])


@cache
def load_lineage() -> Lineage:
    """The old->new mapping of 01/07/2025 (immutable, so shared between callers)."""
    data = _read("lineage-2025.json")
    provinces = tuple(
        ProvinceLineage(p["code_2025"], p["name_2025"], tuple(p["provinces_2019"]))
        for p in data["provinces"]
    )
    communes = tuple(
        CommuneLineage(
            code_2025=c["code_2025"],
            name_2025=c["name_2025"],
            province_2025=c["province_2025"],
            communes_2019=tuple(c["communes_2019"]),
            partial_2019=tuple(c["partial_2019"]),
            districts_2019=tuple(c["districts_2019"]),
        )
        for c in data["communes"]
    )
    splits = tuple(
        CommuneSplit(s["code_2019"], tuple(s["to_2025"]), s["main_2025"]) for s in data["splits"]
    )
    successor = {old: c.code_2025 for c in communes for old in c.communes_2019}
    successor.update({s.code_2019: s.main_2025 for s in splits})
    return Lineage(provinces, communes, splits, MappingProxyType(successor))


def _read(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data
