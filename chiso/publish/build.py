"""Build a ``KindResult`` from the scoring core's objects, and last year's published one.

The Django side gathers the cohort's ``UnitScore``s, the names, who was excluded or absent and
why, and last year's ``KindResult`` (from its snapshot); everything else is computed here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from chiso.publish.model import (
    CriterionProfile,
    Entry,
    FrameworkInfo,
    Gap,
    GroupInfo,
    GroupProfile,
    HistoryPoint,
    KindResult,
    NextStep,
    NotRanked,
    Previous,
    Room,
    SectionResult,
    UnitProfile,
    UnitSection,
)
from chiso.publish.wording import Shortfall, below_level_words
from chiso.scoring import Framework, Ranking, SectionScore, UnitScore, fmt_points, rank
from chiso.scoring.classify import below_name, level_names
from chiso.scoring.numbers import ZERO
from chiso.scoring.ranking import RankEntry

# Who executes the decision for the usual kinds (NĐ 30/2020: Điều 3 names them).
HEADS = {
    "cấp huyện": "Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố",
    "cấp xã": "Chủ tịch Ủy ban nhân dân các xã, phường, thị trấn",
    "cấp tỉnh": "Thủ trưởng các sở, ban, ngành",
}
RENAMED = "số liệu của {name} (mã {code}) trước khi sắp xếp"
MERGED = (
    "trung bình cộng điểm năm {year} của {parts} trước khi sắp xếp; không so sánh thứ hạng, mức"
)
MERGED_MISSING = "; không có số liệu của {codes}"
PREVIOUS_WITHOUT_YEAR = "có kết quả năm trước thì phải cho biết năm trước (previous_year)"


def build_kind(
    framework: Framework,
    scores: Sequence[UnitScore],
    *,
    year: int,
    kind: str,
    label: str,
    names: Mapping[str, str],
    excluded: Mapping[str, str] | None = None,
    absent: Mapping[str, tuple[str, str]] | None = None,
    previous: KindResult | None = None,
    previous_year: int | None = None,
    lineage: Mapping[str, Sequence[str]] | None = None,
    heads: str = "",
    ranking: Ranking | None = None,
) -> KindResult:
    """The published results of one unit kind.

    ``excluded``: unit → why it is scored but not ranked (late, excluded by the approver).
    ``absent``: unit → (name, why) for units without a score. ``lineage``: unit → the codes of
    its predecessors last year (2025 reform); one code carries the figure and history over,
    several give the average of their totals and no rank.
    """
    if previous is not None and previous_year is None:
        raise ValueError(PREVIOUS_WITHOUT_YEAR)
    excluded = excluded or {}
    absent = absent or {}
    ranking = ranking or rank(framework, scores, names=names, excluded=excluded)
    cohort = [s for s in scores if not excluded.get(s.unit)] or list(scores)
    carry = _Carry(previous, previous_year or 0, lineage or {})
    sections = []
    for index, section in enumerate(framework.sections):
        ranked_section = ranking.sections[index]
        by_unit = {s.unit: s.sections[index] for s in scores}
        entries = [
            _entry(e, by_unit[e.unit], excluded, carry.figure(e.unit, section.code))
            for e in ranked_section.entries
        ]
        entries += [
            Entry(
                unit,
                name,
                None,
                below_name(section),
                None,
                reason,
                NotRanked.ABSENT,
                carry.figure(unit, section.code),
            )
            for unit, (name, reason) in sorted(absent.items())
        ]
        sections.append(
            SectionResult(
                code=section.code,
                name=section.name,
                max_points=section.max_points,
                levels=level_names(section),
                below=below_name(section),
                groups=tuple(GroupInfo(g.code, g.name, g.max_points) for g in section.groups),
                entries=tuple(entries),
                previous_ranked=carry.ranked_count(section.code),
            )
        )
    units = tuple(
        _profile(score, names.get(score.unit, score.unit), cohort, sections, carry, year)
        for score in scores
    )
    return KindResult(
        kind=kind,
        label=label,
        heads=heads or HEADS.get(label, f"Thủ trưởng các đơn vị {label}"),
        framework=FrameworkInfo(
            framework.code,
            framework.name,
            framework.version,
            framework.legal_basis.document,
            framework.issuer,
        ),
        sections=tuple(sections),
        units=units,
        unit_count=len(scores) + len(absent),
    )


def _entry(
    ranked: RankEntry, result: SectionScore, excluded: Mapping[str, str], previous: Previous | None
) -> Entry:
    if ranked.rank is not None:
        return Entry(
            ranked.unit, ranked.name, ranked.points, ranked.level, ranked.rank, "", None, previous
        )
    if excluded.get(ranked.unit):
        why, reason = NotRanked.EXCLUDED, excluded[ranked.unit]
    else:
        why, reason = NotRanked.BELOW_LEVEL, below_reason(result)
    return Entry(ranked.unit, ranked.name, ranked.points, ranked.level, None, reason, why, previous)


def below_reason(result: SectionScore) -> str:
    """Which conditions of the lowest level are not met, named as a reader knows them."""
    names = level_names(result.section)
    lowest = len(names) - 1
    section = result.section
    failed = []
    for c in result.checks(lowest):
        if c.met:
            continue
        total = c.code == section.code
        group = None if total else section.group(c.code)
        failed.append(
            Shortfall(
                section.name if group is None else group.name,
                total,
                c.actual,
                section.max_points if group is None else group.max_points,
                c.required,
            )
        )
    return below_level_words(names[lowest], failed)


class _Carry:
    """Last year's figures for this year's units, through the lineage when codes changed."""

    def __init__(
        self, previous: KindResult | None, year: int, lineage: Mapping[str, Sequence[str]]
    ) -> None:
        self.previous, self.year, self.lineage = previous, year, lineage

    def sources(self, unit: str) -> tuple[str, ...]:
        return tuple(self.lineage.get(unit) or (unit,))

    def _section(self, code: str) -> SectionResult | None:
        if self.previous is None:
            return None
        try:
            return self.previous.section(code)
        except KeyError:
            return None

    def ranked_count(self, section: str) -> int | None:
        found = self._section(section)
        return None if found is None else len(found.ranked)

    def figure(self, unit: str, section: str) -> Previous | None:
        found = self._section(section)
        if found is None:
            return None
        by_unit = {e.unit: e for e in found.entries}
        sources = self.sources(unit)
        hits = [by_unit[code] for code in sources if code in by_unit]
        if not hits:
            return None
        if len(sources) == 1:
            e = hits[0]
            note = "" if e.unit == unit else RENAMED.format(name=e.name, code=e.unit)
            return Previous(
                self.year, e.points, e.rank, e.level if e.points is not None else "", note
            )
        scored = [e for e in hits if e.points is not None]
        if not scored:
            return None
        parts = ", ".join(f"{e.name} {fmt_points(e.points or ZERO)}" for e in scored)
        note = MERGED.format(year=self.year, parts=parts)
        missing = [code for code in sources if code not in {e.unit for e in scored}]
        if missing:
            note += MERGED_MISSING.format(codes=", ".join(missing))
        average = sum((e.points or ZERO for e in scored), ZERO) / len(scored)
        return Previous(self.year, average, None, "", note)

    def _single_source_section(self, unit: str, section: str) -> UnitSection | None:
        sources = self.sources(unit)
        if self.previous is None or len(sources) != 1:
            return None
        try:
            return self.previous.unit(sources[0]).section(section)
        except KeyError:
            return None

    def history(self, unit: str, section: str) -> tuple[HistoryPoint, ...]:
        before = self._single_source_section(unit, section)
        if before is not None:
            return before.history
        figure = self.figure(unit, section)
        if figure is None:
            return ()
        return (HistoryPoint(figure.year, figure.points, figure.rank, figure.level, figure.note),)

    def group_points(self, unit: str, section: str) -> dict[str, Fraction]:
        before = self._single_source_section(unit, section)
        return {} if before is None else {g.code: g.points for g in before.groups}


def _percentile(points: Fraction, unit: str, cohort: Mapping[str, Fraction]) -> Fraction | None:
    others = [p for code, p in cohort.items() if code != unit]
    if not others:
        return None
    return Fraction(sum(1 for p in others if p < points), len(others))


def _average(values: Sequence[Fraction]) -> Fraction:
    return sum(values, ZERO) / len(values) if values else ZERO


def _profile(
    score: UnitScore,
    name: str,
    cohort: Sequence[UnitScore],
    sections: Sequence[SectionResult],
    carry: _Carry,
    year: int,
) -> UnitProfile:
    result = []
    for index, (mine, published) in enumerate(zip(score.sections, sections, strict=True)):
        entry = next(e for e in published.entries if e.unit == score.unit)
        before = carry.group_points(score.unit, published.code)
        groups = []
        criteria = []
        for g_index, group in enumerate(mine.groups):
            points_of = {s.unit: s.sections[index].groups[g_index].points for s in cohort}
            groups.append(
                GroupProfile(
                    group.group.code,
                    group.group.name,
                    group.group.max_points,
                    group.points,
                    _average(list(points_of.values())),
                    _percentile(group.points, score.unit, points_of),
                    before.get(group.group.code),
                )
            )
            for c_index, criterion in enumerate(group.criteria):
                others = [
                    s.sections[index].groups[g_index].criteria[c_index].points for s in cohort
                ]
                c = criterion.criterion
                criteria.append(
                    CriterionProfile(
                        code=c.code,
                        name=c.name,
                        max_points=c.max_points,
                        points=criterion.points,
                        cohort_average=_average(others),
                        group=group.group.code,
                    )
                )
        now = HistoryPoint(year, mine.points, entry.rank, mine.level)
        result.append(
            UnitSection(
                code=published.code,
                name=published.name,
                max_points=published.max_points,
                points=mine.points,
                level=mine.level,
                rank=entry.rank,
                ranked_count=len(published.ranked),
                groups=tuple(groups),
                criteria=tuple(criteria),
                next_step=_next_step(mine),
                history=(*carry.history(score.unit, published.code), now),
                reason=entry.reason,
            )
        )
    return UnitProfile(score.unit, name, tuple(result))


def _next_step(result: SectionScore) -> NextStep | None:
    found = result.next_level()
    if found is None:
        return None
    gaps = []
    for shortfall in found.shortfalls:
        check = shortfall.check
        is_total = check.code == result.section.code
        name = result.section.name if is_total else result.section.group(check.code).name
        room = tuple(Room(code, label, left) for code, label, left in shortfall.headroom)
        gaps.append(Gap(check.code, name, is_total, check.actual, check.required, room))
    return NextStep(found.level, tuple(gaps))
