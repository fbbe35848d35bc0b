"""The shipped administrative units (chiso/data/units/) and their reader: no Django, no DB."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from chiso.units_data import (
    DATA_DIR,
    UNKNOWN_ERA,
    UnitRecord,
    fold,
    load_lineage,
    load_units,
)

REPO = Path(__file__).resolve().parents[2]
DAK_NONG_2019 = "67"
LAM_DONG_2025 = "68"
PREFIXES = {
    "tinh": "Tỉnh ",
    "thanh_pho_tw": "Thành phố ",
    "huyen": "Huyện ",
    "quan": "Quận ",
    "thi_xa": "Thị xã ",
    "thanh_pho": "Thành phố ",
    "thanh_pho_thuoc_tp": "Thành phố ",
    "xa": "Xã ",
    "phuong": "Phường ",
    "thi_tran": "Thị trấn ",
    "dac_khu": "Đặc khu ",
}


def units_by_code(era: str) -> dict[str, UnitRecord]:
    return {u.code: u for u in load_units(era)}


@pytest.mark.parametrize(
    ("era", "level", "count"),
    [
        ("2019", "province", 63),
        ("2019", "district", 696),
        ("2019", "commune", 10_035),
        ("2025", "province", 34),
        ("2025", "district", 0),
        ("2025", "commune", 3_321),
    ],
)
def test_each_era_has_the_official_number_of_units_per_level(
    era: str, level: str, count: int
) -> None:
    assert sum(u.level == level for u in load_units(era)) == count


@pytest.mark.parametrize(
    ("era", "kind", "count"),
    [
        ("2019", "tinh", 57),
        ("2019", "thanh_pho_tw", 6),
        ("2019", "huyen", 508),
        ("2019", "quan", 49),
        ("2019", "thi_xa", 52),
        ("2019", "thanh_pho", 85),
        ("2019", "thanh_pho_thuoc_tp", 2),  # Thủ Đức (TP.HCM), Thủy Nguyên (Hải Phòng)
        ("2019", "xa", 7_692),
        ("2019", "phuong", 1_726),
        ("2019", "thi_tran", 617),
        ("2025", "tinh", 28),
        ("2025", "thanh_pho_tw", 6),
        # The 16/06/2025 Standing Committee resolutions: 2,621 xã + 687 phường + 13 đặc khu.
        ("2025", "xa", 2_621),
        ("2025", "phuong", 687),
        ("2025", "dac_khu", 13),
    ],
)
def test_each_era_has_the_expected_number_of_units_per_kind(
    era: str, kind: str, count: int
) -> None:
    assert Counter(u.kind for u in load_units(era))[kind] == count


@pytest.mark.parametrize("era", ["2019", "2025"])
def test_codes_are_unique_within_an_era(era: str) -> None:
    codes = [u.code for u in load_units(era)]
    assert len(codes) == len(set(codes))


def test_era_and_code_together_identify_a_unit_although_codes_repeat_across_eras() -> None:
    both = load_units("2019") + load_units("2025")
    keys = {(u.era, u.code) for u in both}
    assert len(keys) == len(both)
    assert {u.code for u in load_units("2019")} & {u.code for u in load_units("2025")}


def test_old_24611_and_new_24611_are_different_communes() -> None:
    old, new = units_by_code("2019")["24611"], units_by_code("2025")["24611"]
    assert (old.name, old.parent, old.province) == ("Phường Nghĩa Đức", "660", DAK_NONG_2019)
    assert (new.name, new.parent, new.province) == ("Phường Bắc Gia Nghĩa", "68", LAM_DONG_2025)


@pytest.mark.parametrize("era", ["2019", "2025"])
def test_every_parent_is_a_unit_one_level_up_in_the_same_province(era: str) -> None:
    units = units_by_code(era)
    up = {"district": "province", "commune": "district" if era == "2019" else "province"}
    for u in units.values():
        if u.level == "province":
            assert (u.parent, u.province) == (None, u.code)
            continue
        parent = units[u.parent or ""]
        assert (parent.level, parent.province) == (up[u.level], u.province), u


@pytest.mark.parametrize("era", ["2019", "2025"])
def test_names_are_nfc_single_spaced_and_start_with_their_kind(era: str) -> None:
    for u in load_units(era):
        assert u.name == unicodedata.normalize("NFC", " ".join(u.name.split())), u
        assert u.name.startswith(PREFIXES[u.kind]), u


def test_dak_nong_had_eight_district_level_units_and_71_communes() -> None:
    dak_nong = [u for u in load_units("2019") if u.province == DAK_NONG_2019]
    districts = {u.code: u for u in dak_nong if u.level == "district"}
    assert sorted(districts) == ["660", "661", "662", "663", "664", "665", "666", "667"]
    assert sum(u.level == "commune" for u in dak_nong) == 71


def test_gia_nghia_is_a_provincial_city_not_a_rural_district() -> None:
    gia_nghia = units_by_code("2019")["660"]
    assert (gia_nghia.name, gia_nghia.kind) == ("Thành phố Gia Nghĩa", "thanh_pho")


def test_every_2025_commune_has_one_lineage_entry_with_a_2019_source() -> None:
    new = units_by_code("2025")
    lineage = {c.code_2025: c for c in load_lineage().communes}
    assert sorted(lineage) == sorted(code for code, u in new.items() if u.level == "commune")
    for code, entry in lineage.items():
        assert entry.communes_2019 or entry.partial_2019 or entry.districts_2019, code
        assert (entry.name_2025, entry.province_2025) == (new[code].name, new[code].province)


def test_lineage_references_only_existing_2019_units_of_the_right_level() -> None:
    old = units_by_code("2019")
    lineage = load_lineage()
    for entry in lineage.communes:
        for code in entry.communes_2019 + entry.partial_2019:
            assert old[code].level == "commune", (entry.code_2025, code)
        for code in entry.districts_2019:
            assert old[code].level == "district", (entry.code_2025, code)
    for split in lineage.splits:
        assert old[split.code_2019].level == "commune"
        assert split.main_2025 in split.to_2025


def test_island_districts_without_communes_became_special_zones() -> None:
    new = units_by_code("2025")
    from_districts = {
        c.code_2025: c.districts_2019 for c in load_lineage().communes if c.districts_2019
    }
    assert {new[code].kind for code in from_districts} == {"dac_khu"}
    assert sorted(d for ds in from_districts.values() for d in ds) == [
        "318",  # Bạch Long Vĩ
        "471",  # Cồn Cỏ
        "498",  # Hoàng Sa
        "536",  # Lý Sơn
        "755",  # Côn Đảo
    ]


def test_every_2019_commune_has_a_2025_successor() -> None:
    old = [u.code for u in load_units("2019") if u.level == "commune"]
    new = units_by_code("2025")
    successor = load_lineage().successor_2025
    assert sorted(successor) == sorted(old)
    assert all(new[code].level == "commune" for code in successor.values())


def test_every_old_dak_nong_commune_went_to_a_commune_of_lam_dong() -> None:
    new = units_by_code("2025")
    lineage = load_lineage()
    dak_nong = {
        u.code for u in load_units("2019") if u.province == DAK_NONG_2019 and u.level == "commune"
    }
    targets = {
        c.code_2025 for c in lineage.communes if dak_nong & {*c.communes_2019, *c.partial_2019}
    }
    assert {new[code].province for code in targets} == {LAM_DONG_2025}
    assert len(targets) == 28
    assert {new[lineage.successor_2025[code]].province for code in dak_nong} == {LAM_DONG_2025}


def test_new_bac_gia_nghia_was_formed_from_four_old_gia_nghia_wards() -> None:
    entry = next(c for c in load_lineage().communes if c.code_2025 == "24611")
    assert entry.communes_2019 == ("24611", "24612", "24619", "24622")


def test_province_lineage_covers_all_63_old_provinces_once() -> None:
    provinces = load_lineage().provinces
    old = [code for p in provinces for code in p.provinces_2019]
    assert sorted(old) == sorted(u.code for u in load_units("2019") if u.level == "province")
    assert next(p for p in provinces if p.code_2025 == LAM_DONG_2025).provinces_2019 == (
        "60",  # Bình Thuận
        "67",  # Đắk Nông
        "68",  # Lâm Đồng
    )


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Huyện Đắk R'Lấp", "huyen dak rlap"),
        ("Xã Nâm N'Jang", "xa nam njang"),
        ("Xã Ea H’Leo", "xa ea hleo"),  # typographic apostrophe
        ("Huyện Ia H' Drai", "huyen ia hdrai"),  # stray space after the apostrophe
        ("ĐẮK MIL", "dak mil"),
        ("Thành phố Phan Rang-Tháp Chàm", "thanh pho phan rang thap cham"),
        ("Thành phố Phan Rang - Tháp Chàm", "thanh pho phan rang thap cham"),
        ("  Xã  Bắc   Đông Quan ", "xa bac dong quan"),
        (unicodedata.normalize("NFD", "Phường Nghĩa Đức"), "phuong nghia duc"),
    ],
)
def test_fold_drops_case_marks_apostrophes_and_extra_spaces(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Xã Thuận Hoà", "Xã Thuận Hòa"),  # old and new tone-mark placement
        ("Thanh Thuỷ", "Thanh Thủy"),
        ("Phường Nguyễn Uý", "Phường Nguyễn Úy"),
        ("Xã Ea H'Leo", "Xã Ea H’Leo"),
    ],
)
def test_fold_makes_spelling_variants_of_one_name_equal(one: str, other: str) -> None:
    assert fold(one) == fold(other)


@pytest.mark.parametrize(
    ("era", "typed", "name"),
    [
        ("2019", "dak rlap", "Huyện Đắk R'Lấp"),
        ("2019", "nam njang", "Xã Nâm N'Jang"),
        ("2019", "gia nghia", "Thành phố Gia Nghĩa"),
        ("2025", "bac gia nghia", "Phường Bắc Gia Nghĩa"),
        ("2025", "thuan hoa", "Xã Thuận Hòa"),
    ],
)
def test_what_a_user_types_finds_the_unit_by_substring(era: str, typed: str, name: str) -> None:
    assert name in {u.name for u in load_units(era) if fold(typed) in u.search_key}


def test_an_unknown_era_is_refused_with_its_message() -> None:
    with pytest.raises(ValueError) as excinfo:
        load_units("2024")
    assert str(excinfo.value) == UNKNOWN_ERA.format(era="2024")


@pytest.mark.parametrize(
    ("name", "era", "valid_from", "valid_to"),
    [
        ("vn-2019.json", "2019", None, "2025-06-30"),
        ("vn-2025.json", "2025", "2025-07-01", None),
    ],
)
def test_each_units_file_opens_with_its_era_validity_and_source(
    name: str, era: str, valid_from: str | None, valid_to: str | None
) -> None:
    data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    assert next(iter(data)) == "meta"
    meta = data["meta"]
    assert (meta["era"], meta["valid_from"], meta["valid_to"]) == (era, valid_from, valid_to)
    assert (meta["source"]["package"], meta["source"]["version"]) == ("vietnamadminunits", "1.0.4")
    assert meta["source"]["licence"] == "MIT"
    assert meta["counts"]["commune"] == sum(u.level == "commune" for u in load_units(era))


def test_the_reader_does_not_import_django() -> None:
    # A fresh interpreter, because this test process may already have Django loaded.
    code = "import sys, chiso.units_data; sys.exit('django' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False)  # noqa: S603
    assert run.returncode == 0
