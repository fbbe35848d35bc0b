"""Demo data for ``make run``: Đắk Nông's real units (2019 structure, 8 districts and their
communes), its provincial agencies, Lâm Đồng (2025) which absorbed it, one account of each
role, and two open campaigns: Đắk Nông 2019 (2392, districts and communes) and Lâm Đồng 2026
(communes), and Lâm Đồng's 2026 digital-transformation campaign on the 2026 templates
(``demo_2026``). Loading twice changes nothing. The demo password is public: never in production.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from chiso.accounts.models import Role, RoleAssignment, User
from chiso.accounts.services import role_grant, user_create
from chiso.campaigns.models import Campaign
from chiso.campaigns.services import campaign_create, campaign_open
from chiso.demo.results import demo_results
from chiso.units.models import Unit
from chiso.units.services import agencies_import, units_import

DEMO_PASSWORD = "chiso-demo-2026"  # noqa: S105 - printed on purpose: demo only
DEMO_PROVINCE = ("2019", "67")  # Tỉnh Đắk Nông, whose 2019 ranking the examples reproduce
DEMO_PROVINCE_2025 = ("2025", "68")  # Tỉnh Lâm Đồng, which took Đắk Nông in on 01/07/2025
AGENCIES_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "daknong-agencies.csv"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    unit: tuple[str, str] | None  # (era, code)

    @property
    def description(self) -> str:
        if self.unit is None:
            return Role(self.role).label
        unit = Unit.objects.get(era=self.unit[0], code=self.unit[1])
        return f"{Role(self.role).label} – {unit.name} ({unit.code})"


DEMO_ACCOUNTS = (
    DemoAccount("quantri", "Quản trị hệ thống", Role.SYSTEM_ADMIN, None),
    DemoAccount("qt.daknong", "Nguyễn Văn Quản", Role.PROVINCE_ADMIN, DEMO_PROVINCE),
    DemoAccount("thamdinh.daknong", "Trần Thị Thẩm", Role.APPRAISER, DEMO_PROVINCE),
    DemoAccount("thamdinh2.daknong", "Lê Văn Định", Role.APPRAISER, DEMO_PROVINCE),
    DemoAccount("lanhdao.daknong", "Phạm Văn Lãnh", Role.APPROVER, DEMO_PROVINCE),
    DemoAccount("daumoi.dakrlap", "Hoàng Thị Mai", Role.REPORTER, ("2019", "666")),
    DemoAccount("thutruong.dakrlap", "Võ Văn Trưởng", Role.HEAD, ("2019", "666")),
    DemoAccount("daumoi.cujut", "Đặng Văn Hùng", Role.REPORTER, ("2019", "662")),
    DemoAccount("thutruong.cujut", "Bùi Thị Lan", Role.HEAD, ("2019", "662")),
    DemoAccount("daumoi.namnjang", "Y Bhăm", Role.REPORTER, ("2019", "24728")),
    DemoAccount("thutruong.namnjang", "H' Nhung", Role.HEAD, ("2019", "24728")),
    DemoAccount("daumoi.stttt", "Đỗ Văn Tín", Role.REPORTER, ("2019", "67-STTTT")),
    DemoAccount("qt.lamdong", "Trịnh Văn Đông", Role.PROVINCE_ADMIN, DEMO_PROVINCE_2025),
    DemoAccount("thamdinh.lamdong", "Ngô Thị Hà", Role.APPRAISER, DEMO_PROVINCE_2025),
    DemoAccount("lanhdao.lamdong", "Vũ Văn Lâm", Role.APPROVER, DEMO_PROVINCE_2025),
    # Xã Trường Xuân (2025) took in Nâm N'Jang, whose 2019 officers are above.
    DemoAccount("daumoi.truongxuan", "Y Đoan", Role.REPORTER, ("2025", "24730")),
    DemoAccount("thutruong.truongxuan", "Lương Văn Xuân", Role.HEAD, ("2025", "24730")),
    # Sở Nội vụ: reads the published results for emulation and rewards and the PAR index.
    DemoAccount("noivu.daknong", "Phan Thị Vụ", Role.HOME_AFFAIRS, DEMO_PROVINCE),
    DemoAccount("noivu.lamdong", "Cao Văn Nội", Role.HOME_AFFAIRS, DEMO_PROVINCE_2025),
    # Lâm Đồng's Sở KH&CN supplies one criterion's values for every commune (docs/sources.md).
    DemoAccount("canbo.skhcn.lamdong", "Phan Thị Số", Role.REPORTER, ("2025", "68-SKHCN")),
)

# (province, year, name, request date, frameworks by level, deadline rule)
DEMO_CAMPAIGNS = (
    (
        DEMO_PROVINCE,
        2019,
        "Đánh giá, xếp hạng mức độ CQĐT năm 2019",
        dt.date(2019, 10, 1),
        {"district": "vn-2392-huyen", "commune": "vn-2392-xa"},
    ),
    (
        DEMO_PROVINCE_2025,
        2026,
        "Đánh giá, xếp hạng mức độ CQĐT cấp xã năm 2026",
        dt.date(2026, 11, 16),
        {"commune": "lamdong-2392-xa"},
    ),
)


@transaction.atomic
def demo_load(*, all_units: bool = True) -> tuple[tuple[DemoAccount, ...], list[str]]:
    """Units (all of Vietnam, or only the demo provinces), agencies, the demo accounts, and the
    results story (``demo_results``); returns the accounts and what the story did."""
    for era, province in (DEMO_PROVINCE, DEMO_PROVINCE_2025):
        units_import(era=era, province=None if all_units else province)
    daknong = Unit.objects.get(era=DEMO_PROVINCE[0], code=DEMO_PROVINCE[1])
    agencies_import(
        actor=None, province=daknong, data=AGENCIES_FILE.read_bytes(), filename=AGENCIES_FILE.name
    )
    from chiso.demo.sources import demo_agency, demo_sources

    demo_agency(Unit.objects.get(era=DEMO_PROVINCE_2025[0], code=DEMO_PROVINCE_2025[1]))
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user, _ = user_create(
                actor=None,
                username=account.username,
                full_name=account.full_name,
                email=f"{account.username}@demo.chiso.vn",
                password=DEMO_PASSWORD,
            )
        unit = Unit.objects.get(era=account.unit[0], code=account.unit[1]) if account.unit else None
        if not RoleAssignment.objects.filter(user=user, role=account.role, unit=unit).exists():
            role_grant(actor=None, user=user, role=account.role, unit=unit)
    for (era, code), year, name, request, frameworks in DEMO_CAMPAIGNS:
        province_unit = Unit.objects.get(era=era, code=code)
        if Campaign.objects.filter(province=province_unit, year=year, name=name).exists():
            continue
        admin = User.objects.get(username="qt.daknong" if code == "67" else "qt.lamdong")
        campaign = campaign_create(
            actor=admin,
            province=province_unit,
            year=year,
            name=name,
            request_date=request,
            deadline_working_days=15,
            frameworks=frameworks,
        )
        campaign_open(actor=admin, campaign=campaign)
    from chiso.demo.states import demo_states
    from chiso.demo.y2026 import demo_2026

    return DEMO_ACCOUNTS, demo_results() + demo_states() + demo_2026() + [demo_sources()]
