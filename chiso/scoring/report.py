"""Plain renderings of scores and rankings: JSON-ready dicts, text tables and CSV rows.

The CLI prints them; later the web, API and exports can use the same dicts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chiso.scoring.model import Criterion, DocumentRef, Framework
from chiso.scoring.numbers import exact_text, fmt_points
from chiso.scoring.ranking import Ranking
from chiso.scoring.results import CriterionScore, SectionScore, UnitScore
from chiso.scoring.rules import Value


def _points(value: Any) -> dict[str, str]:
    return {"points": fmt_points(value, comma=False), "points_exact": exact_text(value)}


def _value(value: Value | None) -> Any:
    if isinstance(value, tuple):
        return [exact_text(value[0]), exact_text(value[1])]
    if isinstance(value, DocumentRef):
        return {
            "number": value.number,
            "date": value.date.isoformat(),
            "issuer": value.issuer,
            "summary": value.summary,
        }
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | str) or value is None:
        return value
    return exact_text(value)


def _criterion_facts(c: Criterion) -> dict[str, Any]:
    """What the framework says of a criterion, the same in a framework and in a score."""
    return {
        "code": c.code,
        "name": c.name,
        "max_points": fmt_points(c.max_points, comma=False),
        "rule": c.rule.type,
        "rule_text": c.rule.describe(c),
        "legal_basis": str(c.legal_basis),
        "provenance": c.provenance.value,
    }


def criterion_dict(score: CriterionScore) -> dict[str, Any]:
    c = score.criterion
    data: dict[str, Any] = {
        **_criterion_facts(c),
        **_points(score.points),
        "arithmetic": score.arithmetic(),
    }
    if c.is_leaf:
        data["value"] = _value(score.value)
        data["missing"] = score.missing
    if score.not_applicable:
        data["not_applicable"] = score.not_applicable
    if score.best is not None:
        data["cohort_best"] = exact_text(score.best)
    if score.children:
        data["criteria"] = [criterion_dict(child) for child in score.children]
    return data


def section_dict(section: SectionScore) -> dict[str, Any]:
    data = _section_dict(section)
    scaling = section.scaling
    if scaling is not None:
        data["scaling"] = {
            "method": None if scaling.method is None else scaling.method.value,
            "weighted": scaling.weighted,
            "obtained": exact_text(scaling.obtained),
            "applicable": exact_text(scaling.applicable),
            "scale": exact_text(scaling.scale),
            "scaled": exact_text(scaling.scaled),
            "bonus": exact_text(scaling.bonus),
            "malus": exact_text(scaling.malus),
            "text": section.scaling_explanation(),
        }
        for group, shown in zip(section.groups, data["groups"], strict=True):
            shown["role"] = group.group.role.value
            if group.not_applicable:
                shown["not_applicable"] = group.not_applicable
            if group.group.weight is not None:
                shown["weight"] = exact_text(group.group.weight)
                shown["value_exact"] = exact_text(group.value)
    return data


def _section_dict(section: SectionScore) -> dict[str, Any]:
    nxt = section.next_level()
    return {
        "code": section.section.code,
        "name": section.section.name,
        "max_points": fmt_points(section.section.max_points, comma=False),
        **_points(section.points),
        "level": section.level,
        "has_level": section.has_level,
        "level_explanation": section.level_explanation(),
        "next_level": None
        if nxt is None
        else {
            "level": nxt.level,
            "shortfalls": [
                {
                    "item": s.check.code,
                    "needed": s.check.shown_required(comma=False),
                    "has": s.check.shown_actual(comma=False),
                    "gap": s.check.shown_gap(comma=False),
                    "where_points_remain": [
                        {"code": code, "name": name, "points_left": fmt_points(room, comma=False)}
                        for code, name, room in s.headroom
                    ],
                }
                for s in nxt.shortfalls
            ],
            "text": nxt.text(),
        },
        "groups": [
            {
                "code": g.group.code,
                "name": g.group.name,
                "max_points": fmt_points(g.group.max_points, comma=False),
                **_points(g.points),
                "criteria": [criterion_dict(c) for c in g.criteria],
            }
            for g in section.groups
        ],
    }


def unit_dict(score: UnitScore, name: str = "") -> dict[str, Any]:
    return {
        "unit": score.unit,
        "name": name,
        "framework": score.framework.code,
        **_points(score.total),
        "sections": [section_dict(s) for s in score.sections],
        "missing": list(score.missing),
        "provisional": list(score.provisional),
    }


def unit_text(score: UnitScore, name: str = "") -> str:
    fw = score.framework
    lines = [
        f"Đơn vị: {score.unit}{' — ' + name if name else ''}",
        f"Bộ tiêu chí: {fw.code} — {fw.name} ({fw.legal_basis})",
        "",
    ]
    for section in score.sections:
        s = section.section
        lines.append(
            f"{s.code} {s.name}: {fmt_points(section.points)}/{fmt_points(s.max_points)}"
            f" — {section.level}"
        )
        for group in section.groups:
            g = group.group
            lines.append(
                f"  {g.code} {g.name}: {fmt_points(group.points)}/{fmt_points(g.max_points)}"
                + (f" — không áp dụng ({group.not_applicable})" if group.not_applicable else "")
            )
            for criterion in group.criteria:
                lines.extend(_criterion_lines(criterion, "    "))
        lines.extend("  " + line for line in section.scaling_explanation().splitlines())
        lines.extend("  " + line for line in section.level_explanation().splitlines())
        nxt = section.next_level()
        if nxt is not None:
            lines.extend("  " + line for line in nxt.text().splitlines())
        lines.append("")
    if score.missing:
        lines.append("Chưa trả lời (tính 0 điểm): " + ", ".join(score.missing))
    if score.provisional:
        lines.append(
            "Tạm tính (chuẩn hóa theo chính đơn vị, chưa có các đơn vị khác): "
            + ", ".join(score.provisional)
        )
    return "\n".join(lines).rstrip() + "\n"


def _criterion_lines(score: CriterionScore, indent: str) -> list[str]:
    c: Criterion = score.criterion
    lines = [
        f"{indent}{c.code} {c.name}: {fmt_points(score.points)}/{fmt_points(c.max_points)}"
        f" [{c.provenance.label_vi}]",
        f"{indent}    {score.arithmetic()}",
    ]
    for child in score.children:
        lines.extend(_criterion_lines(child, indent + "  "))
    return lines


def ranking_rows(ranking: Ranking) -> list[dict[str, str]]:
    return [
        {
            "framework": ranking.framework.code,
            "section": section.section.code,
            "rank": "" if entry.rank is None else str(entry.rank),
            "unit": entry.unit,
            "name": entry.name,
            "points": fmt_points(entry.points, comma=False),
            "level": entry.level,
            "reason": entry.reason,
        }
        for section in ranking.sections
        for entry in section.entries
    ]


def ranking_text(ranking: Ranking) -> str:
    fw: Framework = ranking.framework
    lines = []
    for section in ranking.sections:
        s = section.section
        lines.append(f"{s.code} {s.name} — {fw.code} (tối đa {fmt_points(s.max_points)})")
        width = max([len(e.name) for e in section.entries] + [6])
        lines.append(f"{'Hạng':>4}  {'Đơn vị':<{width}}  {'Điểm':>7}  Mức")
        for entry in section.ranked:
            lines.append(
                f"{entry.rank:>4}  {entry.name:<{width}}  {fmt_points(entry.points):>7}"
                f"  {entry.level}"
            )
        if section.not_ranked:
            lines.append("Không xếp hạng:")
            for entry in section.not_ranked:
                lines.append(
                    f"{'—':>4}  {entry.name:<{width}}  {fmt_points(entry.points):>7}"
                    f"  {entry.reason}"
                )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def framework_dict(fw: Framework) -> dict[str, Any]:
    def criterion(c: Criterion) -> dict[str, Any]:
        data = _criterion_facts(c)
        if c.input is not None:
            data["input"] = c.input.kind.value
        if c.children:
            data["criteria"] = [criterion(child) for child in c.children]
        return data

    return {
        "code": fw.code,
        "name": fw.name,
        "version": fw.version,
        "issuer": fw.issuer,
        "unit_kinds": list(fw.unit_kinds),
        "legal_basis": str(fw.legal_basis),
        "provenance": fw.provenance.value,
        "extends": fw.extends,
        "source": fw.source,
        "max_points": fmt_points(fw.max_points, comma=False),
        "differences": [
            {"item": d.item, "change": d.change, "reason": d.reason} for d in fw.differences
        ],
        "sections": [
            {
                "code": s.code,
                "name": s.name,
                "max_points": fmt_points(s.max_points, comma=False),
                "classification": _classification(s),
                "groups": [
                    {
                        "code": g.code,
                        "name": g.name,
                        "max_points": fmt_points(g.max_points, comma=False),
                        "provenance": g.provenance.value,
                        "criteria": [criterion(c) for c in g.criteria],
                    }
                    for g in s.groups
                ],
            }
            for s in fw.sections
        ],
    }


def _classification(section: Any) -> dict[str, Any]:
    cls = section.classification
    if cls.kind == "bands":
        return {
            "type": "bands",
            "bands": [
                {"name": b.name, "min_total": fmt_points(b.min_total, comma=False)}
                for b in cls.bands
            ],
        }
    return {
        "type": "ladder",
        "below": cls.below,
        "levels": [
            {
                "name": lv.name,
                "min_total": fmt_points(lv.min_total, comma=False),
                "min_share": {code: exact_text(share) for code, share in lv.min_share},
            }
            for lv in cls.levels
        ],
    }


def framework_text(fw: Framework) -> str:
    lines = [
        f"{fw.code} — {fw.name} (phiên bản {fw.version})",
        f"Cơ quan ban hành: {fw.issuer}",
        f"Căn cứ: {fw.legal_basis}",
        f"Nguồn gốc: {fw.provenance.label_vi}; loại đơn vị: {', '.join(fw.unit_kinds)}",
        f"Tệp: {fw.source}",
    ]
    if fw.extends:
        lines.append(f"Điều chỉnh từ: {fw.extends}")
        for d in fw.differences:
            lines.append(f"  * {d.item}: {d.change} — lý do: {d.reason}")
    for s in fw.sections:
        lines.append(f"\n{s.code} {s.name} — tối đa {fmt_points(s.max_points)}")
        cls = _classification(s)
        if cls["type"] == "ladder":
            for lv in s.classification.levels:  # type: ignore[union-attr]
                shares = ", ".join(f"{c} ≥ {exact_text(v * 100)} %" for c, v in lv.min_share)
                lines.append(f"  {lv.name}: tổng ≥ {fmt_points(lv.min_total)}; {shares}")
            lines.append(f"  Dưới mức thấp nhất: {cls['below']}")
        else:
            for band in s.classification.bands:  # type: ignore[union-attr]
                lines.append(f"  {band.name}: tổng ≥ {fmt_points(band.min_total)}")
        for g in s.groups:
            lines.append(
                f"  {g.code} {g.name} — {fmt_points(g.max_points)} [{g.provenance.label_vi}]"
            )
            for c in g.criteria:
                lines.extend(_framework_criterion(c, "    "))
    return "\n".join(lines) + "\n"


def _framework_criterion(c: Criterion, indent: str) -> list[str]:
    kind = f"{c.input.kind.label_vi}; " if c.input else ""
    lines = [
        f"{indent}{c.code} {c.name} — {fmt_points(c.max_points)} [{c.provenance.label_vi}]",
        f"{indent}    {kind}{c.rule.describe(c)}; căn cứ: {c.legal_basis}",
    ]
    for child in c.children:
        lines.extend(_framework_criterion(child, indent + "  "))
    return lines
