"""Fetch an assignment or a kept file and check the person's right to it in one call."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from chiso.accounts.policy import HIDDEN_MESSAGE, Action, Target, require
from chiso.sources.models import Measurement, ProvidedEvidence, ProviderAssignment, VisitEvidence


def assignment_get_for_user(user: Any, pk: int) -> ProviderAssignment:
    """The agency's officers and the department see an assignment; nobody else learns of it."""
    assignment = (
        ProviderAssignment.objects.select_related("campaign", "campaign__province", "agency")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404(HIDDEN_MESSAGE)
    require(user, Action.UNIT_VIEW, assignment)
    return assignment


def provided_evidence_get_for_user(user: Any, pk: int) -> ProvidedEvidence:
    evidence = ProvidedEvidence.objects.select_related("assignment").filter(pk=pk).first()
    if evidence is None:
        raise Http404(HIDDEN_MESSAGE)
    assignment_get_for_user(user, evidence.assignment_id)
    return evidence


def visit_evidence_get_for_user(user: Any, pk: int) -> VisitEvidence:
    """Photos and minutes of a visit: whoever may see the unit's form."""
    evidence = (
        VisitEvidence.objects.select_related(
            "visit__form", "visit__form__unit", "visit__form__campaign"
        )
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404(HIDDEN_MESSAGE)
    require(user, Action.FORM_VIEW, evidence.visit.form)
    return evidence


def measurement_get_for_user(user: Any, pk: int) -> Measurement:
    m = Measurement.objects.select_related("unit").filter(pk=pk).first()
    if m is None:
        raise Http404(HIDDEN_MESSAGE)
    target = Target(era=m.unit.era, province_code=m.unit.province_code, unit_id=m.unit_id)
    require(user, Action.FORM_VIEW, target)
    return m
