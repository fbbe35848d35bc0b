"""A results bundle (``bundle.py``) as the publish module's ``ResultSet``, the one input of the
official documents: the year's summary, the ranking tables, the draft decision and submission,
each unit's report.

The figures are read as the typed results (``chiso.results.typed``; parsed once per shared
snapshot or draft, ``figures_cache.results_of``). Every figure is the bundle's exact text read
back (``points_exact``: "43.8", "26/3"): documents show what was published to the last digit,
and nothing is scored again here. Cohorts become unit kinds (districts, communes, agencies, in
the order of the published decisions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from chiso.publish.model import (
    CriterionLine,
    CriterionProfile,
    Entry,
    FrameworkInfo,
    Gap,
    GroupInfo,
    GroupProfile,
    HistoryPoint,
    KindResult,
    Meta,
    NextStep,
    NotRanked,
    Previous,
    ResultSet,
    Room,
    SectionResult,
    UnitProfile,
    UnitSection,
)
from chiso.publish.wording import (
    DEPARTMENT,
    LABELS,
    SHORT_NAMES,
    body_on,
    lower_first,
    province_parts,
)
from chiso.results import typed
from chiso.results.derived import derived
from chiso.results.display import fraction, not_ranked_words
from chiso.results.figures_cache import results_of
from chiso.results.official import Reason

Data = dict[str, Any]

# Who executes the decision for the usual kinds (NĐ 30/2020: Điều 3 names them).
HEADS = {
    "cấp huyện": "Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố",
    "cấp xã": "Chủ tịch Ủy ban nhân dân các xã, phường, thị trấn",
    "cấp tỉnh": "Thủ trưởng các sở, ban, ngành",
}
AGENCY_HEADS = "Thủ trưởng các sở, ban, ngành"
# From 01/07/2025 there are no towns (thị trấn) and the islands are special zones (đặc khu).
COMMUNE_HEADS_2025 = "Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu"
REFORM_YEAR = 2025
PROVISIONAL = "Có phiếu chưa thẩm định xong: điểm của các đơn vị đó là tạm tính."
CORRECTED = "Đính chính kết quả (phiên bản {version}): {reason}."
NOT_INTACT = "Số liệu không khớp mã kiểm tra đã công bố; hãy đối chiếu với bản công bố."


def exact(text: str) -> Fraction:
    return fraction(text)


def result_set(
    bundle: Data, *, only: str | None = None, sources: Data | None = None, tables: bool = True
) -> ResultSet:
    """The documents' input for a bundle (``snapshot_bundle`` or ``draft_bundle``); ``only``: the
    profile of that unit alone (one unit's report), the rankings still complete; ``only=""``: no
    unit's profile (the ranking tables and the decision drafts do not read them).

    ``sources`` (``chiso.sources.documents.document_sources``): {level: {"declared": {criterion:
    label}, "taken": {unit: {criterion: note}}}}; with it each unit's sections list every
    criterion with its source (``UnitSection.lines``). It is read from the campaign's frozen
    framework and its verifications when the document is made, not from the snapshot, whose
    content and checksum stay as published.

    ``tables=False``: the cohorts' ranking tables without their rows (``entries`` empty), which one
    unit's report does not read: the bundle may then hold the report's heads and that unit alone
    (``bundle.unit_report_bundle``)."""
    figures = bundle["figures"]
    # One unit's report reads a bundle made for it (not shared): read without being kept.
    results = typed.from_figures(figures) if only else results_of(figures)
    campaign = _campaign(results)
    era = campaign.province.era if campaign.province is not None else ""
    kinds = tuple(
        _kind(cohort, bundle, results, era, only, (sources or {}).get(cohort.level), tables)
        for cohort in results.cohorts
    )
    return ResultSet(_meta(bundle, results, kinds), kinds)


def _campaign(results: typed.Results) -> typed.Campaign:
    if results.campaign is None:
        raise KeyError("campaign")  # as the figures' missing key always did
    return results.campaign


def _meta(bundle: Data, results: typed.Results, kinds: tuple[KindResult, ...]) -> Meta:
    snapshot = bundle["snapshot"]
    campaign = _campaign(results)
    year = campaign.year
    title, province = province_parts("" if campaign.province is None else campaign.province.name)
    as_of = campaign_day(campaign)
    department = body_on(DEPARTMENT, as_of)
    names = " ".join(_framework(cohort).name for cohort in results.cohorts)
    topic = "Chính quyền số" if "Chính quyền số" in names else "mức độ Chính quyền điện tử"
    labels = ", ".join(kind.label for kind in kinds)
    notices = []
    if snapshot is None and results.provisional:
        notices.append(PROVISIONAL)
    if snapshot is not None and snapshot["version"] > 1:
        notices.append(CORRECTED.format(version=snapshot["version"], reason=snapshot["reason"]))
    if snapshot is not None and not snapshot["intact"]:
        notices.append(NOT_INTACT)
    return Meta(
        province=province,
        year=year,
        subject=f"đánh giá, xếp hạng {topic} {labels} trên địa bàn {title} {province} năm {year}",
        province_title=title,
        department=department,
        department_short=SHORT_NAMES[department],
        version=None if snapshot is None else snapshot["version"],
        checksum="" if snapshot is None else snapshot["sha256"],
        published="" if snapshot is None else snapshot["decision"],
        previous_year=results.previous_year,
        notice=" ".join(notices),
        as_of=as_of,
    )


def _framework(cohort: typed.Cohort) -> typed.FrameworkInfo:
    if cohort.framework is None:
        raise KeyError("framework")  # as the figures' missing key always did
    return cohort.framework


def campaign_day(campaign: typed.Campaign) -> dt.date:
    """The day whose bodies a campaign's documents name: its units' deadline (1 January of the
    year after the campaign's, for figures without one)."""
    deadline = campaign.deadline
    return dt.date.fromisoformat(deadline) if deadline else dt.date(campaign.year + 1, 1, 1)


def cohort_label(level: str, level_label: str) -> str:
    """How documents and pages name a cohort's units: 'cấp huyện', 'cấp xã', 'sở, ban, ngành'."""
    return LABELS.get(level, lower_first(level_label))


def _heads(level: str, label: str, era: str) -> str:
    if level == "agency":
        return AGENCY_HEADS
    if level == "commune" and int(era) >= REFORM_YEAR:
        return COMMUNE_HEADS_2025
    return HEADS.get(label, f"Thủ trưởng các đơn vị {label}")


def _kind(
    cohort: typed.Cohort,
    bundle: Data,
    results: typed.Results,
    era: str,
    only: str | None,
    sources: Data | None = None,
    tables: bool = True,
) -> KindResult:
    level = cohort.level
    label = cohort_label(level, cohort.level_label)
    fw, issued = _framework(cohort), bundle["frameworks"][level]
    before = results.previous_year
    year = _campaign(results).year
    scored = [
        unit for unit in cohort.units if unit.sections and (only is None or unit.unit == only)
    ]
    frames = {frame.code: frame for frame in cohort.sections}
    return KindResult(
        kind=level,
        label=label,
        heads=_heads(level, label, era),
        framework=FrameworkInfo(
            fw.code, fw.name, fw.version, issued["legal_document"], issued["issuer"]
        ),
        sections=_sections(cohort, bundle, before)
        if tables
        else tuple(_section_result(frame, ()) for frame in cohort.sections),
        units=tuple(
            UnitProfile(
                unit.unit,
                unit.name,
                tuple(
                    _unit_section(
                        frames[mine.code],
                        mine,
                        year=year,
                        before=before,
                        earlier=bundle["history"].get(unit.unit, []),
                        sources=None
                        if sources is None
                        else (sources["declared"], sources["taken"].get(unit.unit, {})),
                    )
                    for mine in unit.sections
                ),
            )
            for unit in scored
        ),
        unit_count=cohort.unit_count if cohort.unit_count is not None else len(cohort.units),
    )


def _sections(cohort: typed.Cohort, bundle: Data, before: int | None) -> tuple[SectionResult, ...]:
    """The cohort's ranking tables, derived once per published snapshot (``derived``): every
    document of it (the decision, the tables, each unit's report) reads the same entries."""
    snapshot = bundle["snapshot"] or {}
    return derived(
        snapshot.get("sha256"),
        bool(snapshot.get("intact")),
        ("documents.sections", cohort.level, before),
        lambda: tuple(_section(frame, cohort, before) for frame in cohort.sections),
    )


def _previous(mine: typed.UnitSection | None, before: int | None) -> Previous | None:
    found = None if mine is None else mine.previous
    if not found or before is None:
        return None
    points = exact(found.points_exact)
    return Previous(before, points, found.rank, found.level or "", found.derivation)


def _not_ranked(row: typed.NotRankedEntry, mine: typed.UnitSection | None) -> NotRanked:
    if row.points_exact is None or mine is None:
        return NotRanked.ABSENT
    if mine.reason_code == Reason.BELOW_LEVEL:
        return NotRanked.BELOW_LEVEL
    return NotRanked.EXCLUDED  # late, or left out by the approver


def _section(frame: typed.Section, cohort: typed.Cohort, before: int | None) -> SectionResult:
    code = frame.code
    mine = {
        unit.unit: section
        for unit in cohort.units
        for section in unit.sections
        if section.code == code
    }
    entries = [
        Entry(
            row.unit,
            row.name,
            exact(row.points_exact),
            row.level,
            row.rank,
            previous=_previous(mine.get(row.unit), before),
        )
        for row in frame.ranking
    ]
    entries += [
        Entry(
            row.unit,
            row.name,
            None if row.points_exact is None else exact(row.points_exact),
            row.level or frame.below,
            None,
            not_ranked_words(frame, mine.get(row.unit), row.reason),
            _not_ranked(row, mine.get(row.unit)),
            _previous(mine.get(row.unit), before),
        )
        for row in frame.not_ranked
    ]
    return _section_result(frame, tuple(entries))


def _section_result(frame: typed.Section, entries: tuple[Entry, ...]) -> SectionResult:
    return SectionResult(
        code=frame.code,
        name=frame.name,
        max_points=exact(frame.max_points),
        levels=tuple(frame.levels),
        below=frame.below,
        groups=tuple(GroupInfo(g.code, g.name, exact(g.max_points)) for g in frame.groups),
        entries=entries,
        previous_ranked=None if frame.previous_counts is None else frame.previous_counts.ranked,
    )


def _measured(
    frame: typed.Section,
    item: typed.Group | typed.CriterionRow,
    items: Mapping[str, typed.Item],
) -> dict[str, Any]:
    """A group's or criterion's points, maximum and cohort average, as ``Measured`` takes them."""
    code = item.code
    mean = frame.stats[code].mean  # None when the item applies to no unit of the cohort
    return {
        "code": code,
        "name": item.name,
        "max_points": exact(item.max_points),
        "points": exact(items[code].points_exact),
        "cohort_average": Fraction(0) if mean is None else exact(mean),
        "not_applicable": items[code].not_applicable or False,
    }


def _lines(
    frame: typed.Section,
    items: Mapping[str, typed.Item],
    declared: dict[str, str],
    taken: dict[str, str],
) -> tuple[CriterionLine, ...]:
    """Every criterion the unit has points for, in the framework's order, with its source."""
    return tuple(
        CriterionLine(
            code=c.code,
            name=c.name,
            depth=c.depth,
            points=exact(items[c.code].points_exact),
            max_points=exact(c.max_points),
            source=declared.get(c.code, ""),
            taken=taken.get(c.code, ""),
        )
        for c in frame.criteria
        if c.code in items
    )


def _unit_section(
    frame: typed.Section,
    mine: typed.UnitSection,
    *,
    year: int,
    before: int | None,
    earlier: list[Data],
    sources: tuple[dict[str, str], dict[str, str]] | None = None,
) -> UnitSection:
    items = mine.items
    previous_items = {} if mine.previous is None else mine.previous.items
    groups = tuple(
        GroupProfile(
            **_measured(frame, g, items),
            percentile=_percentile(items[g.code]),
            previous_points=None if g.code not in previous_items else exact(previous_items[g.code]),
        )
        for g in frame.groups
    )
    criteria = tuple(
        CriterionProfile(**_measured(frame, c, items), group=c.group)
        for c in frame.criteria
        if c.depth == 0 and c.code in items
    )
    return UnitSection(
        code=frame.code,
        name=frame.name,
        max_points=exact(frame.max_points),
        points=exact(mine.points_exact),
        level=mine.level,
        rank=mine.rank,
        ranked_count=frame.counts.ranked if frame.counts is not None else 0,
        groups=groups,
        criteria=criteria,
        next_step=_next_step(frame, mine.next_level),
        history=_history(frame.code, mine, year, before, earlier),
        reason=not_ranked_words(frame, mine, mine.reason),
        lines=() if sources is None else _lines(frame, items, *sources),
        not_applicable=tuple((n.code, n.name, n.reason) for n in mine.not_applicable or ()),
        scaling=mine.scaling if mine.scaling is not None else "",
        previous_note=mine.previous_note or "",
    )


def section_profile(frame: typed.Section, mine: typed.UnitSection) -> UnitSection:
    """A unit's section against its cohort (groups, top criteria), without its history: what
    ``publish.insights`` reads the strengths and weaknesses from, for the page as for the PDF."""
    return _unit_section(frame, mine, year=0, before=None, earlier=[])


def _percentile(item: typed.Item) -> Fraction | None:
    """The share of the cohort's other units with fewer points (None when the unit is alone)."""
    return Fraction(item.above, item.of) if item.of else None


def _next_step(frame: typed.Section, found: typed.NextLevel | None) -> NextStep | None:
    if not found:
        return None
    groups = {g.code: g.name for g in frame.groups}
    gaps = tuple(
        Gap(
            code=s.item,
            name=frame.name if s.item == frame.code else groups[s.item],
            is_total=s.item == frame.code,
            has=exact(s.has),
            needs=exact(s.needed),
            room=tuple(Room(w.code, w.name, exact(w.points_left)) for w in s.where),
        )
        for s in found.shortfalls
    )
    return NextStep(found.level, gaps)


def _history(
    code: str, mine: typed.UnitSection, year: int, before: int | None, earlier: list[Data]
) -> tuple[HistoryPoint, ...]:
    """Earlier published years, last year as frozen in the figures (with how it was derived
    across the 2025 reform), then this year."""
    points = [
        HistoryPoint(y["year"], exact(s["points_exact"]), s["rank"], s["level"])
        for y in earlier
        if (s := y["sections"].get(code)) is not None
    ]
    last = _previous(mine, before)
    if last is not None:
        points.append(HistoryPoint(last.year, last.points, last.rank, last.level, last.note))
    points.append(HistoryPoint(year, exact(mine.points_exact), mine.rank, mine.level))
    return tuple(points)
