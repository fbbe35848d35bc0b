"""Issue 15 in Chromium on a 360-px phone: a reporter attaches what the outside probe sent and
reads each refusal in Vietnamese, attaches a file with a long Vietnamese name that is kept,
then changes the password and sees the program's token revoked on the tokens page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from chiso.campaigns.evidence_content import OLE_MACROS, PDF_SCRIPT
from tests.hostile.corpus import doc_with_macros, pdf, pdf_open_action_js, png_declaring

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}
SHOTS = "/tmp/hostile-accounts-{name}.png"  # noqa: S108 - screenshots to look at


def _login(page: Page, base: str, username: str) -> None:
    from tests.conftest import PASSWORD

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def _attach(page: Page, code: str, name: str, data: bytes) -> None:
    """As the phone's file picker sends it (a name no local file system here could hold)."""
    block = page.locator(f"section[id='c-{code}']")
    block.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": data}
    )
    block.get_by_role("button", name="Đính kèm").click()


def test_a_reporter_on_a_phone_reads_each_refusal_and_keeps_a_long_vietnamese_name(
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    form_a: Any,
) -> None:
    from chiso.campaigns.models import Evidence

    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "reporter.a")
    page.goto(f"{live_server.url}/forms/{form_a.pk}/")
    hostile = {
        "ke-hoach.pdf": (pdf_open_action_js(), PDF_SCRIPT),
        "cong-van.doc": (doc_with_macros(), OLE_MACROS),
        "anh-chup.png": (png_declaring(100_000, 100_000), "Ảnh 100.000 × 100.000 điểm ảnh"),
    }
    for name, (data, refusal) in hostile.items():
        _attach(page, "SS.MT.1", name, data)
        expect(page.get_by_role("alert").first).to_contain_text(refusal)
        page.screenshot(path=SHOTS.format(name=name.split(".")[0]), full_page=False)
    assert Evidence.objects.count() == 0

    long_name = "Kế hoạch ứng dụng công nghệ thông tin " + "ếựữầẩ" * 18 + ".pdf"
    assert len(long_name.encode()) > 255
    _attach(page, "SS.MT.1", long_name, pdf())
    expect(page.get_by_role("alert").first).to_contain_text("Đã đính kèm «Kế hoạch ứng dụng")
    page.reload()
    link = page.locator("section[id='c-SS.MT.1']").get_by_role(
        "link", name=re.compile(r"^Kế hoạch ứng dụng.*\.pdf$")
    )
    expect(link).to_be_visible()
    page.locator("section[id='c-SS.MT.1']").screenshot(path=SHOTS.format(name="long-name"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    [stored] = Evidence.objects.all()
    assert len(stored.name.encode()) <= 200 and stored.name.endswith(".pdf")


def test_changing_the_password_shows_the_programs_token_revoked(
    page: Page, live_server: LiveServer, transactional_db: None, cast: dict[str, Any]
) -> None:
    from tests.conftest import PASSWORD

    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "reporter.a")
    page.goto(f"{live_server.url}/accounts/me/tokens/")
    expect(page.get_by_text("mọi mã đang dùng đều bị thu hồi")).to_be_visible()
    page.get_by_placeholder("Tên, ví dụ: Hệ thống quản lý văn bản").fill("Hệ thống văn bản")
    page.get_by_role("button", name="Tạo mã mới").click()
    expect(page.get_by_text("Hãy chép ngay")).to_be_visible()

    page.goto(f"{live_server.url}/accounts/password/")
    expect(page.get_by_text("mọi mã truy cập API của bạn bị thu hồi")).to_be_visible()
    page.locator("input[name=old_password]").fill(PASSWORD)
    page.locator("input[name=new_password1]").fill("mat-khau-moi-2026-Xy")
    page.locator("input[name=new_password2]").fill("mat-khau-moi-2026-Xy")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    page.goto(f"{live_server.url}/accounts/me/tokens/")

    row = page.get_by_role("row", name=re.compile("Hệ thống văn bản"))
    expect(row).to_contain_text("đã thu hồi")
    expect(row.get_by_role("button", name="Thu hồi")).to_have_count(0)
    page.screenshot(path=SHOTS.format(name="tokens"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
