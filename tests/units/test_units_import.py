"""Loading the shipped units: real codes and names, idempotent, lineage, diacritic-free search."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chiso.audit.models import Entry
from chiso.cli import main
from chiso.units.models import Era, Level, Succession, Unit, era_of_year
from chiso.units.selectors import unit_lineage, unit_search
from chiso.units.services import UNKNOWN_PROVINCE, units_import

pytestmark = pytest.mark.django_db


def test_importing_a_province_loads_its_real_districts_and_communes() -> None:
    report = units_import(era="2019", province="67")

    province = Unit.objects.get(era="2019", code="67")
    assert province.name == "Tỉnh Đắk Nông"
    districts = Unit.objects.filter(era="2019", parent=province).order_by("code")
    assert [d.code for d in districts] == ["660", "661", "662", "663", "664", "665", "666", "667"]
    assert Unit.objects.get(era="2019", code="24728").name == "Xã Nâm N'Jang"
    assert Unit.objects.get(era="2019", code="24728").parent.code == "665"
    assert report.created == Unit.objects.filter(era="2019").count() == 1 + 8 + 71
    assert report.updated == 0


def test_importing_twice_changes_nothing_and_writes_no_second_audit_entry() -> None:
    units_import(era="2019", province="67")
    before = list(Unit.objects.values_list("pk", "code", "name", "parent_id").order_by("pk"))
    entries = Entry.objects.count()

    again = units_import(era="2019", province="67")

    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == len(before)
    assert (
        list(Unit.objects.values_list("pk", "code", "name", "parent_id").order_by("pk")) == before
    )
    assert Entry.objects.count() == entries


def test_a_changed_name_is_corrected_by_the_next_import() -> None:
    units_import(era="2019", province="67")
    Unit.objects.filter(era="2019", code="666").update(name="Huyện sai tên")

    report = units_import(era="2019", province="67")

    assert report.updated == 1
    assert Unit.objects.get(era="2019", code="666").name == "Huyện Đắk R'Lấp"


def test_the_whole_country_has_both_structures_with_the_official_counts() -> None:
    units_import(era="2019")
    units_import(era="2025")

    def count(era: str, level: str) -> int:
        return Unit.objects.filter(era=era, level=level).count()

    assert (count("2019", Level.PROVINCE), count("2019", Level.DISTRICT)) == (63, 696)
    assert 10_000 <= count("2019", Level.COMMUNE) <= 10_100
    assert (count("2025", Level.PROVINCE), count("2025", Level.COMMUNE)) == (34, 3_321)


def test_codes_reused_across_eras_are_different_units() -> None:
    units_import(era="2019", province="67")
    units_import(era="2025", province="68")
    old = Unit.objects.filter(era="2019", code="24611").first()
    new = Unit.objects.filter(era="2025", code="24611").first()

    assert old is not None and new is not None
    assert old.pk != new.pk


def test_units_carry_the_validity_of_their_structure() -> None:
    units_import(era="2019", province="67")
    units_import(era="2025", province="68")
    old = Unit.objects.get(era="2019", code="666")
    new = Unit.objects.get(era="2025", code="68")

    assert old.valid_on(dt.date(2025, 6, 30)) and not old.valid_on(dt.date(2025, 7, 1))
    assert new.valid_on(dt.date(2025, 7, 1)) and not new.valid_on(dt.date(2025, 6, 30))
    assert era_of_year(2024) == Era.Y2019
    assert era_of_year(2025) == Era.Y2025


def test_daknong_and_its_communes_lead_to_lam_dong_after_the_reform() -> None:
    units_import(era="2019", province="67")
    units_import(era="2025", province="68")

    _, went_to = unit_lineage(Unit.objects.get(era="2019", code="67"))
    assert [(s.successor.era, s.successor.code) for s in went_to] == [("2025", "68")]
    communes = Unit.objects.filter(era="2019", province_code="67", level=Level.COMMUNE)
    with_successor = communes.filter(successions__successor__province_code="68").distinct()
    assert with_successor.count() == communes.count() == 71
    came_from, _ = unit_lineage(
        Unit.objects.get(era="2019", code="24728").successions.get(main=True).successor
    )
    assert "24728" in [s.predecessor.code for s in came_from]


def test_lineage_links_are_not_duplicated_by_a_second_import() -> None:
    units_import(era="2019", province="67")
    units_import(era="2025", province="68")
    links = Succession.objects.count()

    report = units_import(era="2025", province="68")

    assert (report.links_created, report.links_updated) == (0, 0)
    assert Succession.objects.count() == links


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("dak rlap", "Huyện Đắk R'Lấp"),
        ("DAK R'LAP", "Huyện Đắk R'Lấp"),
        ("nam njang", "Xã Nâm N'Jang"),
        ("Nâm N'Jang", "Xã Nâm N'Jang"),
        ("cu jut", "Huyện Cư Jút"),
        ("24728", "Xã Nâm N'Jang"),
    ],
)
def test_names_are_found_without_diacritics_or_case(typed: str, found: str) -> None:
    units_import(era="2019", province="67")

    names = list(unit_search(Unit.objects.all(), typed).values_list("name", flat=True))

    assert found in names


def test_an_unknown_province_is_refused_with_its_code() -> None:
    with pytest.raises(ValueError, match="99"):
        units_import(era="2019", province="99")
    assert UNKNOWN_PROVINCE.format(code="99", era="2019").startswith("không có tỉnh")


def test_cli_import_prints_counts_and_a_second_run_adds_nothing(capsys: Any) -> None:
    assert main(["units", "import", "--structure", "2019", "--province", "67"]) == 0
    first = capsys.readouterr().out
    assert main(["units", "import", "--structure", "2019", "--province", "67"]) == 0
    second = capsys.readouterr().out

    assert "thêm 80" in first
    assert "thêm 0, cập nhật 0, giữ nguyên 80" in second


def test_cli_refuses_an_unknown_province(capsys: Any) -> None:
    assert main(["units", "import", "--structure", "2025", "--province", "99"]) == 2
    assert "không có tỉnh mã 99" in capsys.readouterr().err
