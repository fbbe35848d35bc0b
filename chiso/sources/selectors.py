"""What the other sources say about a form's criteria, for the review screen, the form, the API."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from chiso.campaigns.form_input import fields_from_raw
from chiso.campaigns.models import Form
from chiso.scoring.model import Criterion, Framework, ValueSource
from chiso.scoring.numbers import fmt_percent
from chiso.scoring.sources import differs, tolerance_of
from chiso.sources.models import FieldVisit, Measurement, ProvidedValue, ProviderAssignment

DIFFERS = "Chênh lệch với số liệu đơn vị vượt ngưỡng {tolerance}"


@dataclass
class Beside:
    """The other sources of one criterion of one form."""

    criterion: Criterion
    assignment: ProviderAssignment | None = None
    provided: ProvidedValue | None = None
    measurement: Measurement | None = None
    visits: list[FieldVisit] = field(default_factory=list)
    provided_differs: bool = False
    measured_differs: bool = False

    @property
    def source_label(self) -> str:
        return self.criterion.source.label_vi

    @property
    def provided_fields(self) -> dict[str, Any]:
        return fields_from_raw(self.criterion, self.provided.value) if self.provided else {}

    @property
    def measured_fields(self) -> dict[str, Any]:
        m = self.measurement
        return fields_from_raw(self.criterion, m.value) if m is not None else {}

    @property
    def tolerance_text(self) -> str:
        share = tolerance_of(self.criterion)
        return fmt_percent(share) if share else "0 (mọi khác biệt)"


def latest_measurements(
    campaign_id: int, unit_ids: list[int]
) -> dict[tuple[int, str], Measurement]:
    """The latest measurement per (unit, criterion)."""
    latest: dict[tuple[int, str], Measurement] = {}
    rows = Measurement.objects.filter(campaign_id=campaign_id, unit_id__in=unit_ids).order_by(
        "unit_id", "criterion", "-measured_at", "-pk"
    )
    for m in rows:
        latest.setdefault((m.unit_id, m.criterion), m)
    return latest


def sources_beside(form: Form, framework: Framework) -> dict[str, Beside]:
    """For each criterion that has another source (declared, assigned, measured or visited):
    what it says, and whether it departs from the unit's answer beyond the tolerance."""
    answers = {a.criterion: a.value for a in form.answers.all()}
    provided = {
        v.assignment.criterion: v
        for v in ProvidedValue.objects.filter(
            assignment__campaign_id=form.campaign_id,
            assignment__level=form.framework.level,
            unit_id=form.unit_id,
        ).select_related("assignment", "assignment__agency", "changed_by")
    }
    assignments = {
        a.criterion: a
        for a in ProviderAssignment.objects.filter(
            campaign_id=form.campaign_id, level=form.framework.level
        ).select_related("agency")
    }
    measured = latest_measurements(form.campaign_id, [form.unit_id])
    visits: dict[str, list[FieldVisit]] = defaultdict(list)
    for visit in form.field_visits.prefetch_related("evidence").select_related("recorded_by"):
        for code in visit.criteria:
            visits[code].append(visit)
    found: dict[str, Beside] = {}
    for item in framework.leaves():
        code = item.code
        if item.input is None:
            continue
        b = Beside(
            item,
            assignments.get(code),
            provided.get(code),
            measured.get((form.unit_id, code)),
            visits.get(code, []),
        )
        if item.source is ValueSource.UNIT and not (b.assignment or b.measurement or b.visits):
            continue
        ours = answers.get(code)
        if ours is None:  # nothing to compare with: the unit has not answered
            found[code] = b
            continue
        if b.provided is not None and b.provided.value is not None:
            b.provided_differs = differs(item, ours, b.provided.value)
        if b.measurement is not None and b.measurement.value is not None:
            b.measured_differs = differs(item, ours, b.measurement.value)
        found[code] = b
    return found


def other_sources(beside: Beside | None) -> list[dict[str, Any]]:
    """The other sources of one criterion as the API gives them."""
    if beside is None:
        return []
    found = []
    if beside.assignment is not None:
        p = beside.provided
        found.append(
            {
                "source": "agency",
                "by": beside.assignment.agency.name,
                "value": p.value if p else None,
                "at": p.changed_at if p else None,
                "differs": beside.provided_differs,
                "detail": p.note if p else "",
            }
        )
    m = beside.measurement
    if m is not None:
        found.append(
            {
                "source": "measured",
                "by": f"{m.connector}.{m.what}",
                "value": m.value,
                "at": m.measured_at,
                "differs": beside.measured_differs,
                "detail": m.detail,
            }
        )
    return found
