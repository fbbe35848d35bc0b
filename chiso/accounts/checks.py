"""Deployment checks (``manage.py check --deploy``) for chiso's own settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

DEMO_ON_A_SERVER = Warning(
    "CHISO_DEMO is on: `chiso demo` may load accounts with a public password, and cookies are "
    "sent over plain HTTP unless CHISO_SECURE_COOKIES=1.",
    hint="Unset CHISO_DEMO on a real server; it is for `make run` on 127.0.0.1 only.",
    id="chiso.W001",
)


@register(Tags.security, deploy=True)
def demo_is_off(app_configs: Any, **kwargs: Any) -> list[Warning]:
    return [DEMO_ON_A_SERVER] if getattr(settings, "DEMO", False) else []
