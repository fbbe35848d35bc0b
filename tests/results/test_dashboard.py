"""The department's results dashboard: province roles only, draft and published figures,
charts, filters, and the approver's publish button."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from chiso.results.models import Snapshot


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


def test_the_approver_publishes_from_the_dashboard_and_others_cannot(
    districts_2019: Any, cast: dict[str, Any], client: Client
) -> None:
    client.force_login(cast["appraiser"])
    assert "Công bố kết quả</button>" not in client.get(_url(districts_2019)).content.decode()
    assert client.post(_url(districts_2019, "publish/")).status_code == 403
    assert client.get(_url(districts_2019, "publish/")).status_code == 405

    client.force_login(cast["approver"])
    assert "Công bố kết quả</button>" in client.get(_url(districts_2019)).content.decode()
    seen = districts_2019.version
    stale = client.post(
        _url(districts_2019, "publish/"), {"decision": "47/QĐ-UBND", "version": seen - 1},
        follow=True,
    )
    assert "đã thay đổi" in stale.content.decode()  # refused: the campaign moved since
    assert not Snapshot.objects.exists()
    response = client.post(
        _url(districts_2019, "publish/"), {"decision": "47/QĐ-UBND", "version": seen}
    )
    assert response.status_code == 302
    snapshot = Snapshot.objects.get()
    assert snapshot.decision == "47/QĐ-UBND"
    page = client.get(_url(districts_2019), {"v": "1"}).content.decode()
    assert snapshot.sha256 in page and "Đã công bố v1" in page
    trail = client.get("/audit/").content.decode()
    assert "Công bố kết quả" in trail and "Quyết định công bố" in trail
    again = client.post(
        _url(districts_2019, "publish/"), {"version": seen}, follow=True
    ).content.decode()
    assert "đã công bố (phiên bản 1)" in again
    assert Snapshot.objects.count() == 1


@pytest.mark.parametrize("query", [{"level": "agency"}, {"section": "XX"}, {"v": "9"}])
def test_unknown_filters_fall_back_to_what_exists(
    districts_2019: Any, cast: dict[str, Any], client: Client, query: dict[str, str]
) -> None:
    client.force_login(cast["approver"])
    assert client.get(_url(districts_2019), query).status_code == 200
