"""Every write to the province's framework versions: create, edit, publish, new draft.

Each service is atomic, asks the one policy (``Action.FRAMEWORK_MANAGE``), validates the YAML
text with the scoring core's loader (nothing invalid is stored), refuses a stale edit, and
writes its audit entry. A published version is never changed: editing it makes a new draft.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from chiso.accounts.policy import Action, Target, require
from chiso.audit.services import audit_record
from chiso.frameworks.models import FrameworkVersion, VersionStatus
from chiso.frameworks.texts import load_text, parse_mapping, with_identity
from chiso.scoring import Framework, FrameworkError, Problem, shipped_registry

CODE_SHIPPED = (
    "Mã «{code}» là bộ mẫu đi kèm chiso (chỉ đọc); hãy đặt mã mới cho bộ của tỉnh"
    " (ví dụ «{code}-tinh»)."
)
CODE_OTHER_PROVINCE = "Mã «{code}» đã được tỉnh khác dùng; hãy đặt mã khác."
CODE_INVALID = (
    "Mã bộ tiêu chí chỉ gồm chữ thường không dấu, số, dấu gạch ngang hoặc chấm (2–80 ký tự)."
)
PUBLISHED_READ_ONLY = "Phiên bản {ref} đã ban hành, không sửa được; hãy tạo phiên bản nháp mới."
STALE_EDIT = (
    "Bản nháp đã được sửa (lần sửa {current}) kể từ khi bạn mở (lần sửa {seen}); hãy tải lại."
)
NOT_DRAFT = "Chỉ ban hành được bản nháp."
TOO_LARGE = "Nội dung bộ tiêu chí quá lớn (tối đa {limit} ký tự)."

MAX_TEXT = 1_000_000

_CODE = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,79}$")


def _require(actor: Any, target: Any) -> None:
    """The one policy; ``actor`` None is the operator at the command line (``chiso frameworks
    import``), as for ``chiso units agencies``."""
    if actor is not None:
        require(actor, Action.FRAMEWORK_MANAGE, target)


def _check_code(code: str, target: Target) -> None:
    if not _CODE.match(code):
        raise ValidationError({"code": CODE_INVALID})
    if code in shipped_registry():
        raise ValidationError({"code": CODE_SHIPPED.format(code=code)})
    other = (
        FrameworkVersion.objects.filter(code=code)
        .exclude(era=target.era, province_code=target.province_code)
        .exists()
    )
    if other:
        raise ValidationError({"code": CODE_OTHER_PROVINCE.format(code=code)})


def _validated(text: str, *, display: str) -> Framework:
    if len(text) > MAX_TEXT:
        raise FrameworkError([Problem(display, "", TOO_LARGE.format(limit=MAX_TEXT))])
    return load_text(text, display=display, extra=parent_sources(text))


def parent_sources(text: str) -> dict[str, str]:
    """{file name: text} of the province's versions that ``text`` extends (shipped parents are
    found by the loader itself): the latest published version of each code in the chain."""
    sources: dict[str, str] = {}
    try:
        parent = parse_mapping(text).get("extends")
    except FrameworkError:
        return sources
    seen: set[str] = set()
    while isinstance(parent, str) and parent not in seen:
        seen.add(parent)
        row = (
            FrameworkVersion.objects.filter(code=parent, status=VersionStatus.PUBLISHED)
            .order_by("-version")
            .first()
        )
        if row is None:
            break
        sources[f"{row.code}.yaml"] = row.yaml_text
        parent = parse_mapping(row.yaml_text).get("extends")
    return sources


def framework_of(version: FrameworkVersion) -> Framework:
    """The loaded framework of a stored version (it was valid when stored)."""
    return _validated(version.yaml_text, display=version.ref)


@transaction.atomic
def framework_version_create(
    *, actor: Any, province: Target, text: str, code: str | None = None, based_on: str = ""
) -> FrameworkVersion:
    """A new draft from a YAML text: the next version of ``code`` (the text's own code when
    not given). ``FrameworkError`` lists every problem and nothing is stored."""
    _require(actor, province)
    mapping = parse_mapping(text, display=based_on or "bộ tiêu chí")
    code = (code or str(mapping.get("code") or "")).strip()
    _check_code(code, province)
    last = (
        FrameworkVersion.objects.select_for_update().filter(code=code).aggregate(m=Max("version"))
    )
    number = (last["m"] or 0) + 1
    text = with_identity(text, code=code, version=str(number))
    framework = _validated(text, display=f"{code}@{number}")
    row = FrameworkVersion(
        era=province.era,
        province_code=province.province_code,
        code=code,
        version=number,
        title=framework.name[:300],
        yaml_text=text,
        based_on=based_on[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="frameworks.create",
        obj=row,
        era=province.era,
        province_code=province.province_code,
        changes={"code": code, "version": number, "based_on": based_on, "sha256": _sha(text)},
    )
    return row


@transaction.atomic
def framework_version_update(
    *, actor: Any, version: FrameworkVersion, text: str, seen_revision: int
) -> FrameworkVersion:
    """Replace a draft's text (validated first); a published version or a stale edit is refused."""
    row = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    _require(actor, row)
    if not row.is_draft:
        raise ValidationError(PUBLISHED_READ_ONLY.format(ref=row.ref))
    if row.revision != seen_revision:
        raise ValidationError(STALE_EDIT.format(current=row.revision, seen=seen_revision))
    text = with_identity(text, code=row.code, version=str(row.version))
    framework = _validated(text, display=row.ref)
    before = _sha(row.yaml_text)
    row.yaml_text = text
    row.title = framework.name[:300]
    row.revision = F("revision") + 1
    row.save(update_fields=["yaml_text", "title", "revision", "updated_at"])
    row.refresh_from_db(fields=["revision"])
    audit_record(
        actor=actor,
        action="frameworks.edit",
        obj=row,
        changes={"sha256": [before, _sha(text)], "revision": row.revision},
    )
    return row


@transaction.atomic
def framework_version_publish(*, actor: Any, version: FrameworkVersion) -> FrameworkVersion:
    """Draft → published: from now on the version never changes and campaigns may use it."""
    row = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    _require(actor, row)
    if not row.is_draft:
        raise ValidationError(NOT_DRAFT)
    _validated(row.yaml_text, display=row.ref)  # the parents it extends may have changed
    row.status = VersionStatus.PUBLISHED
    row.published_by = actor if getattr(actor, "pk", None) else None
    row.published_at = timezone.now()
    row.save(update_fields=["status", "published_by", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="frameworks.publish",
        obj=row,
        changes={
            "status": [VersionStatus.DRAFT, VersionStatus.PUBLISHED],
            "sha256": _sha(row.yaml_text),
        },
    )
    return row


def framework_version_copy(*, actor: Any, version: FrameworkVersion) -> FrameworkVersion:
    """A new draft of the same code with the text of ``version`` (how a published one is edited)."""
    return framework_version_create(
        actor=actor,
        province=version.policy_target(),
        text=version.yaml_text,
        code=version.code,
        based_on=f"{version.code} phiên bản {version.version}",
    )


def version_sources(version: FrameworkVersion) -> dict[str, str]:
    """{file name: text} a campaign freezes: this version and every text it extends."""
    from chiso.campaigns.frozen import shipped_sources

    sources = {f"{version.code}.yaml": version.yaml_text, **parent_sources(version.yaml_text)}
    for text in list(sources.values()):
        parent = parse_mapping(text).get("extends")
        if isinstance(parent, str) and parent in shipped_registry():
            sources.update(shipped_sources(parent))
    return sources


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


CRITERION_FIELDS = ("name", "max_points", "guidance", "legal_basis", "evidence", "rule")


def criterion_edit_text(text: str, *, code: str, fields: dict[str, Any], reason: str = "") -> str:
    """The YAML text with the common fields of item ``code`` replaced (``edits.py``)."""
    from chiso.frameworks.edits import node_edit_text

    return node_edit_text(text, code=code, fields=fields, reason=reason)


def validate_text(text: str, *, display: str) -> Framework:
    """The framework a typed text gives, or ``FrameworkError`` (the editor's live check)."""
    return _validated(text, display=display)


CROSSWALK_SAME = "Hai bộ tiêu chí là một ({ref}): không cần bảng đối chiếu."


@transaction.atomic
def crosswalk_confirm(
    *, actor: Any, province: Target, old: Framework, new: Framework, links: Any
) -> Any:
    """Store the crosswalk the administrator confirmed between ``old`` and ``new`` (replacing an
    earlier one of the same pair). Every problem ``crosswalk.validate`` names refuses it whole."""
    from chiso.frameworks.crosswalk import validate
    from chiso.frameworks.models import FrameworkCrosswalk

    _require(actor, province)
    links = list(links)
    if (old.code, old.version) == (new.code, new.version):
        raise ValidationError(CROSSWALK_SAME.format(ref=f"{old.code} phiên bản {old.version}"))
    old_ref, new_ref = f"{old.code} phiên bản {old.version}", f"{new.code} phiên bản {new.version}"
    problems = validate(links, old, new, old_ref=old_ref, new_ref=new_ref)
    if problems:
        raise ValidationError(problems)
    key = {
        "era": province.era,
        "province_code": province.province_code,
        "old_code": old.code,
        "old_version": old.version,
        "new_code": new.code,
        "new_version": new.version,
    }
    row = FrameworkCrosswalk.objects.select_for_update().filter(**key).first()
    before = None if row is None else row.links
    data = [link.as_data() for link in links]
    if row is None:
        row = FrameworkCrosswalk(**key)
    row.links = data
    row.confirmed_by = actor if getattr(actor, "pk", None) else None
    row.save()
    changed = [
        d for d in data if before is None or d not in before
    ]  # the pairs that are new or edited, not all of them again
    audit_record(
        actor=actor,
        action="frameworks.crosswalk",
        obj=row,
        era=province.era,
        province_code=province.province_code,
        changes={"old": old_ref, "new": new_ref, "pairs": len(data), "changed": changed},
    )
    return row
