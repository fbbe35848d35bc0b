"""Labels of the coded values an audit entry keeps (a status, a role), registered by their apps.

audit sits below every app that writes to it (docs/architecture.md, "Layers"), so it cannot
import their choices: each app registers its own in its ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Iterable

_LABELS: dict[tuple[str, str], dict[str, str]] = {}


def register_choices(key: str, choices: Iterable[tuple[str, str]], object_type: str = "") -> None:
    """Show ``key``'s values with these labels; for ``object_type`` only, or by default ("")."""
    _LABELS[(key, object_type)] = {str(value): str(label) for value, label in choices}


def choice_label(key: str, object_type: str, value: str) -> str:
    """The label of ``value``: the object type's own choices first, then the default ones."""
    labels = _LABELS.get((key, object_type)) or _LABELS.get((key, ""), {})
    return labels.get(value, value)
