"""What a higher app does after campaigns' own events: a form submitted or withdrawn (appraisal
keeps its rounds), a campaign opened or forms found overdue (notices tells the units).

campaigns sits below appraisal and notices (docs/architecture.md, "Layers"): its services cannot
import them, so those apps register their hooks here in their ``AppConfig.ready()``. The
services call them inside their transaction, in the order they were registered: a form's hooks
right after the form is saved and before the form's own audit entry, a campaign's and the
overdue forms' after their audit entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from chiso.campaigns.models import Campaign, Form


class FormHook(Protocol):
    def __call__(self, *, actor: Any, form: Form) -> object: ...


class CampaignHook(Protocol):
    def __call__(self, campaign: Campaign) -> object: ...


class FormsHook(Protocol):
    def __call__(self, forms: Sequence[Form]) -> object: ...


@dataclass
class Hooks:
    submitted: list[FormHook] = field(default_factory=list)
    withdrawn: list[FormHook] = field(default_factory=list)
    opened: list[CampaignHook] = field(default_factory=list)
    overdue: list[FormsHook] = field(default_factory=list)


HOOKS = Hooks()
H = TypeVar("H")


def _register(hooks: list[H], hook: H) -> None:
    if hook not in hooks:  # registered once, whatever ``ready()`` runs again
        hooks.append(hook)


def on_form_submitted(hook: FormHook) -> None:
    """Call ``hook(actor=, form=)`` after each submission."""
    _register(HOOKS.submitted, hook)


def on_form_withdrawn(hook: FormHook) -> None:
    """Call ``hook(actor=, form=)`` after each withdrawal."""
    _register(HOOKS.withdrawn, hook)


def on_campaign_opened(hook: CampaignHook) -> None:
    """Call ``hook(campaign)`` after a campaign opens and its forms are made."""
    _register(HOOKS.opened, hook)


def on_forms_overdue(hook: FormsHook) -> None:
    """Call ``hook(forms)`` with the forms just recorded as locked unsubmitted at their deadline
    (``overdue_at``), when there are any."""
    _register(HOOKS.overdue, hook)


def form_submitted(*, actor: Any, form: Form) -> None:
    for hook in HOOKS.submitted:
        hook(actor=actor, form=form)


def form_withdrawn(*, actor: Any, form: Form) -> None:
    for hook in HOOKS.withdrawn:
        hook(actor=actor, form=form)


def campaign_opened(campaign: Campaign) -> None:
    for hook in HOOKS.opened:
        hook(campaign)


def forms_overdue(forms: Sequence[Form]) -> None:
    for hook in HOOKS.overdue:
        hook(forms)
