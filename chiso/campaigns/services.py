"""Every write to campaigns and forms: create, open, save an answer, evidence, submit, withdraw.

Each service is atomic, checks the permission policy and the form's version (a stale edit is
refused, never applied), and writes its audit entry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from chiso.accounts.policy import FORBIDDEN_MESSAGE, Action, allows, require, target_of
from chiso.audit.chain import json_value
from chiso.audit.services import audit_record
from chiso.campaigns.answer_rows import answers_read_with
from chiso.campaigns.frozen import frozen_framework, shipped_sources, sources_hash
from chiso.campaigns.hooks import campaign_opened, form_submitted, form_withdrawn
from chiso.campaigns.models import (
    HANDED_IN,
    Answer,
    Campaign,
    CampaignFramework,
    CampaignStatus,
    Evidence,
    Form,
    FormStatus,
)
from chiso.campaigns.prepared import CHAIN_HEAD, FORM_LOCK_OF, answers_read_locked, save_fields
from chiso.campaigns.workflow import campaign_step, form_step
from chiso.deadlines import Schedule, is_late
from chiso.errors import DomainError, InvalidValue
from chiso.scoring import Framework, shipped_registry
from chiso.scoring.answers import NOT_DECLARABLE, declaration, parse_answers, parse_value
from chiso.scoring.applicability import kind_problems
from chiso.scoring.model import Group
from chiso.scoring.rules import date_problem
from chiso.scoring.shown import answer_text
from chiso.units.models import Kind, Level, Unit

CAMPAIGN_STALE = "Đợt đã được người khác sửa kể từ khi bạn mở trang; hãy tải lại trang."

# Fields the administrator may change after creation; the frameworks and the year may not.
EDITABLE = (
    "name",
    "request_date",
    "deadline_working_days",
    "deadline_fixed",
    "grace_days",
    "grace_kind",
    "appraisal_working_days",
    "exclude_late",
    "reporter_may_submit",
    "lock_at_deadline",
)


NOT_DRAFT = "Đợt đã mở: không sửa được bộ tiêu chí."
NO_FRAMEWORK = "Chưa chọn bộ tiêu chí nào cho đợt."
UNKNOWN_FRAMEWORK = "Không có bộ tiêu chí «{code}»."
NO_UNITS = "Không có đơn vị nào thuộc các cấp đã chọn."
UNKNOWN_CRITERION = "Phiếu không có tiêu chí «{code}»."
NOT_INPUT = "Tiêu chí «{code}» không nhập trực tiếp."
STALE = (
    "{who} đã sửa tiêu chí này lúc {when}. Giá trị hiện tại: {value}. "
    "Giá trị bạn vừa nhập chưa được lưu; hãy xem lại rồi nhập lại."
)
FORM_STALE = "Phiếu đã thay đổi (bởi {who} lúc {when}) kể từ khi bạn mở; hãy tải lại trang."
INCOMPLETE = "Phiếu còn {count} vấn đề, chưa nộp được:"
CANNOT_WITHDRAW = "Đã bắt đầu thẩm định: không rút lại được nữa."
WITHDRAW_WOULD_LOCK = (
    "Đã hết hạn nộp ngày {deadline}: rút lại thì phiếu bị khóa và không nộp lại được, "
    "nên không rút lại được nữa."
)


def _check_not_locked(actor: Any, form: Form) -> None:
    from chiso.campaigns.extensions import check_not_locked

    check_not_locked(actor, form)


class StaleEdit(DomainError):
    """Someone else saved first; ``current`` is what is in the database now."""

    code = "stale"

    def __init__(self, message: str, current: Answer | None = None) -> None:
        super().__init__(message)
        self.current = current


ANSWER_KEPT = (
    "Các ô của tiêu chí này đang để trống nên chưa lưu; câu trả lời đã lưu vẫn giữ nguyên. "
    "Muốn bỏ câu trả lời, bấm «Xoá câu trả lời»."
)


class ImplicitClear(DomainError, ValueError):
    """A save with every field empty for an answered criterion, without asking to clear it."""

    code = "invalid_value"


INCOMPLETE = "Phiếu còn {n} vấn đề, chưa nộp được."


class FormIncomplete(DomainError):
    """A submit refused: ``problems`` lists each (the page shows them all, the API in
    ``details``)."""

    code = "incomplete"

    def __init__(self, problems: list[str]) -> None:
        super().__init__(INCOMPLETE.format(n=len(problems)), details=problems, messages=problems)
        self.problems = problems


def form_audit(
    *,
    actor: Any,
    action: str,
    form: Form,
    changes: dict[str, Any],
    object_repr: str = "",
    reason: str = "",
    criterion: str = "",
) -> None:
    """An audit entry scoped to the form's unit, so the unit and its province can read it.

    ``criterion``: the one criterion the change is about, for the trail's per-criterion view.
    """
    audit_record(
        actor=actor,
        action=action,
        obj=form,
        # SQLite: the chain's head read with the locked form (prepared.py), used once.
        head=form.__dict__.pop(CHAIN_HEAD, None),
        era=form.unit.era,
        province_code=form.unit.province_code,
        unit_code=form.unit.code,
        object_repr=object_repr,
        criterion=criterion,
        changes=changes,
        reason=reason,
    )


def form_touch(*, actor: Any, form: Form, answered: int | None = None) -> None:
    """After answers changed: recount them (``answered``: the count, when the caller holds every
    answer of the form), record who changed the form, bump its version."""
    if answered is None:
        answered = Answer.objects.filter(form=form).exclude(value=None).count()
    form.answered = answered
    form.changed_at = timezone.now()
    form.changed_by = actor
    form.version += 1
    form.save(update_fields=["answered", "changed_at", "changed_by", "version"])


_ANSWER_SAVED = ("value", "note", "version", "changed_at", "changed_by")
_FORM_TOUCHED = ("answered", "changed_at", "changed_by", "version")


def _form_touched(actor: Any, form: Form, answered: int) -> None:
    """``form_touch`` for the autosave: the same four fields, in SQL built once (prepared.py)."""
    form.answered = answered
    form.changed_at = timezone.now()
    form.changed_by = actor
    form.version += 1
    save_fields(form, _FORM_TOUCHED)


# --- campaigns -------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    province: Unit,
    year: int,
    name: str,
    request_date: dt.date,
    frameworks: dict[str, str],
    deadline_working_days: int | None = None,
    deadline_fixed: dt.date | None = None,
    grace_days: int = 0,
    grace_kind: str = "working",
    appraisal_working_days: int = 120,
    exclude_late: bool = False,
    reporter_may_submit: bool = False,
    lock_at_deadline: bool = False,
) -> Campaign:
    """A campaign in preparation; ``frameworks`` maps a unit level to a framework code."""
    require(actor, Action.CAMPAIGN_MANAGE, province)
    campaign = Campaign(
        province=province,
        year=year,
        name=name,
        request_date=request_date,
        deadline_working_days=deadline_working_days,
        deadline_fixed=deadline_fixed,
        grace_days=grace_days,
        grace_kind=grace_kind,
        appraisal_working_days=appraisal_working_days,
        exclude_late=exclude_late,
        reporter_may_submit=reporter_may_submit,
        lock_at_deadline=lock_at_deadline,
    )
    campaign.full_clean()
    try:
        campaign.schedule  # noqa: B018 - validates the deadline rule
    except ValueError as error:
        raise ValidationError({"deadline_working_days": str(error)}) from None
    if not frameworks:
        raise ValidationError({"frameworks": NO_FRAMEWORK})
    registry = shipped_registry()
    # A shipped code, or a published version of the province's own ("code" or "code@N").
    from chiso.frameworks.selectors import published_version

    own: dict[str, Any] = {}
    for code in frameworks.values():
        if code in registry:
            continue
        own[code] = published_version(ref=code, province=target_of(province))
        if own[code] is None:
            raise ValidationError({"frameworks": UNKNOWN_FRAMEWORK.format(code=code)})
    for level, code in frameworks.items():
        # Every unit of the level, whatever the year: which of them are valid is for opening.
        units = Unit.objects.filter(
            era=campaign.era, province_code=campaign.province_code, level=level
        )
        if code in own:
            from chiso.frameworks.services import framework_of

            _check_kinds(framework_of(own[code]), campaign, level, list(units))
        else:
            _check_kinds(registry.get(code), campaign, level, list(units))
    campaign.save()
    for level, code in frameworks.items():
        if code in own:
            from chiso.frameworks.services import version_sources

            version = own[code]
            sources = version_sources(version)
            CampaignFramework.objects.create(
                campaign=campaign,
                level=level,
                framework_code=version.code,
                framework_version=str(version.version),
                sources=sources,
                sha256=sources_hash(version.code, sources),
            )
            continue
        CampaignFramework.objects.create(campaign=campaign, level=level, framework_code=code)
    audit_record(
        actor=actor,
        action="campaigns.create",
        obj=campaign,
        era=province.era,
        province_code=province.code,
        changes={"frameworks": frameworks, "year": year},
    )
    return campaign


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _dates(schedule: Schedule) -> dict[str, str]:
    return {
        "unit_deadline": schedule.unit_deadline.isoformat(),
        "grace_until": schedule.grace_until.isoformat(),
        "appraisal_deadline": schedule.appraisal_deadline.isoformat(),
    }


@transaction.atomic
def campaign_change(
    *, actor: Any, campaign: Campaign, values: dict[str, Any], expected_version: int
) -> dict[str, Any]:
    """Change the dates and rules; recompute submitted forms' late flags. Returns the changes.

    Refuses a stale edit. The audit entry records each field, the resulting dates and every
    unit whose late flag the new dates changed.
    """
    require(actor, Action.CAMPAIGN_MANAGE, campaign)
    current = Campaign.objects.select_for_update().select_related("province").get(pk=campaign.pk)
    if current.version != expected_version:
        raise ValidationError(CAMPAIGN_STALE)
    before_dates = _dates(current.schedule)
    changes: dict[str, Any] = {
        name: [_plain(getattr(current, name)), _plain(value)]
        for name, value in values.items()
        if name in EDITABLE and getattr(current, name) != value
    }
    if not changes:
        return {}
    for name in changes:
        setattr(current, name, values[name])
    current.full_clean()
    current.__dict__.pop("schedule", None)
    try:
        schedule = current.schedule
    except ValueError as error:
        raise ValidationError({"deadline_working_days": str(error)}) from None
    after_dates = _dates(schedule)
    changes.update(
        {k: [before_dates[k], v] for k, v in after_dates.items() if before_dates[k] != v}
    )
    late_changed = _rejudge_late(current, schedule)
    if late_changed:
        changes["late"] = late_changed
    current.version = F("version") + 1
    current.save(update_fields=[*[n for n in changes if n in EDITABLE], "version"])
    audit_record(
        actor=actor,
        action="campaigns.change",
        obj=current,
        era=current.era,
        province_code=current.province_code,
        changes=changes,
    )
    return changes


def _rejudge_late(campaign: Campaign, schedule: Schedule) -> dict[str, list[bool]]:
    """Submitted forms judged again against the new grace period: {unit code: [old, new]}."""
    changed: list[Form] = []
    for form in (
        Form.objects.filter(campaign=campaign, status__in=HANDED_IN, submitted_at__isnull=False)
        .select_related("unit")
        .annotate(extended_until=Max("extensions__new_deadline"))
    ):
        if form.submitted_at is None:
            continue
        # A unit given an extension (gia hạn) is late only after its own new date.
        extended = form.extended_until
        day = timezone.localdate(form.submitted_at)
        late = is_late(day, schedule) and (extended is None or day > extended)
        if late != form.late:
            form.late = late
            changed.append(form)
    Form.objects.bulk_update(changed, ["late"])
    return {form.unit.code: [not form.late, form.late] for form in changed}


@transaction.atomic
def campaign_open(*, actor: Any, campaign: Campaign) -> int:
    """Freeze the frameworks, create every unit's form, start collecting. Returns form count.

    Units are those of the province valid on 31/12 of the campaign year at each chosen level.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        require(actor, Action.CAMPAIGN_MANAGE, campaign)
        raise ValidationError(NOT_DRAFT)
    row = campaign_step(campaign.status, "open")
    require(actor, row.action, campaign)
    forms = []
    for cf in campaign.frameworks.all():
        if not cf.sources:  # a province's published version was frozen when it was chosen
            cf.sources = shipped_sources(cf.framework_code)
        cf.sha256 = sources_hash(cf.framework_code, cf.sources)
        cf.framework_version = frozen_framework(cf.framework_code, cf.sha256, cf.sources).version
        cf.save(update_fields=["sources", "sha256", "framework_version"])
        units = _campaign_units(campaign, cf.level)
        if units:  # a level left without units is NO_UNITS below when no level has any
            _check_kinds(form_framework_of(cf), campaign, cf.level, units)
        forms += [Form(campaign=campaign, unit=u, framework=cf) for u in units]
    if not forms:
        raise ValidationError(NO_UNITS)
    Form.objects.bulk_create(forms)
    campaign.status = row.target
    campaign.opened_at = timezone.now()
    campaign.version = F("version") + 1
    campaign.save(update_fields=["status", "opened_at", "version"])
    audit_record(
        actor=actor,
        action="campaigns.open",
        obj=campaign,
        era=campaign.era,
        province_code=campaign.province_code,
        changes={"status": [row.source, row.target], "forms": len(forms)},
    )
    campaign_opened(campaign)  # notices sends the request to the units (hooks.py)
    return len(forms)


def _campaign_units(campaign: Campaign, level: str) -> list[Unit]:
    """The units a campaign assesses at ``level``: those valid on 31/12 of its year."""
    year_end = dt.date(campaign.year, 12, 31)
    units = Unit.objects.filter(era=campaign.era, province_code=campaign.province_code, level=level)
    return [u for u in units if u.valid_on(year_end) or u.level == Level.AGENCY]


def _check_kinds(framework: Framework, campaign: Campaign, level: str, units: list[Unit]) -> None:
    """Refuse a framework whose unit kinds do not match the campaign's units at ``level``
    (a district framework in a two-tier province, an agencies' one for communes)."""
    labels = {str(k.value): str(k.label) for k in Kind}
    problems = kind_problems(framework, [(u.name, u.kind) for u in units], labels)
    if problems:
        where = Level(level).label if level in Level.values else level
        raise ValidationError({"frameworks": [f"{where}: {p}" for p in problems]})


def form_framework_of(cf: CampaignFramework) -> Framework:
    # The texts only when this process has not loaded them yet: the autosave's form query
    # leaves them out (``defer``), so they are read then, once.
    return frozen_framework(cf.framework_code, cf.sha256, lambda: cf.sources)


def form_framework(form: Form) -> Framework:
    return form_framework_of(form.framework)


# --- answers ---------------------------------------------------------------------------------


def _who(answer: Answer) -> tuple[str, str]:
    user = answer.changed_by
    who = user.get_full_name() if user is not None else "Người khác"
    when = timezone.localtime(answer.changed_at).strftime("%H:%M:%S %d/%m/%Y")
    return who, when


@dataclass(frozen=True, slots=True)
class Saved:
    answer: Answer | None  # None: the answer was cleared
    form: Form
    answers: tuple[Answer, ...] = ()  # every answer of the form after the save (live score)


def form_save_answer(
    *,
    actor: Any,
    form: Form,
    criterion: str,
    value: object,
    note: str | None = None,
    expected_version: int | None,
    clear: bool = False,
    locked: bool = False,
) -> Saved:
    """Save one criterion's answer. Refuses a stale edit.

    ``expected_version`` is the answer's version the person saw (None: they saw no answer).
    ValueError carries the Vietnamese validation message for the field.
    An answered criterion loses its value only when asked (``clear``, audited as
    ``forms.answer_clear``): ``value`` None without it raises ImplicitClear, so that a note or a
    half-sent set of fields never erases an answer.
    ``locked``: the caller read ``form`` with ``select_for_update(of=FORM_LOCK_OF)`` in its own
    transaction, which it ends on any error (the autosave): the form is not read again.
    """
    if clear and value is not None:
        raise ValueError("Xoá câu trả lời không kèm giá trị mới.")
    if locked and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked=True needs the caller's transaction")
    with transaction.atomic(savepoint=not locked):
        if not locked:
            form = (
                Form.objects.select_for_update(of=FORM_LOCK_OF)
                .select_related("campaign", "unit", "framework")
                .get(pk=form.pk)
            )
        return _save_answer(actor, form, criterion, value, note, expected_version, clear)


def _save_answer(
    actor: Any,
    form: Form,
    criterion: str,
    value: object,
    note: str | None,
    expected_version: int | None,
    clear: bool,
) -> Saved:
    _check_not_locked(actor, form)
    require(actor, Action.FORM_EDIT, form)
    framework = form_framework(form)
    group = framework.groups_by_code.get(criterion)
    item = framework.criteria_by_code.get(criterion)
    if group is not None:
        check_group_declaration(group, value)
    elif item is None:
        raise ValueError(UNKNOWN_CRITERION.format(code=criterion))
    # An appraiser-scored criterion takes the unit's note (what it did), never a value.
    elif item.input is None or (item.input.kind == "points" and value is not None):
        raise InvalidValue(NOT_INPUT.format(code=criterion), field="criterion")
    elif value is not None:
        check_answer_size(item, value)
        if declaration(value) is not None:  # không áp dụng, with its reason
            if not item.allow_unit_not_applicable:
                raise ValueError(NOT_DECLARABLE)
        else:
            # Parsed once: ValueError with the message shown by the field, then the dates
            # (``check_answer_year``, with the value it would parse again).
            problem = date_problem(item, parse_value(item, value), form.campaign.year)
            if problem:
                raise ValueError(problem)
    # Every answer of the form in one read: this one's version, the count, the live score.
    # On SQLite they came with the locked form (chiso/campaigns/answer_rows.py).
    read = answers_read_with(form)
    if read is None:
        read = answers_read_locked(form)  # Answer.objects.select_for_update().filter(form=form)
    answers = {a.criterion: a for a in read}
    answer = answers.get(criterion)
    current_version = answer.version if answer is not None else None
    if current_version != expected_version and not (
        answer is not None and expected_version is None and answer.value is None and not answer.note
    ):
        who, when = _who(answer) if answer is not None else ("Người khác", "")
        current = answer.value if answer is not None else None
        shown = (  # "950/1.400"
            declaration_text(current) if item is None else answer_text(item, current)
        )
        raise StaleEdit(STALE.format(who=who, when=when, value=shown), answer)
    if value is None and not clear and answer is not None and answer.value is not None:
        raise ImplicitClear(ANSWER_KEPT)
    if (
        answer is not None
        and json_value(value) == answer.value
        and (note is None or note == answer.note)
    ):
        # Nothing changes (the field left without an edit, a second click): no write, no new
        # version, no audit entry, which records changes. The stale check above still ran.
        return Saved(answer, form, tuple(answers.values()))
    before = {"value": answer.value, "note": answer.note} if answer else {}
    if answer is None:
        answer = Answer(form=form, criterion=criterion)
    answer.value = value
    if note is not None:
        answer.note = note
    answer.version = (answer.version or 0) + 1 if answer.pk else 1
    answer.changed_by = actor
    if answer.pk:  # only what a save changes, in SQL built once (prepared.py)
        save_fields(answer, _ANSWER_SAVED)
    else:
        answer.save()
    answers[criterion] = answer
    _form_touched(actor, form, sum(a.value is not None for a in answers.values()))
    form_audit(
        actor=actor,
        action="forms.answer_clear" if clear else "forms.answer",
        form=form,
        object_repr=f"{form.unit.name}: {criterion}",
        criterion=criterion,
        changes={
            "criterion": criterion,
            "value": [before.get("value"), value],
            **(
                {"note": [before.get("note"), note]}
                if note is not None and note != before.get("note")
                else {}
            ),
        },
    )
    return Saved(answer, form, tuple(answers.values()))


GROUP_NOT_DECLARABLE = "Bộ chỉ số không cho đơn vị khai «không áp dụng» nhóm «{code}»."
GROUP_ONLY_DECLARED = "Nhóm «{code}» chỉ nhận khai «không áp dụng» (có lý do), không nhận giá trị."


def check_group_declaration(group: Group, value: object) -> None:
    """A group's only answer is the unit's không áp dụng declaration (None: withdrawn).

    Its criteria keep their own answers, which count again when the declaration is withdrawn.
    """
    if not group.allow_unit_not_applicable:
        raise ValueError(GROUP_NOT_DECLARABLE.format(code=group.code))
    if value is None:
        return
    check_answer_size_text(value)
    if declaration(value) is None:  # ValueError without a reason
        raise ValueError(GROUP_ONLY_DECLARED.format(code=group.code))


def declaration_text(raw: object) -> str:
    """A stored group declaration as the stale-edit message shows it."""
    if raw is None:
        return "chưa khai"
    try:
        reason = declaration(raw)
    except ValueError:
        reason = None
    return f"không áp dụng — lý do: {reason}" if reason else "chưa khai"


def check_answer_size_text(value: object) -> None:
    if isinstance(value, dict) and any(
        isinstance(text, str) and len(text) > _TEXT_LIMIT for text in value.values()
    ):
        raise ValueError(TOO_LONG.format(limit=_TEXT_LIMIT))


TOO_LONG = "giá trị quá dài (tối đa {limit} ký tự)"
NUMBER_FORMAT = "số không hợp lệ: chỉ dùng chữ số, dấu phẩy hoặc chấm thập phân"
_TEXT_LIMIT = 2000
_NUMBER_LIMIT = 30


_NUMERIC = frozenset({"number", "count", "percentage", "ratio"})


def check_answer_size(item: Any, value: object) -> None:
    """Refuse huge or exponent-form numbers before the exact arithmetic sees them (1e10000000)."""
    texts = (
        value.values()
        if isinstance(value, dict)
        else (value if isinstance(value, list | tuple) else [value])
    )
    for text in texts:
        if isinstance(text, str) and len(text) > _TEXT_LIMIT:
            raise ValueError(TOO_LONG.format(limit=_TEXT_LIMIT))
    if item.input.kind in _NUMERIC and isinstance(value, str | list | tuple):
        numbers = [value] if isinstance(value, str) else list(value)
        for text in numbers:
            if isinstance(text, str) and (len(text) > _NUMBER_LIMIT or "e" in text.lower()):
                raise ValueError(NUMBER_FORMAT)


OUTSIDE_YEAR = "ngày {day} nằm ngoài năm đánh giá {year}"


def check_answer_year(item: Any, value: object, year: int) -> None:
    """Dates answered (a date, a document's date) must fall in the assessment year; a document
    of a criterion whose rule says ``issued: in_force`` may be older (``rules.date_problem``)."""
    problem = date_problem(item, parse_value(item, value), year)
    if problem:
        raise ValueError(problem)


def form_answers(form: Form) -> dict[str, object]:
    return {a.criterion: a.value for a in form.answers.all() if a.value is not None}


# --- evidence --------------------------------------------------------------------------------


@transaction.atomic
def evidence_add(*, actor: Any, form: Form, criterion: str, name: str, data: bytes) -> Evidence:
    """Attach a checked file (see ``uploads.check_upload``) to one criterion."""
    from django.core.files.base import ContentFile

    from chiso.campaigns.uploads import check_upload

    _check_not_locked(actor, form)
    require(actor, Action.FORM_EDIT, form)
    framework = form_framework(form)
    group = framework.groups_by_code.get(criterion)
    if criterion not in framework.criteria_by_code and not (
        group is not None and group.allow_unit_not_applicable  # the declaration's evidence
    ):
        raise ValueError(UNKNOWN_CRITERION.format(code=criterion))
    checked = check_upload(name, data)
    evidence = Evidence(
        form=form,
        criterion=criterion,
        name=checked.name,
        content_type=checked.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    evidence.file.save(checked.name, ContentFile(data), save=False)
    evidence.save()
    Form.objects.filter(pk=form.pk).update(
        version=F("version") + 1, changed_at=timezone.now(), changed_by=actor
    )
    form_audit(
        actor=actor,
        action="forms.evidence_add",
        form=form,
        object_repr=f"{form.unit.name}: {criterion}",
        criterion=criterion,
        changes={
            "criterion": criterion,
            "file": checked.name,
            "sha256": evidence.sha256,
            "size": evidence.size,
        },
    )
    return evidence


@transaction.atomic
def evidence_remove(*, actor: Any, evidence: Evidence) -> None:
    form = evidence.form
    _check_not_locked(actor, form)
    require(actor, Action.FORM_EDIT, form)
    evidence.removed = True
    evidence.save(update_fields=["removed"])
    form_audit(
        actor=actor,
        action="forms.evidence_remove",
        form=form,
        criterion=evidence.criterion,
        changes={"criterion": evidence.criterion, "file": evidence.name, "sha256": evidence.sha256},
    )


# --- submission ------------------------------------------------------------------------------


def form_problems(form: Form) -> list[str]:
    """Everything that keeps the form from being submitted, in Vietnamese."""
    framework = form_framework(form)
    _, problems = parse_answers(
        framework,
        form_answers(form),
        unit=form.unit.code,
        complete=True,
        kind=form.unit.kind,
        tags=form.tags,
    )
    # Points the appraiser sets are not the unit's to give.
    appraiser = {c.code for c in framework.leaves() if c.input and c.input.kind == "points"}
    messages = [f"{p.item}: {p.message}" for p in problems if p.item not in appraiser]
    with_files = set(form.evidence.filter(removed=False).values_list("criterion", flat=True))
    answers = form_answers(form)
    from chiso.campaigns.tags import not_applicable_by_framework

    # An answer kept on what the framework makes not applicable (by kind or tag) needs no file.
    excused = not_applicable_by_framework(form, framework)
    declared = declared_groups(framework, answers)
    for group in framework.groups_by_code.values():
        if group.code in declared and group.code not in with_files:
            messages.append(f"{group.code}: {NOT_APPLICABLE_EVIDENCE}")
    for item in framework.leaves():
        if item.code in excused:
            continue
        if declared.get(item.code):
            continue  # inside a group declared không áp dụng: its answer is kept, not scored
        if (
            item.evidence_required
            and answers.get(item.code) not in (None, False, "không")
            and item.code not in with_files
        ):
            messages.append(f"{item.code}: {EVIDENCE_MISSING}")
        elif _declared(answers.get(item.code)) and item.code not in with_files:
            messages.append(f"{item.code}: {NOT_APPLICABLE_EVIDENCE}")
    return messages


def declared_groups(framework: Framework, answers: dict[str, object]) -> dict[str, str]:
    """The groups the unit declares không áp dụng, and the criteria inside them: code → group."""
    found: dict[str, str] = {}
    for group in framework.groups_by_code.values():
        if group.allow_unit_not_applicable and _declared(answers.get(group.code)):
            found[group.code] = group.code
            for top in group.criteria:
                found.update((c.code, group.code) for c in top.walk())
    return found


def _declared(raw: object) -> bool:
    try:
        return declaration(raw) is not None
    except ValueError:
        return False


EVIDENCE_MISSING = "bộ tiêu chí yêu cầu minh chứng cho câu trả lời này nhưng chưa có tệp nào"
NOT_APPLICABLE_EVIDENCE = (
    "khai «không áp dụng» cần minh chứng (văn bản, ảnh chụp…) để Tổ thẩm định xác nhận"
)


@transaction.atomic
def form_submit(*, actor: Any, form: Form, expected_version: int) -> Form:
    """Submit (or resubmit) the form; records the time and whether it is late."""
    form = Form.objects.select_for_update().select_related("campaign", "unit").get(pk=form.pk)
    old = form.status
    row = form_step(old, "submit")
    new = FormStatus(row.target)
    _check_not_locked(actor, form)
    require(actor, row.action, form)
    if form.version != expected_version:
        who = form.changed_by.get_full_name() if form.changed_by else "người khác"
        when = (
            timezone.localtime(form.changed_at).strftime("%H:%M %d/%m/%Y")
            if form.changed_at
            else ""
        )
        raise StaleEdit(FORM_STALE.format(who=who, when=when))
    problems = form_problems(form)
    if problems:
        raise FormIncomplete(problems)
    now = timezone.now()
    # Lateness is the unit's first submission; a form returned by the appraisers and sent
    # back keeps the flag it had (resubmitting on request is not being late). The deadline is
    # the unit's own: the campaign's end of grace, or the new date of its extension.
    if new == FormStatus.SUBMITTED:
        form.late = timezone.localdate(now) > form.deadline
    form.status = new
    form.submitted_at = now
    form.submitted_by = actor
    form.version += 1
    form.save(update_fields=["status", "submitted_at", "submitted_by", "late", "version"])
    form_submitted(actor=actor, form=form)  # appraisal records the round (hooks.py)
    form_audit(
        actor=actor,
        action="forms.submit",
        form=form,
        changes={"status": [old, new.value], "late": form.late},
    )
    return form


@transaction.atomic
def form_withdraw(*, actor: Any, form: Form) -> Form:
    """Take a submitted form back to correct it, until appraisal starts."""
    form = Form.objects.select_for_update().select_related("campaign", "unit").get(pk=form.pk)
    if form.status != FormStatus.SUBMITTED or form.campaign.status != CampaignStatus.COLLECTING:
        require(actor, Action.FORM_VIEW, form)
        raise ValidationError(CANNOT_WITHDRAW)
    row = form_step(form.status, "withdraw")
    if form.campaign.lock_at_deadline and timezone.localdate() > form.deadline:
        require(actor, Action.FORM_VIEW, form)
        raise ValidationError(WITHDRAW_WOULD_LOCK.format(deadline=f"{form.deadline:%d/%m/%Y}"))
    target = dataclasses.replace(form.policy_target(), form_open=True)
    if not allows(actor, row.action, target):
        require(actor, Action.FORM_VIEW, form)
        raise PermissionDenied(FORBIDDEN_MESSAGE)
    form.status = row.target
    form.withdrawn_count += 1
    form.late = False  # judged again when it is submitted again
    form.version += 1
    form.save(update_fields=["status", "withdrawn_count", "late", "version"])
    form_withdrawn(actor=actor, form=form)  # appraisal discards the unappraised round
    form_audit(
        actor=actor,
        action="forms.withdraw",
        form=form,
        changes={"status": [FormStatus.SUBMITTED.value, FormStatus.DRAFT.value]},
    )
    return form
