"""What the form page shows: the framework's items with answers, evidence, points and totals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chiso.campaigns.form_input import fields_from_raw
from chiso.campaigns.models import Answer, Evidence, Form
from chiso.campaigns.services import form_framework
from chiso.scoring import AnswerError, UnitScore, score
from chiso.scoring.answers import declaration
from chiso.scoring.model import Criterion, Framework, Group, InputKind
from chiso.scoring.numbers import fmt_points

PROVISIONAL = (
    "Tạm tính: tiêu chí này so với đơn vị tốt nhất của cả đợt; khi chưa có số liệu các đơn vị "
    "khác, phiếu lấy chính đơn vị làm mốc."
)


@dataclass
class Item:
    """One criterion on the page; ``depth`` 0 for a criterion, 1+ for its sub-criteria."""

    criterion: Criterion
    depth: int
    answer: Answer | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def input_kind(self) -> str:
        return self.criterion.input.kind.value if self.criterion.input else ""

    @property
    def is_input(self) -> bool:
        return self.criterion.input is not None and self.criterion.input.kind != InputKind.POINTS

    @property
    def is_described(self) -> bool:
        """Scored by the appraisers (no value from the unit), but the unit still describes what
        it did in a note and attaches its evidence."""
        return self.criterion.input is not None and self.criterion.input.kind == InputKind.POINTS

    @property
    def options(self) -> list[tuple[str, str]]:
        rule = self.criterion.rule
        return [(o.value, o.label) for o in getattr(rule, "options", ())]


def input_criteria(framework: Framework) -> list[Criterion]:
    return [c for c in framework.leaves() if c.input and c.input.kind != InputKind.POINTS]


def page_items(form: Form, framework: Framework) -> list[tuple[Any, list[tuple[Any, list[Item]]]]]:
    answers = {a.criterion: a for a in form.answers.select_related("changed_by")}
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for e in form.evidence.filter(removed=False):
        evidence[e.criterion].append(e)
    sections = []
    for section in framework.sections:
        groups = []
        for group in section.groups:
            items = []
            for top in group.criteria:
                stack = [(top, 0)]
                while stack:
                    criterion, depth = stack.pop(0)
                    answer = answers.get(criterion.code)
                    item = Item(
                        criterion,
                        depth,
                        answer,
                        fields_from_raw(criterion, answer.value)
                        if answer and criterion.input
                        else {},
                        evidence.get(criterion.code, []),
                    )
                    items.append(item)
                    stack[0:0] = [(child, depth + 1) for child in criterion.children]
            groups.append((group, items))
        sections.append((section, groups))
    return sections


@dataclass
class Declaration:
    """A group the unit may declare không áp dụng: its header's box, reason and evidence."""

    group: Group
    answer: Answer | None = None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def reason(self) -> str:
        try:
            return (declaration(self.answer.value) if self.answer else None) or ""
        except ValueError:
            return ""

    @property
    def declared(self) -> bool:
        return bool(self.reason)


def group_declarations(form: Form, framework: Framework) -> dict[str, Declaration]:
    """Every group the framework lets the unit declare không áp dụng, by code."""
    codes = [g.code for g in framework.groups_by_code.values() if g.allow_unit_not_applicable]
    if not codes:
        return {}
    found = {code: Declaration(framework.groups_by_code[code]) for code in codes}
    for answer in form.answers.filter(criterion__in=codes).select_related("changed_by"):
        found[answer.criterion].answer = answer
    for e in form.evidence.filter(removed=False, criterion__in=codes):
        found[e.criterion].evidence.append(e)
    return found


@dataclass(frozen=True)
class Live:
    """The live figures: points of every criterion, group, section; level; progress."""

    score: UnitScore | None
    points: dict[str, str]
    answered: int
    total: int
    error: str = ""

    @property
    def provisional(self) -> tuple[str, ...]:
        return self.score.provisional if self.score else ()


def live_score(form: Form, answers: Iterable[Answer] | None = None) -> Live:
    """``answers``: every answer of the form, when the caller holds them (one read less)."""
    framework = form_framework(form)
    held = form.answers.all() if answers is None else answers
    answers_by_code = {a.criterion: a.value for a in held if a.value is not None}
    inputs = input_criteria(framework)
    answered = sum(1 for c in inputs if c.code in answers_by_code)
    try:
        result = score(
            framework,
            answers_by_code,
            unit=form.unit.code,
            complete=False,
            kind=form.unit.kind,
            tags=form.tags,
        )
    except AnswerError as error:
        return Live(None, {}, answered, len(inputs), "; ".join(str(p) for p in error.problems))
    points: dict[str, str] = {}
    for section in result.sections:
        points[section.section.code] = fmt_points(section.points)
        for group in section.groups:
            points[group.group.code] = fmt_points(group.points)
            for top in group.criteria:
                for found in top.walk():
                    points[found.criterion.code] = fmt_points(found.points)
    return Live(result, points, answered, len(inputs))
