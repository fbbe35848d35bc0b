"""``chiso`` subcommands that work on the database: units, agencies, accounts, demo data.

Django is set up only when one of these runs, so the scoring commands stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

ERA_CHOICES = ["2019", "2025"]


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")
    import django

    django.setup()


def cmd_units_import(args: argparse.Namespace) -> int:
    _django()
    from chiso.units.services import units_import

    eras = ERA_CHOICES if args.structure == "all" else [args.structure]
    for era in eras:
        try:
            report = units_import(era=era, province=args.province)
        except ValueError as error:
            print(f"Lỗi: {error}", file=sys.stderr)
            return 2
        print(report.summary_vi())
    return 0


def _table_error(error: Any) -> int:
    print(f"Lỗi: tệp có {len(error.problems)} vấn đề, không có gì được ghi:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
    return 2


def cmd_units_agencies(args: argparse.Namespace) -> int:
    _django()
    from chiso.tabular import TableError
    from chiso.units.models import Level, Unit
    from chiso.units.services import agencies_import

    province = Unit.objects.filter(
        era=args.structure, code=args.province, level=Level.PROVINCE
    ).first()
    if province is None:
        print(
            f"Lỗi: chưa có tỉnh mã {args.province} (cấu trúc {args.structure}); "
            "chạy «chiso units import» trước",
            file=sys.stderr,
        )
        return 2
    path = Path(args.file)
    try:
        added = agencies_import(
            actor=None, province=province, data=path.read_bytes(), filename=path.name
        )
    except TableError as error:
        return _table_error(error)
    print(f"Đã thêm {len(added)} cơ quan vào {province.name}.")
    return 0


def cmd_accounts_import(args: argparse.Namespace) -> int:
    _django()
    from chiso.accounts.services import accounts_import, credentials_workbook
    from chiso.tabular import TableError

    path = Path(args.file)
    out = Path(args.out)
    if out.exists():
        print(f"Lỗi: {out} đã có; chọn tên khác để không ghi đè", file=sys.stderr)
        return 2
    try:
        result = accounts_import(
            actor=None, era=args.structure, data=path.read_bytes(), filename=path.name
        )
    except TableError as error:
        return _table_error(error)
    if result.created:
        out.write_bytes(credentials_workbook(result.created))
        out.chmod(0o600)
    print(
        f"Tạo {len(result.created)} tài khoản mới, thêm {result.roles_added} vai trò, "
        f"giữ nguyên {result.unchanged}." + (f" Mật khẩu một lần: {out}" if result.created else "")
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _django()
    from django.conf import settings

    from chiso.demo import DEMO_PASSWORD, demo_load

    if not settings.DEBUG and not args.force:
        print(
            "Lỗi: dữ liệu mẫu có mật khẩu công khai; chỉ nạp khi CHISO_DEBUG=1 "
            "(hoặc thêm --force nếu chắc chắn đây không phải máy thật)",
            file=sys.stderr,
        )
        return 2
    accounts, story = demo_load(all_units=not args.province_only)
    for line in story:
        print(line)
    print(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
    width = max(len(a.username) for a in accounts)
    for a in accounts:
        print(f"  {a.username.ljust(width)}  {a.description}")
    return 0


def register(commands: Any) -> None:
    units = commands.add_parser("units", help="đơn vị hành chính và sở, ban, ngành")
    unit_commands = units.add_subparsers(dest="action", required=True)
    imp = unit_commands.add_parser(
        "import", help="nạp đơn vị hành chính đi kèm (chạy lại không đổi gì)"
    )
    imp.add_argument(
        "--structure",
        choices=[*ERA_CHOICES, "all"],
        default="all",
        help="2019: 3 cấp đến 30/06/2025; 2025: 2 cấp từ 01/07/2025",
    )
    imp.add_argument("--province", metavar="CODE", help="chỉ một tỉnh, theo mã (ví dụ 67)")
    imp.set_defaults(handler=cmd_units_import)
    agencies = unit_commands.add_parser(
        "agencies", help="nạp sở, ban, ngành của một tỉnh từ .xlsx/.csv"
    )
    agencies.add_argument("file", metavar="FILE")
    agencies.add_argument("--province", required=True, metavar="CODE")
    agencies.add_argument("--structure", choices=ERA_CHOICES, required=True)
    agencies.set_defaults(handler=cmd_units_agencies)

    accounts = commands.add_parser("accounts", help="tài khoản")
    account_commands = accounts.add_subparsers(dest="action", required=True)
    acc_imp = account_commands.add_parser("import", help="tạo tài khoản từ danh sách .xlsx/.csv")
    acc_imp.add_argument("file", metavar="FILE")
    acc_imp.add_argument("--structure", choices=ERA_CHOICES, required=True)
    acc_imp.add_argument(
        "--out", required=True, metavar="XLSX", help="nơi ghi mật khẩu một lần của tài khoản mới"
    )
    acc_imp.set_defaults(handler=cmd_accounts_import)

    demo = commands.add_parser("demo", help="nạp dữ liệu mẫu (tỉnh Đắk Nông) và in tài khoản mẫu")
    demo.add_argument(
        "--province-only",
        action="store_true",
        help="chỉ nạp đơn vị của tỉnh mẫu, không nạp cả nước",
    )
    demo.add_argument("--force", action="store_true")
    demo.set_defaults(handler=cmd_demo)
