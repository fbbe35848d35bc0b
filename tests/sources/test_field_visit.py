"""Field survey (khảo sát thực tế): an appraiser records a visit with photos or minutes, checked
like every upload; it shows on the review screen and in the unit's audit trail."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chiso.audit.models import Entry
from chiso.sources.models import FieldVisit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_appraiser_records_a_visit_with_minutes_and_it_is_shown(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    client = _client(cast["appraiser"])
    url = f"/appraisal/forms/{submitted_a.pk}/visits/"
    data = {
        "visited_on": "2019-10-20",
        "people": "Trần Thị Thẩm (Sở TT&TT), Nguyễn Văn A (UBND huyện)",
        "criteria": ["SS.HT.1", "SS.HT.2"],
        "findings": "Kiểm tra 40 máy tính: 38 máy kết nối Internet.",
    }
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    refused = client.post(url, {**data, "files": [fake]})
    assert refused.status_code == 302 and not FieldVisit.objects.exists()
    minutes = SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf")
    assert client.post(url, {**data, "files": [minutes]}).status_code == 302
    visit = FieldVisit.objects.get()
    assert visit.criteria == ["SS.HT.1", "SS.HT.2"] and visit.evidence.count() == 1
    page = client.get(f"/appraisal/forms/{submitted_a.pk}/").content.decode()
    assert "Kiểm tra 40 máy tính: 38 máy kết nối Internet." in page
    assert "Khảo sát thực tế 20/10/2019" in page  # beside the criterion it was about
    entry = Entry.objects.get(action="sources.field_visit")
    assert entry.unit_code == submitted_a.unit.code and entry.changes["files"] == ["bien-ban.pdf"]
    file_url = f"/sources/visit-files/{visit.evidence.get().pk}/"
    assert _client(cast["head_a"]).get(file_url).status_code == 200  # the unit sees its record
    assert _client(cast["reporter_b"]).get(file_url).status_code == 404
    # Only an appraiser records a visit.
    assert _client(cast["head_a"]).post(url, data).status_code == 403
    assert FieldVisit.objects.count() == 1
