"""The two errors of the scoring core: a bad framework file and bad answers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, located: which file (or unit), which item, what is wrong."""

    where: str
    item: str
    message: str

    def __str__(self) -> str:
        item = f" [{self.item}]" if self.item else ""
        return f"{self.where}{item}: {self.message}"


class ScoringError(Exception):
    """Base of the core's errors; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in problems))


class FrameworkError(ScoringError):
    """A framework file is invalid: each problem names the file, the item and the problem."""


class AnswerError(ScoringError):
    """A unit's answers are invalid: each problem names the unit, the criterion and the problem."""
