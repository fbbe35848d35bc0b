"""Publication documents from published results: plain Python, no Django (like chiso.scoring).

A ``ResultSet`` (``model``: typed, frozen, exact fractions) goes in; the year's summary, the
ranking tables (.xlsx, .csv), the draft decision and submission (.docx) and a unit's report
(.pdf) come out. There is one way a ResultSet is made: ``chiso.results.documents.result_set``
from a results bundle, whose figures (``chiso.results.figures``, last year's comparison and the
2025 carry-over by ``chiso.results.previous``) are those a snapshot freezes. Nothing here scores,
ranks or compares years: the documents say what the figures say.
"""

from __future__ import annotations

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
    "build_summary",
]
