"""What changed between two versions of a framework: criteria added, removed, renamed,
re-pointed (maximum changed), moved to another group, or scored by another rule.

Plain Python over two loaded frameworks (no Django); a criterion is the same criterion when
its code is the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from chiso.scoring import Framework
from chiso.scoring.numbers import fmt_number


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    REPOINTED = "repointed"
    MOVED = "moved"
    RULE = "rule"
    BASIS = "basis"

    @property
    def label_vi(self) -> str:
        return _LABELS[self]


_LABELS = {
    Change.ADDED: "thêm",
    Change.REMOVED: "bỏ",
    Change.RENAMED: "đổi tên",
    Change.REPOINTED: "đổi điểm tối đa",
    Change.MOVED: "chuyển nhóm",
    Change.RULE: "đổi cách tính điểm",
    Change.BASIS: "đổi căn cứ",
}


@dataclass(frozen=True, slots=True)
class Difference:
    code: str
    change: Change
    before: str
    after: str


def _items(framework: Framework) -> dict[str, tuple[str, str, str, str, str]]:
    """code → (name, max points, parent code, rule text, legal basis) of every item."""
    found: dict[str, tuple[str, str, str, str, str]] = {}

    def walk(criteria: tuple[Any, ...], parent: str) -> None:
        for c in criteria:
            rule = c.rule.describe(c)
            found[c.code] = (c.name, fmt_number(c.max_points), parent, rule, str(c.legal_basis))
            walk(c.children, c.code)

    for section in framework.sections:
        found[section.code] = (section.name, fmt_number(section.max_points), "", "", "")
        for group in section.groups:
            found[group.code] = (group.name, fmt_number(group.max_points), section.code, "", "")
            walk(group.criteria, group.code)
    return found


def framework_diff(old: Framework, new: Framework) -> list[Difference]:
    """Every difference, in the order of the new framework (removed items last)."""
    before, after = _items(old), _items(new)
    result: list[Difference] = []
    for code, (name, points, parent, rule, basis) in after.items():
        if code not in before:
            result.append(Difference(code, Change.ADDED, "", f"{name} ({points} điểm)"))
            continue
        o_name, o_points, o_parent, o_rule, o_basis = before[code]
        pairs = (
            (Change.RENAMED, o_name, name),
            (Change.REPOINTED, o_points, points),
            (Change.MOVED, o_parent, parent),
            (Change.RULE, o_rule, rule),
            (Change.BASIS, o_basis, basis),
        )
        result.extend(Difference(code, kind, a, b) for kind, a, b in pairs if a != b)
    for code, (name, points, *_rest) in before.items():
        if code not in after:
            result.append(Difference(code, Change.REMOVED, f"{name} ({points} điểm)", ""))
    return result
