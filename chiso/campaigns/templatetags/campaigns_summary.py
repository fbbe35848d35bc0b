"""``{% live_summary live %}``: the live summary (chiso/campaigns/summary.py)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from chiso.campaigns.form_page import Live
from chiso.campaigns.summary import summary_html

register = template.Library()


@register.simple_tag
def live_summary(live: Live) -> SafeString:
    return summary_html(live)
