"""The unit's form: fill (autosaved per criterion), attach evidence, see the live score, submit."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chiso.accounts.policy import Action, allows
from chiso.campaigns.access import evidence_get_for_user, form_get_for_user
from chiso.campaigns.form_input import group_raw_from_post, raw_from_post
from chiso.campaigns.form_page import Live, live_score
from chiso.campaigns.models import Answer
from chiso.campaigns.services import (
    FORM_LOCK_OF,
    FormIncomplete,
    StaleEdit,
    declared_groups,
    evidence_add,
    evidence_remove,
    form_answers,
    form_framework,
    form_problems,
    form_save_answer,
    form_submit,
    form_withdraw,
)
from chiso.campaigns.summary import summary_html
from chiso.campaigns.uploads import check_size
from chiso.errors import message_of
from chiso.posted import whole

SUBMITTED = "Đã nộp phiếu lúc {when}."
SUBMITTED_LATE = "Đã nộp phiếu lúc {when}, sau hạn nộp: phiếu được ghi nhận là nộp muộn."
WITHDRAWN = "Đã rút lại phiếu; có thể sửa và nộp lại trước khi Sở bắt đầu thẩm định."
EVIDENCE_ADDED = "Đã đính kèm «{name}»."
EVIDENCE_REMOVED = "Đã gỡ «{name}»."
NO_FILE = "Chưa chọn tệp."
SAVED = "Đã lưu {code}."
CLEARED = "Đã xoá câu trả lời {code}."
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}


def _summary_html(live: Live) -> str:
    """What ``render_to_string("campaigns/_summary.html", …)`` gives (the template's two lines
    around its one tag), without the template engine: the autosave sends it every time."""
    return "\n" + summary_html(live) + "\n"


@login_required
@require_http_methods(["POST"])
def save_answer(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Autosave of one criterion: JSON with the new version and the live figures.

    Without JavaScript the criterion's own <form> posts here («Lưu», «Xoá câu trả lời»): the
    browser asks for HTML, so the outcome is a message on the form page instead of JSON.
    """
    response = _save_answer(request, pk, code)
    accept = request.headers.get("Accept", "")
    if "text/html" not in accept or "application/json" in accept:
        return response
    data = json.loads(response.content)
    if data.get("ok"):
        messages.success(
            request, (CLEARED if request.POST.get("clear") == "1" else SAVED).format(code=code)
        )
    else:
        messages.error(request, f"{code}: {data.get('error') or data.get('conflict')}")
    return redirect(f"/forms/{pk}/#c-{code}")


def _save_answer(request: HttpRequest, pk: int, code: str) -> JsonResponse:
    raw_version = request.POST.get("version", "")
    expected = whole(raw_version)
    # «Xoá câu trả lời» posts clear=1: the only way the page turns an answer into no answer.
    clear = request.POST.get("clear") == "1"
    note = None if clear else request.POST.get("note")
    try:
        # The form is read once, locked, for the right to see it, the criterion and the save.
        with transaction.atomic():
            form = form_get_for_user(request.user, pk, lock_of=FORM_LOCK_OF)
            framework = form_framework(form)
            criterion = framework.criteria_by_code.get(code)
            if code in framework.groups_by_code:
                # A group's header: ticked, its declaration; unticked, the declaration withdrawn.
                value = group_raw_from_post(request.POST)
                clear = value is None
            elif criterion is None or criterion.input is None:
                return JsonResponse(
                    {"ok": False, "error": f"Không có tiêu chí «{code}»."}, status=404
                )
            else:
                value = None if clear else raw_from_post(criterion, request.POST)
            saved = form_save_answer(
                actor=request.user,
                form=form,
                criterion=code,
                value=value,
                note=note,
                expected_version=expected,
                clear=clear,
                locked=True,
            )
    except StaleEdit as conflict:
        current: Answer | None = conflict.current
        return JsonResponse(
            {
                "ok": False,
                "conflict": conflict.message,
                "version": current.version if current else "",
            },
            status=409,
        )
    except ValueError as error:
        return JsonResponse({"ok": False, "error": str(error)}, status=422)
    live = live_score(saved.form, saved.answers)
    answer = saved.answer
    return JsonResponse(
        {
            "ok": True,
            "version": answer.version if answer else "",
            "answered": answer is not None and answer.value is not None,
            "saved_at": timezone.localtime().strftime("%H:%M:%S"),
            "points": live.points,
            "summary_html": _summary_html(live),
        }
    )


@login_required
@require_http_methods(["POST"])
def add_evidence(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    form = form_get_for_user(request.user, pk)
    upload = request.FILES.get("file")
    where = f"c-{code}"  # the criterion's block shows it, where the person is looking
    if upload is None:
        messages.error(request, f"{code}: {NO_FILE}", where)
    else:
        try:
            check_size(upload.size or 0)  # before reading it into memory
            evidence = evidence_add(
                actor=request.user,
                form=form,
                criterion=code,
                name=upload.name or "",
                data=upload.read(),
            )
        except ValueError as error:
            messages.error(request, f"{code}: {error}", where)
        else:
            messages.success(request, EVIDENCE_ADDED.format(name=evidence.name), where)
    return redirect(f"/forms/{form.pk}/#c-{code}")


@login_required
@require_http_methods(["POST"])
def remove_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = evidence_get_for_user(request.user, pk)
    evidence_remove(actor=request.user, evidence=evidence)
    messages.success(
        request, EVIDENCE_REMOVED.format(name=evidence.name), f"c-{evidence.criterion}"
    )
    return redirect(f"/forms/{evidence.form_id}/#c-{evidence.criterion}")


@login_required
@require_http_methods(["GET"])
def download_evidence(request: HttpRequest, pk: int) -> FileResponse:
    evidence = evidence_get_for_user(request.user, pk)
    inline = evidence.content_type in INLINE_TYPES
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=not inline,
        filename=evidence.name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def submit_form(request: HttpRequest, pk: int) -> HttpResponse:
    form = form_get_for_user(request.user, pk)
    if not allows(request.user, Action.FORM_SUBMIT, form):
        raise PermissionDenied
    problems: list[str] = []
    if request.method == "POST":
        raw_version = request.POST.get("version", "")
        try:
            submitted = form_submit(
                actor=request.user,
                form=form,
                expected_version=whole(raw_version, -1),
            )
        except FormIncomplete as incomplete:
            problems = incomplete.problems
        except StaleEdit as stale:
            problems = [stale.message]
        else:
            when = timezone.localtime(submitted.submitted_at).strftime("%H:%M %d/%m/%Y")
            messages.success(
                request, (SUBMITTED_LATE if submitted.late else SUBMITTED).format(when=when)
            )
            return redirect("appraisal:show-form", pk=form.pk)
    else:
        problems = form_problems(form)
    live = live_score(form)
    return render(
        request,
        "campaigns/submit.html",
        {
            "form": form,
            "live": live,
            "problems": problems,
            "schedule": form.campaign.schedule,
            "now": timezone.localtime(),
        },
        status=400 if problems and request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["POST"])
def withdraw_form(request: HttpRequest, pk: int) -> HttpResponse:
    form = form_get_for_user(request.user, pk)
    try:
        form_withdraw(actor=request.user, form=form)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, WITHDRAWN)
    return redirect("appraisal:show-form", pk=form.pk)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORTED = "Đã nhập phiếu từ tệp «{name}»: {changed} tiêu chí thay đổi."
KEPT = (
    "{kept} tiêu chí đã được sửa trên chiso sau khi tải tệp mà trong tệp không sửa:"
    " giữ giá trị trên chiso."
)


# The workbook carries the criteria's answers only: a group's không áp dụng declaration needs
# its evidence file, which only the web page takes, so it is declared and withdrawn there and
# an upload leaves it as it is (docs/frameworks.md, "Không áp dụng").
GROUPS_KEPT = (
    "Khai cả nhóm không áp dụng ({groups}) không có trong tệp Excel và được giữ nguyên;"
    " khai hoặc bỏ khai trên trang phiếu."
)


@login_required
@require_http_methods(["GET", "POST"])
def form_excel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form as .xlsx. POST: upload it back; every problem listed, nothing half-done."""
    from chiso.campaigns.excel_io import form_import_workbook, form_workbook, problem_text
    from chiso.excel import WorkbookError

    if request.method == "GET":
        form = form_get_for_user(request.user, pk)
        response = HttpResponse(form_workbook(form), content_type=XLSX)
        name = f"phieu-{form.unit.code}-{form.campaign.year}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response
    form = form_get_for_user(request.user, pk, Action.FORM_EDIT)
    upload = request.FILES.get("file")
    problems: list[str] = []
    if upload is None:
        problems = [NO_FILE]
    else:
        try:
            result = form_import_workbook(
                actor=request.user,
                form=form,
                data=upload.read(),
                filename=upload.name or "phieu.xlsx",
            )
        except WorkbookError as error:
            problems = [problem_text(p) for p in error.problems]
        else:
            text = IMPORTED.format(name=upload.name, changed=result.changed)
            if result.kept:
                text += " " + KEPT.format(kept=result.kept)
            declared = sorted(
                set(declared_groups(form_framework(form), form_answers(form)).values())
            )
            if declared:
                text += " " + GROUPS_KEPT.format(groups=", ".join(declared))
            messages.success(request, text)
            return redirect("appraisal:show-form", pk=form.pk)
    return render(
        request, "campaigns/excel_problems.html", {"form": form, "problems": problems}, status=400
    )
