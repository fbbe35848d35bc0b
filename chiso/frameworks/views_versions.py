"""The province administrator's pages for the province's own frameworks: versions, create
(from a template, another version or an uploaded .xlsx/.yaml), edit a draft (YAML with the
loader's errors as one types, and a form per criterion), publish, download, preview the unit's
form, a scoring sandbox, and the difference between two versions.

Each view: parse input, one access helper (the one policy), one service or selector, render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from chiso.errors import message_of
from chiso.frameworks import edits, services
from chiso.frameworks.access import province_for_user, version_get_for_user
from chiso.frameworks.diff import framework_diff
from chiso.frameworks.models import FrameworkVersion
from chiso.frameworks.selectors import province_versions
from chiso.frameworks.texts import line_of, shipped_text
from chiso.posted import whole
from chiso.scoring import FrameworkError, shipped_registry
from chiso.tabular import TableError

MAX_UPLOAD = 5 * 1024 * 1024
CREATED = "Đã tạo bản nháp {code} phiên bản {version}."
SAVED = "Đã lưu bản nháp (lần sửa {revision})."
PUBLISHED = "Đã ban hành {code} phiên bản {version}: từ nay không sửa được, đợt đánh giá chọn được."
NO_FILE = "Chưa chọn tệp."
FILE_TOO_LARGE = "Tệp lớn hơn 5 MB."
NO_SOURCE = "Chọn bộ mẫu, phiên bản hoặc tệp để tạo bản nháp."
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "yaml": "application/yaml; charset=utf-8",
}


def _problems(error: Any) -> list[dict[str, Any]]:
    """Located problems for the page: where, message, and the YAML line when known."""
    rows = []
    for p in error.problems:
        where = getattr(p, "where", "")
        rows.append({"where": str(where), "item": getattr(p, "item", ""), "message": p.message})
    return rows


@login_required
@require_safe
def list_versions(request: HttpRequest) -> HttpResponse:
    province = province_for_user(request.user, request.GET.get("tinh", ""))
    return _list(request, province)


def _list(request: HttpRequest, province: Any, **extra: Any) -> HttpResponse:
    versions = province_versions(province=province)
    count = len(extra.get("problems", [])) + len(extra.get("errors", []))
    context = {
        "count": count,
        "problems": [],
        "errors": [],
        "province": province,
        "versions": versions,
        "templates": shipped_registry().all(),
        "new_kinds": edits.NEW_KINDS,
        **extra,
    }
    return render(request, "frameworks/versions.html", context, status=422 if extra else 200)


@login_required
@require_POST
def create_version(request: HttpRequest) -> HttpResponse:
    province = province_for_user(request.user, request.POST.get("tinh", ""))
    code = request.POST.get("code", "").strip() or None
    try:
        text, based_on = _source_text(request, province)
        row = services.framework_version_create(
            actor=request.user, province=province, text=text, code=code, based_on=based_on
        )
    except (TableError, FrameworkError) as error:
        return _list(request, province, problems=_problems(error), code=code or "")
    except ValidationError as error:
        return _list(request, province, errors=error.messages, code=code or "")
    messages.success(request, CREATED.format(code=row.code, version=row.version))
    return redirect("frameworks:show-version", row.pk)


def _source_text(request: HttpRequest, province: Any) -> tuple[str, str]:
    from chiso.frameworks.workbook import upload_text

    source = request.POST.get("source", "")
    if source == "template":
        code = request.POST.get("template", "")
        if code not in shipped_registry():
            raise ValidationError(NO_SOURCE)
        return shipped_text(code)[0], f"mẫu {code}"
    if source == "version":
        other = version_get_for_user(request.user, whole(request.POST.get("version"), 0))
        return other.yaml_text, f"{other.code} phiên bản {other.version}"
    if source == "upload":
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError(NO_FILE)
        if upload.size is None or upload.size > MAX_UPLOAD:
            raise ValidationError(FILE_TOO_LARGE)
        name = upload.name or "tep"
        return upload_text(
            upload.read(), name, code=request.POST.get("code") or None
        ), f"tệp {name}"
    raise ValidationError(NO_SOURCE)


@login_required
@require_safe
def show_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_get_for_user(request.user, pk)
    return _show(request, version)


def _show(request: HttpRequest, version: FrameworkVersion, **extra: Any) -> HttpResponse:
    framework, problems = None, []
    try:
        framework = services.framework_of(version)
    except FrameworkError as error:  # its parent changed since; shown, never hidden
        problems = _problems(error)
    others = FrameworkVersion.objects.filter(
        era=version.era, province_code=version.province_code
    ).exclude(pk=version.pk)
    context = {
        "version": version,
        "framework": framework,
        "rows": _criteria_rows(framework) if framework else [],
        "problems": problems,
        "text": extra.pop("text", version.yaml_text),
        "others": others,
        "templates": shipped_registry().all(),
        "new_kinds": edits.NEW_KINDS,
        **extra,
    }
    return render(request, "frameworks/version.html", context, status=422 if extra else 200)


def _criteria_rows(framework: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for section in framework.sections:
        rows.append(_section_row(section))
        for group in section.groups:
            rows.append({"group": group, "weighted": any(g.weight for g in section.groups)})
            stack = [(c, 0) for c in group.criteria]
            while stack:
                criterion, depth = stack.pop(0)
                basis = criterion.legal_basis
                rule = criterion.rule.describe(criterion)
                rows.append({"criterion": criterion, "depth": depth, "basis": basis, "rule": rule})
                stack[0:0] = [(child, depth + 1) for child in criterion.children]
    return rows


def _section_row(section: Any) -> dict[str, Any]:
    """A section with its levels or bands as the edit form's rows (one blank row to add)."""
    from chiso.scoring.model import Ladder

    ladder = isinstance(section.classification, Ladder)
    groups = [g.code for g in section.groups] if ladder else []
    steps = section.classification.levels if ladder else section.classification.bands
    rows = []
    for step in steps:
        shares = dict(getattr(step, "min_share", ()))
        rows.append(
            {
                "name": step.name,
                "min_total": step.min_total,
                "shares": [(g, shares.get(g)) for g in groups],
            }
        )
    rows.append({"name": "", "min_total": None, "shares": [(g, None) for g in groups]})
    return {
        "section": section,
        "ladder": ladder,
        "below": section.classification.below if ladder else "",
        "levels": rows,
        "group_codes": groups,
    }


@login_required
@require_POST
def check_version(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the loader's problems with the text as typed, each next to its line."""
    version = version_get_for_user(request.user, pk)
    text = request.POST.get("yaml_text", "")
    problems = []
    try:
        services.validate_text(text, display=version.ref)
    except FrameworkError as error:
        problems = [{**row, "line": line_of(text, str(row["item"]))} for row in _problems(error)]
    return render(request, "frameworks/_problems.html", {"problems": problems, "checked": True})


@login_required
@require_POST
def save_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_get_for_user(request.user, pk)
    text = request.POST.get("yaml_text", "")
    try:
        row = services.framework_version_update(
            actor=request.user,
            version=version,
            text=text,
            seen_revision=whole(request.POST.get("revision"), 0),
        )
    except FrameworkError as error:
        problems = [{**p, "line": line_of(text, str(p["item"]))} for p in _problems(error)]
        return _show(request, version, text=text, yaml_problems=problems)
    except ValidationError as error:
        return _show(request, version, text=text, errors=error.messages)
    messages.success(request, SAVED.format(revision=row.revision))
    return redirect("frameworks:show-version", row.pk)


@login_required
@require_POST
def edit_criterion(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    post = request.POST
    fields: dict[str, Any] = {
        "name": post.get("name", "").strip(),
        "max_points": _number(post.get("max_points", "")),
        "guidance": post.get("guidance", "").strip(),
        "evidence": post.get("evidence", "") or None,
    }
    basis = {k: post.get(f"basis_{k}", "").strip() for k in ("document", "article", "item")}
    fields["legal_basis"] = {k: v for k, v in basis.items() if v} or None
    return _edit(
        request,
        pk,
        code,
        lambda text, reason: edits.node_edit_text(text, code=code, fields=fields, reason=reason),
    )


@login_required
@require_POST
def edit_section(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """A section's name, scale and its levels (ladder) or bands, as a table of rows."""
    post = request.POST
    groups = [g for g in post.getlist("group_codes") if g]
    rows = []
    for i in range(int(post.get("row_count") or 0)):
        row = {"name": post.get(f"name_{i}", ""), "min_total": _number(post.get(f"min_{i}", ""))}
        row |= {f"share_{g}": _number(post.get(f"share_{i}_{g}", "")) for g in groups}
        rows.append(row)
    fields: dict[str, Any] = {
        "name": post.get("name", "").strip(),
        "max_points": _number(post.get("max_points", "")),
        "classification": edits.classification_from_rows(
            post.get("classification_type", "bands"),
            rows,
            groups=groups,
            below=post.get("below", ""),
        ),
    }
    return _edit(
        request,
        pk,
        code,
        lambda text, reason: edits.node_edit_text(text, code=code, fields=fields, reason=reason),
    )


@login_required
@require_POST
def edit_group(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """A group's name, points, weight (weighted indices), cap (bonus/malus) and whether a unit
    may declare it không áp dụng."""
    post = request.POST
    fields: dict[str, Any] = {
        "name": post.get("name", "").strip(),
        "max_points": _number(post.get("max_points", "")),
    }
    for key in ("weight", "cap"):
        if key in post:
            fields[key] = _number(post.get(key, ""))
    fields["allow_unit_not_applicable"] = True if post.get("allow_unit_not_applicable") else None
    return _edit(
        request,
        pk,
        code,
        lambda text, reason: edits.node_edit_text(text, code=code, fields=fields, reason=reason),
    )


@login_required
@require_POST
def add_criterion(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """A new criterion at the end of group ``code``, of one of the common kinds."""
    post = request.POST

    def text_of(text: str, reason: str) -> str:
        criterion = edits.new_criterion(
            code=post.get("new_code", ""),
            name=post.get("new_name", ""),
            kind=post.get("new_kind", ""),
            max_points=_number(post.get("new_max_points", "")),
            unit=post.get("new_unit", ""),
            numerator=post.get("new_numerator", ""),
            denominator=post.get("new_denominator", ""),
            points_per_item=_number(post.get("new_points_per_item", "")),
            evidence=post.get("new_evidence", "required"),
            basis_article=post.get("new_basis_article", ""),
            basis_item=post.get("new_basis_item", ""),
        )
        text = edits.criterion_add_text(text, group=code, criterion=criterion, reason=reason)
        if post.get("rebalance"):
            path = edits.holder_of(text, str(criterion["code"]))
            text = edits.rebalanced_text(text, path=path, reason=reason)
        return text

    return _edit(request, pk, code, text_of, anchor=post.get("new_code", "").strip(), adding=True)


@login_required
@require_POST
def remove_criterion(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    rebalance = bool(request.POST.get("rebalance"))

    def text_of(text: str, reason: str) -> str:
        path = edits.holder_of(text, code)
        text = edits.item_remove_text(text, code=code, reason=reason)
        return edits.rebalanced_text(text, path=path, reason=reason) if rebalance else text

    return _edit(request, pk, code, text_of, anchor="criteria")


def _edit(
    request: HttpRequest,
    pk: int,
    code: str,
    text_of: Callable[[str, str], str],
    *,
    anchor: str = "",
    adding: bool = False,
) -> HttpResponse:
    """One structured edit: the new text from the form, validated and stored by the service,
    or the page again with every problem next to the item's form (nothing stored)."""
    version = version_get_for_user(request.user, pk)
    try:
        text = text_of(version.yaml_text, request.POST.get("reason", ""))
        row = services.framework_version_update(
            actor=request.user,
            version=version,
            text=text,
            seen_revision=whole(request.POST.get("revision"), 0),
        )
    except FrameworkError as error:
        errors = _problems(error)
    except ValidationError as error:
        errors = [{"message": m} for m in error.messages]
    else:
        messages.success(request, SAVED.format(revision=row.revision))
        target = anchor if anchor == "criteria" else f"c-{anchor or code}"
        return redirect(reverse("frameworks:show-version", args=[row.pk]) + f"#{target}")
    return _show(
        request,
        version,
        criterion_errors={code: errors},
        open_code=code,
        adding=adding,
        typed=request.POST,
    )


def _number(text: str) -> Any:
    from chiso.frameworks.workbook.columns import CellError, number_in

    text = text.strip()
    if not text:
        return None
    try:
        return number_in(text)
    except CellError:
        return text  # the loader says «'max_points' phải là số» next to the field


@login_required
@require_POST
def publish_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_get_for_user(request.user, pk)
    try:
        row = services.framework_version_publish(actor=request.user, version=version)
    except (FrameworkError, ValidationError) as error:
        messages.error(request, message_of(error))
        return redirect("frameworks:show-version", version.pk)
    messages.success(request, PUBLISHED.format(code=row.code, version=row.version))
    return redirect("frameworks:show-version", row.pk)


@login_required
@require_POST
def copy_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_get_for_user(request.user, pk)
    row = services.framework_version_copy(actor=request.user, version=version)
    messages.success(request, CREATED.format(code=row.code, version=row.version))
    return redirect("frameworks:show-version", row.pk)


@login_required
@require_safe
def download_version(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    from chiso.frameworks.workbook import framework_docx, framework_xlsx

    version = version_get_for_user(request.user, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404(fmt)
    extra = services.parent_sources(version.yaml_text)
    if fmt == "yaml":
        body: bytes = version.yaml_text.encode()
    else:
        build = framework_xlsx if fmt == "xlsx" else framework_docx
        body = build(version.yaml_text, extra=extra, display=version.ref)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"{version.code}-phien-ban-{version.version}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def preview_version(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's form exactly as units will see it: the real criterion template, read-only."""
    from chiso.frameworks.preview import PreviewForm, preview_live, preview_sections

    version = version_get_for_user(request.user, pk)
    framework = services.framework_of(version)
    return render(
        request,
        "frameworks/preview.html",
        {
            "version": version,
            "framework": framework,
            "form": PreviewForm(),
            "sections": preview_sections(framework),
            "live": preview_live(framework),
            "can_edit": False,
            "comments": {},
            "adjusted": {},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sandbox_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Sample answers → points, N/A scaling and level, as the scoring core computes them.
    Answers are kept in the session only; nothing is stored."""
    from chiso.frameworks.preview import sandbox_result

    version = version_get_for_user(request.user, pk)
    framework = services.framework_of(version)
    key = f"fw-sandbox-{version.pk}"
    # A sample unit of the framework's first kind (kinds decide what is not applicable).
    first = framework.unit_kinds[0] if framework.unit_kinds else ""
    state = request.session.get(key) or {"answers": {}, "kind": first, "tags": []}
    error = ""
    if request.method == "POST":
        from chiso.frameworks.preview import sandbox_update

        try:
            state = sandbox_update(framework, state, request.POST)
        except ValueError as problem:
            error = str(problem)
        request.session[key] = state
    result = sandbox_result(framework, state)
    context = {
        "version": version,
        "framework": framework,
        "state": state,
        "result": result,
        "error": error,
    }
    if request.htmx:  # type: ignore[attr-defined]  # django_htmx middleware
        return render(request, "frameworks/_sandbox_result.html", context)
    from chiso.frameworks.preview import preview_sections

    context["sections"] = preview_sections(framework, state["answers"])
    context["declared"] = {
        code: raw.get("reason", "")
        for code, raw in state["answers"].items()
        if isinstance(raw, dict) and raw.get("not_applicable")
    }
    return render(request, "frameworks/sandbox.html", context)


@login_required
@require_safe
def diff_versions(request: HttpRequest) -> HttpResponse:
    province = province_for_user(request.user, request.GET.get("tinh", ""))
    choices = _diff_choices(request.user, province)
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    differences = None
    if a in choices and b in choices:
        differences = framework_diff(choices[a][1](), choices[b][1]())
    return render(
        request,
        "frameworks/diff.html",
        {
            "choices": {k: v[0] for k, v in choices.items()},
            "a": a,
            "b": b,
            "differences": differences,
        },
    )


def _diff_choices(user: Any, province: Any) -> dict[str, tuple[str, Any]]:
    choices: dict[str, tuple[str, Any]] = {}
    for f in shipped_registry().all():
        choices[f.code] = (f"{f.name} (mẫu {f.code})", lambda f=f: f)
    for v in province_versions(province=province):
        choices[v.ref] = (
            f"{v.title} ({v.ref}, {v.get_status_display().lower()})",
            lambda v=v: services.framework_of(v),
        )
    return choices


CROSSWALK_SAVED = "Đã xác nhận bảng đối chiếu {old} → {new} ({n} mã)."
NONE = "-"  # the form's value for "no counterpart"


@login_required
@require_http_methods(["GET", "POST"])
def crosswalk_versions(request: HttpRequest) -> HttpResponse:
    """The crosswalk from version ``a`` (last year's) to ``b``: the proposal, or what was
    confirmed, one row per old code; the administrator edits and confirms it."""
    from chiso.frameworks.crosswalk import Link, items_of, propose
    from chiso.frameworks.models import FrameworkCrosswalk

    province = province_for_user(request.user, request.GET.get("tinh", ""))
    choices = _diff_choices(request.user, province)
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if a not in choices or b not in choices:
        return redirect(reverse("frameworks:diff-versions"))
    old, new = choices[a][1](), choices[b][1]()
    proposed = {link.old: link for link in propose(old, new)}
    row = FrameworkCrosswalk.objects.filter(
        era=province.era,
        province_code=province.province_code,
        old_code=old.code,
        old_version=old.version,
        new_code=new.code,
        new_version=new.version,
    ).first()
    links = {link.old: link for link in proposed.values()}
    if row is not None:
        links = {r["old"]: Link(r["old"], r["new"], bool(r.get("merge"))) for r in row.links}
    errors: list[str] = []
    if request.method == "POST":
        links = _posted_links(request, items_of(old))
        try:
            services.crosswalk_confirm(
                actor=request.user,
                province=province,
                old=old,
                new=new,
                links=[link for link in links.values() if link is not None],
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                CROSSWALK_SAVED.format(
                    old=f"{old.code} phiên bản {old.version}",
                    new=f"{new.code} phiên bản {new.version}",
                    n=len(links),
                ),
            )
            return redirect(request.get_full_path())
    rows = _crosswalk_rows(old, new, links, proposed)
    context = {
        "a": a,
        "b": b,
        "old": old,
        "new": new,
        "row": row,
        "errors": errors,
        "rows": rows,
        "kept": sum(1 for r in rows if not r["changed"]),
        "review": sum(1 for r in rows if r["changed"]),
        "none": NONE,
    }
    return render(request, "frameworks/crosswalk.html", context, status=422 if errors else 200)


def _posted_links(request: HttpRequest, before: dict[str, Any]) -> dict[str, Any]:
    """The old code → link chosen in the form (None: not chosen yet, which ``validate`` names)."""
    from chiso.frameworks.crosswalk import Link

    found: dict[str, Any] = {}
    for code in before:
        target = request.POST.get(f"to-{code}", "")
        if not target:
            found[code] = None
            continue
        merge = request.POST.get(f"merge-{code}") == "1"
        found[code] = Link(code, None if target == NONE else target, merge)
    return found


def _crosswalk_rows(
    old: Any, new: Any, links: dict[str, Any], proposed: dict[str, Any]
) -> list[Any]:
    """One row per old item: the item, the new items of its kind to choose from, the current
    choice and why it was proposed."""
    from chiso.frameworks.crosswalk import items_of

    before, after = items_of(old), items_of(new)
    rows = []
    for code, item in before.items():
        link = links.get(code)
        hint = proposed[code]
        rows.append(
            {
                "item": item,
                "options": [n for n in after.values() if n.kind == item.kind],
                "chosen": "" if link is None else (link.new or NONE),
                "merge": bool(link and link.merge),
                "how": hint.how,
                "proposed": hint.new,
                "changed": link is None or link.new != code,
            }
        )
    return rows
