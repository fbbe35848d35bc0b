"""Measurement connectors: plain Python, no Django (like ``chiso.scoring``).

A connector reads a system the unit runs (its web portal) or an export of a system that counts
for it (the public-service portal's statistics) and returns ``Reading``s: which source measured
which criterion of which unit, the value as the scoring core reads it, when, and the raw bytes
read, kept as evidence. ``chiso.sources.measure`` stores them beside the unit's own answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Target:
    """One thing to measure: a unit (by code), a criterion, the figure (``Measure.what``) and,
    for the portal, the address to read."""

    unit: str
    criterion: str
    what: str
    address: str = ""


@dataclass(frozen=True, slots=True)
class Reading:
    """One measured value; ``value`` None when nothing could be measured (``detail`` says why)."""

    source: str  # the connector's name
    unit: str
    criterion: str
    what: str
    value: object
    measured_at: dt.datetime
    detail: str = ""
    source_ref: str = ""  # the URL read, or the file imported
    evidence: bytes = b""  # the raw bytes read (page, file), kept as evidence
    evidence_name: str = ""


class Connector(Protocol):
    name: str

    def measure(self, targets: Iterable[Target]) -> Iterator[Reading]: ...
