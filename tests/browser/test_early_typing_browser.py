"""A slow phone: the form's page is shown and the officer types before the autosave's script has
run. No change event was heard, so nothing was saved and the values were lost on the next page
(a CI run caught it as a flaky test: 'Đã lưu' never came). The script, once it runs, saves every
criterion the person changed, and only those."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.test_form_browser import _block, _open_form, _saved

pytestmark = pytest.mark.browser

SCRIPT = re.compile(r".*/chiso/form(\.[0-9a-f]+)?\.js$")


def test_what_is_typed_before_the_autosave_script_runs_is_saved_once_it_runs(
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    form_a: Any,
) -> None:
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route(SCRIPT, hold)  # the login page has no form.js; the form's page waits for it
    _open_form(page, live_server.url, "reporter.a")
    page.wait_for_function("document.querySelector('section[id=\"c-KQ.TT.4\"]') !== null")
    assert len(held) == 1  # the page is there; its autosave is not

    # Every kind the officer can change without the script: typed, picked, ticked, a note.
    ratio = _block(page, "SS.HT.1")
    ratio.locator("input[name=numerator]").fill("40")
    ratio.locator("input[name=denominator]").fill("50")
    _block(page, "SS.HT.3.1").get_by_label("Có", exact=True).check()
    _block(page, "SS.NL.1").get_by_label("Lựa chọn").select_option("kiem_nhiem")
    _block(page, "SS.NL.3").locator("input[name=value]").fill("6")
    document = _block(page, "SS.MT.1")
    document.get_by_label("Có văn bản").check()
    document.get_by_label("Số, ký hiệu").fill("31/KH-UBND")
    document.get_by_label("Ngày ban hành").fill("2019-01-15")
    document.get_by_label("Cơ quan ban hành").fill("UBND huyện Đắk R'Lấp")
    _block(page, "KQ.TT.4").locator("textarea[name=note]").evaluate(
        "el => el.closest('details').open = true"
    )
    _block(page, "KQ.TT.4").locator("textarea[name=note]").fill("Số liệu quý IV")
    assert form_a.answers.count() == 0

    held[0].continue_()
    for code in ("SS.HT.1", "SS.HT.3.1", "SS.NL.1", "SS.NL.3", "SS.MT.1", "KQ.TT.4"):
        _saved(page, code)
    expect(_block(page, "SS.HT.1").locator("[data-points-for='SS.HT.1']")).to_have_text("4,80")
    expect(page.locator("#live-summary")).to_contain_text("5/23 tiêu chí đã trả lời")
    # An untouched criterion (an empty choice, empty boxes) was not "saved" as an empty answer.
    expect(_block(page, "KQ.HD.3").locator(".save-state")).to_have_text("")

    stored = {a.criterion: (a.value, a.note) for a in form_a.answers.all()}
    assert set(stored) == {"SS.HT.1", "SS.HT.3.1", "SS.NL.1", "SS.NL.3", "SS.MT.1", "KQ.TT.4"}
    assert stored["KQ.TT.4"] == (None, "Số liệu quý IV")
    assert stored["SS.NL.1"][0] == "kiem_nhiem"

    # Reload (the script is let through at once now): what was saved is what is shown, and an
    # edit of an earlier answer is saved as usual.
    page.unroute(SCRIPT)
    posts: list[str] = []
    page.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    page.reload()
    expect(_block(page, "SS.HT.1").locator("input[name=denominator]")).to_have_value("50")
    expect(_block(page, "SS.HT.3.1").get_by_label("Có", exact=True)).to_be_checked()
    expect(_block(page, "SS.NL.1").get_by_label("Lựa chọn")).to_have_value("kiem_nhiem")
    expect(_block(page, "SS.MT.1").get_by_label("Số, ký hiệu")).to_have_value("31/KH-UBND")
    expect(_block(page, "KQ.TT.4").locator("textarea[name=note]")).to_have_value("Số liệu quý IV")
    assert posts == []  # the page as the server sent it: nothing to send again
    count = _block(page, "SS.NL.3").locator("input[name=value]")
    count.fill("7")
    count.blur()
    _saved(page, "SS.NL.3")
    assert len(posts) == 1 and posts[0].endswith("/SS.NL.3/")
    assert form_a.answers.get(criterion="SS.NL.3").value == "7"
    assert form_a.answers.get(criterion="SS.HT.1").version == 1
