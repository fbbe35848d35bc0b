"""A commune officer's day, in Chromium on a 360-px phone: fill, reload, attach, see, submit."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _login(page: Page, base: str, username: str) -> None:
    from tests.conftest import PASSWORD

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def _open_form(page: Page, base: str, username: str) -> None:
    """Log in on a phone and open Đắk R'Lấp's 2019 form from the home page's link."""
    page.set_viewport_size(PHONE)
    _login(page, base, username)
    page.get_by_role("link", name=re.compile("Huyện Đắk R'Lấp – Đánh giá CQĐT năm 2019")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huyện Đắk R'Lấp")


def _block(page: Page, code: str) -> Any:
    return page.locator(f"section[id='c-{code}']")


def _saved(page: Page, code: str) -> None:
    expect(_block(page, code).locator(".save-state")).to_have_text(re.compile("^Đã lưu"))


def test_a_reporter_fills_every_input_kind_reloads_attaches_and_the_head_submits(
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    form_a: Any,
    tmp_path: Path,
) -> None:
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "reporter.a")
    page.get_by_role("link", name=re.compile("Huyện Đắk R'Lấp – Đánh giá CQĐT năm 2019")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huyện Đắk R'Lấp")
    expect(page.locator("#live-summary")).to_contain_text("0/23 tiêu chí đã trả lời")

    ratio = _block(page, "SS.HT.1")
    ratio.locator("input[name=numerator]").fill("40")
    ratio.locator("input[name=denominator]").fill("50")
    ratio.locator("input[name=denominator]").blur()
    _saved(page, "SS.HT.1")
    expect(ratio.locator("[data-points-for='SS.HT.1']")).to_have_text("4,80")
    _block(page, "SS.HT.3.1").get_by_label("Có", exact=True).check()
    _saved(page, "SS.HT.3.1")
    _block(page, "SS.NL.1").get_by_label("Lựa chọn").select_option("kiem_nhiem")
    _saved(page, "SS.NL.1")
    count = _block(page, "SS.NL.3").locator("input[name=value]")
    count.fill("6")
    count.blur()
    _saved(page, "SS.NL.3")
    number = _block(page, "KQ.HD.3").locator("input[name=value]")
    number.fill("6")
    number.blur()
    _saved(page, "KQ.HD.3")
    document = _block(page, "SS.MT.1")
    document.get_by_label("Có văn bản").check()
    document.get_by_label("Số, ký hiệu").fill("31/KH-UBND")
    document.get_by_label("Ngày ban hành").fill("2019-01-15")
    document.get_by_label("Cơ quan ban hành").fill("UBND huyện Đắk R'Lấp")
    document.get_by_label("Cơ quan ban hành").blur()
    _saved(page, "SS.MT.1")
    percentage = _block(page, "KQ.TT.4").locator("input[name=value]")
    percentage.fill("150")
    percentage.blur()
    expect(_block(page, "KQ.TT.4").locator(".save-state")).to_have_text("Chưa lưu")
    expect(_block(page, "KQ.TT.4").locator(".field-error")).to_contain_text(
        "tỷ lệ phần trăm phải từ 0 đến 100"
    )
    percentage.fill("80")
    percentage.blur()
    _saved(page, "KQ.TT.4")
    expect(page.locator("#live-summary")).to_contain_text("7/23 tiêu chí đã trả lời")

    evidence = tmp_path / "ke-hoach.pdf"
    evidence.write_bytes(PDF)
    _block(page, "SS.MT.1").locator("input[type=file]").set_input_files(str(evidence))
    _block(page, "SS.MT.1").get_by_role("button", name="Đính kèm").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã đính kèm «ke-hoach.pdf»")

    page.reload()
    expect(_block(page, "SS.HT.1").locator("input[name=numerator]")).to_have_value("40")
    expect(_block(page, "SS.HT.3.1").get_by_label("Có", exact=True)).to_be_checked()
    expect(_block(page, "SS.NL.1").get_by_label("Lựa chọn")).to_have_value("kiem_nhiem")
    expect(_block(page, "SS.MT.1").get_by_label("Ngày ban hành")).to_have_value("2019-01-15")
    expect(_block(page, "KQ.TT.4").locator("input[name=value]")).to_have_value("80")
    expect(_block(page, "SS.MT.1").get_by_role("link", name="ke-hoach.pdf")).to_be_visible()
    expect(page.get_by_role("link", name="Nộp phiếu…")).to_have_count(0)  # the head submits
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    from tests.campaigns.test_form_services import _fill

    _fill(form_a, cast["reporter_a"])
    page.context.clear_cookies()
    _login(page, live_server.url, "head.a")
    page.goto(f"{live_server.url}/forms/{form_a.pk}/")
    page.get_by_role("link", name="Nộp phiếu…").click()
    expect(page.get_by_text("Sẽ gửi tới Sở")).to_be_visible()
    page.get_by_role("button", name="Xác nhận nộp phiếu").click()

    expect(page.locator("#form-status")).to_have_text("Đã nộp")
    expect(page.get_by_text("Phiếu đang ở chế độ chỉ xem")).to_be_visible()
    expect(_block(page, "SS.HT.1").locator("input[name=numerator]")).to_be_disabled()


def test_another_communes_reporter_gets_404_for_the_form_and_its_evidence(
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    form_a: Any,
) -> None:
    from chiso.campaigns.services import evidence_add

    evidence = evidence_add(
        actor=cast["reporter_a"], form=form_a, criterion="SS.MT.1", name="kh.pdf", data=PDF
    )
    _login(page, live_server.url, "reporter.b")

    for path in (f"/forms/{form_a.pk}/", f"/evidence/{evidence.pk}/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy")


def test_a_value_typed_while_offline_says_not_saved_and_is_saved_when_the_connection_returns(
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    form_a: Any,
) -> None:
    _login(page, live_server.url, "reporter.a")
    page.goto(f"{live_server.url}/forms/{form_a.pk}/")
    count = _block(page, "SS.NL.3").locator("input[name=value]")

    page.context.set_offline(True)
    count.fill("6")
    count.blur()

    state = _block(page, "SS.NL.3").locator(".save-state")
    expect(state).to_have_text("Chưa lưu — mất kết nối, sẽ thử lại")
    expect(page.locator("#connection-banner")).to_be_visible()
    page.context.set_offline(False)
    # Sent again on the browser's "online" event, or by the retry every 5 s: wait for either.
    expect(state).to_have_text(re.compile("^Đã lưu"), timeout=20_000)
    expect(page.locator("#connection-banner")).to_be_hidden()
    page.reload()
    expect(_block(page, "SS.NL.3").locator("input[name=value]")).to_have_value("6")
