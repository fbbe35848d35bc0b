"""What a higher app does when a unit's form is submitted or withdrawn.

campaigns sits below appraisal (docs/architecture.md, "Layers"): the submission service cannot
import appraisal's rounds, so appraisal registers its hooks here in its ``AppConfig.ready()``.
The services call them inside their transaction, right after the form is saved and before the
form's own audit entry, in the order they were registered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from chiso.campaigns.models import Form


class FormHook(Protocol):
    def __call__(self, *, actor: Any, form: Form) -> object: ...


@dataclass
class FormHooks:
    submitted: list[FormHook] = field(default_factory=list)
    withdrawn: list[FormHook] = field(default_factory=list)


HOOKS = FormHooks()


def on_form_submitted(hook: FormHook) -> None:
    """Call ``hook(actor=, form=)`` after each submission (registered once)."""
    if hook not in HOOKS.submitted:
        HOOKS.submitted.append(hook)


def on_form_withdrawn(hook: FormHook) -> None:
    """Call ``hook(actor=, form=)`` after each withdrawal (registered once)."""
    if hook not in HOOKS.withdrawn:
        HOOKS.withdrawn.append(hook)


def form_submitted(*, actor: Any, form: Form) -> None:
    for hook in HOOKS.submitted:
        hook(actor=actor, form=form)


def form_withdrawn(*, actor: Any, form: Form) -> None:
    for hook in HOOKS.withdrawn:
        hook(actor=actor, form=form)
