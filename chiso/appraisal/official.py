"""The verified (official) figures of a form, next to the unit's own, through the scoring core.

The official value of a criterion is the appraiser's value when adjusted, else the unit's value
when accepted (or not yet decided: the verified figure is then provisional). Criteria scored by
the appraisers (``points``) have only the appraiser's value.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction

from chiso.appraisal.models import Verification, VerificationState
from chiso.campaigns.models import Form
from chiso.campaigns.services import form_answers, form_framework
from chiso.scoring import AnswerError, UnitScore, score
from chiso.scoring.model import Criterion, Framework, InputKind
from chiso.scoring.numbers import fmt_points


def input_leaves(framework: Framework) -> list[Criterion]:
    return [c for c in framework.leaves() if c.input is not None]


def decisions(form: Form) -> dict[str, Verification]:
    """The appraisers' decisions by criterion (uses ``prefetch_related("verifications")``)."""
    return {v.criterion: v for v in form.verifications.all()}


def official_values(
    framework: Framework, answers: Mapping[str, object], verified: Mapping[str, Verification]
) -> dict[str, object]:
    values: dict[str, object] = {}
    for c in input_leaves(framework):
        v = verified.get(c.code)
        if v is not None and v.state == VerificationState.ADJUSTED:
            values[c.code] = v.value
        elif c.input is not None and c.input.kind == InputKind.POINTS:
            continue
        elif answers.get(c.code) is not None:
            values[c.code] = answers[c.code]
    values.update(accepted_declarations(framework, answers, verified))
    return {code: value for code, value in values.items() if value is not None}


def accepted_declarations(
    framework: Framework, answers: Mapping[str, object], verified: Mapping[str, Verification]
) -> dict[str, object]:
    """The unit's không áp dụng declarations of whole groups that the appraisers have not
    rejected (accepted, or not yet decided: provisional). A rejected group is scored normally,
    from its criteria's kept answers."""
    found: dict[str, object] = {}
    for group in framework.groups_by_code.values():
        v = verified.get(group.code)
        raw = answers.get(group.code)
        if not group.allow_unit_not_applicable or raw is None:
            continue
        if v is None or v.state != VerificationState.ADJUSTED:
            found[group.code] = raw
    return found


def pending_criteria(form: Form, framework: Framework) -> list[Criterion]:
    """What the appraiser still has to decide; never what the framework makes not applicable to
    the unit (by its kind or tags: nothing to verify there)."""
    decided = set(form.verifications.values_list("criterion", flat=True))
    return [c for c in appraised_leaves(form, framework) if c.code not in decided]


def appraised_leaves(form: Form, framework: Framework) -> list[Criterion]:
    from chiso.campaigns.tags import not_applicable_by_framework

    excused = not_applicable_by_framework(form, framework)
    return [c for c in input_leaves(framework) if c.code not in excused]


def _score(
    framework: Framework,
    values: Mapping[str, object],
    unit: str,
    kind: str = "",
    tags: Collection[str] = (),
) -> UnitScore | None:
    try:
        return score(framework, values, unit=unit, complete=False, kind=kind, tags=tags)
    except AnswerError:
        return None


def verified_score(form: Form, framework: Framework | None = None) -> UnitScore | None:
    framework = framework or form_framework(form)
    values = official_values(framework, form_answers(form), decisions(form))
    return _score(framework, values, form.unit.code, form.unit.kind, form.tags)


def _points(result: UnitScore | None) -> dict[str, Fraction]:
    points: dict[str, Fraction] = {}
    if result is None:
        return points
    points["total"] = result.total
    for section in result.sections:
        points[section.section.code] = section.points
        for group in section.groups:
            points[group.group.code] = group.points
            for top in group.criteria:
                for found in top.walk():
                    points[found.criterion.code] = found.points
    return points


@dataclass(frozen=True)
class SideBySide:
    """Self-assessed and verified points of every criterion, group, section and the total."""

    own: UnitScore | None
    verified: UnitScore | None
    own_points: dict[str, Fraction]
    verified_points: dict[str, Fraction]
    decided: int
    total: int

    def shown(self, code: str) -> tuple[str, str, str]:
        """(self, verified, gap) as text with a decimal comma; gap is verified minus self."""
        own = self.own_points.get(code)
        verified = self.verified_points.get(code)
        gap = (
            ""
            if own is None or verified is None or own == verified
            else (("+" if verified > own else "") + fmt_points(verified - own))
        )
        return (
            fmt_points(own) if own is not None else "",
            fmt_points(verified) if verified is not None else "",
            gap,
        )

    @property
    def not_applicable(self) -> dict[str, str]:
        """Why each criterion or group does not apply, as the verified figures have it."""
        result = self.verified or self.own
        found: dict[str, str] = {}
        if result is None:
            return found
        for section in result.sections:
            for group in section.groups:
                if group.not_applicable:
                    found[group.group.code] = group.not_applicable
                for top in group.criteria:
                    for item in top.walk():
                        if item.not_applicable:
                            found[item.criterion.code] = item.not_applicable
        return found

    @property
    def gap(self) -> Fraction:
        return self.verified_points.get("total", Fraction(0)) - self.own_points.get(
            "total", Fraction(0)
        )


def side_by_side(form: Form, framework: Framework | None = None) -> SideBySide:
    framework = framework or form_framework(form)
    answers = form_answers(form)
    verified = decisions(form)
    own = _score(framework, answers, form.unit.code, form.unit.kind, form.tags)
    official = _score(
        framework,
        official_values(framework, answers, verified),
        form.unit.code,
        form.unit.kind,
        form.tags,
    )
    leaves = appraised_leaves(form, framework)
    return SideBySide(
        own,
        official,
        _points(own),
        _points(official),
        sum(1 for c in leaves if c.code in verified),
        len(leaves),
    )
