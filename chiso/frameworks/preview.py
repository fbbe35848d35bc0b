"""A stored version seen as units will see it (the real form template, read-only), and the
scoring sandbox: sample answers kept in the session, scored by the core as a unit's would be."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chiso.campaigns.form_input import fields_from_raw, raw_from_post
from chiso.campaigns.form_page import Item
from chiso.scoring import AnswerError, Framework, UnitScore, score

NA_REASON = "Khai «không áp dụng» cần ghi lý do."
UNKNOWN_CODE = "Không có tiêu chí «{code}»."


@dataclass(frozen=True, slots=True)
class PreviewForm:
    """What the unit's criterion template reads of a form: only its key, for the URLs of the
    (disabled) save and evidence forms, which the preview never submits."""

    pk: int = 0


def preview_sections(
    framework: Framework, answers: Mapping[str, Any] | None = None
) -> list[tuple[Any, list[tuple[Any, list[Item]]]]]:
    """The page's sections > groups > items, as ``campaigns.form_page.page_items`` gives them."""
    answers = answers or {}
    sections = []
    for section in framework.sections:
        groups = []
        for group in section.groups:
            items: list[Item] = []
            stack = [(c, 0) for c in group.criteria]
            while stack:
                criterion, depth = stack.pop(0)
                raw = answers.get(criterion.code)
                fields = (
                    fields_from_raw(criterion, raw) if criterion.input and raw is not None else {}
                )
                items.append(Item(criterion, depth, None, fields, []))
                stack[0:0] = [(child, depth + 1) for child in criterion.children]
            groups.append((group, items))
        sections.append((section, groups))
    return sections


def sandbox_update(
    framework: Framework, state: dict[str, Any], post: Mapping[str, str]
) -> dict[str, Any]:
    """The sandbox state after one change: the unit's kind and tags, one answer, or one
    «không áp dụng» declaration. ``ValueError`` (Vietnamese) for a half-typed answer."""
    state = {
        "answers": dict(state.get("answers") or {}),
        "kind": state.get("kind", ""),
        "tags": list(state.get("tags") or []),
    }
    if "kind" in post:
        state["kind"] = post.get("kind", "")
        state["tags"] = [t for t in post.getlist("tags")] if hasattr(post, "getlist") else []
        return state
    code = post.get("code", "")
    answers = state["answers"]
    if post.get("na"):
        reason = post.get("reason", "").strip()
        if not reason:
            raise ValueError(NA_REASON)
        answers[code] = {"not_applicable": True, "reason": reason}
        return state
    if isinstance(answers.get(code), dict) and answers[code].get("not_applicable"):
        answers.pop(code)  # the declaration was withdrawn
    criterion = framework.criteria_by_code.get(code)
    if criterion is None:
        if code in framework.groups_by_code:
            return state
        raise ValueError(UNKNOWN_CODE.format(code=code))
    if criterion.input is None:
        return state
    raw = raw_from_post(criterion, post)
    if raw is None:
        answers.pop(code, None)
    else:
        answers[code] = raw
    return state


@dataclass(frozen=True, slots=True)
class SandboxResult:
    score: UnitScore | None
    error: str
    answered: int
    total: int


def sandbox_result(framework: Framework, state: Mapping[str, Any]) -> SandboxResult:
    answers = state.get("answers") or {}
    total = sum(1 for c in framework.leaves() if c.input is not None)
    try:
        result = score(
            framework,
            answers,
            unit="thu-nghiem",
            complete=False,
            kind=state.get("kind", ""),
            tags=tuple(state.get("tags") or ()),
        )
    except AnswerError as error:
        return SandboxResult(
            None, "; ".join(p.message for p in error.problems), len(answers), total
        )
    return SandboxResult(result, "", len(answers), total)


@dataclass(frozen=True, slots=True)
class PreviewLive:
    """The form page's live summary before any answer (``campaigns.form_page.Live``'s fields)."""

    score: UnitScore | None
    points: dict[str, str]
    answered: int
    total: int
    error: str = ""
    provisional: tuple[str, ...] = ()
    # Nothing kept: a preview's sections are scored afresh (``campaigns.summary`` reads this
    # as it reads ``Live.kept``, the form's sections as last scored).
    kept: tuple[Any, ...] = ()


def preview_live(framework: Framework) -> PreviewLive:
    kind = framework.unit_kinds[0] if framework.unit_kinds else ""
    result = sandbox_result(framework, {"answers": {}, "kind": kind})
    return PreviewLive(result.score, {}, 0, result.total, result.error)
