"""The year's story in Vietnamese, told the way the Đắk Nông 2019 report does.

Per unit kind and section: how many units were ranked and the change from last year; each
ranked unit with its rank, score (43,80), level and change; the others and why not ranked.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from chiso.publish.model import Entry, KindResult, NotRanked, ResultSet, SectionResult
from chiso.publish.wording import (
    change_words,
    count,
    count_change,
    level_words,
    lower_first,
    rank_words,
)
from chiso.scoring import fmt_points


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, optionally followed by a list. Plain text: escape it when writing HTML."""

    text: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Summary:
    title: str
    blocks: tuple[Block, ...]
    footer: str = ""  # which figures it tells: version and checksum, or draft (``Meta.edition``)

    def text(self) -> str:
        lines = [self.title, ""]
        for block in self.blocks:
            lines.append(block.text)
            lines += [f"- {item}" for item in block.items]
            lines.append("")
        if self.footer:
            lines.append(self.footer)
        return "\n".join(lines).rstrip() + "\n"

    def html(self) -> str:
        """An escaped HTML fragment: <h2>, <p>, <ul>."""
        parts = [f"<h2>{html.escape(self.title)}</h2>"]
        for block in self.blocks:
            parts.append(f"<p>{html.escape(block.text)}</p>")
            if block.items:
                items = "".join(f"<li>{html.escape(item)}</li>" for item in block.items)
                parts.append(f"<ul>{items}</ul>")
        if self.footer:
            parts.append(f'<p class="summary-edition">{html.escape(self.footer)}</p>')
        return "\n".join(parts)


def build_summary(results: ResultSet) -> Summary:
    meta = results.meta
    blocks = [_participation(results), *_methods(results)]
    for kind in results.kinds:
        for section in kind.sections:
            blocks += _section_blocks(kind, section, meta.previous_year)
    if meta.notice:
        blocks.append(Block(f"Lưu ý: {meta.notice}"))
    return Summary(f"Kết quả {meta.subject}", tuple(blocks), meta.edition)


def _participation(results: ResultSet) -> Block:
    parts = [
        f"{count(k.participants)}/{count(k.unit_count)} đơn vị {k.label}" for k in results.kinds
    ]
    return Block(
        f"Năm {results.meta.year}, tham gia đánh giá, xếp hạng có {_join(parts)}; "
        f"kết quả do {results.meta.department} thẩm định, tổng hợp."
    )


def _methods(results: ResultSet) -> list[Block]:
    """One paragraph per way of assessing; kinds assessed the same way share it."""
    shared: dict[tuple[object, ...], list[KindResult]] = {}
    for kind in results.kinds:
        signature = (
            kind.framework.legal_basis,
            tuple(
                (s.name, tuple(g.name for g in s.groups), s.levels, s.below) for s in kind.sections
            ),
        )
        shared.setdefault(signature, []).append(kind)
    return [_method(kinds) for kinds in shared.values()]


def _method(kinds: list[KindResult]) -> Block:
    first = kinds[0]
    parts = [
        f"{lower_first(s.name)} ({count(len(s.groups))} nhóm tiêu chí: "
        + "; ".join(lower_first(g.name) for g in s.groups)
        + ")"
        for s in first.sections
    ]
    section = first.sections[0]
    if section.below:
        levels = (
            f"Căn cứ điểm số ở từng mục, đơn vị được xếp theo {count(len(section.levels))} mức "
            f"{_join(list(section.levels))}; đơn vị đạt điểm dưới {section.levels[-1]} thì "
            f"{lower_first(section.below)}."
        )
    else:
        levels = f"Căn cứ tổng điểm ở từng mục, đơn vị được xếp loại {_join(list(section.levels))}."
    labels = ", ".join(k.label for k in kinds)
    return Block(
        f"Đơn vị {labels} được đánh giá theo {first.framework.legal_basis}, gồm "
        f"{count(len(first.sections))} mục: {_join(parts)}. {levels}"
    )


def _section_blocks(kind: KindResult, section: SectionResult, before: int | None) -> list[Block]:
    ranked = section.ranked
    where = f"{lower_first(section.name)} {kind.label}"
    change = ""
    if before is not None and section.previous_ranked is not None:
        change = f" ({count_change(len(ranked), section.previous_ranked, before)})"
    if ranked:
        levels = _join([f"{count(n)} đơn vị {level}" for level, n in section.level_counts()])
        lead = f"Về {where}, có {count(len(ranked))} đơn vị được xếp hạng{change}, gồm {levels}:"
        blocks = [Block(lead, tuple(_ranked_item(section, e) for e in ranked))]
    else:
        blocks = [Block(f"Về {where}, không có đơn vị nào được xếp hạng{change}.")]
    rest = section.not_ranked
    if rest:
        blocks.append(_not_ranked_block(section, rest, others=bool(ranked)))
    return blocks


def _ranked_item(section: SectionResult, entry: Entry) -> str:
    points = fmt_points(entry.points or 0)  # a ranked unit always has points
    text = f"{entry.name} xếp thứ {entry.rank} với {points} điểm ({entry.level})"
    delta, previous = entry.points_change, entry.previous
    if delta is not None and previous is not None:
        text += f", {change_words(delta)} so với {previous.year}"
        if previous.note:
            text += f" ({previous.note})"
    extra = [words for words in (rank_words(entry), level_words(section, entry)) if words]
    return text + (f"; {'; '.join(extra)}" if extra else "")


def _not_ranked_block(section: SectionResult, rest: tuple[Entry, ...], *, others: bool) -> Block:
    who = "Các đơn vị còn lại" if others else "Các đơn vị"
    if all(e.not_ranked is NotRanked.BELOW_LEVEL for e in rest) and section.levels:
        lead = f"{who} không xếp hạng do có điểm số dưới {section.levels[-1]}:"
    else:
        lead = f"{who} không xếp hạng:"
    items = []
    for entry in rest:
        if entry.points is None:
            items.append(f"{entry.name}: {entry.reason}")
        else:
            items.append(f"{entry.name}: {fmt_points(entry.points)} điểm, {entry.reason}")
    return Block(lead, tuple(items))


def _join(parts: list[str]) -> str:
    """'a', 'a và b', 'a, b và c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]
