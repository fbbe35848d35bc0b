"""The live summary (chiso/campaigns/summary.py) is, byte for byte, the template it replaced.

The template below is ``campaigns/_summary.html`` as it was before issue 18's fourth round; the
Python renderer must give the same HTML for every form of the demo (2019 and 2026 frameworks:
scaling, shortfalls, not applicable groups), for a score that could not be computed, for
provisional criteria and for texts that need escaping.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.template import engines
from django.template.loader import render_to_string

from chiso.campaigns.form_page import Live, live_score
from chiso.campaigns.models import Form
from chiso.campaigns.summary import summary_html

REFERENCE = """{% load chiso_display %}
<div id="live-summary" aria-live="polite">
  <p class="mb-2"><strong>{{ live.answered }}/{{ live.total }}</strong> tiêu chí đã trả lời</p>
  <div class="progress mb-3" role="progressbar" aria-label="Tiến độ" aria-valuenow="{{ live.answered }}" aria-valuemin="0" aria-valuemax="{{ live.total }}">
    <div class="progress-bar" style="width: {% widthratio live.answered live.total 100 %}%"></div>
  </div>
  {% if live.error %}<div class="alert alert-warning small">{{ live.error }}</div>{% endif %}
  {% for s in live.score.sections %}
    <div class="mb-3">
      <div class="d-flex justify-content-between"><strong>{{ s.section.code }}</strong>
        <span><span data-total-for="{{ s.section.code }}">{{ s.points|vi_number }}</span>/{{ s.section.max_points|vi_number }}</span></div>
      <div class="small text-body-secondary">{{ s.section.name }}</div>
      <div>Mức đạt (tạm tính): <strong class="live-level">{{ s.level }}</strong></div>
      <ul class="small mb-1 ps-3">
        {% for g in s.groups %}<li>{{ g.group.code }}: {{ g.points|vi_number }}/{{ g.group.max_points|vi_number }}{% if g.not_applicable %} — không áp dụng{% endif %}</li>{% endfor %}
      </ul>
      {% if s.scaling %}
        <details class="small mb-1 scaling"><summary>Cách tính tổng điểm (trọng số, không áp dụng, thưởng/trừ)</summary>
          <pre class="small mb-0 text-wrap" style="white-space: pre-wrap">{{ s.scaling_explanation }}</pre>
        </details>
      {% endif %}
      {% with next=s.next_level %}{% if next %}
        <details class="small"><summary>Để đạt {{ next.level }} còn thiếu</summary>
          <ul class="ps-3 mb-0">{% for sf in next.shortfalls %}<li>{{ sf.text }}</li>{% endfor %}</ul>
        </details>
      {% endif %}{% endwith %}
    </div>
  {% endfor %}
  {% if live.provisional %}
    <p class="small text-body-secondary mb-0">Tạm tính: {{ live.provisional|join:", " }} so với đơn vị tốt nhất của đợt.</p>
  {% endif %}
</div>
"""  # noqa: E501 — the template as it was, lines and all


def _both(live: Any) -> tuple[str, str]:
    reference = engines["django"].from_string(REFERENCE).render({"live": live})
    return reference, render_to_string("campaigns/_summary.html", {"live": live})


def test_the_summary_is_the_template_it_replaced_for_every_form_of_the_demo(
    demo_world: list[str],
) -> None:
    forms = list(Form.objects.select_related("campaign", "unit", "framework"))
    assert len(forms) > 10
    shown = set()
    for form in forms:
        live = live_score(form)
        reference, rendered = _both(live)
        assert rendered == reference, form
        shown |= {part for part in ("scaling", "còn thiếu", "không áp dụng") if part in rendered}
    assert shown == {"scaling", "còn thiếu", "không áp dụng"}  # every branch was compared


def test_the_summary_of_an_error_of_provisional_criteria_and_of_texts_to_escape(
    demo_world: list[str],
) -> None:
    form = Form.objects.select_related("campaign", "unit", "framework").exclude(answered=0)[0]
    live = live_score(form)
    assert live.score is not None
    section = live.score.sections[0]
    odd = dataclasses.replace(section.section, name='<b>"Sở" & co</b>', code="A<&>")
    score = dataclasses.replace(
        live.score,
        sections=(dataclasses.replace(section, section=odd), *live.score.sections[1:]),
        provisional=("SS.<1>", "SS.&2"),
    )
    cases = [
        dataclasses.replace(live, score=score),
        Live(None, {}, 3, 0, "Giá trị «<1>» & không hợp lệ"),
        Live(None, {}, 0, 7),
    ]
    for case in cases:
        reference, rendered = _both(case)
        assert rendered == reference
    assert "&lt;b&gt;&quot;Sở&quot; &amp; co&lt;/b&gt;" in _both(cases[0])[1]
    assert "SS.&lt;1&gt;, SS.&amp;2" in _both(cases[0])[1]


@pytest.mark.parametrize("answered,total,width", [(1, 3, "33"), (2, 3, "67"), (5, 0, "0")])
def test_the_progress_bar_is_widthratio(answered: int, total: int, width: str) -> None:
    assert f'style="width: {width}%"' in summary_html(Live(None, {}, answered, total))
