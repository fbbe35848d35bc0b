"""The province administrator's framework pages, through the test client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chiso.frameworks.models import FrameworkVersion, VersionStatus
from tests.frameworks_store.hand_table import hand_workbook


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _from_template(client: Client, code: str = "daknong-2026-xa") -> FrameworkVersion:
    response = client.post(
        "/frameworks/versions/new/", {"source": "template", "template": "vn-2392-xa", "code": code}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return FrameworkVersion.objects.get(code=code)


def test_the_administrator_creates_edits_previews_scores_and_publishes_a_version(cast):
    client = _client(cast["province_admin"])
    assert client.get("/frameworks/versions/").status_code == 200
    version = _from_template(client)
    page = client.get(f"/frameworks/versions/{version.pk}/")
    assert page.status_code == 200 and "Bản nháp" in page.content.decode()
    # The live check names the line of the problem.
    broken = version.yaml_text.replace("max_points: 5\n", "max_points: 6\n", 1)
    check = client.post(f"/frameworks/versions/{version.pk}/check/", {"yaml_text": broken})
    assert "cộng lại" in check.content.decode() and "dòng" in check.content.decode()
    ok = client.post(f"/frameworks/versions/{version.pk}/check/", {"yaml_text": version.yaml_text})
    assert "Hợp lệ" in ok.content.decode()
    # The per-criterion form.
    edited = client.post(
        f"/frameworks/versions/{version.pk}/criteria/SS.HT.1/",
        {
            "revision": 1,
            "name": "Tỷ lệ máy tính",
            "max_points": "5",
            "guidance": "Đếm máy",
            "basis_article": "Phụ lục II",
            "basis_item": "mục 1",
            "evidence": "required",
        },
    )
    assert edited.status_code == 302
    version.refresh_from_db()
    assert "Tỷ lệ máy tính" in version.yaml_text and version.revision == 2
    bad = client.post(
        f"/frameworks/versions/{version.pk}/criteria/SS.HT.1/",
        {"revision": 2, "name": "X", "max_points": "7", "basis_item": "mục 1"},
    )
    assert bad.status_code == 422 and "cộng lại" in bad.content.decode()
    preview = client.get(f"/frameworks/versions/{version.pk}/preview/")
    assert preview.status_code == 200 and "Tỷ lệ máy tính" in preview.content.decode()
    sandbox = client.post(
        f"/frameworks/versions/{version.pk}/sandbox/",
        {"code": "SS.HT.1", "numerator": "8", "denominator": "10"},
        HTTP_HX_REQUEST="true",
    )
    assert "sandbox-total" in sandbox.content.decode()
    for fmt in ("xlsx", "docx", "yaml"):
        assert client.get(f"/frameworks/versions/{version.pk}/download.{fmt}").status_code == 200
    client.post(f"/frameworks/versions/{version.pk}/publish/")
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    diff = client.get("/frameworks/versions/diff/", {"a": "vn-2392-xa", "b": version.ref})
    assert "đổi tên" in diff.content.decode()


def test_an_uploaded_hand_written_table_with_errors_shows_each_located_and_stores_nothing(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(cast["province_admin"])
    upload = SimpleUploadedFile("bang.xlsx", hand_workbook(errors=True))
    page = client.post(
        "/frameworks/versions/new/", {"source": "upload", "file": upload, "code": "lamdong-xa"}
    )
    text = page.content.decode()
    assert page.status_code == 422
    assert "trang «Phu luc I», dòng 5, cột «Điểm tối đa»" in text
    assert not FrameworkVersion.objects.exists()


@pytest.mark.parametrize("who", ["appraiser", "reporter_a"])
def test_other_roles_do_not_see_the_provinces_drafts(cast, who):
    admin = _client(cast["province_admin"])
    version = _from_template(admin)
    other = _client(cast[who])
    assert other.get(f"/frameworks/versions/{version.pk}/").status_code in (403, 404)
    assert other.get("/frameworks/versions/").status_code == 404


def test_the_sandbox_scales_the_total_when_a_criterion_is_declared_not_applicable(cast):
    """The 2026 commune template: KT.3 (25 of 1000 points) declared không áp dụng with a
    reason; the sandbox shows the scaling the scoring core explains."""
    client = _client(cast["province_admin"])
    response = client.post(
        "/frameworks/versions/new/",
        {"source": "template", "template": "mau-2026-xa-phuong", "code": "daknong-2026-xa-phuong"},
    )
    assert response.status_code == 302
    version = FrameworkVersion.objects.get(code="daknong-2026-xa-phuong")
    url = f"/frameworks/versions/{version.pk}/sandbox/"
    page = client.get(url).content.decode()
    assert 'name="not_applicable"' in page and "Lý do không áp dụng" in page
    result = client.post(
        url,
        {"code": "KT.3", "not_applicable": "on", "na_reason": "Xã không có chợ"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "sandbox-scaling" in result and "không áp dụng" in result
    page = client.get(url).content.decode()
    assert 'value="Xã không có chợ"' in page  # the declaration is shown again after a reload
