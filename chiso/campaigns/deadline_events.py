"""Where deadlines tell people: the overdue notice goes to the unit's reporters and heads through
the notices outbox (``chiso.notices``). The answer to an objection is appraisal's
(``chiso.appraisal.contest`` calls ``notices_contest_answered``).

It is called inside the transaction that records the event, so a notice is queued exactly
when the event is committed (and ``chiso notify`` e-mails it later).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def on_overdue(forms: Sequence[Any]) -> None:
    """``forms`` were just recorded as locked unsubmitted at their deadline (``overdue_at``)."""
    from chiso.notices.models import Event
    from chiso.notices.services import form_link, notice_emit, unit_people

    for form in forms:
        notice_emit(
            Event.OVERDUE,
            form.campaign,
            form,
            recipients=unit_people([form.unit_id]),
            link=form_link(form),
            context={
                "deadline": f"{form.deadline:%d/%m/%Y}",
                "detail": "Phiếu đã khoá. Nếu có lý do chính đáng, đề nghị Sở xem xét gia hạn.",
            },
            key=f"{Event.OVERDUE}:{form.pk}:{form.overdue_at:%Y%m%d%H%M%S}",
        )
