"""The crosswalk between two versions of a framework: which of this year's codes each of last
year's sections, groups and criteria became ("no counterpart" allowed), so that a year compares
with the year before only where the two mean the same thing.

Plain Python over two loaded frameworks (no Django). ``propose`` guesses from the codes and the
wording, the province administrator confirms or edits, ``validate`` names every problem of an
edited crosswalk, and ``apply`` carries last year's values per code onto this year's codes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from fractions import Fraction
from typing import Any

from chiso.scoring import Framework

SECTION, GROUP, CRITERION = "section", "group", "criterion"
KIND_LABELS = {SECTION: "lĩnh vực", GROUP: "nhóm tiêu chí", CRITERION: "tiêu chí"}

SAME_CODE = "cùng mã"
SAME_NAME = "cùng tên"
SIMILAR = "tên gần giống ({percent}%)"
NO_COUNTERPART = "không có tương ứng"
# A proposal by wording needs names at least this alike (difflib's ratio on the folded names).
SIMILAR_AT_LEAST = 0.75

NOT_IN_OLD = "«{old}» không có trong bộ tiêu chí năm trước ({ref})."
NOT_IN_NEW = "«{old}» ghép vào «{new}», nhưng «{new}» không có trong bộ tiêu chí mới ({ref})."
TWICE = "«{old}» được ghép {n} lần; mỗi mã cũ chỉ ghép một lần."
KIND_DIFFERS = "«{old}» là {kind_old} nhưng «{new}» là {kind_new}; chỉ ghép cùng loại."
MERGE_UNSAID = "{olds} cùng ghép vào «{new}» mà không ghi là gộp; đánh dấu «gộp» hoặc sửa một cặp."
MISSING = "«{old}» ({name}) chưa được ghép: chọn mã mới hoặc «không có tương ứng»."


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    kind: str
    name: str
    max_points: Fraction


@dataclass(frozen=True, slots=True)
class Link:
    """Last year's ``old`` code became ``new`` (None: no counterpart this year). ``merge``:
    several old codes go into ``new`` on purpose (their values add up). ``how``: why it was
    proposed (shown to the administrator; not part of what is confirmed)."""

    old: str
    new: str | None
    merge: bool = False
    how: str = ""

    def as_data(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "merge": self.merge}


def items_of(framework: Framework) -> dict[str, Item]:
    """code → item, for every section, group and criterion (sub-criteria too), in order."""
    found: dict[str, Item] = {}

    def walk(criteria: Iterable[Any]) -> None:
        for c in criteria:
            found[c.code] = Item(c.code, CRITERION, c.name, c.max_points)
            walk(c.children)

    for section in framework.sections:
        found[section.code] = Item(section.code, SECTION, section.name, section.max_points)
        for group in section.groups:
            found[group.code] = Item(group.code, GROUP, group.name, group.max_points)
            walk(group.criteria)
    return found


def _folded(name: str) -> str:
    """Lower case, without diacritics or punctuation: wording compares, not typography."""
    text = unicodedata.normalize("NFD", name.lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def propose(old: Framework, new: Framework) -> list[Link]:
    """One link per item of ``old``, in its order: the same code when it still exists; else a
    new item of the same kind, not otherwise claimed, with the same name, else the most similar
    name (at least ``SIMILAR_AT_LEAST``); else no counterpart."""
    before, after = items_of(old), items_of(new)
    free = {code: item for code, item in after.items() if code not in before}
    links: dict[str, Link] = {}
    for code in before:
        if code in after:
            links[code] = Link(code, code, how=SAME_CODE)
    left = [item for code, item in before.items() if code not in links]
    for item in left:
        same = [
            n
            for n in free.values()
            if n.kind == item.kind and _folded(n.name) == _folded(item.name)
        ]
        if same:
            links[item.code] = Link(item.code, same[0].code, how=SAME_NAME)
            del free[same[0].code]
    scored = []
    for item in left:
        if item.code in links:
            continue
        for n in free.values():
            if n.kind == item.kind:
                ratio = SequenceMatcher(None, _folded(item.name), _folded(n.name)).ratio()
                if ratio >= SIMILAR_AT_LEAST:
                    scored.append((-ratio, item.code, n.code))
    for negative, old_code, new_code in sorted(scored):
        if old_code not in links and new_code in free:
            percent = round(-negative * 100)
            links[old_code] = Link(old_code, new_code, how=SIMILAR.format(percent=percent))
            del free[new_code]
    return [links.get(code) or Link(code, None, how=NO_COUNTERPART) for code in before]


def validate(
    links: Iterable[Link], old: Framework, new: Framework, *, old_ref: str = "", new_ref: str = ""
) -> list[str]:
    """Every problem of the crosswalk, each naming its codes (empty: it may be confirmed)."""
    before, after = items_of(old), items_of(new)
    links = list(links)
    problems: list[str] = []
    seen: dict[str, int] = {}
    for link in links:
        seen[link.old] = seen.get(link.old, 0) + 1
    for code, n in seen.items():
        if n > 1:
            problems.append(TWICE.format(old=code, n=n))
    onto: dict[str, list[Link]] = {}
    for link in links:
        if link.old not in before:
            problems.append(NOT_IN_OLD.format(old=link.old, ref=old_ref or old.code))
            continue
        if link.new is None:
            continue
        if link.new not in after:
            problems.append(NOT_IN_NEW.format(old=link.old, new=link.new, ref=new_ref or new.code))
            continue
        kind_old, kind_new = before[link.old].kind, after[link.new].kind
        if kind_old != kind_new:
            problems.append(
                KIND_DIFFERS.format(
                    old=link.old,
                    new=link.new,
                    kind_old=KIND_LABELS[kind_old],
                    kind_new=KIND_LABELS[kind_new],
                )
            )
            continue
        onto.setdefault(link.new, []).append(link)
    for code, group in onto.items():
        if len(group) > 1 and not all(link.merge for link in group):
            olds = ", ".join(f"«{link.old}»" for link in group)
            problems.append(MERGE_UNSAID.format(olds=olds, new=code))
    for code, item in before.items():
        if code not in seen:
            problems.append(MISSING.format(old=code, name=item.name))
    return problems


def apply(links: Iterable[Link], values: Mapping[str, Fraction]) -> dict[str, Fraction]:
    """Last year's ``values`` (old code → value) on this year's codes. A merged code is the sum
    of its old codes, and only when every one of them has a value; no counterpart: dropped."""
    sources: dict[str, list[str]] = {}
    for link in links:
        if link.new is not None:
            sources.setdefault(link.new, []).append(link.old)
    return {
        new: sum((values[o] for o in olds), Fraction(0))
        for new, olds in sources.items()
        if all(o in values for o in olds)
    }


def sources_of(links: Iterable[Link], new: str) -> list[str]:
    """The old codes that became ``new``."""
    return [link.old for link in links if link.new == new]


def links_from_data(rows: Iterable[Mapping[str, Any]]) -> tuple[Link, ...]:
    """Links from their stored form (``Link.as_data``)."""
    return tuple(
        Link(
            str(r["old"]),
            None if r.get("new") in (None, "") else str(r["new"]),
            bool(r.get("merge")),
        )
        for r in rows
    )
