"""The department uploads several units' forms at once and watches each file's result arrive."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.campaigns.excel_files import form_file
from tests.conftest import PASSWORD
from tests.excel.builders import zip_of

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Every value the progress bar shows, in order, recorded in the page as it changes.
WATCH_PROGRESS = """() => {
  window.progressSeen = [];
  const bar = document.getElementById("bulk-progress");
  new MutationObserver(() => window.progressSeen.push(Number(bar.getAttribute("aria-valuenow"))))
    .observe(bar, { attributes: true, attributeFilter: ["aria-valuenow"] });
}"""


def _open_campaign(page: Page, live_server: LiveServer, campaign: Any) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("province.admin")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")


def test_the_department_uploads_many_forms_sees_the_progress_and_a_result_per_file(
    page: Page,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    campaign: Any,
) -> None:
    forms = {form.unit.code: form for form in campaign.forms.select_related("unit")}
    files: list[FilePayload] = [
        {
            "name": "dakrlap.xlsx",
            "mimeType": XLSX,
            "buffer": form_file(forms["666"], {"SS.HT.1": {"G": 40, "H": 50}}),
        },
        {
            "name": "dakmil.xlsx",
            "mimeType": XLSX,
            "buffer": form_file(forms["663"], {"SS.HT.1": {"G": 60, "H": 50}}),
        },
        {
            "name": "huyen.zip",
            "mimeType": "application/zip",
            "buffer": zip_of({"cujut.xlsx": form_file(forms["662"], {"SS.NL.3": {"F": 6}})}),
        },
    ]
    _open_campaign(page, live_server, campaign)

    page.get_by_label("Tệp phiếu (.xlsx) hoặc tệp nén (.zip)").set_input_files(files)
    page.evaluate(WATCH_PROGRESS)
    page.get_by_role("button", name="Tải lên và nhập").click()

    expect(page.locator("#bulk-status")).to_have_text(
        "Đã xử lý xong. Kết quả từng tệp ở bảng dưới."
    )
    progress = page.get_by_role("progressbar", name="Tiến độ tải lên")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("aria-valuenow", "100")
    seen = page.evaluate("window.progressSeen")
    assert seen[0] == 0 and seen[-1] == 100 and seen == sorted(seen)
    assert page.url == f"{live_server.url}/campaigns/{campaign.pk}/"  # no page change
    rows = page.locator("#import-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Đã nhập")
    expect(rows.nth(0)).to_contain_text("Huyện Đắk R'Lấp")
    expect(rows.nth(1)).to_contain_text("Từ chối")
    expect(rows.nth(1)).to_contain_text(re.compile(r"dòng \d+, cột G, tiêu chí SS\.HT\.1"))
    expect(rows.nth(2)).to_contain_text("huyen.zip › cujut.xlsx")
    expect(rows.nth(2)).to_contain_text("Đã nhập")
    expect(page.locator("#import-summary")).to_contain_text("2 tệp đã nhập, 1 tệp bị từ chối")


def test_without_javascript_the_upload_is_a_plain_form_and_the_results_a_page(
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    cast: dict[str, Any],
    campaign: Any,
) -> None:
    form = campaign.forms.get(unit__code="662")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _open_campaign(page, live_server, campaign)

    page.get_by_label("Tệp phiếu (.xlsx) hoặc tệp nén (.zip)").set_input_files(
        [{"name": "cujut.xlsx", "mimeType": XLSX, "buffer": form_file(form, {"SS.NL.3": {"F": 6}})}]
    )
    page.get_by_role("button", name="Tải lên và nhập").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập hộ phiếu Excel của các đơn vị")
    expect(page.locator("#import-table tbody tr")).to_contain_text("Đã nhập")
    context.close()
