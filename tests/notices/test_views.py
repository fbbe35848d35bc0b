"""The inbox, opening a notice, the mail preference and the công văn download: the allowed
person, someone else's notice (404), anonymous, the wrong method, and a notice whose page the
person can no longer open."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.test import Client
from django.utils.html import escape

from chiso.accounts.models import RoleAssignment
from chiso.accounts.services import role_revoke
from chiso.audit.models import Entry
from chiso.notices.models import Event, Mailbox, Notice
from chiso.notices.views import NO_LONGER_UNIT

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_inbox_lists_ones_own_notices_with_the_unread_count_in_the_menu(
    campaign: Any, cast: dict[str, Any]
) -> None:
    page = _client(cast["head_a"]).get("/thong-bao/").content.decode()
    assert f"Đề nghị tự đánh giá: {campaign.name}" in page
    assert 'id="unread-count">1<' in page
    other = _client(cast["appraiser"]).get("/thong-bao/").content.decode()
    assert "Chưa có thông báo nào." in other and "unread-count" not in other


def test_anonymous_is_sent_to_login(campaign: Any) -> None:
    response = Client().get("/thong-bao/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(
    campaign: Any, cast: dict[str, Any]
) -> None:
    notice = Notice.objects.get(user=cast["head_a"])
    response = _client(cast["head_a"]).get(f"/thong-bao/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == notice.link
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_someone_elses_notice_is_not_found(campaign: Any, cast: dict[str, Any]) -> None:
    notice = Notice.objects.get(user=cast["head_a"])
    client = _client(cast["reporter_b"])
    assert client.get(f"/thong-bao/{notice.pk}/").status_code == 404
    assert client.post(f"/thong-bao/{notice.pk}/da-doc/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_notice_of_a_form_the_person_can_no_longer_open_says_why(
    campaign: Any, cast: dict[str, Any]
) -> None:
    notice = Notice.objects.get(user=cast["head_a"])
    role_revoke(
        actor=cast["province_admin"],
        assignment=RoleAssignment.objects.get(user=cast["head_a"], unit=cast["dakrlap"]),
    )
    response = _client(cast["head_a"]).get(f"/thong-bao/{notice.pk}/")
    assert response.status_code == 403
    assert escape(NO_LONGER_UNIT.format(unit="Huyện Đắk R'Lấp")) in response.content.decode()


def test_mark_read_one_and_all_are_posts(campaign: Any, cast: dict[str, Any]) -> None:
    client = _client(cast["head_a"])
    notice = Notice.objects.get(user=cast["head_a"])
    assert client.get(f"/thong-bao/{notice.pk}/da-doc/").status_code == 405
    assert client.get("/thong-bao/da-doc/").status_code == 405
    assert client.post(f"/thong-bao/{notice.pk}/da-doc/").status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    Notice.objects.filter(pk=notice.pk).update(read_at=None)
    client.post("/thong-bao/da-doc/")
    assert not Notice.objects.filter(user=cast["head_a"], read_at=None).exists()


def test_a_person_switches_reminder_emails_off_on_the_account_page_and_it_is_audited(
    cast: dict[str, Any],
) -> None:
    client = _client(cast["reporter_a"])
    page = client.get("/accounts/me/").content.decode()
    assert "Nhận thư nhắc hạn nộp phiếu" in page and "checked" in page
    response = client.post("/thong-bao/cai-dat/", {"next": "/accounts/me/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/me/"
    assert Mailbox.objects.get(user=cast["reporter_a"]).reminders is False
    assert Entry.objects.filter(action="notices.preference").count() == 1
    client.post("/thong-bao/cai-dat/", {"reminders": "on"})
    assert Mailbox.objects.get(user=cast["reporter_a"]).reminders is True


def _letter_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_department_downloads_the_cong_van_with_deadline_frameworks_and_recipients(
    campaign: Any, cast: dict[str, Any], settings: Any
) -> None:
    settings.CHISO_BASE_URL = "https://chiso.daknong.gov.vn"
    response = _client(cast["province_admin"]).get(f"/campaigns/{campaign.pk}/cong-van.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'cong-van-67-2019-{campaign.pk}.docx"')
    text = _letter_text(response.content)
    deadline = campaign.schedule.unit_deadline.strftime("%d/%m/%Y")
    for expected in (
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Đắk Nông, ngày 01 tháng 10 năm 2019",
        "Thực hiện Quyết định 2392/QĐ-BTTTT",
        "Đối với cấp huyện (8 đơn vị): Bộ tiêu chí đánh giá mức độ Chính quyền điện tử cấp huyện",
        f"chậm nhất ngày {deadline} (15 ngày làm việc kể từ ngày công văn)",
        "https://chiso.daknong.gov.vn/huong-dan/",
        "province_admin (Sở Thông tin và Truyền thông)",
        "DANH SÁCH CƠ QUAN, ĐƠN VỊ NHẬN CÔNG VĂN",
        "Huyện Đắk R'Lấp",
        "Xã Nâm N'Jang",
    ):
        assert expected in text, expected


def test_the_cong_van_is_for_the_department_and_the_units_addressed_only(
    campaign: Any, cast: dict[str, Any]
) -> None:
    url = f"/campaigns/{campaign.pk}/cong-van.docx"
    assert _client(cast["reporter_a"]).get(url).status_code == 200
    assert _client(cast["other_admin"]).get(url).status_code in {403, 404}
    assert Client().get(url).status_code == 302
    assert _client(cast["province_admin"]).post(url).status_code == 405


def test_the_campaign_page_offers_the_cong_van(campaign: Any, cast: dict[str, Any]) -> None:
    page = _client(cast["province_admin"]).get(f"/campaigns/{campaign.pk}/").content.decode()
    assert f"/campaigns/{campaign.pk}/cong-van.docx" in page
    assert "Chờ gửi 4" in page
    assert Event.CAMPAIGN_OPENED.label


def test_an_answer_for_an_appraiser_who_left_says_why_the_review_is_closed(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    from chiso.appraisal.services import question_ask, question_reply
    from chiso.notices.views import NO_LONGER_APPRAISER

    question_ask(actor=cast["appraiser"], form=submitted_a, criterion="", text="Thiếu gì?")
    question_reply(actor=cast["reporter_a"], form=submitted_a, criterion="", text="Đủ rồi.")
    notice = Notice.objects.get(user=cast["appraiser"], event=Event.QUESTION_ANSWERED)
    client = _client(cast["appraiser"])
    assert (
        client.get(f"/thong-bao/{notice.pk}/")["Location"] == f"/appraisal/forms/{submitted_a.pk}/"
    )
    role_revoke(
        actor=cast["province_admin"],
        assignment=RoleAssignment.objects.get(user=cast["appraiser"]),
    )
    response = client.get(f"/thong-bao/{notice.pk}/")
    assert response.status_code == 403
    assert escape(NO_LONGER_APPRAISER.format(unit="Huyện Đắk R'Lấp")) in response.content.decode()
