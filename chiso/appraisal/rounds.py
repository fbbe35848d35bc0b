"""Submission rounds: what the unit sent each time, and what changed since the last time."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Max

from chiso.appraisal.models import Round, Verification
from chiso.campaigns.models import Form
from chiso.campaigns.services import form_audit


def form_snapshot(form: Form) -> dict[str, dict[str, Any]]:
    """``{criterion: {"value", "note", "files"}}`` for every criterion with something in it."""
    files: dict[str, list[str]] = defaultdict(list)
    for criterion, sha in form.evidence.filter(removed=False).values_list("criterion", "sha256"):
        files[criterion].append(sha)
    snapshot: dict[str, dict[str, Any]] = {}
    for answer in form.answers.all():
        if answer.value is None and not answer.note:
            continue
        snapshot[answer.criterion] = {"value": answer.value, "note": answer.note, "files": []}
    for criterion, shas in files.items():
        snapshot.setdefault(criterion, {"value": None, "note": "", "files": []})
        snapshot[criterion]["files"] = sorted(shas)
    return snapshot


def changed_criteria(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """Criteria whose value, note or files differ between two snapshots."""
    return {code for code in before.keys() | after.keys() if before.get(code) != after.get(code)}


def round_record(*, actor: Any, form: Form) -> Round:
    """Called by the submission service: keep what was sent as a new round.

    On a resubmission the appraisers' decisions on the criteria the unit changed no longer
    hold: they are cleared (the caller's audit entry lists them) so those criteria are
    appraised again.
    """
    last = form.rounds.order_by("-number").first()
    if form.submitted_at is None:  # the submission service sets it before calling this
        raise ValueError("round_record: the form has no submission time")
    snapshot = form_snapshot(form)
    number = (form.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    current = Round.objects.create(
        form=form,
        number=number,
        submitted_at=form.submitted_at,
        submitted_by=actor,
        snapshot=snapshot,
    )
    if last is not None and last.returned_at is not None:
        changed = changed_criteria(last.snapshot, snapshot)
        cleared = Verification.objects.filter(form=form, criterion__in=changed)
        codes = sorted(cleared.values_list("criterion", flat=True))
        if codes:
            cleared.delete()
            form_audit(
                actor=actor,
                action="appraisal.reset",
                form=form,
                changes={"criteria": codes, "round": number},
                object_repr=f"{form.unit.name}: thẩm định lại các tiêu chí đơn vị đã sửa",
            )
    return current


def round_discard(*, actor: Any, form: Form) -> None:
    """Called by the withdrawal service: a withdrawn submission was never appraised, so it is
    not a round."""
    last = form.rounds.order_by("-number").first()
    if last is not None and last.returned_at is None:
        last.delete()


def round_changes(form: Form) -> set[str] | None:
    """Criteria changed in the latest round against the one before; None in the first round."""
    rounds = list(form.rounds.order_by("-number")[:2])
    if len(rounds) < 2:
        return None
    return changed_criteria(rounds[1].snapshot, rounds[0].snapshot)
