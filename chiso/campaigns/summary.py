"""The live summary beside the form (its progress, each section's points and level), as HTML.

Written in Python rather than as a template: the autosave sends it with every save, and the
template engine's variable lookups cost about as much as the rest of the summary's work. The
form page and the framework preview include ``campaigns/_summary.html``, which calls this.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString, mark_safe

from chiso.frameworks.templatetags.chiso_display import vi_number

if TYPE_CHECKING:
    from chiso.campaigns.form_page import Live
    from chiso.scoring.results import SectionScore


def escape(text: object) -> str:
    """What ``django.utils.html.escape`` gives, as plain text (``html.escape`` of ``str``):
    without its wrapper for lazy texts, a fifth of a section's time (issue 18)."""
    return html.escape(str(text))


def _width(answered: int, total: int) -> str:
    """What ``{% widthratio answered total 100 %}`` gives."""
    try:
        return str(round(float(answered) / float(total) * 100))
    except ZeroDivisionError:
        return "0"


def summary_html(live: Live) -> SafeString:
    """The summary of ``live``: every text escaped, as the template did it."""
    answered, total = escape(str(live.answered)), escape(str(live.total))
    out = [
        '<div id="live-summary" aria-live="polite">\n'
        f'  <p class="mb-2"><strong>{answered}/{total}</strong> tiêu chí đã trả lời</p>\n'
        '  <div class="progress mb-3" role="progressbar" aria-label="Tiến độ"'
        f' aria-valuenow="{answered}" aria-valuemin="0" aria-valuemax="{total}">\n'
        '    <div class="progress-bar" style="width:'
        f' {_width(live.answered, live.total)}%"></div>\n'
        "  </div>\n  "
    ]
    if live.error:
        out.append(f'<div class="alert alert-warning small">{escape(live.error)}</div>')
    out.append("\n  ")
    sections = live.score.sections if live.score is not None else ()
    for index, s in enumerate(sections):
        kept = live.kept[index] if index < len(live.kept) else None
        # The section's part as kept for the form, if it is of this very score (identity).
        out.append(kept.html() if kept is not None and kept.score is s else section_html(s))
    out.append("\n  ")
    if live.provisional:
        shown = ", ".join(escape(code) for code in live.provisional)
        out.append(
            '\n    <p class="small text-body-secondary mb-0">Tạm tính:'
            f" {shown} so với đơn vị tốt nhất của đợt.</p>\n  "
        )
    out.append("\n</div>")
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped


def section_html(s: SectionScore) -> str:
    """One section's part of the summary: a function of the section's score alone (so the
    live form keeps it while the section's inputs do not change: form_page.live_score)."""
    out: list[str] = []
    code = escape(s.section.code)
    out.append(
        '\n    <div class="mb-3">\n'
        f'      <div class="d-flex justify-content-between"><strong>{code}</strong>\n'
        f'        <span><span data-total-for="{code}">{escape(vi_number(s.points))}</span>'
        f"/{escape(vi_number(s.section.max_points))}</span></div>\n"
        f'      <div class="small text-body-secondary">{escape(s.section.name)}</div>\n'
        "      <div>Mức đạt (tạm tính):"
        f' <strong class="live-level">{escape(s.level)}</strong></div>\n'
        '      <ul class="small mb-1 ps-3">\n        '
    )
    for g in s.groups:
        out.append(
            f"<li>{escape(g.group.code)}: {escape(vi_number(g.points))}"
            f"/{escape(vi_number(g.group.max_points))}"
            f"{' — không áp dụng' if g.not_applicable else ''}</li>"
        )
    out.append("\n      </ul>\n      ")
    if s.scaling:
        out.append(
            '\n        <details class="small mb-1 scaling"><summary>Cách tính tổng điểm'
            " (trọng số, không áp dụng, thưởng/trừ)</summary>\n"
            '          <pre class="small mb-0 text-wrap" style="white-space: pre-wrap">'
            f"{escape(s.scaling_explanation())}</pre>\n"
            "        </details>\n      "
        )
    out.append("\n      ")
    following = s.next_level()
    if following:
        out.append(
            '\n        <details class="small"><summary>Để đạt'
            f" {escape(following.level)} còn thiếu</summary>\n"
            '          <ul class="ps-3 mb-0">'
        )
        out.extend(f"<li>{escape(sf.text())}</li>" for sf in following.shortfalls)
        out.append("</ul>\n        </details>\n      ")
    out.append("\n    </div>\n  ")
    return "".join(out)
