"""A campaign's frameworks, frozen at opening: the YAML texts kept in the database."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from chiso.scoring import Framework, load_framework
from chiso.scoring.loader import SHIPPED_DIR

# libyaml's parser when PyYAML was built with it (the wheels are): the same data, ~10x faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - CSafeLoader or SafeLoader


def shipped_sources(code: str) -> dict[str, str]:
    """{file name: text} of the shipped framework ``code`` and every file it extends."""
    by_code: dict[str, Path] = {}
    for path in sorted(SHIPPED_DIR.glob("*.yaml")):
        found = _header(path)[0]
        if found is not None:
            by_code.setdefault(found, path)
    sources: dict[str, str] = {}
    current: str | None = code
    while current is not None:
        path = by_code[current]
        sources[path.name] = path.read_text(encoding="utf-8")
        current = _header(path)[1]
    return sources


def _header(path: Path) -> tuple[str | None, str | None]:
    """The ``code`` and ``extends`` of a framework file (None when it has none), decoded once
    per process and version of the file: opening a campaign read every shipped file (~1 MB of
    YAML, ~8 ms a file) to find its frameworks' (issue 18)."""
    stat = path.stat()
    return _header_of(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _header_of(path: str, mtime_ns: int, size: int) -> tuple[str | None, str | None]:
    data = _yaml(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        return None, None
    code, parent = data.get("code"), data.get("extends")
    return (code if isinstance(code, str) else None), (str(parent) if parent else None)


def sources_hash(code: str, sources: dict[str, str]) -> str:
    digest = hashlib.sha256(code.encode())
    for name in sorted(sources):
        digest.update(name.encode() + b"\0" + sources[name].encode() + b"\0")
    return digest.hexdigest()


def main_file(code: str, sources: dict[str, str]) -> str:
    for name, text in sources.items():
        if (_yaml(text) or {}).get("code") == code:
            return name
    raise KeyError(code)


@lru_cache(maxsize=64)
def _load(code: str, sha256: str, items: tuple[tuple[str, str], ...]) -> Framework:
    sources = dict(items)
    with tempfile.TemporaryDirectory(prefix="chiso-fw-") as tmp:
        directory = Path(tmp)
        for name, text in sources.items():
            (directory / name).write_text(text, encoding="utf-8")
        return load_framework(directory / main_file(code, sources), search=[directory])


# Frameworks by (code, hash), once their texts were found to have that hash: a campaign's
# texts (kept in the database, ~100 kB) are then neither read nor decoded again by this
# process, nor compared with the texts of the cache above, on every autosave (issue 18).
_BY_HASH: dict[tuple[str, str], Framework] = {}
_BY_HASH_SIZE = 64


def frozen_framework(
    code: str, sha256: str, sources: dict[str, str] | Callable[[], dict[str, str]]
) -> Framework:
    """The framework as it was when the campaign opened (cached by its hash).

    ``sources``: the texts, or a function reading them (called only when not cached yet).
    Texts whose hash is not ``sha256`` (none recorded, or edited in the database since) are
    loaded as they are, cached by their content only, as before.
    """
    found = _BY_HASH.get((code, sha256)) if sha256 else None
    if found is not None:
        return found
    texts = sources() if callable(sources) else sources
    framework = _load(code, sha256, tuple(sorted(texts.items())))
    if sha256 and sources_hash(code, texts) == sha256:
        if len(_BY_HASH) >= _BY_HASH_SIZE:
            del _BY_HASH[next(iter(_BY_HASH))]  # the oldest
        _BY_HASH[(code, sha256)] = framework
    return framework
