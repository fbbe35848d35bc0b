"""The scoring core of chiso: plain Python, no Django.

Frameworks in (``load_framework``/``load_registry``), exact scores, levels, ranks and
explanations out (``score``, ``score_cohort``, ``rank``).
"""

from __future__ import annotations

from functools import lru_cache

from chiso.scoring import reference
from chiso.scoring.engine import UnitAnswers, cohort_best, score, score_cohort
from chiso.scoring.errors import AnswerError, FrameworkError, Problem, ScoringError
from chiso.scoring.loader import SHIPPED_DIR, Registry, load_framework, load_registry
from chiso.scoring.model import (
    Criterion,
    Framework,
    Group,
    InputKind,
    LegalBasis,
    Provenance,
    Section,
)
from chiso.scoring.numbers import exact_text, fmt_number, fmt_percent, fmt_points, round2
from chiso.scoring.ranking import RankEntry, Ranking, SectionRanking, rank
from chiso.scoring.results import CriterionScore, GroupScore, SectionScore, UnitScore


@lru_cache(maxsize=1)
def shipped_registry() -> Registry:
    """The frameworks that ship with chiso, loaded once per process."""
    return load_registry(SHIPPED_DIR)


__all__ = [
    "SHIPPED_DIR",
    "AnswerError",
    "Criterion",
    "CriterionScore",
    "Framework",
    "FrameworkError",
    "Group",
    "GroupScore",
    "InputKind",
    "LegalBasis",
    "Problem",
    "Provenance",
    "RankEntry",
    "Ranking",
    "Registry",
    "ScoringError",
    "Section",
    "SectionRanking",
    "SectionScore",
    "UnitAnswers",
    "UnitScore",
    "cohort_best",
    "exact_text",
    "fmt_number",
    "fmt_percent",
    "fmt_points",
    "load_framework",
    "load_registry",
    "rank",
    "reference",
    "round2",
    "score",
    "score_cohort",
    "shipped_registry",
]
