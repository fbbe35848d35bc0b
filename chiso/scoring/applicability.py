"""Who a framework applies to: unit kinds, tags, and what is không áp dụng (not applicable).

A group or criterion is not applicable to a unit either because the framework says so for
units of some kinds or with/without some tags (``applies_to``), or because the unit declares
it, with a reason, where the framework allows it (``allow_unit_not_applicable``). The campaign
layer asks ``kind_problems`` before it lets a framework assess a set of units.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from chiso.scoring.model import Criterion, Framework, Group

UNITS_SHOWN = 5
KIND_MISMATCH = (
    "Bộ tiêu chí «{code}» dành cho loại đơn vị {kinds}; không dùng được cho {units}"
    " (loại {theirs})."
)
NO_UNIT_MATCHES = "Bộ tiêu chí «{code}» dành cho loại đơn vị {kinds}; không có đơn vị nào loại đó."
KIND_NEEDED = "cần loại đơn vị (bộ tiêu chí có mục chỉ áp dụng cho một số loại đơn vị)"
KIND_OUTSIDE = "bộ tiêu chí không dành cho loại đơn vị '{kind}' (dành cho: {kinds})"
TAG_UNKNOWN = "nhãn '{tag}' không có trong bộ tiêu chí (có: {tags})"
BY_FRAMEWORK = "theo bộ tiêu chí: {reason}"
BY_UNIT = "đơn vị khai không áp dụng: {reason}"
ZERO_DENOMINATOR = "mẫu số bằng 0: không có gì để đo"


def kind_problems(
    framework: Framework,
    units: Iterable[tuple[str, str]],
    labels: Mapping[str, str] | None = None,
) -> list[str]:
    """Why ``framework`` cannot assess these units, given as (name, kind); empty when it can.

    Every unit must be of one of the framework's kinds, and at least one unit is needed: a
    district framework finds no unit in a province of the two-tier structure (from 01/07/2025).
    ``labels`` names the kinds in the messages (huyen → Huyện).
    """
    units = list(units)
    labels = labels or {}

    def named(codes: Iterable[str]) -> str:
        return ", ".join(f"«{labels.get(k, k)}»" for k in codes)

    kinds = named(framework.unit_kinds)
    if not units:
        return [NO_UNIT_MATCHES.format(code=framework.code, kinds=kinds)]
    wrong = [(name, kind) for name, kind in units if kind not in framework.unit_kinds]
    if not wrong:
        return []
    names = ", ".join(name for name, _ in wrong[:UNITS_SHOWN])
    if len(wrong) > UNITS_SHOWN:
        names += f" và {len(wrong) - UNITS_SHOWN} đơn vị khác"
    theirs = named(sorted({kind for _, kind in wrong}))
    return [KIND_MISMATCH.format(code=framework.code, kinds=kinds, units=names, theirs=theirs)]


# What a unit's kind and tags make of a framework, per framework (frozen, compared by
# identity: the entry is used only for the very object it was computed from), kind and tags:
# the live score asks on every autosave and walks the whole framework each time (issue 18).
_MEMO_SIZE = 256
_memo: dict[tuple[str, int, str, frozenset[str]], tuple[Framework, tuple[str, ...]]] = {}


def _memo_of(
    name: str,
    framework: Framework,
    kind: str,
    tags: Collection[str],
    compute: Callable[[Framework, str, frozenset[str]], Iterable[str]],
) -> tuple[str, ...]:
    key = (name, id(framework), kind, frozenset(tags))
    found = _memo.get(key)
    if found is not None and found[0] is framework:
        return found[1]
    value = tuple(compute(framework, kind, key[3]))
    if len(_memo) >= _MEMO_SIZE:
        _memo.clear()
    _memo[key] = (framework, value)
    return value


def not_applicable_codes(framework: Framework, kind: str, tags: Collection[str]) -> frozenset[str]:
    """The codes of what ``framework`` makes not applicable to a unit of ``kind`` with
    ``tags`` (``applies_to``; the unit's own declarations are not counted)."""
    return frozenset(_memo_of("not applicable", framework, kind, tags, _not_applicable))


def _not_applicable(framework: Framework, kind: str, tags: frozenset[str]) -> Iterable[str]:
    who, names = Unit(kind, tags), framework.tag_names
    return (
        item.code
        for item in applicable_items(framework)
        if item.applies_to is not None and who.reason(item, names)
    )


def unit_problems(framework: Framework, kind: str, tags: Collection[str]) -> list[str]:
    """What is wrong with a unit's kind and tags for scoring it with ``framework``."""
    return list(_memo_of("problems", framework, kind, tags, _unit_problems))


def _unit_problems(framework: Framework, kind: str, tags: frozenset[str]) -> list[str]:
    found = []
    uses_kinds = any(
        item.applies_to is not None and item.applies_to.kinds
        for item in applicable_items(framework)
    )
    if not kind and uses_kinds:
        found.append(KIND_NEEDED)
    if kind and kind not in framework.unit_kinds:
        found.append(KIND_OUTSIDE.format(kind=kind, kinds=", ".join(framework.unit_kinds)))
    known = framework.tag_names
    for tag in sorted(set(tags) - set(known)):
        found.append(TAG_UNKNOWN.format(tag=tag, tags=", ".join(known) or "không có"))
    return found


def applicable_items(framework: Framework) -> Iterable[Group | Criterion]:
    for section in framework.sections:
        for group in section.groups:
            yield group
            for top in group.criteria:
                yield from top.walk()


@dataclass(frozen=True, slots=True)
class Unit:
    """What decides applicability for one unit: its kind, tags and its own declarations."""

    kind: str = ""
    tags: frozenset[str] = frozenset()
    declared: Mapping[str, str] | None = None  # code → the unit's reason

    def reason(self, item: Group | Criterion, names: dict[str, str]) -> str:
        """Why ``item`` is not applicable to this unit; empty when it is."""
        # ``unit_problems`` has refused an empty kind where some item depends on it.
        if item.applies_to is not None:
            why = item.applies_to.reason(self.kind, self.tags, names)
            if why is not None:
                return BY_FRAMEWORK.format(reason=why)
        declared = self.declared or {}
        if item.allow_unit_not_applicable and item.code in declared:
            return BY_UNIT.format(reason=declared[item.code])
        return ""
