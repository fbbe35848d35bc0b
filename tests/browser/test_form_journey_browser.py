"""Issue 14, as a reporter lives it on a 360-px phone in Chromium: a whole form answered (every
input criterion, every kind the framework has: ratio, yes/no, choice, count, number, percentage,
document), reloaded, notes and trích yếu of earlier criteria edited, reloaded again: every answer,
every point and the level are what was typed, on the page and in the database (checked against
the scoring core run on the database's answers). An answer is emptied only by «Xoá câu trả lời».
Then the unit head opens the form and submits it, and the answers are intact.

Before the fix, answering a second yes/no unchecked the first (one radio group for the whole
page), and editing the first's note then saved it as "no answer" while the page said «Đã lưu».
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples/answers"
SHOTS = Path(tempfile.gettempdir())  # where the screens are looked at

# (unit fixture key, reporter, head or None to create one, example file)
UNITS = {
    "district": ("dakrlap", "reporter_a", "head_a", "daknong-2019-huyen/666.json"),
    "commune": ("namnjang", "reporter_commune", None, "daknong-2019-xa/24728.json"),
}


def _login(page: Page, base: str, username: str) -> None:
    from tests.conftest import PASSWORD

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_label("Mật khẩu")).to_have_count(0)


def _block(page: Page, code: str) -> Locator:
    return page.locator(f"section[id='c-{code}']")


def _saved(block: Locator) -> None:
    expect(block.locator(".save-state")).to_have_text(re.compile("^Đã lưu lúc"))


def _fields(criterion: Any, raw: object) -> dict[str, str]:
    from chiso.campaigns.form_input import fields_from_raw

    return {k: str(v) for k, v in fields_from_raw(criterion, raw).items()}


def _answer(block: Locator, criterion: Any, raw: object) -> None:
    """Type ``raw`` the way a person does; wait until the page says it is saved."""
    kind = str(criterion.input.kind)
    fields = _fields(criterion, raw)
    if kind == "ratio":
        block.locator("input[name=numerator]").fill(fields["numerator"])
        block.locator("input[name=denominator]").fill(fields["denominator"])
        block.locator("input[name=denominator]").blur()
    elif kind == "boolean":
        block.get_by_label("Có" if raw else "Không", exact=True).check()
    elif kind == "choice":
        block.get_by_label("Lựa chọn").select_option(fields["value"])
    elif kind == "document" and raw is False:
        block.get_by_label("Chưa có").check()
    elif kind == "document":
        block.get_by_label("Có văn bản").check()
        block.get_by_label("Số, ký hiệu").fill(fields["number"])
        block.get_by_label("Ngày ban hành").fill(fields["date"])
        block.get_by_label("Cơ quan ban hành").fill(fields["issuer"])
        block.get_by_label("Trích yếu").fill(fields["summary"])
        block.get_by_label("Trích yếu").blur()
    else:  # count, number, percentage, date: one field named value
        block.locator("input[name=value]").fill(fields["value"])
        block.locator("input[name=value]").blur()
    _saved(block)


def _shows(block: Locator, criterion: Any, raw: object) -> None:
    """The fields show ``raw``, and nothing else is checked."""
    kind = str(criterion.input.kind)
    fields = _fields(criterion, raw)
    if kind == "ratio":
        expect(block.locator("input[name=numerator]")).to_have_value(fields["numerator"])
        expect(block.locator("input[name=denominator]")).to_have_value(fields["denominator"])
    elif kind in ("boolean", "document"):
        yes, no = ("Có", "Không") if kind == "boolean" else ("Có văn bản", "Chưa có")
        expect(block.get_by_label(yes, exact=True)).to_be_checked(checked=raw not in (None, False))
        expect(block.get_by_label(no, exact=True)).to_be_checked(checked=raw is False)
        if kind == "document" and isinstance(raw, dict):
            for label, key in (
                ("Số, ký hiệu", "number"),
                ("Ngày ban hành", "date"),
                ("Cơ quan ban hành", "issuer"),
                ("Trích yếu", "summary"),
            ):
                expect(block.get_by_label(label)).to_have_value(fields[key])
    elif kind == "choice":
        expect(block.get_by_label("Lựa chọn")).to_have_value(fields.get("value", ""))
    else:
        expect(block.locator("input[name=value]")).to_have_value(fields.get("value", ""))


def _write_note(block: Locator, code: str, text: str) -> None:
    note = block.get_by_label(f"Ghi chú {code}")
    if not note.is_visible():
        block.locator("summary", has_text="Ghi chú").click()
    note.fill(text)
    note.blur()
    _saved(block)


def _check_everything(page: Page, form: Any, expected: dict[str, Any], notes: dict[str, str]):
    """Page and database both hold ``expected``; points and levels are the scoring core's."""
    from chiso.campaigns.models import Answer
    from chiso.campaigns.services import form_framework
    from chiso.scoring import score
    from chiso.scoring.numbers import fmt_points

    framework = form_framework(form)
    stored = {a.criterion: a for a in Answer.objects.filter(form=form)}
    for code, raw in expected.items():
        criterion = framework.criteria_by_code[code]
        assert code in stored and stored[code].value is not None, code
        assert _fields(criterion, stored[code].value) == _fields(criterion, raw), code
        assert stored[code].note == notes.get(code, ""), code
        _shows(_block(page, code), criterion, raw)
        if code in notes:
            expect(_block(page, code).get_by_label(f"Ghi chú {code}")).to_have_value(notes[code])

    # The scoring core on what the database holds, and on what was typed: the same result,
    # and the one the page shows for every criterion, group and section.
    from_db = score(framework, {c: a.value for c, a in stored.items()}, unit=form.unit.code)
    typed = score(framework, expected, unit=form.unit.code)
    assert from_db.total == typed.total and from_db.total > 0
    for section, typed_section in zip(from_db.sections, typed.sections, strict=True):
        assert section.points == typed_section.points and section.level == typed_section.level
        expect(page.locator(f"[data-total-for='{section.section.code}']")).to_have_text(
            fmt_points(section.points)
        )
        for group in section.groups:
            expect(page.locator(f"[data-points-for='{group.group.code}']")).to_have_text(
                fmt_points(group.points)
            )
            for top in group.criteria:
                for found in top.walk():
                    code = found.criterion.code
                    if code in expected:
                        expect(page.locator(f"[data-points-for='{code}']")).to_have_text(
                            fmt_points(found.points)
                        )
    levels = [str(s.level) for s in from_db.sections]
    expect(page.locator(".live-level")).to_have_text(levels)


@pytest.mark.parametrize("level", ["district", "commune"])
def test_a_whole_form_answered_reloaded_and_edited_keeps_every_answer_then_the_head_submits(
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    campaign: Any,
    level: str,
) -> None:
    from chiso.accounts.models import Role
    from chiso.accounts.services import role_grant, user_create
    from chiso.audit.models import Entry
    from chiso.campaigns.models import Answer, FormStatus
    from chiso.campaigns.services import evidence_add, form_framework
    from tests.conftest import PASSWORD

    unit_key, reporter, head, example_file = UNITS[level]
    form = campaign.forms.get(unit=cast[unit_key])
    framework = form_framework(form)
    example = json.loads((EXAMPLES / example_file).read_text(encoding="utf-8"))["answers"]
    inputs = [c for c in framework.leaves() if c.input is not None and c.input.kind != "points"]
    kinds = {str(c.input.kind) for c in inputs}
    assert {"ratio", "boolean", "document", "count", "number"} <= kinds
    # The decimal comma is how the number is typed here (the example file has a point).
    expected: dict[str, Any] = {
        c.code: (
            str(example[c.code]).replace(".", ",") if c.input.kind == "number" else example[c.code]
        )
        for c in inputs
    }
    yes_no = [c.code for c in inputs if c.input.kind == "boolean"]
    documents = [c.code for c in inputs if c.input.kind == "document"]
    assert len(yes_no) >= 3 and len(documents) >= 1

    page.set_viewport_size(PHONE)
    _login(page, live_server.url, reporter.replace("_", "."))
    page.goto(f"{live_server.url}/forms/{form.pk}/")
    expect(page.locator("#live-summary")).to_contain_text(f"0/{len(inputs)} tiêu chí đã trả lời")

    # 1. Every input criterion, in page order.
    for criterion in inputs:
        _answer(_block(page, criterion.code), criterion, expected[criterion.code])
    expect(page.locator("#live-summary")).to_contain_text(
        f"{len(inputs)}/{len(inputs)} tiêu chí đã trả lời"
    )
    # Answering the later yes/no left the earlier ones checked, before any reload.
    for code in yes_no + documents:
        _shows(_block(page, code), framework.criteria_by_code[code], expected[code])
    _block(page, documents[0]).screenshot(path=str(SHOTS / f"form-journey-{level}-document.png"))
    page.screenshot(path=str(SHOTS / f"form-journey-{level}-answered.png"))

    page.reload()
    _check_everything(page, form, expected, {})

    # 2. Notes on earlier criteria (every yes/no and document, the first ratio), the trích yếu
    # of every document answered "yes".
    notes: dict[str, str] = {}
    first_ratio = next(c.code for c in inputs if c.input.kind == "ratio")
    for code in [first_ratio, *yes_no, *documents]:
        notes[code] = f"Ghi chú cho {code}: đã rà soát theo biên bản"
        _write_note(_block(page, code), code, notes[code])
    for code in documents:
        if isinstance(expected[code], dict):
            block = _block(page, code)
            summary = f"{expected[code]['summary']} (sửa lại)"
            block.get_by_label("Trích yếu").fill(summary)
            block.get_by_label("Trích yếu").blur()
            _saved(block)
            expected[code] = {**expected[code], "summary": summary}
    page.reload()
    _check_everything(page, form, expected, notes)
    assert not Entry.objects.filter(action="forms.answer", changes__value__1=None).exists()

    # 3. Emptying a field is refused (the answer stays), «Xoá câu trả lời» clears.
    number = next(c for c in inputs if c.input.kind in ("count", "number"))
    field = _block(page, number.code).locator("input[name=value]")
    field.fill("")
    field.blur()
    expect(_block(page, number.code).locator(".save-state")).to_have_text("Chưa lưu")
    expect(_block(page, number.code).locator(".field-error")).to_contain_text(
        "câu trả lời đã lưu vẫn giữ nguyên"
    )
    assert Answer.objects.get(form=form, criterion=number.code).value is not None
    _answer(_block(page, number.code), number, expected[number.code])

    cleared = _block(page, yes_no[0])
    page.once("dialog", lambda dialog: dialog.accept())
    cleared.get_by_role("button", name="Xoá câu trả lời").click()
    expect(cleared.locator(".save-state")).to_have_text(re.compile("^Đã xoá câu trả lời lúc"))
    expect(cleared.get_by_label("Có", exact=True)).not_to_be_checked()
    expect(cleared.get_by_label("Không", exact=True)).not_to_be_checked()
    expect(cleared.locator(f"[data-points-for='{yes_no[0]}']")).to_have_text("0,00")
    expect(cleared.get_by_role("button", name="Xoá câu trả lời")).to_be_hidden()
    assert Answer.objects.get(form=form, criterion=yes_no[0]).value is None
    assert Entry.objects.filter(action="forms.answer_clear", criterion=yes_no[0]).count() == 1
    cleared.screenshot(path=str(SHOTS / f"form-journey-{level}-cleared.png"))
    page.reload()
    expect(_block(page, yes_no[0]).get_by_label("Có", exact=True)).not_to_be_checked()
    _answer(_block(page, yes_no[0]), framework.criteria_by_code[yes_no[0]], expected[yes_no[0]])
    page.reload()
    _check_everything(page, form, expected, notes)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # 4. Evidence for the answers that need it (one through the page), then the head submits.
    needing = [
        c.code for c in inputs if c.evidence_required and expected[c.code] not in (False, "0")
    ]
    block = _block(page, needing[0])
    pdf = SHOTS / f"form-journey-{level}.pdf"
    pdf.write_bytes(PDF)
    block.locator("input[type=file]").set_input_files(str(pdf))
    block.get_by_role("button", name="Đính kèm").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã đính kèm")
    for code in needing[1:]:
        evidence_add(actor=cast[reporter], form=form, criterion=code, name=f"{code}.pdf", data=PDF)

    if head is None:
        user, _ = user_create(
            actor=None,
            username=f"head.{level}",
            full_name="Chủ tịch UBND xã",
            email=f"head.{level}@example.vn",
            password=PASSWORD,
        )
        role_grant(actor=None, user=user, role=Role.HEAD, unit=cast[unit_key])
        head_name = f"head.{level}"
    else:
        head_name = head.replace("_", ".")
    page.context.clear_cookies()
    _login(page, live_server.url, head_name)
    page.goto(f"{live_server.url}/forms/{form.pk}/")
    _check_everything(page, form, expected, notes)
    page.get_by_role("link", name="Nộp phiếu…").click()
    expect(page.get_by_text("Sẽ gửi tới Sở")).to_be_visible()
    page.get_by_role("button", name="Xác nhận nộp phiếu").click()

    expect(page.locator("#form-status")).to_have_text("Đã nộp")
    form.refresh_from_db()
    assert form.status == FormStatus.SUBMITTED
    _check_everything(page, form, expected, notes)
    expect(_block(page, yes_no[0]).get_by_label("Có", exact=True)).to_be_disabled()
    page.screenshot(path=str(SHOTS / f"form-journey-{level}-submitted.png"))


def test_without_javascript_each_criterion_saves_on_its_own_and_keeps_the_others(
    browser: Any,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    form_a: Any,
) -> None:
    """A phone with scripts off: each criterion's «Lưu» button posts only that criterion, and
    two yes/no answered one after the other are both kept."""
    from chiso.campaigns.models import Answer

    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    _login(page, live_server.url, "reporter.a")
    page.goto(f"{live_server.url}/forms/{form_a.pk}/")
    for code, label in (("SS.HT.3.1", "Có"), ("SS.HT.3.2", "Không"), ("SS.HT.4.2", "Có")):
        _block(page, code).get_by_label(label, exact=True).check()
        _block(page, code).get_by_role("button", name=f"Lưu {code}").click()
        expect(page.get_by_role("alert").first).to_contain_text(f"Đã lưu {code}.")
    block = _block(page, "SS.HT.3.1")
    block.locator("summary", has_text="Ghi chú").click()
    block.get_by_label("Ghi chú SS.HT.3.1").fill("Có biên bản")
    block.get_by_role("button", name="Lưu SS.HT.3.1").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã lưu SS.HT.3.1.")

    stored = dict(Answer.objects.filter(form=form_a).values_list("criterion", "value"))
    assert stored == {"SS.HT.3.1": True, "SS.HT.3.2": False, "SS.HT.4.2": True}
    assert Answer.objects.get(form=form_a, criterion="SS.HT.3.1").note == "Có biên bản"
    for code, label in (("SS.HT.3.1", "Có"), ("SS.HT.3.2", "Không"), ("SS.HT.4.2", "Có")):
        expect(_block(page, code).get_by_label(label, exact=True)).to_be_checked()
    page.screenshot(path=str(SHOTS / "form-journey-nojs.png"))
    context.close()
