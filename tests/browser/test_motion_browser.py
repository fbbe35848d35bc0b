"""The suite's browsers prefer reduced motion (tests/browser/conftest.py): Bootstrap's
transitions are off there. Here they are on, as on most people's screens: a reporter on a phone
answers one criterion of every kind, opens a note, reloads, and finds every answer and the live
summary as typed, while the focus rings, the note's disclosure and the progress bar animate."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.test_form_journey_browser import (
    EXAMPLES,
    PHONE,
    UNITS,
    _answer,
    _block,
    _login,
    _shows,
    _write_note,
)

pytestmark = pytest.mark.browser

REDUCED = "matchMedia('(prefers-reduced-motion: reduce)').matches"


def test_with_transitions_on_every_kind_of_answer_is_kept_across_a_reload(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    campaign: Any,
) -> None:
    from chiso.campaigns.models import Answer
    from chiso.campaigns.services import form_framework

    unit_key, reporter, _, example_file = UNITS["district"]
    form = campaign.forms.get(unit=cast[unit_key])
    framework = form_framework(form)
    example = json.loads((EXAMPLES / example_file).read_text(encoding="utf-8"))["answers"]
    inputs = [c for c in framework.leaves() if c.input is not None and c.input.kind != "points"]
    # One criterion of each kind, and a second yes/no: the first must stay as answered.
    chosen: dict[str, Any] = {}
    for criterion in inputs:
        kind = str(criterion.input.kind)
        if kind not in {str(c.input.kind) for c in chosen.values()} or (
            kind == "boolean" and sum(str(c.input.kind) == "boolean" for c in chosen.values()) < 2
        ):
            chosen[criterion.code] = criterion
    assert {"ratio", "boolean", "document", "count", "number"} <= {
        str(c.input.kind) for c in chosen.values()
    }
    expected = {
        code: str(example[code]).replace(".", ",") if c.input.kind == "number" else example[code]
        for code, c in chosen.items()
    }

    # The suite's default context prefers reduced motion; this one asks for none.
    reduced = browser.new_context(viewport=PHONE).new_page()
    assert reduced.evaluate(REDUCED) is True
    reduced.context.close()
    page = browser.new_context(viewport=PHONE, reduced_motion="no-preference").new_page()
    assert page.evaluate(REDUCED) is False

    _login(page, live_server.url, reporter.replace("_", "."))
    page.goto(f"{live_server.url}/forms/{form.pk}/")
    # Bootstrap's transitions are on: a field's focus ring animates.
    transition = "getComputedStyle(document.querySelector('.form-control')).transitionDuration"
    assert page.evaluate(transition) != "0s"
    for code, criterion in chosen.items():
        _answer(_block(page, code), criterion, expected[code])
    first = next(iter(chosen))
    _write_note(_block(page, first), first, "Ghi chú khi có hiệu ứng chuyển động")
    expect(page.locator("#live-summary")).to_contain_text(
        f"{len(chosen)}/{len(inputs)} tiêu chí đã trả lời"
    )

    page.reload()
    for code, criterion in chosen.items():
        _shows(_block(page, code), criterion, expected[code])
    expect(_block(page, first).get_by_label(f"Ghi chú {first}")).to_have_value(
        "Ghi chú khi có hiệu ứng chuyển động"
    )
    expect(page.locator("#live-summary")).to_contain_text(
        f"{len(chosen)}/{len(inputs)} tiêu chí đã trả lời"
    )
    stored = set(
        Answer.objects.filter(form=form, value__isnull=False).values_list("criterion", flat=True)
    )
    assert stored == set(chosen)
    page.context.close()
