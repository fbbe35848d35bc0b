"""The person's inbox (/thong-bao/), opening a notice (which explains when its page is closed to
them), their mail preference, and the department's download of a campaign's công văn."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from chiso.accounts.policy import FORBIDDEN_MESSAGE, HIDDEN_MESSAGE, Action, Decision, decide
from chiso.campaigns.models import Campaign
from chiso.campaigns.selectors import own_forms
from chiso.notices.letter import DOCX, letter_docx, letter_filename
from chiso.notices.models import Event, Notice
from chiso.notices.selectors import inbox, mailbox_of
from chiso.notices.services import (
    mailbox_set_reminders,
    notice_mark_read,
    notices_mark_all_read,
)

PER_PAGE = 30
NO_LONGER_UNIT = (
    "Thông báo này dẫn tới phiếu của {unit}, nhưng tài khoản của bạn hiện không còn vai trò ở "
    "đơn vị này (hoặc vai trò đã đổi), nên không mở được phiếu. Nếu bạn vẫn phụ trách đơn vị, "
    "hãy đề nghị quản trị của tỉnh giao lại vai trò."
)
NO_LONGER_APPRAISER = (
    "Thông báo này dẫn tới trang thẩm định phiếu của {unit}, nhưng tài khoản của bạn hiện không "
    "còn vai trò thẩm định của tỉnh, nên không mở được trang này."
)
NOT_OPEN_NOW = "Trang của thông báo này hiện không mở được với tài khoản của bạn."
PREFERENCE_SAVED = "Đã lưu: {what}."


def _notice(request: HttpRequest, pk: int) -> Notice:
    """The person's own notice; anyone else's is «not found», never shown."""
    found = (
        Notice.objects.select_related("form__unit", "form__campaign__province", "campaign")
        .filter(pk=pk, user_id=request.user.pk or 0)
        .first()
    )
    if found is None:
        raise Http404(HIDDEN_MESSAGE)
    return found


@login_required
@require_http_methods(["GET"])
def list_notices(request: HttpRequest) -> HttpResponse:
    page = Paginator(inbox(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/inbox.html",
        {"page": page, "mailbox": mailbox_of(request.user)},
    )


def _closed_reason(request: HttpRequest, notice: Notice) -> str:
    """Why the notice's page is closed to the person now ("" when it opens)."""
    form = notice.form
    if form is None:
        return ""
    # The same checks as the page the link opens (the form; the appraisers' review of it).
    opens = decide(request.user, Action.FORM_VIEW, form) is Decision.ALLOW
    if notice.event == Event.QUESTION_ANSWERED:
        department = decide(request.user, Action.RESULTS_VIEW_DRAFT, form.campaign)
        if opens and department is Decision.ALLOW:
            return ""
        return NO_LONGER_APPRAISER.format(unit=form.unit.name)
    return "" if opens else NO_LONGER_UNIT.format(unit=form.unit.name)


@login_required
@require_http_methods(["GET"])
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks the notice read and goes to its page, or says why that page is closed now."""
    notice = _notice(request, pk)
    notice_mark_read(user=request.user, notice=notice)
    reason = _closed_reason(request, notice)
    safe = url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None)
    if reason or not safe or not notice.link.startswith("/"):
        return render(
            request,
            "notices/closed.html",
            {"notice": notice, "reason": reason or NOT_OPEN_NOW},
            status=403 if reason else 200,
        )
    return redirect(notice.link)


@login_required
@require_http_methods(["POST"])
def read_notice(request: HttpRequest, pk: int) -> HttpResponse:
    notice_mark_read(user=request.user, notice=_notice(request, pk))
    return redirect("notices:list-notices")


@login_required
@require_http_methods(["POST"])
def read_all(request: HttpRequest) -> HttpResponse:
    notices_mark_all_read(user=request.user)
    return redirect("notices:list-notices")


@login_required
@require_http_methods(["GET", "POST"])
def edit_preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        enabled = request.POST.get("reminders") == "on"
        mailbox_set_reminders(actor=request.user, enabled=enabled)
        what = "nhận thư nhắc hạn" if enabled else "không nhận thư nhắc hạn"
        messages.success(request, PREFERENCE_SAVED.format(what=what))
        return redirect(request.POST.get("next") or "notices:edit-preferences")
    return render(request, "notices/preferences.html", {"mailbox": mailbox_of(request.user)})


@login_required
@require_http_methods(["GET"])
def download_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign's công văn: for the department, and for the units it is addressed to."""
    campaign = Campaign.objects.select_related("province").filter(pk=pk).first()
    if campaign is None:
        raise Http404(HIDDEN_MESSAGE)
    decision = decide(request.user, Action.RESULTS_VIEW_DRAFT, campaign)
    if decision is not Decision.ALLOW and not own_forms(request.user, [campaign]).get(pk):
        if decision is Decision.HIDDEN:
            raise Http404(HIDDEN_MESSAGE)
        raise PermissionDenied(FORBIDDEN_MESSAGE)
    response = HttpResponse(letter_docx(campaign), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{letter_filename(campaign)}"'
    return response
