"""``chiso`` subcommands that work on the database: units, agencies, accounts, demo, audit.

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

    from chiso.demo.load import DEMO_PASSWORD, demo_load

    if not (settings.DEBUG or settings.DEMO) and not args.force:
        print(
            "Lỗi: dữ liệu mẫu có mật khẩu công khai; chỉ nạp khi CHISO_DEMO=1 (máy chạy thử) "
            "hoặc CHISO_DEBUG=1 (hoặc thêm --force nếu chắc chắn đây không phải máy thật)",
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


def cmd_backup(args: argparse.Namespace) -> int:
    _django()
    from chiso.backup import BackupError, backup

    try:
        summary = backup(Path(args.file))
    except BackupError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    print(f"Đã sao lưu {summary.text()}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import call_command

    from chiso.backup import BackupError, restore

    call_command("migrate", interactive=False, verbosity=0)
    try:
        summary = restore(Path(args.file))
    except BackupError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    print(f"Đã khôi phục {summary.text()}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Exit 0 when every entry and every anchor checks out, 1 listing each entry edited, removed,
    inserted or forged and each anchor (published snapshot, ``--backup`` manifest) broken,
    2 when a backup given cannot be read."""
    _django()
    from django.utils import timezone

    from chiso.audit.chain import Anchor, chain_verify, snapshot_anchors
    from chiso.backup import BackupError, manifest_read

    anchors = snapshot_anchors()
    for name in args.backup or []:
        try:
            manifest = manifest_read(Path(name))
        except BackupError as error:
            print(f"Lỗi: {name}: {error}", file=sys.stderr)
            return 2
        audit = manifest.get("audit") or {"entries": 0, "last_hash": ""}
        label = f"bản sao lưu {Path(name).name} (lúc {manifest.get('created', '?')[:19]})"
        anchors.append(Anchor(label, int(audit["entries"]), str(audit["last_hash"])))
    result = chain_verify(anchors)
    if result.ok:
        print(f"Nhật ký nguyên vẹn: {result.count} mục. Mã băm mục cuối: {result.last_hash or '—'}")
        print(f"Khớp {len(anchors)} mốc ghi nhận bên ngoài nhật ký (kết quả công bố, bản sao lưu).")
        return 0
    print(f"Nhật ký đã bị can thiệp: {len(result.breaks)} chỗ hỏng trong {result.count} mục.")
    for broken in result.breaks:
        where = "Đầu chuỗi"
        if broken.anchor:
            where = "Mốc ghi nhận"
        if broken.entry_id is not None and broken.at is not None:
            at = timezone.localtime(broken.at)
            where = f"Mục id {broken.entry_id} (số {broken.seq}, lúc {at:%d/%m/%Y %H:%M:%S})"
        print(f"  {where}: {'; '.join(broken.problems)}")
    return 1


def cmd_notify(args: argparse.Namespace) -> int:
    """Emit the reminders due today, then send every due notice by e-mail (docs/notices.md).
    Exit 0 when the run finished (failed deliveries are recorded and retried later)."""
    _django()
    from django.conf import settings
    from django.utils import timezone

    from chiso.notices.letter import letter_attachments
    from chiso.notices.sender import notices_send, resend_uncertain
    from chiso.notices.services import REMINDER_HOUR, reminders_emit

    if args.resend_uncertain:
        print(f"Đưa lại {resend_uncertain()} thư không rõ đã gửi chưa vào hàng chờ gửi.")
    now = timezone.localtime()
    # Reminders fall due in the first run of the working morning, not at midnight.
    if not args.no_reminders and now.hour >= REMINDER_HOUR:
        print(f"Ghi {reminders_emit(today=now.date())} thông báo nhắc hạn mới.")
    if not settings.CHISO_EMAIL_URL:
        print("Chưa đặt CHISO_EMAIL_URL: thông báo có trong ứng dụng, thư điện tử chờ gửi.")
        return 0
    report = notices_send(batch=args.batch, attachments=letter_attachments())
    print(report.text())
    for line in report.errors:
        print(f"  {line}", file=sys.stderr)
    return 0


def cmd_measure(args: argparse.Namespace) -> int:
    """Measure a campaign's measured criteria (docs/sources.md); the readings sit beside the
    units' answers, never replacing them. Exit 2 on a bad campaign, connector or file."""
    _django()
    import logging

    from chiso.campaigns.models import Campaign
    from chiso.measure.dvc_stats import StatsError

    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise here
    from chiso.sources.measure import measure_campaign

    campaign = Campaign.objects.select_related("province").filter(pk=args.campaign).first()
    if campaign is None:
        print(f"Lỗi: không có đợt đánh giá số {args.campaign}", file=sys.stderr)
        return 2
    stats = None
    if args.file:
        path = Path(args.file)
        if not path.is_file():
            print(f"Lỗi: không có tệp {path}", file=sys.stderr)
            return 2
        stats = (path.name, path.read_bytes())
    try:
        report = measure_campaign(campaign=campaign, connector=args.connector, stats=stats)
    except ValueError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    except StatsError as error:
        count = len(error.problems)
        print(f"Lỗi: tệp {error.filename} có {count} vấn đề, chưa đo gì:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    for line in report.lines:
        print(line)
    if report.no_address:
        print(f"{len(report.no_address)} đơn vị chưa có địa chỉ cổng thông tin: bỏ qua.")
    done = f"{report.recorded} kết quả đo ({report.measured} có giá trị)"
    print(f"Đã ghi {done} cho {campaign.name}.")
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

    back = commands.add_parser("backup", help="sao lưu cơ sở dữ liệu và tệp minh chứng vào một tệp")
    back.add_argument("file", metavar="FILE.tar.gz")
    back.set_defaults(handler=cmd_backup)
    rest = commands.add_parser("restore", help="khôi phục bản sao lưu vào một cài đặt trống")
    rest.add_argument("file", metavar="FILE.tar.gz")
    rest.set_defaults(handler=cmd_restore)

    notify = commands.add_parser(
        "notify", help="ghi thông báo nhắc hạn đến hạn và gửi thư thông báo (chạy theo lịch)"
    )
    notify.add_argument("--batch", type=int, default=50, help="số thư nhận mỗi lượt")
    notify.add_argument("--no-reminders", action="store_true", help="chỉ gửi, không ghi nhắc hạn")
    notify.add_argument(
        "--resend-uncertain",
        action="store_true",
        help="gửi lại các thư không rõ đã gửi chưa (máy gửi dừng giữa chừng); có thể trùng",
    )
    notify.set_defaults(handler=cmd_notify)

    audit = commands.add_parser("audit", help="nhật ký thay đổi")
    audit_commands = audit.add_subparsers(dest="action", required=True)
    verify = audit_commands.add_parser(
        "verify", help="kiểm tra chuỗi mã băm: mục nào bị sửa, xoá hay chèn trực tiếp vào CSDL"
    )
    verify.add_argument(
        "--backup",
        action="append",
        metavar="FILE.tar.gz",
        help="kiểm tra thêm với số mục và mã băm ghi trong bản sao lưu (lặp lại được)",
    )
    verify.set_defaults(handler=cmd_audit_verify)

    measure = commands.add_parser(
        "measure", help="đo các tiêu chí «đo tự động» của một đợt (cổng thông tin, thống kê DVC)"
    )
    measure.add_argument("campaign", metavar="CAMPAIGN", type=int, help="số (id) của đợt")
    measure.add_argument("--connector", choices=["portal", "dvc_stats"])
    measure.add_argument(
        "--file", metavar="CSV|XLSX", help="tệp thống kê xuất từ Cổng dịch vụ công (dvc_stats)"
    )
    measure.set_defaults(handler=cmd_measure)
