"""Fetch a stored framework version and check the one policy in one call."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from chiso.accounts.models import Role
from chiso.accounts.policy import HIDDEN_MESSAGE, Action, Target, grants_of, require
from chiso.frameworks.models import FrameworkVersion


def version_get_for_user(user: Any, pk: int) -> FrameworkVersion:
    """The version, if the user manages its province's frameworks (drafts are not public)."""
    version = FrameworkVersion.objects.filter(pk=pk).first()
    if version is None:
        raise Http404(HIDDEN_MESSAGE)
    require(user, Action.FRAMEWORK_MANAGE, version)
    return version


def province_for_user(user: Any, chosen: str = "") -> Target:
    """The province whose frameworks the user manages: the one they administer, or for the
    system administrator the one named ``era-code`` (e.g. ``2019-67``)."""
    grants = grants_of(user)
    if chosen and "-" in chosen:
        era, _, code = chosen.partition("-")
        target = Target(era=era, province_code=code)
        require(user, Action.FRAMEWORK_MANAGE, target)
        return target
    for grant in grants.grants:
        if grant.role == Role.PROVINCE_ADMIN:
            return Target(era=grant.era, province_code=grant.province_code)
    raise Http404(HIDDEN_MESSAGE)
