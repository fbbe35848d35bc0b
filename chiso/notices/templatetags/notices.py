"""The department's panel on the campaign page: the công văn, the mail of the campaign's
notices, and the people whose address bounced."""

from __future__ import annotations

from typing import Any

from django import template

from chiso.notices.models import MailStatus
from chiso.notices.selectors import bounced_people, mail_counts

register = template.Library()


@register.inclusion_tag("notices/_campaign_panel.html")
def notices_campaign_panel(campaign: Any) -> dict[str, Any]:
    counts = mail_counts(campaign)
    return {
        "campaign": campaign,
        "counts": [(s.label, counts[s.value]) for s in MailStatus if counts.get(s.value)],
        "bounced": bounced_people(campaign),
    }
