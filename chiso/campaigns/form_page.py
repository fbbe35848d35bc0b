"""What the form page shows: the framework's items with answers, evidence, points and totals."""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chiso.campaigns.form_input import fields_from_raw
from chiso.campaigns.models import Answer, Evidence, Form
from chiso.campaigns.services import form_framework
from chiso.campaigns.summary import section_html
from chiso.scoring import AnswerError, UnitScore, reference
from chiso.scoring.answers import declaration
from chiso.scoring.model import Criterion, Framework, Group, InputKind
from chiso.scoring.numbers import fmt_points
from chiso.scoring.results import GroupScore, SectionScore

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


class _KeptGroup:
    """One group of one form's live score, with the inputs it was computed from."""

    __slots__ = ("framework", "inputs", "score", "missing", "provisional", "points")

    def __init__(
        self,
        framework: Framework,
        inputs: tuple[Any, ...],
        score: GroupScore,
        missing: list[str],
        provisional: list[str],
    ) -> None:
        self.framework = framework
        self.inputs = inputs
        self.score = score
        self.missing = missing
        self.provisional = provisional
        self.points = {score.group.code: fmt_points(score.points)}
        for top in score.criteria:
            for found in top.walk():
                self.points[found.criterion.code] = fmt_points(found.points)


class _Kept:
    """One section of one form's live score, made of its groups' kept scores."""

    __slots__ = ("groups", "score", "missing", "provisional", "points", "_html")

    def __init__(self, groups: list[_KeptGroup], score: SectionScore) -> None:
        self.groups = groups
        self.score = score
        self.missing = [code for g in groups for code in g.missing]
        self.provisional = [code for g in groups for code in g.provisional]
        self.points = {score.section.code: fmt_points(score.points)}
        for g in groups:
            self.points.update(g.points)
        self._html: str | None = None

    def html(self) -> str:
        if self._html is None:
            self._html = section_html(self.score)
        return self._html


@dataclass(frozen=True)
class Live:
    """The live figures: points of every criterion, group, section; level; progress."""

    score: UnitScore | None
    points: dict[str, str]
    answered: int
    total: int
    error: str = ""
    kept: tuple[_Kept, ...] = ()  # the sections as kept for the form (live_score)

    @property
    def provisional(self) -> tuple[str, ...]:
        return self.score.provisional if self.score else ()


# Each form's groups and sections as last scored in this process, with what they were scored
# from: a group is scored again only when one of its own inputs changed, a section when one of
# its groups was (issue 18, fifth round). Nothing is taken on trust: the inputs are the answers
# just read from the database (under the form's lock in the autosave), compared value by value
# (and type) with the kept ones; a group's score reads nothing else (reference.group_score), a
# section's nothing but its groups' scores (reference.section_score). Per process, bounded.
_KEPT_FORMS = 512
_Slots = list[tuple[list[_KeptGroup | None], list[_Kept | None]]]
_kept: OrderedDict[int, _Slots] = OrderedDict()
_kept_lock = threading.Lock()
_Plan = list[list[tuple[tuple[str, ...], frozenset[str]]]]
_plans: dict[int, tuple[Framework, _Plan, tuple[str, ...]]] = {}


def _plan(framework: Framework) -> tuple[_Plan, tuple[str, ...]]:
    """Each group's leaves (whose values it reads) and the codes a unit may declare không áp
    dụng in it (whose declarations it reads), section by section; and the codes of
    ``input_criteria``."""
    found = _plans.get(id(framework))
    if found is not None and found[0] is framework:
        return found[1], found[2]
    plan = []
    for section in framework.sections:
        groups = []
        for group in section.groups:
            leaves = tuple(c.code for c in group.leaves())
            declarable = {group.code} if group.allow_unit_not_applicable else set()
            declarable.update(
                c.code for top in group.criteria for c in top.walk() if c.allow_unit_not_applicable
            )
            groups.append((leaves, frozenset(declarable)))
        plan.append(groups)
    inputs = tuple(c.code for c in input_criteria(framework))
    if len(_plans) > 64:
        _plans.clear()
    _plans[id(framework)] = (framework, plan, inputs)
    return plan, inputs


def live_score(form: Form, answers: Iterable[Answer] | None = None) -> Live:
    """``answers``: every answer of the form, when the caller holds them (one read less).

    What ``score(framework, answers, complete=False, …)`` gives, group by group: a group whose
    inputs (its criteria's values, the unit's kind, tags and declarations in it) are the ones it
    was last scored from for this form is not scored again, nor a section none of whose groups
    was; the summary's part of a section is made again only with the section.
    """
    framework = form_framework(form)
    held = form.answers.all() if answers is None else answers
    answers_by_code = {a.criterion: a.value for a in held if a.value is not None}
    plan, inputs = _plan(framework)
    answered = sum(1 for code in inputs if code in answers_by_code)
    unit = form.unit
    try:
        parsed, who = reference.parse_unit(
            framework, answers_by_code, unit.code, False, unit.kind, form.tags
        )
        if parsed.problems:
            raise AnswerError(parsed.problems)
    except AnswerError as error:
        return Live(None, {}, answered, len(inputs), "; ".join(str(p) for p in error.problems))
    slots = _slots(form, plan)
    values, declared = parsed.values, parsed.declared
    missing: list[str] = []
    provisional: list[str] = []
    points: dict[str, str] = {}
    kept = []
    for index, (section, groups_plan) in enumerate(zip(framework.sections, plan, strict=True)):
        group_slots, section_slots = slots[index] if slots is not None else ([], [None])
        groups = []
        for at, (group, (leaves, declarable)) in enumerate(
            zip(section.groups, groups_plan, strict=True)
        ):
            read = tuple(values.get(code) for code in leaves)
            now = (
                who.kind,
                who.tags,
                tuple((code, why) for code, why in declared.items() if code in declarable),
                read,
                tuple(type(value) for value in read),
            )
            one = group_slots[at] if group_slots else None
            if one is None or one.framework is not framework or one.inputs != now:
                own_missing: list[str] = []
                own_provisional: list[str] = []
                scored = reference.group_score(
                    framework, group, values, None, who, own_missing, own_provisional
                )
                one = _KeptGroup(framework, now, scored, own_missing, own_provisional)
                if group_slots:
                    group_slots[at] = one
            groups.append(one)
        slot = section_slots[0]
        if (
            slot is None
            or len(slot.groups) != len(groups)
            or any(a is not b for a, b in zip(slot.groups, groups, strict=True))
        ):
            scores = tuple(g.score for g in groups)
            slot = _Kept(
                groups,
                reference.section_score(framework, section, values, None, who, [], [], scores),
            )
            section_slots[0] = slot
        missing += slot.missing
        provisional += slot.provisional
        points.update(slot.points)
        kept.append(slot)
    result = UnitScore(
        unit.code,
        framework,
        tuple(k.score for k in kept),
        tuple(missing),
        tuple(provisional),
    )
    return Live(result, points, answered, len(inputs), kept=tuple(kept))


def _slots(form: Form, plan: _Plan) -> _Slots | None:
    if form.pk is None:
        return None
    shape = [len(groups) for groups in plan]
    with _kept_lock:  # gthread workers: the order and the eviction are shared by the threads
        slots = _kept.get(form.pk)
        if slots is None or [len(g) for g, _ in slots] != shape:
            slots = [([None] * n, [None]) for n in shape]
            _kept[form.pk] = slots
            if len(_kept) > _KEPT_FORMS:
                _kept.popitem(last=False)
        else:
            _kept.move_to_end(form.pk)
    # Two threads saving the same form may both write a slot: each is checked against its
    # inputs before it is used, so either one is right for what it says it was made from.
    return slots
