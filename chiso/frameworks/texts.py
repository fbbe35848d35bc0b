"""A framework's YAML text: load it, read its resolved mapping, give it a code and version.

Plain Python over ``chiso.scoring.loader`` (no Django), used by the services, the command
line, the Excel import and the browser editor alike. The loader reads files, so a text is
written to a private temporary directory together with the texts it extends.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from chiso.scoring import Framework, FrameworkError, Problem, load_framework
from chiso.scoring.loader import SHIPPED_DIR, _Resolver, read_yaml

NOT_A_MAPPING = "tệp phải chứa một bảng khóa: giá trị (code:, name:, sections: …)"


def _write(directory: Path, text: str, extra: Mapping[str, str]) -> Path:
    for name, other in extra.items():
        (directory / name).write_text(other, encoding="utf-8")
    path = directory / "_draft.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _located(problems: tuple[Problem, ...], path: Path, display: str) -> list[Problem]:
    """Problems naming ``display`` instead of the temporary file."""
    return [
        replace(p, where=display)
        if p.where == str(path) or p.where.startswith(str(path.parent))
        else p
        for p in problems
    ]


def load_text(
    text: str, *, display: str = "bộ tiêu chí", extra: Mapping[str, str] = {}
) -> Framework:
    """The framework a YAML text describes; ``FrameworkError`` with every problem.

    ``extra``: {file name: text} of frameworks it may extend that are not shipped ones.
    """
    with tempfile.TemporaryDirectory(prefix="chiso-fw-") as tmp:
        path = _write(Path(tmp), text, extra)
        try:
            return load_framework(path, search=[Path(tmp)])
        except FrameworkError as error:
            raise FrameworkError(_located(error.problems, path, display)) from None


def resolved_mapping(
    text: str, *, display: str = "bộ tiêu chí", extra: Mapping[str, str] = {}
) -> dict[str, Any]:
    """The mapping the loader validates: ``extends``/``changes`` applied, nothing inherited
    written out. Raises ``FrameworkError`` when the text does not load."""
    with tempfile.TemporaryDirectory(prefix="chiso-fw-") as tmp:
        path = _write(Path(tmp), text, extra)
        data, _differences, problems = _Resolver([Path(tmp), SHIPPED_DIR]).resolved(path)
        if problems:
            raise FrameworkError(_located(tuple(problems), path, display))
        return data


def parse_mapping(text: str, *, display: str = "bộ tiêu chí") -> dict[str, Any]:
    """The YAML text as a mapping (exact decimals), or ``FrameworkError`` naming line and column."""
    with tempfile.TemporaryDirectory(prefix="chiso-fw-") as tmp:
        path = _write(Path(tmp), text, {})
        try:
            data = read_yaml(path)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
            raise FrameworkError([Problem(display, where, f"YAML không hợp lệ: {error}")]) from None
    if not isinstance(data, Mapping):
        raise FrameworkError([Problem(display, "", NOT_A_MAPPING)])
    return dict(data)


_TOP = {"code": re.compile(r"^code:.*$", re.M), "version": re.compile(r"^version:.*$", re.M)}


def with_identity(text: str, *, code: str, version: str) -> str:
    """The text with its top-level ``code`` and ``version`` replaced (comments kept)."""
    for key, value in (("code", code), ("version", version)):
        line = f"{key}: {yaml.safe_dump(value, allow_unicode=True).splitlines()[0]}"
        if key == "version":
            line = f'version: "{value}"'
        pattern = _TOP[key]
        if pattern.search(text):
            text = pattern.sub(line.replace("\\", "\\\\"), text, count=1)
        else:
            text = f"{line}\n{text}" if key == "code" else _after_code(text, line)
    return text


def _after_code(text: str, line: str) -> str:
    match = _TOP["code"].search(text)
    if match is None:
        return f"{line}\n{text}"
    return f"{text[: match.end()]}\n{line}{text[match.end() :]}"


def line_of(text: str, item: str) -> int | None:
    """The 1-based line where ``item`` (a code, or ``dòng N, …``) is written, if found."""
    found = re.match(r"dòng (\d+)", item)
    if found:
        return int(found.group(1))
    if not item:
        return None
    pattern = re.compile(rf"code:\s*[\"']?{re.escape(item)}[\"']?\s*(?:[,}}#]|$)", re.M)
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return None


def shipped_text(code: str) -> tuple[str, dict[str, str]]:
    """The shipped file's text for ``code`` and {name: text} of the files it extends."""
    from chiso.campaigns.frozen import main_file, shipped_sources

    sources = shipped_sources(code)
    name = main_file(code, sources)
    return sources[name], {k: v for k, v in sources.items() if k != name}
