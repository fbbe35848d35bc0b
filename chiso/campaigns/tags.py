"""Unit tags: which of the framework's tags each unit carries in a campaign.

A framework may declare tags (``tags:`` in its file, e.g. ``kinh-te-so``, "có nhiệm vụ phát
triển kinh tế số") and make a group or criterion apply only to units with or without one
(``applies_to: {tags: …}`` / ``{without_tags: …}``; Hà Nội QĐ 5279/QĐ-UBND assesses only the sở
with a digital-economy task on the kinh tế số index). A tag can change from one year to the
next, so it is kept on the campaign's form (``Form.tags``), set here by the province
administrator, and every place that scores a form passes it to the core.

Tags may change until the campaign's results are approved: every score is computed on read, so
the unit's page, the appraisal, the draft results and the API follow at once; a submitted form
keeps its answers (a criterion made applicable that the unit left blank scores 0, and the
appraiser may return the form). Once approved, the figures are the decided ones and the tags
are fixed with them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from chiso.accounts.policy import Action, require
from chiso.campaigns.models import Campaign, CampaignStatus, Form
from chiso.campaigns.services import StaleEdit, form_audit, form_framework
from chiso.scoring.model import Criterion, Framework, Group

APPROVED = (
    "Kết quả của đợt đã được phê duyệt: không đổi nhãn đơn vị được nữa (nhãn quyết định tiêu chí "
    "nào áp dụng, tức là quyết định điểm đã phê duyệt)."
)
NOT_OPEN = "Đợt chưa mở: chưa có phiếu nào để gắn nhãn."
NOT_IN_CAMPAIGN = "Phiếu số {id} không thuộc đợt đánh giá này."
NO_CHANGES = "Chưa có thay đổi nào về nhãn."
TAG_UNKNOWN = "{unit}: nhãn «{tag}» không có trong bộ tiêu chí «{framework}» (có: {known})."
TAG_STALE = (
    "{unit}: nhãn đã được đổi kể từ khi bạn mở trang (hiện nay: {current}); hãy tải lại trang "
    "rồi chọn lại."
)
NONE = "không có"


@dataclass(frozen=True, slots=True)
class TagsChange:
    """The tags one form should carry; ``expected_version`` is the ``tags_version`` seen."""

    form_id: int
    tags: Collection[str]
    expected_version: int


def tag_labels(framework: Framework, tags: Iterable[str]) -> list[str]:
    """The tags' names, in the framework's order ("có nhiệm vụ phát triển kinh tế số")."""
    names = framework.tag_names
    chosen = set(tags)
    return [names[t.code] for t in framework.tags if t.code in chosen]


def _shown(framework: Framework, tags: Iterable[str]) -> str:
    return ", ".join(f"«{name}»" for name in tag_labels(framework, tags)) or NONE


def _ordered(framework: Framework, tags: Collection[str]) -> list[str]:
    return [t.code for t in framework.tags if t.code in tags]


@transaction.atomic
def form_tags_set(*, actor: Any, campaign: Campaign, changes: Sequence[TagsChange]) -> list[Form]:
    """Set the tags of one or several forms of ``campaign``, all or nothing; returns the forms
    whose tags changed (each audited, its ``tags_version`` and ``version`` bumped: the form's
    scores change with it). Unchanged forms are left alone."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.APPROVED:
        require(actor, Action.FORM_TAGS_SET, campaign)
        raise ValidationError(APPROVED)
    if campaign.status == CampaignStatus.DRAFT:
        raise ValidationError(NOT_OPEN)
    wanted = {c.form_id: c for c in changes}
    forms = {
        f.pk: f
        for f in Form.objects.select_for_update()
        .filter(pk__in=wanted)
        .select_related("unit", "campaign", "framework")
    }
    problems: list[str] = []
    stale: list[str] = []
    planned: list[tuple[Form, list[str]]] = []
    for form_id, change in wanted.items():
        form = forms.get(form_id)
        if form is None or form.campaign_id != campaign.pk:
            raise ValidationError(NOT_IN_CAMPAIGN.format(id=form_id))
        require(actor, Action.FORM_TAGS_SET, form)
        framework = form_framework(form)
        known = framework.tag_names
        unknown = sorted(set(change.tags) - set(known))
        for tag in unknown:
            problems.append(
                TAG_UNKNOWN.format(
                    unit=form.unit.name,
                    tag=tag,
                    framework=framework.name,
                    known=", ".join(known) or NONE,
                )
            )
        if unknown:
            continue
        new = _ordered(framework, set(change.tags))
        if new == list(form.tags):
            continue
        if form.tags_version != change.expected_version:
            stale.append(
                TAG_STALE.format(unit=form.unit.name, current=_shown(framework, form.tags))
            )
            continue
        planned.append((form, new))
    if problems:
        raise ValidationError({"tags": problems})
    if stale:
        raise StaleEdit(" ".join(stale))
    for form, new in planned:
        old = list(form.tags)
        form.tags = new
        form.tags_version += 1
        form.version += 1  # the form's figures change: a page opened before is stale
        form.save(update_fields=["tags", "tags_version", "version"])
        form_audit(
            actor=actor,
            action="forms.tags",
            form=form,
            object_repr=form.unit.name,
            changes={"tags": [old, new], "status": form.status},
        )
    return [form for form, _ in planned]


def not_applicable_by_framework(form: Form, framework: Framework) -> dict[str, str]:
    """Code → why the framework makes it not applicable to this form's unit (by its kind and
    tags), for every group and criterion, a criterion inside a not-applicable group included."""
    from chiso.scoring import applicability

    unit = applicability.Unit(form.unit.kind, frozenset(form.tags))
    names = framework.tag_names
    found: dict[str, str] = {}

    def walk(item: Group | Criterion, inherited: str) -> None:
        why = unit.reason(item, names) if item.applies_to is not None else ""
        why = why or inherited
        if why:
            found[item.code] = why
        children = item.criteria if isinstance(item, Group) else item.children
        for child in children:
            walk(child, why)

    for section in framework.sections:
        for group in section.groups:
            walk(group, "")
    return found
