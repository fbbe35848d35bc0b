"""Reads of the shipped frameworks, shaped for display.

``shipped_registry`` loads ``chiso/data/frameworks/`` once per process; a restart picks up
changed files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chiso.posted import whole
from chiso.scoring import shipped_registry

if TYPE_CHECKING:
    from chiso.accounts.policy import Target
    from chiso.frameworks.models import FrameworkVersion
    from chiso.scoring import Criterion, Framework, Group, Section


@dataclass(frozen=True, slots=True)
class CriterionRow:
    """One line of the criteria table: a criterion at its depth (0 = tiêu chí, 1+ = ý con)."""

    criterion: Criterion
    depth: int
    rule_text: str


@dataclass(frozen=True, slots=True)
class GroupOutline:
    group: Group
    rows: tuple[CriterionRow, ...]


@dataclass(frozen=True, slots=True)
class SectionOutline:
    section: Section
    groups: tuple[GroupOutline, ...]


@dataclass(frozen=True, slots=True)
class FrameworkOutline:
    framework: Framework
    sections: tuple[SectionOutline, ...]


def framework_list() -> list[Framework]:
    """Every shipped framework, sorted by code."""
    return list(shipped_registry().all())


def framework_outline(*, code: str) -> FrameworkOutline:
    """The framework's tree flattened to table rows; ``KeyError`` for an unknown code."""
    return outline_of(shipped_registry().get(code))


def outline_of(framework: Framework) -> FrameworkOutline:
    """Any framework (a shipped one, or one frozen in a campaign) as table rows."""
    return FrameworkOutline(
        framework=framework,
        sections=tuple(
            SectionOutline(
                section=section,
                groups=tuple(
                    GroupOutline(group=group, rows=tuple(_rows(group.criteria, depth=0)))
                    for group in section.groups
                ),
            )
            for section in framework.sections
        ),
    )


def _rows(criteria: tuple[Criterion, ...], *, depth: int) -> list[CriterionRow]:
    rows = []
    for criterion in criteria:
        rows.append(CriterionRow(criterion, depth, criterion.rule.describe(criterion)))
        rows.extend(_rows(criterion.children, depth=depth + 1))
    return rows


# -- the province's own versions (database) -----------------------------------------------------
def province_versions(*, province: Target) -> list[FrameworkVersion]:
    """Every stored version of the province's frameworks, by code then newest first."""
    from chiso.frameworks.models import FrameworkVersion

    return list(
        FrameworkVersion.objects.filter(era=province.era, province_code=province.province_code)
        .select_related("created_by", "published_by")
        .order_by("code", "-version")
    )


def published_version(*, ref: str, province: Target | None = None) -> FrameworkVersion | None:
    """The published version named ``code@N``, or the newest published one of ``code``."""
    from chiso.frameworks.models import FrameworkVersion, VersionStatus

    code, _, number = ref.partition("@")
    rows = FrameworkVersion.objects.filter(code=code, status=VersionStatus.PUBLISHED)
    if province is not None:
        rows = rows.filter(era=province.era, province_code=province.province_code)
    if number:
        wanted = whole(number)
        if wanted is None:
            return None
        rows = rows.filter(version=wanted)
    return rows.order_by("-version").first()


def version_by_ref(ref: str) -> FrameworkVersion | None:
    """Any stored version, ``code@N`` or ``code`` (the newest, draft or published)."""
    from chiso.frameworks.models import FrameworkVersion

    code, _, number = ref.partition("@")
    rows = FrameworkVersion.objects.filter(code=code)
    if number:
        wanted = whole(number)
        if wanted is None:
            return None
        rows = rows.filter(version=wanted)
    return rows.order_by("-version").first()


def manages_frameworks(user: Any) -> bool:
    """Whether the user administers a province's frameworks (for the link to them)."""
    from chiso.accounts.models import Role
    from chiso.accounts.policy import grants_of

    return any(g.role == Role.PROVINCE_ADMIN for g in grants_of(user).grants)


def crosswalk_links(
    target: Target, old: tuple[str, str], new: tuple[str, str]
) -> tuple[Any, ...] | None:
    """The confirmed crosswalk's links from framework ``old`` to ``new`` ((code, version) each)
    in the province, or None when none was confirmed."""
    from chiso.frameworks.crosswalk import links_from_data
    from chiso.frameworks.models import FrameworkCrosswalk

    row = FrameworkCrosswalk.objects.filter(
        era=target.era,
        province_code=target.province_code,
        old_code=old[0],
        old_version=old[1],
        new_code=new[0],
        new_version=new[1],
    ).first()
    return None if row is None else links_from_data(row.links)
