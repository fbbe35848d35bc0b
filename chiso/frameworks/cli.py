"""``chiso frameworks export|import|list|show|crosswalk`` over shipped templates and stored
versions.

Stored versions live in the database, so these set Django up; shipped frameworks are found
first and need no database. Exit codes as ``chiso.cli``: 1 an invalid framework (every
located problem on stderr, nothing stored), 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from chiso.scoring import Framework, FrameworkError, shipped_registry

EXIT_INVALID = 1
EXIT_BAD_INPUT = 2
NO_PROVINCE = (
    "cần --province MÃ --structure 2019|2025: tỉnh sở hữu bộ tiêu chí"
    " (có {count} tỉnh có đợt đánh giá)"
)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")
    import django

    django.setup()


def _err(message: str) -> None:
    print(f"Lỗi: {message}", file=sys.stderr)


def _problems(error: Any, what: str) -> int:
    problems = list(error.problems)
    print(f"Lỗi: {what} có {len(problems)} vấn đề, không có gì được lưu:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return EXIT_INVALID


def stored_text(ref: str) -> tuple[str, dict[str, str]] | None:
    """(text, {file: text} of what it extends) of a shipped code or a stored ``code[@N]``."""
    from chiso.frameworks.texts import shipped_text

    if ref in shipped_registry():
        return shipped_text(ref)
    _django()
    from chiso.frameworks.selectors import version_by_ref
    from chiso.frameworks.services import parent_sources

    row = version_by_ref(ref)
    if row is None:
        return None
    return row.yaml_text, parent_sources(row.yaml_text)


def framework_by_ref(ref: str) -> Framework | None:
    if ref in shipped_registry():
        return shipped_registry().get(ref)
    found = stored_text(ref)
    if found is None:
        return None
    from chiso.frameworks.texts import load_text

    return load_text(found[0], display=ref, extra=found[1])


def _unknown(ref: str) -> int:
    known = ", ".join(f.code for f in shipped_registry().all())
    _err(f"không có bộ tiêu chí '{ref}' (bộ mẫu: {known}; xem «chiso frameworks list»)")
    return EXIT_BAD_INPUT


def cmd_export(args: argparse.Namespace) -> int:
    found = stored_text(args.code)
    if found is None:
        return _unknown(args.code)
    text, extra = found
    out = Path(args.output)
    if args.format == "yaml":
        out.write_text(text, encoding="utf-8")
    else:
        from chiso.frameworks.workbook import framework_docx, framework_xlsx

        build = framework_xlsx if args.format == "xlsx" else framework_docx
        out.write_bytes(build(text, extra=extra, display=args.code))
    print(f"{args.code} → {out}")
    return 0


def _province(args: argparse.Namespace) -> Any:
    from chiso.accounts.policy import Target
    from chiso.campaigns.models import Campaign

    if args.province and args.structure:
        return Target(era=args.structure, province_code=args.province)
    provinces = sorted(set(Campaign.objects.values_list("province__era", "province__code")))
    if len(provinces) == 1:
        era, code = provinces[0]
        return Target(era=era, province_code=code)
    _err(NO_PROVINCE.format(count=len(provinces)))
    return None


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as error:
        _err(f"{path}: không đọc được tệp ({error.strerror})")
        return EXIT_BAD_INPUT
    _django()
    from django.core.exceptions import ValidationError

    from chiso.frameworks.services import framework_version_create
    from chiso.frameworks.workbook import upload_text
    from chiso.tabular import TableError

    province = _province(args)
    if province is None:
        return EXIT_BAD_INPUT
    try:
        text = upload_text(data, path.name, code=args.as_code)
        row = framework_version_create(
            actor=None, province=province, text=text, code=args.as_code, based_on=f"tệp {path.name}"
        )
    except TableError as error:
        return _problems(error, path.name)
    except FrameworkError as error:
        return _problems(error, path.name)
    except ValidationError as error:
        for message in error.messages:
            _err(message)
        return EXIT_BAD_INPUT
    print(f"{row.code} {row.version}")
    print(f"Đã lưu bản nháp {row.code} phiên bản {row.version}: {row.title}", file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = [
        {
            "code": f.code,
            "name": f.name,
            "version": f.version,
            "status": "template",
            "extends": f.extends,
            "provenance": f.provenance.value,
        }
        for f in shipped_registry().all()
    ]
    _django()
    from chiso.frameworks.models import FrameworkVersion

    for v in FrameworkVersion.objects.order_by("code", "version"):
        rows.append(
            {
                "code": v.code,
                "name": v.title,
                "version": str(v.version),
                "status": v.status,
                "province": f"{v.era}/{v.province_code}",
                "published_at": v.published_at.isoformat() if v.published_at else None,
            }
        )
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    status = {"template": "mẫu", "draft": "nháp", "published": "ban hành"}
    for r in rows:
        extends = f" (điều chỉnh từ {r['extends']})" if r.get("extends") else ""
        print(f"{r['code']:<26} {r['version']:<6} {status[r['status']]:<9} {r['name']}{extends}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from chiso.scoring.report import framework_dict, framework_text

    if args.code.endswith((".yaml", ".yml")) or Path(args.code).is_file():
        from chiso.scoring import load_framework

        framework: Framework | None = load_framework(args.code)
    else:
        framework = framework_by_ref(args.code)
    if framework is None:
        return _unknown(args.code)
    if args.format == "json":
        json.dump(framework_dict(framework), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(framework_text(framework))
    return 0


BAD_LINE = "{file}, dòng {line}: cần «MÃ_CŨ -> MÃ_MỚI», «MÃ_CŨ -> -» hoặc «… gộp»"


def crosswalk_text(links: Any, old: Framework, new: Framework) -> str:
    """The crosswalk as lines the operator edits and gives back with ``--confirm``."""
    lines = [f"# {old.code} phiên bản {old.version} -> {new.code} phiên bản {new.version}"]
    lines.append("# MÃ_CŨ -> MÃ_MỚI (- : không có tương ứng; thêm «gộp» khi nhiều mã cũ vào một)")
    for link in links:
        right = (link.new or "-") + (" gộp" if link.merge else "")
        lines.append(f"{link.old} -> {right}" + (f"  # {link.how}" if link.how else ""))
    return "\n".join(lines) + "\n"


def crosswalk_parse(text: str, name: str) -> list[Any]:
    """Links from ``crosswalk_text``'s lines; ``ValueError`` naming the first bad line."""
    from chiso.frameworks.crosswalk import Link

    links = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        left, arrow, right = line.partition("->")
        words = right.split()
        if not arrow or not left.strip() or not 1 <= len(words) <= 2:
            raise ValueError(BAD_LINE.format(file=name, line=number))
        if len(words) == 2 and words[1] not in ("gộp", "gop", "merge"):
            raise ValueError(BAD_LINE.format(file=name, line=number))
        new = None if words[0] == "-" else words[0]
        links.append(Link(left.strip(), new, merge=len(words) == 2))
    return links


def cmd_crosswalk(args: argparse.Namespace) -> int:
    """Print the confirmed crosswalk OLD → NEW (else the proposal); ``--confirm FILE`` stores
    the edited lines, or lists every problem and stores nothing."""
    old, new = framework_by_ref(args.old), framework_by_ref(args.new)
    if old is None:
        return _unknown(args.old)
    if new is None:
        return _unknown(args.new)
    _django()
    from chiso.frameworks.crosswalk import propose

    province = _province(args)
    if province is None:
        return EXIT_BAD_INPUT
    if args.confirm is None:
        from chiso.frameworks.selectors import crosswalk_links

        found = crosswalk_links(province, (old.code, old.version), (new.code, new.version))
        if found is None:
            print("# Đề xuất, chưa xác nhận", file=sys.stderr)
        sys.stdout.write(crosswalk_text(found or propose(old, new), old, new))
        return 0
    from django.core.exceptions import ValidationError

    from chiso.frameworks.services import crosswalk_confirm

    path = Path(args.confirm)
    try:
        links = crosswalk_parse(path.read_text("utf-8"), path.name)
    except OSError as error:
        _err(f"{path}: không đọc được tệp ({error.strerror})")
        return EXIT_BAD_INPUT
    except ValueError as error:
        _err(str(error))
        return EXIT_BAD_INPUT
    try:
        crosswalk_confirm(actor=None, province=province, old=old, new=new, links=links)
    except ValidationError as error:
        print(
            f"Lỗi: bảng đối chiếu có {len(error.messages)} vấn đề, không có gì được lưu:",
            file=sys.stderr,
        )
        for message in error.messages:
            print(f"  {message}", file=sys.stderr)
        return EXIT_INVALID
    print(f"Đã xác nhận bảng đối chiếu {args.old} -> {args.new} ({len(links)} mã)", file=sys.stderr)
    return 0


def register(fw_commands: Any) -> None:
    """Add export/import to ``chiso frameworks`` and make list/show see stored versions."""
    fw_list = fw_commands.add_parser("list", help="bộ mẫu đi kèm và các phiên bản của tỉnh")
    fw_list.add_argument("--format", choices=["table", "json"], default="table")
    fw_list.set_defaults(handler=cmd_list)
    fw_show = fw_commands.add_parser("show", help="xem một bộ tiêu chí (đã áp dụng điều chỉnh)")
    fw_show.add_argument("code", help="mã bộ mẫu, mã[@phiên bản] của tỉnh, hoặc tệp YAML")
    fw_show.add_argument("--format", choices=["text", "json"], default="text")
    fw_show.set_defaults(handler=cmd_show)
    export = fw_commands.add_parser("export", help="xuất bộ tiêu chí ra .xlsx, .yaml hoặc .docx")
    export.add_argument("code", help="mã bộ mẫu hoặc mã[@phiên bản] của tỉnh")
    export.add_argument("--format", choices=["xlsx", "yaml", "docx"], required=True)
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.set_defaults(handler=cmd_export)
    imp = fw_commands.add_parser(
        "import", help="nạp .xlsx/.yaml thành bản nháp mới (kiểm tra trước, lỗi thì không lưu)"
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--as", dest="as_code", metavar="CODE", help="đặt mã bộ tiêu chí")
    imp.add_argument("--province", metavar="CODE", help="mã tỉnh sở hữu")
    imp.add_argument("--structure", choices=["2019", "2025"], help="cấu trúc đơn vị của tỉnh")
    imp.set_defaults(handler=cmd_import)
    walk = fw_commands.add_parser(
        "crosswalk", help="bảng đối chiếu mã năm trước → năm nay (in ra, hoặc --confirm TỆP)"
    )
    walk.add_argument("old", metavar="OLD", help="bộ tiêu chí năm trước: mã bộ mẫu hoặc mã@N")
    walk.add_argument("new", metavar="NEW", help="bộ tiêu chí năm nay")
    walk.add_argument("--confirm", metavar="FILE", help="xác nhận các dòng đã sửa trong tệp")
    walk.add_argument("--province", metavar="CODE", help="mã tỉnh")
    walk.add_argument("--structure", choices=["2019", "2025"], help="cấu trúc đơn vị của tỉnh")
    walk.set_defaults(handler=cmd_crosswalk)
