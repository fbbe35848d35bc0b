"""A unit's report: its scores by group against the cohort, a radar chart, strengths,
weaknesses, the way to the next level and its history; HTML, printed to PDF by WeasyPrint.

The PDF embeds DejaVu (fonts-dejavu-core), which has every Vietnamese diacritic.
"""

from __future__ import annotations

import logging
import time
from fractions import Fraction
from html import escape
from pathlib import Path

from chiso.publish.charts import COHORT_COLOR, UNIT_COLOR, Series, history_svg, radar_svg
from chiso.publish.insights import (
    NO_STRENGTH,
    NO_WEAKNESS,
    cohort_words,
    group_changes,
    next_step_lines,
    percent,
    strength_lines,
    weakness_lines,
)
from chiso.publish.model import KindResult, ResultSet, UnitProfile, UnitSection
from chiso.publish.wording import change_words, lower_first
from chiso.scoring import fmt_percent, fmt_points

logger = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
UNKNOWN_UNIT = "không có đơn vị mã {unit} trong kết quả {kind}"


def _font_faces() -> str:
    faces = []
    for weight, name in (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf")):
        path = FONT_DIR / name
        local = "DejaVu Sans Bold" if weight == "bold" else "DejaVu Sans"
        source = (
            f'url("{path.as_uri()}"), local("{local}")' if path.exists() else f'local("{local}")'
        )
        faces.append(
            f'@font-face {{ font-family: "ChisoVN"; font-weight: {weight}; src: {source}; }}'
        )
    return "\n".join(faces)


CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-center { content: "Trang " counter(page) " / " counter(pages); font-size: 8pt;
    font-family: "ChisoVN", "DejaVu Sans", sans-serif; } }
body { font-family: "ChisoVN", "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #222; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #1f5fa8; color: #1f5fa8; }
h3 { font-size: 10pt; margin: 3mm 0 1mm; }
p { margin: 1mm 0; }
ul { margin: 1mm 0 1mm 5mm; padding: 0; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
th, td { border: 0.5pt solid #999; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #e8eef6; font-weight: bold; }
td.n { text-align: right; white-space: nowrap; }
.lead { font-size: 11pt; }
.scaling { white-space: pre-wrap; font-family: "DejaVu Sans", sans-serif; font-size: 8pt; }
.muted { color: #666; font-size: 8pt; }
.chart { text-align: center; margin: 2mm 0; }
.section { page-break-before: auto; }
table.lines td { padding: 0.6mm 1.5mm; }
table.lines .code, table.lines th { white-space: nowrap; }
table.lines .source { width: 30%; }
table.lines td.d1 { padding-left: 5mm; } table.lines td.d2 { padding-left: 9mm; }
table.lines td.d3 { padding-left: 13mm; }
.taken { color: #1f5fa8; }
"""


def find_unit(results: ResultSet, unit: str) -> tuple[KindResult, UnitProfile]:
    for kind in results.kinds:
        for profile in kind.units:
            if profile.unit == unit:
                return kind, profile
    raise KeyError(UNKNOWN_UNIT.format(unit=unit, kind=results.meta.subject))


def unit_report_html(results: ResultSet, unit: str) -> str:
    """The report as a standalone HTML page (also what the PDF is printed from)."""
    meta = results.meta
    kind, profile = find_unit(results, unit)
    body = [
        f"<h1>Báo cáo kết quả đánh giá, xếp hạng năm {meta.year}</h1>",
        f'<p class="lead"><b>{escape(profile.name)}</b> (mã {escape(profile.unit)}) — '
        f"{escape(kind.label)}</p>",
        f"<p>Kết quả {escape(meta.subject)}. Bộ tiêu chí: {escape(kind.framework.name)} "
        f"({escape(kind.framework.legal_basis)}).</p>",
    ]
    for section in profile.sections:
        body.append(_section_html(section, kind))
    footer = meta.edition
    if meta.notice:
        footer += f". Lưu ý: {meta.notice}"
    body.append(f'<p class="muted">{escape(footer)}</p>')
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(profile.name)} — {meta.year}</title>"
        f"<style>{_font_faces()}{CSS}</style></head><body>{''.join(body)}</body></html>"
    )


def _section_html(section: UnitSection, kind: KindResult) -> str:
    cohort = cohort_words(kind.label)
    below = next((s.below for s in kind.sections if s.code == section.code), "")
    level = "" if section.rank is None and section.level == below else section.level
    standing = (
        f"xếp thứ {section.rank}/{section.ranked_count}"
        if section.rank is not None
        else f"không xếp hạng: {section.reason}"
    )
    parts = [
        '<div class="section">',
        f"<h2>{escape(section.name)}</h2>",
        f'<p class="lead"><b>{fmt_points(section.points)}</b>/{fmt_points(section.max_points)} '
        f"điểm — {f'<b>{escape(level)}</b> — ' if level else ''}{escape(standing)}</p>",
    ]
    parts.append(_not_applicable_html(section))
    if section.previous_note:
        parts.append(f"<p>So với năm trước: {escape(section.previous_note)}.</p>")
    elif len(section.history) >= 2:
        before = section.history[-2]
        if before.points is not None:
            moved = change_words(section.points - before.points)
            note = f" ({before.note})" if before.note else ""
            parts.append(f"<p>So với {before.year}: {escape(moved)}{escape(note)}.</p>")
    parts.append(_groups_table(section, cohort))
    applies = [g for g in section.groups if not g.not_applicable]
    radar = radar_svg(
        [g.name for g in applies],
        [
            Series("Đơn vị", [g.share for g in applies], UNIT_COLOR),
            Series(f"Bình quân {kind.label}", [g.cohort_share for g in applies], COHORT_COLOR),
        ],
    )
    if radar:
        parts.append(f'<div class="chart">{radar}</div>')
    parts.append(_list("Điểm mạnh", strength_lines(section, kind.label), NO_STRENGTH))
    parts.append(_list("Điểm yếu", weakness_lines(section, kind.label), NO_WEAKNESS))
    changes = group_changes(section)
    if changes:
        parts.append(_list("Thay đổi so với năm trước", changes, ""))
    steps = next_step_lines(section)
    if len(steps) > 1:
        parts.append(f"<h3>{escape(steps[0])}</h3>{_items(steps[1:])}")
    else:
        parts.append(f"<h3>Mức đạt được</h3><p>{escape(steps[0])}</p>")
    parts.append(_history_html(section))
    parts.append(_lines_html(section))
    parts.append("</div>")
    return "".join(parts)


def _not_applicable_html(section: UnitSection) -> str:
    """What did not apply to the unit, and the total's scaling for it (issue 16)."""
    if not section.not_applicable:
        return ""
    items = [f"{code} {name}: {why}" for code, name, why in section.not_applicable]
    scaling = f'<pre class="scaling">{escape(section.scaling)}</pre>' if section.scaling else ""
    return (
        '<div class="not-applicable"><p>Không áp dụng: '
        + escape(", ".join(code for code, _, _ in section.not_applicable))
        + " (không tính vào điểm tối đa)</p>"
        + _items(items)
        + scaling
        + "</div>"
    )


NOT_APPLICABLE = "không áp dụng"


def _groups_table(section: UnitSection, cohort: str) -> str:
    previous = len(section.history) >= 2 and any(
        g.previous_points is not None for g in section.groups
    )
    head = [
        "Nhóm tiêu chí",
        "Điểm",
        "Tối đa",
        "Tỷ lệ",
        f"Bình quân {cohort}",
        "Cao hơn % đơn vị khác",
    ]
    if previous:
        head.append(f"Năm {section.history[-2].year}")
    rows = []
    for g in section.groups:
        cells = [
            escape(g.name),
            NOT_APPLICABLE if g.not_applicable else fmt_points(g.points),
            fmt_points(g.max_points),
            "—" if g.not_applicable else fmt_percent(g.share),
            f"{fmt_points(g.cohort_average)} ({fmt_percent(g.cohort_share)})",
            "—" if g.not_applicable else percent(g.percentile),
        ]
        if previous:
            cells.append("—" if g.previous_points is None else fmt_points(g.previous_points))
        first, *numbers = cells
        rows.append(
            f"<tr><td>{first}</td>" + "".join(f'<td class="n">{c}</td>' for c in numbers) + "</tr>"
        )
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _items(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _list(title: str, items: list[str], empty: str) -> str:
    if not items and not empty:
        return ""
    inner = _items(items) if items else f"<p>{escape(empty)}</p>"
    return f"<h3>{escape(title)}</h3>{inner}"


def _history_html(section: UnitSection) -> str:
    rows = "".join(
        f"<tr><td>{h.year}</td>"
        f'<td class="n">{"—" if h.points is None else fmt_points(h.points)}</td>'
        f'<td class="n">{"—" if h.rank is None else h.rank}</td>'
        f"<td>{escape(h.level or '—')}</td><td>{escape(h.note)}</td></tr>"
        for h in section.history
    )
    chart = history_svg([(h.year, h.points) for h in section.history], section.max_points)
    table = (
        "<table><thead><tr><th>Năm</th><th>Điểm</th><th>Hạng</th><th>Mức</th><th>Ghi chú</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
    title = f"<h3>Qua các năm — {escape(lower_first(section.name))}</h3>"
    return title + table + (f'<div class="chart">{chart}</div>' if chart else "")


LINES_TITLE = "Điểm từng tiêu chí và nguồn số liệu"
FROM_PARTS = "từ các tiêu chí thành phần"
LINES_NOTE = (
    "Nguồn số liệu theo bộ tiêu chí; điểm là điểm sau thẩm định. Số liệu lấy từ cơ quan chuyên "
    "môn hoặc kết quả đo được ghi rõ."
)


def _lines_html(section: UnitSection) -> str:
    """Every criterion with its points and where its value came from (when the report was given
    the sources)."""
    if not section.lines:
        return ""
    rows = []
    for line in section.lines:
        source = escape(line.source) or f'<span class="muted">{escape(FROM_PARTS)}</span>'
        if line.taken:
            source += f'<br><span class="taken">{escape(line.taken)}</span>'
        depth = min(line.depth, 3)
        rows.append(
            f'<tr data-criterion="{escape(line.code)}"><td class="code">{escape(line.code)}</td>'
            f'<td class="d{depth}">{escape(line.name)}</td>'
            f'<td class="n">{fmt_points(line.points)}</td>'
            f'<td class="n">{fmt_points(line.max_points)}</td>'
            f'<td class="source">{source}</td></tr>'
        )
    head = "".join(f"<th>{h}</th>" for h in ("Mã", "Tiêu chí", "Điểm", "Tối đa", "Nguồn số liệu"))
    return (
        f"<h3>{escape(LINES_TITLE)} — {escape(lower_first(section.name))}</h3>"
        f'<p class="muted">{escape(LINES_NOTE)}</p>'
        f'<table class="lines"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def unit_report_pdf(results: ResultSet, unit: str) -> bytes:
    import weasyprint  # type: ignore[import-untyped]

    html = unit_report_html(results, unit)
    pdf: bytes = weasyprint.HTML(string=html, base_url=str(FONT_DIR)).write_pdf()
    return pdf


def warm_up() -> float:
    """WeasyPrint's one-time set-up in this process, done before a request needs it: its import
    (Pango and HarfBuzz through cffi), fontconfig, the report's DejaVu faces, stylesheet and
    page boxes, the SVG of a radar chart, Vietnamese text shaped, by printing a one-page report
    of nothing. A worker's first unit PDF paid it otherwise (~0.5 s of ~1.1 s at 3,321 units).
    Returns the seconds it took."""
    started = time.perf_counter()
    import weasyprint

    half = [Fraction(1, 2)] * 3
    radar = radar_svg(["Một", "Hai", "Ba"], [Series("Đơn vị", half, UNIT_COLOR)])
    html = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Khởi động</title>'
        f"<style>{_font_faces()}{CSS}</style></head><body>"
        "<h1>Báo cáo kết quả đánh giá</h1><h2>Chỉ số thành phần</h2>"
        '<table><tr><th>Nhóm tiêu chí</th><td class="n"><b>1,00</b></td></tr></table>'
        f'<div class="chart">{radar}</div><p class="muted">Điểm mạnh, điểm yếu.</p>'
        "</body></html>"
    )
    weasyprint.HTML(string=html, base_url=str(FONT_DIR)).write_pdf()
    return time.perf_counter() - started


def warm_up_quietly() -> float | None:
    """``warm_up`` for a server starting: a failure is logged, never raised (the worker serves
    anyway; its first PDF then pays the set-up, or fails the way it would have). The seconds it
    took, or None."""
    try:
        seconds = warm_up()
    except Exception:
        logger.exception("Không khởi động trước được WeasyPrint (PDF của đơn vị)")
        return None
    logger.info("WeasyPrint đã khởi động trước trong %.2f s", seconds)
    return seconds
