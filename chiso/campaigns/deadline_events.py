"""Where deadlines and the contest window tell people: the integration points for notices.

The notices outbox (``chiso.notices``, built on another branch) sends the overdue notice and
the answer to an objection. Until it is merged these do nothing; the integrator wires them to
``chiso.notices.services.notice_emit(event=Event.OVERDUE | Event.CONTEST_ANSWERED, ...)``.
They are called inside the transaction that records the event, so a notice is queued exactly
when the event is committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def on_overdue(forms: Sequence[Any]) -> None:
    """``forms`` were just recorded as locked unsubmitted at their deadline (``overdue_at``).

    Integrator: ``notice_emit(event=Event.OVERDUE, forms=forms)``."""


def on_contest_answered(objection: Any) -> None:
    """The appraiser answered ``objection`` (accepted or rejected, with the reason).

    Integrator: ``notice_emit(event=Event.CONTEST_ANSWERED, objection=objection)``."""
