"""A ResultSet as JSON and back, and its checksum: what a publication snapshot stores.

Exact numbers travel as text ("43.8", "26/3"), so reading a snapshot back gives the same
``Fraction``s and therefore the same documents. The checksum is SHA-256 of the canonical JSON
with the checksum field itself left empty.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
from enum import Enum
from fractions import Fraction
from typing import Any, Union, get_args, get_origin, get_type_hints

from chiso.publish.model import Meta, ResultSet
from chiso.scoring import exact_text

FORMAT = "chiso.publish/1"
WRONG_FORMAT = "bản lưu kết quả không đúng định dạng {expected} (gặp {found!r})"
BAD_SNAPSHOT = "bản lưu kết quả hỏng ở {where}: {problem}"


def to_data(value: Any) -> Any:
    """Plain JSON-ready data: dataclasses as dicts, Fractions as exact text, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Fraction):
        return exact_text(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    return value


def result_set_to_json(results: ResultSet) -> str:
    return json.dumps(
        {"format": FORMAT, **to_data(results)},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def result_set_from_json(text: str) -> ResultSet:
    """Read a snapshot back; ``ValueError`` naming where it is broken."""
    data = json.loads(text)
    found = data.get("format") if isinstance(data, dict) else None
    if found != FORMAT:
        raise ValueError(WRONG_FORMAT.format(expected=FORMAT, found=found))
    results: ResultSet = _build(ResultSet, data, "ResultSet")
    return results


def checksum(results: ResultSet) -> str:
    """SHA-256 (hex) of the canonical JSON, computed with an empty checksum field."""
    blank = dataclasses.replace(results, meta=dataclasses.replace(results.meta, checksum=""))
    return hashlib.sha256(result_set_to_json(blank).encode("utf-8")).hexdigest()


def with_checksum(results: ResultSet) -> ResultSet:
    meta: Meta = dataclasses.replace(results.meta, checksum=checksum(results))
    return dataclasses.replace(results, meta=meta)


def _build(cls: type[Any], data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise ValueError(BAD_SNAPSHOT.format(where=where, problem="cần một đối tượng"))
    hints = get_type_hints(cls)
    values = {
        f.name: _convert(hints[f.name], data[f.name], f"{where}.{f.name}")
        for f in dataclasses.fields(cls)
        if f.name in data
    }
    try:
        return cls(**values)
    except TypeError as error:
        raise ValueError(BAD_SNAPSHOT.format(where=where, problem=error)) from None


def _convert(kind: Any, value: Any, where: str) -> Any:
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        (kind,) = [arg for arg in get_args(kind) if arg is not type(None)]
        return _convert(kind, value, where)
    if origin is tuple:
        inner = get_args(kind)[0]
        return tuple(_convert(inner, item, f"{where}[{n}]") for n, item in enumerate(value))
    try:
        if kind is Fraction:
            return Fraction(value)
        if isinstance(kind, type) and issubclass(kind, Enum):
            return kind(value)
    except (ValueError, ZeroDivisionError) as error:
        raise ValueError(BAD_SNAPSHOT.format(where=where, problem=error)) from None
    if dataclasses.is_dataclass(kind):
        return _build(kind, value, where)  # type: ignore[arg-type]
    return value
