"""The unit's form page: the unit's answers (campaigns) with the appraisers' side of it.

It lives in appraisal, the higher app, because it composes both: campaigns' own views (save,
evidence, submit, withdraw) know nothing of appraisal (docs/architecture.md, "Layers").
"""

from __future__ import annotations

import dataclasses

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from chiso.accounts.policy import Action, Target, allows
from chiso.appraisal.contest import unit_contest
from chiso.appraisal.selectors import form_dialogue, unit_outcome
from chiso.campaigns.access import form_get_for_user
from chiso.campaigns.extensions import locked_message
from chiso.campaigns.form_page import PROVISIONAL, group_declarations, live_score, page_items
from chiso.campaigns.models import Form
from chiso.campaigns.services import form_framework
from chiso.campaigns.tags import not_applicable_by_framework, tag_labels


@login_required
@require_http_methods(["GET"])
def show_form(request: HttpRequest, pk: int) -> HttpResponse:
    form = form_get_for_user(request.user, pk)
    framework = form_framework(form)
    live = live_score(form)
    comments, adjusted = form_dialogue(form)
    return render(
        request,
        "campaigns/form.html",
        {
            "form": form,
            "comments": comments,
            "adjusted": adjusted,
            "can_reply": allows(request.user, Action.FORM_REPLY, form),
            "framework": framework,
            "sections": page_items(form, framework),
            "framework_na": not_applicable_by_framework(form, framework),
            "unit_tags": tag_labels(framework, form.tags),
            "declarations": group_declarations(form, framework),
            "live": live,
            "provisional_note": PROVISIONAL,
            "can_edit": allows(request.user, Action.FORM_EDIT, form),
            "can_submit": allows(request.user, Action.FORM_SUBMIT, form),
            "can_withdraw": form.status == "submitted"
            and form.campaign.status == "collecting"
            and allows(request.user, Action.FORM_SUBMIT, _open(form)),
            "schedule": form.campaign.schedule,
            "outcome": unit_outcome(form),
            "extension": form.extension,
            "locked_text": locked_message(form) if form.locked_by_deadline else "",
            "contest": unit_contest(form, request.user),
            "visits": form.field_visits.prefetch_related("evidence").select_related("recorded_by"),
        },
    )


def _open(form: Form) -> Target:
    return dataclasses.replace(form.policy_target(), form_open=True)
