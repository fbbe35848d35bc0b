"""The pages of deadlines and the contest window, as a person uses them (Django test client)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.test import Client

from chiso.appraisal import approval
from chiso.appraisal.models import Objection, Outcome
from chiso.audit.models import Entry
from chiso.campaigns.extensions import LOCKED_NOT_SAVED
from chiso.campaigns.models import Form
from tests.appraisal.test_contest import OPEN_DAY, _verified
from tests.deadlines.test_lock_and_extensions import _at, locking  # noqa: F401 - a fixture

__all__ = ["locking"]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_locked_form_says_why_and_autosave_keeps_the_typed_text(
    locking: Any,
    cast: dict[str, Any],  # noqa: F811
) -> None:
    form = Form.objects.get(campaign=locking, unit=cast["dakrlap"])
    client = _client(cast["reporter_a"])
    with time_machine.travel(_at(dt.date(2019, 10, 23)), tick=False):
        page = client.get(f"/forms/{form.pk}/").content.decode()
        assert 'id="form-locked"' in page and "22/10/2019" in page
        assert "province_admin@example.vn" in page
        saved = client.post(
            f"/forms/{form.pk}/answers/SS.HT.1/",
            {"numerator": "3", "denominator": "4", "version": ""},
            HTTP_ACCEPT="application/json",
        )
    assert saved.status_code == 422
    assert saved.json() == {"ok": False, "error": LOCKED_NOT_SAVED.format(deadline="22/10/2019")}


def test_the_department_grants_an_extension_on_its_page_and_the_unit_sees_it(
    locking: Any,
    cast: dict[str, Any],  # noqa: F811
) -> None:
    a = Form.objects.get(campaign=locking, unit=cast["dakrlap"])
    b = Form.objects.get(campaign=locking, unit=cast["cujut"])
    url = f"/campaigns/{locking.pk}/extensions/"
    data = {
        "decision_number": "125/STTTT-BCVT",
        "decision_date": "2019-10-25",
        "signer": "Phó Giám đốc Nguyễn Văn An",
        "reason": "Mất điện kéo dài do bão",
        "new_deadline": "2019-11-08",
        "forms": [str(a.pk), str(b.pk)],
    }
    with time_machine.travel(_at(dt.date(2019, 10, 28)), tick=False):
        assert _client(cast["head_a"]).get(url).status_code == 403
        refused = _client(cast["appraiser"]).post(url, {**data, "new_deadline": "20/10/2019"})
        assert refused.status_code == 422 and "phải sau hạn hiện tại" in refused.content.decode()
        assert 'value="125/STTTT-BCVT"' in refused.content.decode()  # nothing typed is lost
        done = _client(cast["appraiser"]).post(url, data, follow=True).content.decode()
        assert "Đã ghi nhận gia hạn đến hết ngày 08/11/2019 cho 2 đơn vị" in done
        page = _client(cast["reporter_a"]).get(f"/forms/{a.pk}/").content.decode()
        assert 'id="form-extension"' in page and "125/STTTT-BCVT" in page
        assert 'id="form-locked"' not in page
        dept = _client(cast["appraiser"]).get(f"/campaigns/{locking.pk}/").content.decode()
        assert "gia hạn đến 08/11/2019" in dept and "phiếu đã khóa" in dept


def test_the_contest_from_the_approval_page_to_the_answer(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    campaign = submitted_a.campaign
    approval.campaign_start_appraisal(actor=cast["appraiser"], campaign=campaign)
    form = _verified(submitted_a, cast["appraiser"])
    appraiser, unit = _client(cast["appraiser"]), _client(cast["head_a"])
    with time_machine.travel(OPEN_DAY, tick=False):
        page = appraiser.get(f"/campaigns/{campaign.pk}/approval/").content.decode()
        assert 'id="open-contest"' in page
        appraiser.post(f"/campaigns/{campaign.pk}/contest/", {"working_days": "5"})
        page = unit.get(f"/forms/{form.pk}/").content.decode()
        assert 'id="contest"' in page and "06/12/2019" in page
        assert "Biên bản chỉ ghi 30 máy" in page
        unit.post(
            f"/forms/{form.pk}/objections/SS.HT.1/", {"explanation": "Biên bản bổ sung: 40 máy"}
        )
        objection = Objection.objects.get(form=form, criterion="SS.HT.1")
        review = appraiser.get(f"/appraisal/forms/{form.pk}/").content.decode()
        assert 'id="form-objections"' in review and "(chờ trả lời)" in review
        listed = appraiser.get(f"/campaigns/{campaign.pk}/objections/").content.decode()
        assert "Biên bản bổ sung: 40 máy" in listed and 'class="mt-2 answer-form"' in listed
        appraiser.post(
            f"/appraisal/objections/{objection.pk}/answer/",
            {
                "outcome": "accepted",
                "change": "1",
                "numerator": "40",
                "denominator": "50",
                "answer": "Biên bản bổ sung hợp lệ",
            },
        )
        objection.refresh_from_db()
        assert objection.outcome == Outcome.ACCEPTED and objection.value_after == ["40", "50"]
        page = appraiser.get(f"/campaigns/{campaign.pk}/approval/").content.decode()
        assert "Biên bản bổ sung hợp lệ" in page and "Chấp nhận, đã điều chỉnh" in page
    assert Entry.objects.filter(action="contest.answer", unit_code="666").count() == 1
    # The draft Tờ trình lists the objection and its outcome before the proposal.
    from tests.results.test_documents import docx_texts

    with time_machine.travel(OPEN_DAY, tick=False):  # the session was opened then
        got = appraiser.get(f"/results/campaigns/{campaign.pk}/submission.docx")
    assert got.status_code == 200, got.content.decode()[-1500:]
    data = got.content
    lines, _ = docx_texts(data)
    at = lines.index("II. KHIẾU NẠI CỦA CÁC ĐƠN VỊ VỀ KẾT QUẢ THẨM ĐỊNH")
    assert lines[at + 2] == (
        "- Huyện Đắk R'Lấp, tiêu chí SS.HT.1: đơn vị đề nghị «Biên bản bổ sung: 40 máy»; "
        "chấp nhận, giá trị thẩm định điều chỉnh từ 30/50 thành 40/50 (Biên bản bổ sung hợp lệ)."
    )
    assert "III. ĐỀ XUẤT" in lines
