"""Last year's figures for each unit, read from the previous published snapshots.

The same unit (same structure and code) compares directly: score, rank and level. Across the
2025 reform a new commune is compared through its lineage (``units.Succession``):
- the previous figure is the **mean of the predecessors merged whole** into it that have a
  published figure ("bình quân của Xã A, Xã B"); when only one such predecessor exists the figure
  is that unit's ("theo Xã A"), and its level compares too;
- if none was merged whole, the predecessors it is the main successor of are used instead;
- ranks are never compared across the reform: the cohort is a different set of units.
When last year's framework (code and version) is not this year's, a section or criterion compares
only through the crosswalk the province administrator confirmed (``chiso.frameworks.crosswalk``):
last year's values are carried onto this year's codes, and compare where the maxima are the same.
Without a confirmed crosswalk, or for a section with no counterpart, nothing is compared and the
section says why (``previous_note``): unlike things are never put side by side.
The choice and its reason are in docs/results.md ("Year over year").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from chiso.frameworks.crosswalk import Link, apply, sources_of
from chiso.scoring import exact_text, fmt_points
from chiso.scoring.numbers import ZERO

Data = dict[str, Any]

SAME_UNIT = "same_unit"
NOT_COMPARABLE = "không so sánh được: bộ tiêu chí khác năm trước"
NO_COUNTERPART = "không so sánh được: lĩnh vực này không có tương ứng trong bộ tiêu chí năm trước"
OTHER_MAXIMUM = "không so sánh được: điểm tối đa của lĩnh vực khác năm trước ({before} → {now})"
SUCCESSOR = "successor"
MEAN = "mean"


def exact(text: str) -> Fraction:
    """The exact value of a figure written by ``exact_text`` ("43.8" or "26/3")."""
    return Fraction(text)


@dataclass(frozen=True)
class PreviousUnit:
    level: str
    data: Data
    sections: dict[str, Data]  # the cohort's section frames by code (levels, criteria)


@dataclass(frozen=True)
class Previous:
    """The latest earlier published results of the province (or of the provinces it absorbed)."""

    year: int
    era: str
    meta: Data
    units: dict[str, PreviousUnit]
    counts: dict[tuple[str, str], Data]
    # Units of the current campaign (by code) -> their predecessors, when the eras differ.
    lineage: dict[str, list[Data]] = field(default_factory=dict)
    # Per level: last year's framework (code, version) and its section frames by code.
    frameworks: dict[str, tuple[str, str]] = field(default_factory=dict)
    frames: dict[str, dict[str, Data]] = field(default_factory=dict)
    # (old code, old version, new code, new version) -> the confirmed crosswalk's links.
    crosswalks: dict[tuple[str, str, str, str], tuple[Link, ...]] = field(default_factory=dict)


def previous_from(
    snapshots: Sequence[tuple[Data, Data]], lineage: dict[str, list[Data]] | None = None
) -> Previous | None:
    """``snapshots``: (source, figures) pairs, all of one year; source names the snapshot."""
    if not snapshots:
        return None
    units: dict[str, PreviousUnit] = {}
    counts: dict[tuple[str, str], Data] = {}
    frameworks: dict[str, tuple[str, str]] = {}
    by_level: dict[str, dict[str, Data]] = {}
    for _, figures in snapshots:
        for cohort in figures["cohorts"]:
            frames = {s["code"]: s for s in cohort["sections"]}
            used = cohort.get("framework") or {}
            if used.get("code"):  # figures without it compare as they always did
                frameworks[cohort["level"]] = (str(used["code"]), str(used.get("version", "")))
            by_level[cohort["level"]] = frames
            for unit in cohort["units"]:
                units[unit["unit"]] = PreviousUnit(cohort["level"], unit, frames)
            for section in cohort["sections"]:
                key = (cohort["level"], section["code"])
                found = counts.setdefault(key, {"units": 0, "ranked": 0, "per_level": {}})
                found["units"] += section["counts"]["units"]
                found["ranked"] += section["counts"]["ranked"]
                for name, n in section["counts"]["per_level"].items():
                    found["per_level"][name] = found["per_level"].get(name, 0) + n
    first = snapshots[0][1]["campaign"]
    meta = {"year": first["year"], "sources": [source for source, _ in snapshots]}
    return Previous(
        first["year"],
        first["province"]["era"],
        meta,
        units,
        counts,
        lineage or {},
        frameworks,
        by_level,
    )


FRAME_KEYS = ("code", "name", "max_points", "levels", "below", "groups", "criteria")


def compared_as(
    previous: Previous | None, level: str, framework: tuple[str, str], frames: Sequence[Data]
) -> tuple[str, str] | None:
    """This year's framework as the comparison needs it: None when codes compare directly (the
    same framework, or another code or version whose sections, groups and criteria — codes,
    names, maxima, levels, legal basis — are last year's, e.g. a province's copy of a template),
    else its (code, version), which then compares through a confirmed crosswalk only."""
    if previous is None or not crosswalk_wanted(previous, level, framework):
        return None
    before = previous.frames.get(level, {})
    same = len(before) == len(frames) and all(
        f["code"] in before and all(before[f["code"]].get(k) == f.get(k) for k in FRAME_KEYS)
        for f in frames
    )
    return None if same else framework


def crosswalk_wanted(previous: Previous, level: str, framework: tuple[str, str]) -> bool:
    """Whether last year's framework of the level is another one than ``framework``."""
    old = previous.frameworks.get(level)
    return old is not None and old != framework


def _links(
    previous: Previous, level: str, framework: tuple[str, str] | None
) -> tuple[bool, tuple[Link, ...] | None]:
    """(the frameworks differ, the confirmed crosswalk's links or None)."""
    if framework is None or not crosswalk_wanted(previous, level, framework):
        return False, None
    old = previous.frameworks[level]
    return True, previous.crosswalks.get((*old, *framework))


def _old_section(
    previous: Previous, level: str, code: str, frame: Data, framework: tuple[str, str] | None
) -> tuple[str | None, str | None]:
    """(last year's code of this year's section ``code``, why it does not compare)."""
    differ, links = _links(previous, level, framework)
    if not differ:
        return code, None
    if links is None:
        return None, NOT_COMPARABLE
    olds = sources_of(links, code)
    before = previous.frames.get(level, {}).get(olds[0]) if len(olds) == 1 else None
    if before is None:
        return None, NO_COUNTERPART
    if exact(before["max_points"]) != exact(frame["max_points"]):
        now, then = fmt_points(exact(frame["max_points"])), fmt_points(exact(before["max_points"]))
        return None, OTHER_MAXIMUM.format(before=then, now=now)
    return olds[0], None


def previous_note(
    previous: Previous, level: str, code: str, frame: Data, framework: tuple[str, str] | None
) -> str | None:
    """Why this year's section does not compare with last year's (None: it does, or there
    is nothing to compare with for another reason). Always None when the framework is the same."""
    return _old_section(previous, level, code, frame, framework)[1]


def previous_counts(
    previous: Previous, level: str, code: str, frame: Data, framework: tuple[str, str] | None
) -> Data | None:
    """Last year's counts per level of this year's section, through the crosswalk."""
    old, _ = _old_section(previous, level, code, frame, framework)
    return None if old is None else previous.counts.get((level, old))


def _scored_section(unit: PreviousUnit, code: str) -> Data | None:
    for section in unit.data["sections"]:
        if section["code"] == code:
            return section if section.get("points_exact") is not None else None
    return None


def _sources(
    previous: Previous, level: str, unit: Any, code: str
) -> tuple[str, list[tuple[Data, PreviousUnit, Data]], int]:
    """(basis, [(lineage link, previous unit, its section)], number of candidate predecessors)."""
    if unit.era == previous.era:
        found = previous.units.get(unit.code)
        section = _scored_section(found, code) if found and found.level == level else None
        link = {"unit": unit.code, "name": unit.name, "whole": True}
        return SAME_UNIT, ([(link, found, section)] if found and section else []), 1
    links = previous.lineage.get(unit.code, [])
    candidates = [p for p in links if p["whole"]] or [p for p in links if p["main"]]
    found_all = []
    for link in candidates:
        before = previous.units.get(link["unit"])
        section = _scored_section(before, code) if before else None
        if before and section:
            found_all.append((link, before, section))
    basis = SUCCESSOR if len(candidates) == 1 else MEAN
    return basis, found_all, len(candidates)


def _derivation(basis: str, found: list[tuple[Data, PreviousUnit, Data]], candidates: int) -> str:
    names = [link["name"] + ("" if link["whole"] else " (một phần)") for link, _, _ in found]
    if basis == SAME_UNIT:
        return ""
    if basis == SUCCESSOR:
        return f"theo {names[0]} (đơn vị trước sắp xếp năm 2025)"
    text = "bình quân của " + ", ".join(names)
    if len(found) < candidates:
        text += f" ({len(found)}/{candidates} đơn vị trước sắp xếp có số liệu)"
    return text


def _level_change(now: int | None, before: int | None) -> str:
    if now is None and before is None:
        return "none"
    if before is None:
        return "in"
    if now is None:
        return "out"
    return "up" if now < before else "down" if now > before else "same"


def _mean_items(found: list[tuple[Data, PreviousUnit, Data]], frame: Data) -> dict[str, str]:
    """Each criterion's previous points (mean over the sources) where it means the same."""
    mine = {c["code"]: c["max_points"] for c in frame["criteria"]}
    mine.update({g["code"]: g["max_points"] for g in frame["groups"]})
    # Each source's maxima, built once per source rather than once per criterion.
    theirs = [before.sections[section["code"]] for _, before, section in found]
    maxima = [{c["code"]: c["max_points"] for c in t["criteria"] + t["groups"]} for t in theirs]
    items: dict[str, str] = {}
    for code, maximum in mine.items():
        values = []
        for (_, _, section), same in zip(found, maxima, strict=True):
            if same.get(code) != maximum or code not in section["items"]:
                break
            values.append(exact(section["items"][code]["points_exact"]))
        else:
            items[code] = exact_text(sum(values, ZERO) / len(values))
    return items


def _crosswalk_items(
    found: list[tuple[Data, PreviousUnit, Data]], frame: Data, old: str, links: tuple[Link, ...]
) -> dict[str, str]:
    """Each criterion's previous points carried onto this year's codes by the crosswalk (mean
    over the sources), where this year's maximum is last year's (summed for a merge)."""
    mine = {c["code"]: exact(c["max_points"]) for c in frame["criteria"] + frame["groups"]}
    carried = []
    for _, before, section in found:
        theirs = before.sections[old]
        maxima = {c["code"]: exact(c["max_points"]) for c in theirs["criteria"] + theirs["groups"]}
        values = {code: exact(item["points_exact"]) for code, item in section["items"].items()}
        carried.append((apply(links, maxima), apply(links, values)))
    items: dict[str, str] = {}
    for code, maximum in mine.items():
        if all(m.get(code) == maximum and code in v for m, v in carried):
            items[code] = exact_text(sum((v[code] for _, v in carried), ZERO) / len(carried))
    return items


def previous_section(
    previous: Previous,
    level: str,
    unit: Any,
    code: str,
    now: Data,
    frame: Data,
    framework: tuple[str, str] | None = None,
) -> Data | None:
    """Last year's figure of one unit in one section, how it was derived, and the change.
    ``framework``: this year's (code, version); when last year's differs, through the crosswalk."""
    old, _ = _old_section(previous, level, code, frame, framework)
    if old is None:
        return None
    differ, links = _links(previous, level, framework)
    basis, found, candidates = _sources(previous, level, unit, old)
    if not found:
        return None
    before = sum((exact(s["points_exact"]) for _, _, s in found), ZERO) / len(found)
    change = exact(now["points_exact"]) - before
    single = len(found) == 1 and basis != MEAN
    section = found[0][2]
    same_levels = found[0][1].sections[old]["levels"] == frame["levels"]
    level_index = section["level_index"] if single else None
    result = {
        "basis": basis,
        "derivation": _derivation(basis, found, candidates),
        "from": [
            {"unit": link["unit"], "name": link["name"], "whole": link["whole"]}
            for link, _, _ in found
        ],
        "points": fmt_points(before, comma=False),
        "points_exact": exact_text(before),
        "change": exact_text(change),
        "rank": section["rank"] if basis == SAME_UNIT else None,
        "level": section["level"] if single else None,
        "level_index": level_index,
        "level_change": _level_change(now["level_index"], level_index)
        if single and same_levels
        else None,
        "items": _crosswalk_items(found, frame, old, links)
        if differ and links is not None
        else _mean_items(found, frame),
    }
    if differ:  # never for the same framework: its published figures stay as they were
        code_before, version_before = previous.frameworks[level]
        result["crosswalk"] = {
            "framework": f"{code_before} phiên bản {version_before}",
            "section": old,
        }
    return result
