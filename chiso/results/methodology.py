"""How a year's results were computed: the frameworks frozen in the campaign, the ties rule, and
what changed in the criteria since the year compared with."""

from __future__ import annotations

from dataclasses import dataclass

from chiso.campaigns.frozen import frozen_framework
from chiso.campaigns.models import CampaignFramework
from chiso.results.models import Snapshot
from chiso.scoring import Framework, fmt_points
from chiso.scoring.classify import level_names
from chiso.scoring.model import Ladder
from chiso.units.models import Level

TIES = (
    "Đơn vị xếp theo tổng điểm của từng mục, riêng từng cấp; đơn vị bằng điểm nhau cùng hạng và "
    "hạng kế tiếp được bỏ qua (1, 2, 2, 4). Đơn vị không đạt mức thấp nhất, nộp muộn khi đợt quy "
    "định không xếp hạng đơn vị nộp muộn, không nộp phiếu hoặc được lãnh đạo quyết định không xếp "
    "hạng thì không có hạng, kèm lý do. Điểm được tính chính xác (phân số) và chỉ làm tròn 2 chữ "
    "số thập phân khi hiển thị."
)
UNCHANGED = "Không thay đổi so với năm {year} (cùng tệp bộ tiêu chí, mã kiểm tra {sha})."


@dataclass(frozen=True)
class CohortMethod:
    level: str
    level_label: str
    framework: Framework
    sha256: str
    changes: tuple[str, ...]  # empty when there was nothing to compare with


def framework_changes(old: Framework, new: Framework) -> list[str]:
    """What differs between two frameworks, criterion by criterion and level by level."""
    lines = []
    if (old.code, old.version) != (new.code, new.version):
        lines.append(
            f"Bộ tiêu chí: {old.code} phiên bản {old.version} → {new.code} phiên bản {new.version}."
        )
    before = {
        c.code: c for s in old.sections for g in s.groups for top in g.criteria for c in top.walk()
    }
    after = {
        c.code: c for s in new.sections for g in s.groups for top in g.criteria for c in top.walk()
    }
    for code in sorted(after.keys() - before.keys()):
        lines.append(f"Thêm {code} {after[code].name} ({fmt_points(after[code].max_points)} điểm).")
    for code in sorted(before.keys() - after.keys()):
        lines.append(f"Bỏ {code} {before[code].name}.")
    for code in sorted(before.keys() & after.keys()):
        was, now = before[code], after[code]
        if was.name != now.name:
            lines.append(f"{code}: tên «{was.name}» → «{now.name}».")
        if was.max_points != now.max_points:
            lines.append(
                f"{code}: điểm tối đa {fmt_points(was.max_points)} → {fmt_points(now.max_points)}."
            )
        if was.rule.describe(was) != now.rule.describe(now):
            lines.append(
                f"{code}: cách chấm «{was.rule.describe(was)}» → «{now.rule.describe(now)}»."
            )
    old_sections = {s.code: s for s in old.sections}
    for section in new.sections:
        was_section = old_sections.get(section.code)
        if was_section is None:
            continue
        if level_names(was_section) != level_names(section) or _thresholds(
            was_section.classification
        ) != _thresholds(section.classification):
            lines.append(f"{section.code}: ngưỡng phân mức thay đổi.")
    return lines


def _thresholds(classification: object) -> object:
    if isinstance(classification, Ladder):
        return [(lv.min_total, lv.min_share) for lv in classification.levels]
    return [(b.min_total,) for b in getattr(classification, "bands", ())]


def _framework(cf: CampaignFramework) -> Framework:
    return frozen_framework(cf.framework_code, cf.sha256, cf.sources)


def campaign_methods(snapshot: Snapshot) -> list[CohortMethod]:
    """Each cohort's framework and its changes since the year the snapshot compares with."""
    figures = snapshot.data
    previous = figures.get("previous") or {}
    earlier = {
        cf.level: cf
        for cf in CampaignFramework.objects.filter(
            campaign__snapshots__sha256__in=[s["sha256"] for s in previous.get("sources", [])]
        )
    }
    frozen = {cf.level: cf for cf in snapshot.campaign.frameworks.all()}
    methods = []
    for cohort in figures["cohorts"]:
        cf = frozen[cohort["level"]]
        framework = _framework(cf)
        changes: tuple[str, ...] = ()
        before = earlier.get(cohort["level"])
        if before is not None:
            if before.sha256 == cf.sha256:
                changes = (UNCHANGED.format(year=previous["year"], sha=cf.sha256[:12]),)
            else:
                found = framework_changes(_framework(before), framework)
                changes = tuple(found) or (
                    UNCHANGED.format(year=previous["year"], sha=cf.sha256[:12]),
                )
        methods.append(
            CohortMethod(
                cohort["level"], Level(cohort["level"]).label, framework, cf.sha256, changes
            )
        )
    return methods
