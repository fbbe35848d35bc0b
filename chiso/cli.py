"""The ``chiso`` command: frameworks, scoring and ranking from the shell.

Exit codes: 0 success; 1 an invalid framework file (``frameworks check``); 2 bad input
(unknown framework, unreadable or invalid answers) — and then nothing is printed on stdout.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from chiso.cells import safe_cell
from chiso.scoring import (
    AnswerError,
    Framework,
    FrameworkError,
    UnitAnswers,
    load_framework,
    rank,
    score,
    score_cohort,
    shipped_registry,
)
from chiso.scoring.report import (
    ranking_rows,
    ranking_text,
    unit_dict,
    unit_text,
)

EXIT_INVALID_FRAMEWORK = 1
EXIT_BAD_INPUT = 2


class InputError(Exception):
    """Bad command-line input, reported on stderr with exit code 2."""


def _framework(ref: str) -> Framework:
    if ref.endswith((".yaml", ".yml")) or Path(ref).is_file():
        return load_framework(ref)
    registry = shipped_registry()
    if ref not in registry:
        known = ", ".join(f.code for f in registry.all())
        raise InputError(f"không có bộ tiêu chí '{ref}' (có: {known})")
    return registry.get(ref)


def _read_units(path: str) -> list[UnitAnswers]:
    """Units from a JSON file (one unit or a list) or a JSON-lines file (one unit a line)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: không đọc được tệp ({error.strerror})") from None
    try:
        if path.endswith(".jsonl"):
            items = [
                json.loads(line, parse_float=Decimal) for line in text.splitlines() if line.strip()
            ]
        else:
            loaded = json.loads(text, parse_float=Decimal)
            items = loaded if isinstance(loaded, list) else [loaded]
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path}: JSON không hợp lệ ở dòng {error.lineno}, cột {error.colno}: {error.msg}"
        ) from None
    units = []
    for number, item in enumerate(items, start=1):
        where = f"{path} (đơn vị thứ {number})" if len(items) > 1 else path
        if not isinstance(item, dict) or not isinstance(item.get("answers"), dict):
            raise InputError(f'{where}: cần {{"unit": "...", "answers": {{...}}}}')
        if not str(item.get("unit") or "").strip():
            raise InputError(f"{where}: thiếu mã đơn vị 'unit'")
        units.append(
            UnitAnswers(
                unit=str(item["unit"]),
                answers=item["answers"],
                name=str(item.get("name") or ""),
                excluded=str(item.get("excluded") or ""),
                kind=str(item.get("kind") or ""),
                tags=tuple(str(t) for t in item.get("tags") or ()),
            )
        )
    return units


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_frameworks_check(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        try:
            framework = load_framework(path)
        except FrameworkError as error:
            failed += 1
            print(f"LỖI {path}: {len(error.problems)} vấn đề", file=sys.stderr)
            for problem in error.problems:
                print(f"  {problem}", file=sys.stderr)
            continue
        criteria = sum(1 for _ in framework.leaves())
        print(
            f"OK   {path}: {framework.code}, {len(framework.sections)} hạng mục,"
            f" {criteria} tiêu chí lá"
        )
    return EXIT_INVALID_FRAMEWORK if failed else 0


def cmd_score(args: argparse.Namespace) -> int:
    framework = _framework(args.framework)
    units = _read_units(args.answers)
    if len(units) != 1:
        raise InputError(f"{args.answers}: 'chiso score' chấm một đơn vị; dùng 'chiso rank'")
    if args.cohort:
        # Normalised criteria are scored against the best unit of the given cohort.
        cohort = [u for path in args.cohort for u in _read_units(path) if u.unit != units[0].unit]
        scores = score_cohort(framework, [units[0], *cohort], complete=not args.partial)
        result = scores[0]
    else:
        unit = units[0]
        result = score(
            framework,
            unit.answers,
            unit=unit.unit,
            complete=not args.partial,
            kind=unit.kind,
            tags=unit.tags,
        )
    if args.format == "json":
        _print_json(unit_dict(result, units[0].name))
    else:
        sys.stdout.write(unit_text(result, units[0].name))
    return 0


def cmd_rank(args: argparse.Namespace) -> int:
    framework = _framework(args.framework)
    units = [unit for path in args.answers for unit in _read_units(path)]
    scores = score_cohort(framework, units, complete=not args.partial)
    ranking = rank(
        framework,
        scores,
        names={u.unit: u.name for u in units if u.name},
        excluded={u.unit: u.excluded for u in units if u.excluded},
    )
    if args.format == "json":
        _print_json(ranking_rows(ranking))
    elif args.format == "csv":
        rows = ranking_rows(ranking)
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["unit"])
        writer.writeheader()
        text = ("unit", "name", "level", "reason")  # names typed "=…" must not become formulas
        writer.writerows({k: safe_cell(v) if k in text else v for k, v in r.items()} for r in rows)
    else:
        sys.stdout.write(ranking_text(ranking))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chiso", description="Đánh giá, xếp hạng mức độ Chính quyền điện tử / số."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    frameworks = commands.add_parser("frameworks", help="bộ tiêu chí")
    fw_commands = frameworks.add_subparsers(dest="action", required=True)
    from chiso.frameworks.cli import register as register_frameworks

    register_frameworks(fw_commands)  # list, show, export, import: templates and stored versions
    fw_check = fw_commands.add_parser("check", help="kiểm tra tệp bộ tiêu chí")
    fw_check.add_argument("files", nargs="+", metavar="FILE")
    fw_check.set_defaults(handler=cmd_frameworks_check)

    score_cmd = commands.add_parser("score", help="chấm điểm một đơn vị")
    score_cmd.add_argument("--framework", required=True, help="mã bộ tiêu chí hoặc tệp YAML")
    score_cmd.add_argument("--answers", required=True, metavar="FILE")
    score_cmd.add_argument(
        "--cohort",
        nargs="+",
        metavar="FILE",
        default=[],
        help="các đơn vị cùng đợt, để chuẩn hóa theo đơn vị tốt nhất",
    )
    score_cmd.add_argument("--format", choices=["table", "json"], default="table")
    score_cmd.add_argument(
        "--partial", action="store_true", help="cho phép thiếu câu trả lời (tính 0 điểm)"
    )
    score_cmd.set_defaults(handler=cmd_score)

    rank_cmd = commands.add_parser("rank", help="xếp hạng nhiều đơn vị")
    rank_cmd.add_argument("--framework", required=True, help="mã bộ tiêu chí hoặc tệp YAML")
    rank_cmd.add_argument("--answers", required=True, nargs="+", metavar="FILE")
    rank_cmd.add_argument("--format", choices=["table", "json", "csv"], default="table")
    rank_cmd.add_argument(
        "--partial", action="store_true", help="cho phép thiếu câu trả lời (tính 0 điểm)"
    )
    rank_cmd.set_defaults(handler=cmd_rank)

    from chiso.cli_db import register

    register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except InputError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except AnswerError as error:
        print(f"Lỗi: câu trả lời không hợp lệ ({len(error.problems)} vấn đề):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except FrameworkError as error:
        print("Lỗi: bộ tiêu chí không hợp lệ:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader (``| head``) stopped early: not an error of ours; silence the final flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
