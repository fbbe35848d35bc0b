"""Publication documents from scoring results: plain Python, no Django (like chiso.scoring).

A ``ResultSet`` (``model``), built with ``build_kind`` from the core's scores or read back from
a snapshot (``serialize``), goes in; the year's summary, the ranking tables (.xlsx, .csv), the
draft decision and submission (.docx) and a unit's report (.pdf) come out.
"""

from __future__ import annotations

from chiso.publish.build import build_kind
from chiso.publish.model import (
    Entry,
    KindResult,
    Meta,
    NotRanked,
    Previous,
    ResultSet,
    SectionResult,
    UnitProfile,
    UnitSection,
)
from chiso.publish.summary import Summary, build_summary

__all__ = [
    "Entry",
    "KindResult",
    "Meta",
    "NotRanked",
    "Previous",
    "ResultSet",
    "SectionResult",
    "Summary",
    "UnitProfile",
    "UnitSection",
    "build_kind",
    "build_summary",
]
