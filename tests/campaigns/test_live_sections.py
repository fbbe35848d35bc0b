"""The live score kept section by section (form_page.live_score, issue 18 fifth round) is, after
any sequence of changes, what scoring the whole form again gives: points (in order), levels,
missing and provisional criteria, the summary's HTML."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from chiso.campaigns.form_page import Live, input_criteria, live_score
from chiso.campaigns.models import Answer, Form
from chiso.campaigns.services import form_framework
from chiso.campaigns.summary import summary_html
from chiso.scoring import AnswerError, score
from chiso.scoring.classify import level_names
from chiso.scoring.numbers import fmt_points
from chiso.scoring.results import (
    HEADROOM_SHOWN,
    CriterionScore,
    NextLevel,
    SectionScore,
    Shortfall,
)


def _whole(form: Form, answers: list[Answer]) -> Live:
    """live_score as it was: the whole form scored again."""
    framework = form_framework(form)
    by_code = {a.criterion: a.value for a in answers if a.value is not None}
    inputs = input_criteria(framework)
    answered = sum(1 for c in inputs if c.code in by_code)
    try:
        result = score(
            framework,
            by_code,
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


def _criterion(c: CriterionScore) -> tuple[Any, ...]:
    return (c.criterion.code, c.points, c.value, c.best, c.missing, c.not_applicable)


def _same(kept: Live, whole: Live) -> None:
    assert list(kept.points.items()) == list(whole.points.items())
    assert (kept.answered, kept.total, kept.error) == (whole.answered, whole.total, whole.error)
    assert summary_html(kept) == summary_html(whole)
    if whole.score is None:
        assert kept.score is None
        return
    assert kept.score is not None
    assert kept.score.missing == whole.score.missing
    assert kept.score.provisional == whole.score.provisional
    assert kept.score.unit == whole.score.unit and kept.score.total == whole.score.total
    for mine, theirs in zip(kept.score.sections, whole.score.sections, strict=True):
        assert (mine.points, mine.level_index, mine.scaling) == (
            theirs.points,
            theirs.level_index,
            theirs.scaling,
        )
        assert mine.next_level() == theirs.next_level()
        for g, h in zip(mine.groups, theirs.groups, strict=True):
            assert (g.points, g.not_applicable) == (h.points, h.not_applicable)
            assert [_criterion(c) for top in g.criteria for c in top.walk()] == [
                _criterion(c) for top in h.criteria for c in top.walk()
            ]


def test_the_sections_kept_are_the_whole_score_after_every_change(
    demo_world: list[str],
) -> None:
    forms = list(Form.objects.select_related("campaign", "unit", "framework"))
    answers = defaultdict(list)
    for answer in Answer.objects.filter(form__in=forms):
        answers[answer.form_id].append(answer)
    pool: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
    for form in forms:  # every value the demo has, by framework and criterion (or group)
        for answer in answers[form.pk]:
            pool[form.framework.sha256][answer.criterion].append(answer.value)
    for form in forms:  # the first scoring, then the same again: kept, and still the same
        for _ in range(2):
            _same(live_score(form, answers[form.pk]), _whole(form, answers[form.pk]))
    chosen = random.Random(18)  # noqa: S311 - reproducible choices, not secrets
    by_framework = {f.framework.sha256: f for f in forms if answers[f.pk]}
    changes = 0
    for form in by_framework.values():
        held = {a.criterion: a for a in answers[form.pk]}
        codes = sorted(pool[form.framework.sha256])
        for _ in range(60):
            code = chosen.choice(codes)
            value = chosen.choice([*pool[form.framework.sha256][code], None])
            held[code] = Answer(form=form, criterion=code, value=value)
            if chosen.random() < 0.1:  # two at once, in other sections maybe
                other = chosen.choice(codes)
                held[other] = Answer(form=form, criterion=other, value=None)
            now = list(held.values())
            _same(live_score(form, now), _whole(form, now))
            changes += 1
        # A value the framework refuses: the error, then back to a score.
        bad = list(held.values()) + [Answer(form=form, criterion="NO.SUCH", value=1)]
        _same(live_score(form, bad), _whole(form, bad))
        _same(live_score(form, list(held.values())), _whole(form, list(held.values())))
    assert len(by_framework) >= 2 and changes >= 120  # 2019 and 2026 frameworks


def test_a_kept_section_is_not_used_for_another_unit_kind_or_tags(demo_world: list[str]) -> None:
    form = Form.objects.select_related("campaign", "unit", "framework").exclude(answered=0)[0]
    answers = list(form.answers.all())
    _same(live_score(form, answers), _whole(form, answers))
    framework = form_framework(form)
    tags = sorted(framework.tag_names)
    if tags:
        form.tags = tags[:1]
        _same(live_score(form, answers), _whole(form, answers))
        form.tags = []
        _same(live_score(form, answers), _whole(form, answers))
    unsaved = Form(campaign=form.campaign, unit=form.unit, framework=form.framework)
    _same(live_score(unsaved, answers), _whole(unsaved, answers))


def _next_level_as_it_was(s: SectionScore) -> NextLevel | None:
    """SectionScore.next_level before its criteria were sorted once for every condition."""
    names = level_names(s.section)
    if s.level_index == 0:
        return None
    target = len(names) - 1 if s.level_index is None else s.level_index - 1
    shortfalls = []
    unmet = [check for check in s.checks(target) if not check.met]
    rooms_of = [[(c, s.room(g, c)) for c in g.criteria] for g in s.groups] if unmet else []
    for check in unmet:
        rooms = [
            cr
            for g, group_rooms in zip(s.groups, rooms_of, strict=True)
            if check.code in (s.section.code, g.group.code)
            for cr in group_rooms
        ]
        room = sorted(
            ((c, r) for c, r in rooms if r > 0),
            key=lambda cr: (-cr[1], cr[0].criterion.code),
        )[:HEADROOM_SHOWN]
        shortfalls.append(
            Shortfall(check, tuple((c.criterion.code, c.criterion.name, r) for c, r in room))
        )
    return NextLevel(names[target], tuple(shortfalls))


def test_the_next_level_sorted_once_is_the_one_sorted_for_each_condition(
    demo_world: list[str],
) -> None:
    compared = shortfalls = 0
    for form in Form.objects.select_related("campaign", "unit", "framework"):
        for answers in (list(form.answers.all()), []):  # as filled, and empty (most unmet)
            live = live_score(form, answers)
            assert live.score is not None
            for section in live.score.sections:
                expected = _next_level_as_it_was(section)
                assert section.next_level() == expected
                compared += 1
                shortfalls += len(expected.shortfalls) if expected else 0
    assert compared > 20 and shortfalls > compared  # several conditions unmet in a section
