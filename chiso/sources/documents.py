"""Where each value of a unit's report came from, as plain data for ``results.documents``.

The declared source of each criterion is read from the campaign's frozen framework (never from
the published snapshot, whose content and checksum stay as they were). Whether the appraiser took
the verified value from the agency or from a measurement is read from the verification: it is an
ordinary adjustment (``_beside.html``) whose value equals the agency's value or the latest
measurement.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from chiso.appraisal.models import Verification, VerificationState
from chiso.campaigns.frozen import frozen_framework
from chiso.campaigns.models import Campaign
from chiso.scoring.model import Criterion, InputKind, ValueSource
from chiso.sources.models import ProvidedValue
from chiso.sources.selectors import latest_measurements

Data = dict[str, Any]
TAKEN_AGENCY = "thẩm định lấy số liệu của {agency}"
TAKEN_MEASURED = "thẩm định lấy kết quả đo tự động lúc {at}"


def source_text(criterion: Criterion) -> str:
    """How the form names a criterion's source: "đơn vị tự đánh giá", "đo tự động
    (portal.sections)"… Points the appraisers give (input ``points``) are theirs, whatever the
    framework leaves as its default."""
    source = criterion.source
    kind = criterion.input.kind if criterion.input is not None else None
    if source is ValueSource.UNIT and kind is InputKind.POINTS:
        source = ValueSource.APPRAISER
    text = source.label_vi
    if source is ValueSource.MEASURED and criterion.measure is not None:
        text += f" ({criterion.measure})"
    return text


def _declared(campaign: Campaign) -> dict[str, dict[str, str]]:
    """{level: {criterion: its source}} for every criterion a unit or another source fills in."""
    found = {}
    for cf in campaign.frameworks.all():
        if not cf.sha256:  # not frozen: no results to show
            continue
        framework = frozen_framework(cf.framework_code, cf.sha256, cf.sources)
        found[str(cf.level)] = {
            c.code: source_text(c) for c in framework.leaves() if c.input is not None
        }
    return found


def _taken(campaign: Campaign, unit_code: str) -> dict[str, dict[str, str]]:
    """{level: {criterion: note}} for the unit's verified values taken from another source."""
    found: dict[str, dict[str, str]] = {}
    forms = campaign.forms.filter(unit__code=unit_code).select_related("framework")
    for form in forms:
        adjusted = {
            v.criterion: v.value
            for v in Verification.objects.filter(form=form, state=VerificationState.ADJUSTED)
            if v.value is not None
        }
        if not adjusted:
            continue
        notes: dict[str, str] = {}
        provided = ProvidedValue.objects.filter(
            assignment__campaign_id=campaign.pk,
            assignment__level=form.framework.level,
            unit_id=form.unit_id,
            assignment__criterion__in=list(adjusted),
        ).select_related("assignment__agency")
        for p in provided:
            if p.value is not None and p.value == adjusted[p.assignment.criterion]:
                notes[p.assignment.criterion] = TAKEN_AGENCY.format(agency=p.assignment.agency.name)
        for (_, code), m in latest_measurements(campaign.pk, [form.unit_id]).items():
            if code in adjusted and code not in notes and m.value == adjusted[code]:
                at = timezone.localtime(m.measured_at).strftime("%H:%M %d/%m/%Y")
                notes[code] = TAKEN_MEASURED.format(at=at)
        found[str(form.framework.level)] = notes
    return found


def document_sources(campaign: Campaign, unit_code: str) -> Data:
    """``results.documents.result_set``'s ``sources`` for one unit's report."""
    taken = _taken(campaign, unit_code)
    return {
        level: {"declared": declared, "taken": {unit_code: taken.get(level, {})}}
        for level, declared in _declared(campaign).items()
    }
