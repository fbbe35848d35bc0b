"""The department's results dashboard: province roles only, draft and published figures,
charts, filters, and the approver's publish button."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from chiso.results.models import Snapshot
from chiso.results.services import (
    CORRECTION_REASON,
    DATE_MISSING,
    NUMBER_MISSING,
    SIGNER_MISSING,
)
from tests.results.conftest import DECISION, SIGNED, publish_districts_2019


def _url(campaign: Any, rest: str = "") -> str:
    return f"/results/campaigns/{campaign.pk}/{rest}"


def test_the_department_sees_draft_results_with_charts_and_unit_people_do_not(
    districts_2019: Any, cast: dict[str, Any], client: Client
) -> None:
    url = _url(districts_2019)
    for name in ("appraiser", "approver", "province_admin", "system_admin"):
        client.force_login(cast[name])
        page = client.get(url, {"level": "district", "section": "KQ"}).content.decode()
        assert "Dự thảo" in page and "Thành phố Gia Nghĩa" in page, name
        assert "81,75" in page, name
    for chart in ("levels", "groups", "spread", "ranking"):
        assert f'<script id="{chart}" type="application/json">' in page
    levels = json.loads(page.split('<script id="levels" type="application/json">')[1].split("<")[0])
    assert levels["series"][0]["name"] == "Mức I"

    for name, status in (("head_a", 403), ("reporter_b", 403), ("other_admin", 404)):
        client.force_login(cast[name])
        assert client.get(url).status_code == status, name
        assert client.get(_url(districts_2019, "units/660/")).status_code == status, name
        assert client.get(_url(districts_2019, "draft.json")).status_code == status, name
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_the_communes_filter_by_district_and_a_unit_opens_its_draft_story(
    campaign: Any, cast: dict[str, Any], client: Client
) -> None:
    client.force_login(cast["appraiser"])
    page = client.get(_url(campaign), {"level": "commune", "district": "665"}).content.decode()
    assert "Xã Nâm N&#x27;Jang" in page  # a commune of Đắk Song
    assert "Xã Tâm Thắng" not in page  # Cư Jút's
    assert '<option value="665" selected>Huyện Đắk Song</option>' in page
    story = client.get(_url(campaign, "units/24728/")).content.decode()
    assert "Không nộp phiếu tự đánh giá" in story
    bundle = client.get(_url(campaign, "draft.json")).json()
    assert bundle["snapshot"] is None and bundle["figures"]["schema"] == "chiso-results/1"


def test_the_approver_publishes_through_the_decision_and_a_confirmation_and_others_cannot(
    districts_2019: Any, cast: dict[str, Any], client: Client
) -> None:
    publish = _url(districts_2019, "publish/")
    client.force_login(cast["appraiser"])
    assert "Công bố kết quả…" not in client.get(_url(districts_2019)).content.decode()
    assert client.post(publish).status_code == 403
    assert client.get(publish).status_code == 403

    client.force_login(cast["approver"])
    assert 'href="' + publish + '"' in client.get(_url(districts_2019)).content.decode()
    seen = districts_2019.version
    # Without the decision: refused, each message next to its field; nothing published.
    blank = client.post(publish, {"version": seen, "confirm": "1"})
    assert blank.status_code == 422
    page = blank.content.decode()
    for field, message in (
        ("d-number", NUMBER_MISSING),
        ("d-date", DATE_MISSING),
        ("d-signer", SIGNER_MISSING),
    ):
        assert f'<div class="invalid-feedback" id="{field}-error">{message}</div>' in page
    assert not Snapshot.objects.exists()
    # With it: first a confirmation page showing what becomes public; nothing published yet.
    typed = {**SIGNED, "decision_date": "10/01/2020", "version": seen}
    confirm = client.post(publish, typed)
    assert confirm.status_code == 200 and not Snapshot.objects.exists()
    text = confirm.content.decode()
    assert DECISION in text and "Chủ tịch UBND tỉnh" in text
    assert '<strong id="publish-units">8</strong>' in text
    assert text.count('class="mb-4 publish-table"') == 2  # districts: readiness, results
    assert "Thành phố Gia Nghĩa" in text and "43,80" in text
    assert 'name="confirm" value="1"' in text
    # A campaign changed since the confirmation page was read is refused.
    stale = client.post(publish, {**typed, "version": seen - 1, "confirm": "1"})
    assert "đã thay đổi" in stale.content.decode() and not Snapshot.objects.exists()
    response = client.post(publish, {**typed, "confirm": "1"})
    assert response.status_code == 302
    snapshot = Snapshot.objects.get()
    assert snapshot.decision == DECISION and snapshot.decision_signer == "Chủ tịch UBND tỉnh"
    page = client.get(_url(districts_2019)).content.decode()
    assert snapshot.sha256 in page and "Đã công bố v1" in page
    trail = client.get("/audit/").content.decode()
    assert "Công bố kết quả" in trail and "Quyết định công bố" in trail
    again = client.post(publish, {**typed, "confirm": "1"}).content.decode()
    assert "đã công bố (phiên bản 1)" in again
    assert Snapshot.objects.count() == 1


def test_a_published_campaign_opens_on_its_published_version_and_says_so_everywhere(
    districts_2019: Any, cast: dict[str, Any], client: Client
) -> None:
    client.force_login(cast["approver"])
    before = client.get(_url(districts_2019)).content.decode()
    assert '<strong id="campaign-stage">Đã phê duyệt</strong>' in before
    assert "Dự thảo, tính từ số liệu" in before
    snapshot = publish_districts_2019(cast, districts_2019)
    # Gia Nghĩa's live figure moves after publication; the dashboard still opens on v1.
    page = client.get(_url(districts_2019)).content.decode()
    assert '<strong id="campaign-stage">Đã công bố</strong>' in page
    assert "Số liệu đã công bố, phiên bản 1" in page and snapshot.sha256 in page
    assert '<option value="1" selected>Đã công bố v1</option>' in page
    assert f'href="/results/campaigns/{districts_2019.pk}/units/660/?v=1"' in page
    draft = client.get(_url(districts_2019), {"v": "draft"}).content.decode()
    assert "Dự thảo, tính từ số liệu" in draft
    assert f'href="/results/campaigns/{districts_2019.pk}/units/660/?v=draft"' in draft
    for person in ("approver", "province_admin"):
        client.force_login(cast[person])
        home = client.get("/").content.decode()
        assert f"{districts_2019.name}</strong>" in home
        assert '<span class="badge text-bg-success">Đã công bố</span>' in home, person
    admin = client.get("/admin/campaigns/campaign/").content.decode()
    assert '<td class="field-stage">Đã công bố</td>' in admin


@pytest.mark.parametrize("query", [{"level": "agency"}, {"section": "XX"}, {"v": "9"}])
def test_unknown_filters_fall_back_to_what_exists(
    districts_2019: Any, cast: dict[str, Any], client: Client, query: dict[str, str]
) -> None:
    client.force_login(cast["approver"])
    assert client.get(_url(districts_2019), query).status_code == 200


def test_a_correction_is_confirmed_on_a_page_and_its_reason_is_refused_next_to_the_field(
    districts_2019: Any, cast: dict[str, Any], client: Client
) -> None:
    from tests.results.conftest import reapprove_gia_nghia_fixed

    publish_districts_2019(cast, districts_2019)
    campaign = reapprove_gia_nghia_fixed(districts_2019, cast)
    client.force_login(cast["approver"])
    url = _url(campaign, "correct/")
    blank = client.post(url, {"version": campaign.version, "reason": " "})
    assert blank.status_code == 422
    assert (
        f'<div class="invalid-feedback" id="c-reason-error">{CORRECTION_REASON}</div>'
        in blank.content.decode()
    )
    typed = {"version": campaign.version, "reason": "Gia Nghĩa bổ sung biên bản"}
    page = client.post(url, typed).content.decode()
    assert '<strong id="correct-units">8</strong>' in page and "Xác nhận đính chính" in page
    assert page.count('class="mb-4 correct-table"') == 2
    assert Snapshot.objects.count() == 1  # nothing published by reading the page
    assert client.post(url, {**typed, "confirm": "1"}).status_code == 302
    assert list(Snapshot.objects.values_list("version", flat=True)) == [1, 2]
    assert "phiên bản 2" in client.get(_url(campaign)).content.decode()
