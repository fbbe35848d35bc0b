"""The appraisal queue names a commune's district only where there are districts: in the
two-tier structure (units of era 2025) a commune's parent is the province, and the queue used to
show a "Huyện" column and filter filled with the province's name."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from chiso.campaigns.models import Campaign
from tests.results.test_year_over_year import lamdong_2026


def _queue(user: Any, campaign: Campaign, query: str = "") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/campaigns/{campaign.pk}/appraisal/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _header(page: str) -> list[str]:
    head = re.search(r"<thead>(.*?)</thead>", page, re.S)
    assert head
    return re.findall(r"<th[^>]*>(.*?)</th>", head.group(1))


def test_two_tier_communes_have_no_district_column_or_filter_but_2019_communes_do(
    cast: dict[str, Any],
) -> None:
    _, lamdong = lamdong_2026(cast)  # also publishes Đắk Nông's 2019 commune campaign
    page = _queue(cast["other_appraiser"], lamdong)
    assert "Xã Trường Xuân" in page and "Xã Quảng Sơn" in page
    assert "Huyện" not in _header(page)
    assert 'name="district"' not in page
    assert "Tỉnh Lâm Đồng" not in page  # the province is nobody's district

    old = Campaign.objects.get(province__code="67", year=2019)
    page = _queue(cast["appraiser"], old)
    assert "Huyện" in _header(page) and 'name="district"' in page
    row = re.search(r"<tr>\s*<td><a[^>]*>Xã Nâm N&#x27;Jang</a>.*?</tr>", page, re.S)
    assert row and "<td>Huyện Đắk Song</td>" in row.group(0)
    filtered = _queue(cast["appraiser"], old, "?district=Huyện Đắk Song")
    assert "Xã Nâm N&#x27;Jang" in filtered and "Xã Trường Xuân" in filtered
    assert "Xã Quảng Sơn" not in filtered  # Huyện Đăk Glong
