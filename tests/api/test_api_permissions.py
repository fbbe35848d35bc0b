"""The permission matrix through the API: person × endpoint × object -> the HTTP status.

The same policy as the site (tests/policy/test_permission_matrix.py is the policy's own
specification): outside one's scope 404, inside it but not one's role 403, anonymous 401 —
except the frameworks and the published results, which are public (and a year not yet
published is 404 to everyone). One row per person, written out by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

from chiso.campaigns.services import evidence_add
from chiso.units.models import Unit
from tests.api.conftest import Api
from tests.campaigns.test_form_services import PDF

# Each endpoint: (method, path template, body). A: Đắk R'Lấp's form/unit; B: Cư Jút's;
# O: a commune of Lâm Đồng (other province, 2025); P: Đắk Nông's 2019 campaign (collecting);
# R: Đắk Nông's published 2018 results.
ENDPOINTS = {
    "framework": ("GET", "/frameworks/vn-2392-huyen", None),
    "unit A": ("GET", "/units/2019/666", None),
    "unit B": ("GET", "/units/2019/662", None),
    "unit O": ("GET", "/units/2025/{other_commune}", None),
    "campaign P": ("GET", "/campaigns/{campaign}", None),
    "form A": ("GET", "/forms/{form_a}", None),
    "form B": ("GET", "/forms/{form_b}", None),
    "evidence A": ("GET", "/evidence/{evidence_a}", None),
    "review A": ("GET", "/forms/{form_a}/appraisal", None),
    "submit A": ("POST", "/forms/{form_a}/submit", {"version": "{form_a_version}"}),
    "answer A": ("PUT", "/forms/{form_a}/answers/SS.HT.2", {"value": [1, 2], "version": None}),
    "start P": ("POST", "/campaigns/{campaign}/start-appraisal", {}),
    "results R": ("GET", "/results/67/2018", None),
    "ranking R": ("GET", "/results/67/2018/rankings/district/SS", None),
    "unit R": ("GET", "/results/67/2018/units/666", None),
    "results P": ("GET", "/results/67/2019", None),
    "draft P": ("GET", "/campaigns/{campaign}/results", None),
    "publish P": ("POST", "/campaigns/{campaign}/results/publish", {"version": "{campaign_v}"}),
}

MATRIX = {
    #                   frm unA unB unO cmP fmA fmB evA rvA sbA ansA stP reR rkR utR reP drP puP
    "anonymous": "200 401 401 401 401 401 401 401 401 401 401 401 200 200 200 404 401 401",
    "reporter_a": "200 200 404 404 200 200 404 200 403 403 200 403 200 200 200 404 403 403",
    "head_a": "200 200 404 404 200 200 404 200 403 422 200 403 200 200 200 404 403 403",
    "reporter_b": "200 404 200 404 200 404 200 404 404 404 404 403 200 200 200 404 403 403",
    "reporter_commune": "200 404 404 404 200 404 404 404 404 404 404 403 200 200 200 404 403 403",
    "appraiser": "200 200 200 404 200 200 200 200 200 403 403 200 200 200 200 404 200 403",
    "approver": "200 200 200 404 200 200 200 200 200 403 403 403 200 200 200 404 200 409",
    "province_admin": "200 200 200 404 200 200 200 200 200 403 403 200 200 200 200 404 200 403",
    "other_appraiser": "200 404 404 200 404 404 404 404 404 404 404 404 200 200 200 404 404 404",
    "system_admin": "200 200 200 200 200 200 200 200 200 403 403 403 200 200 200 404 200 403",
}


@pytest.mark.parametrize("person", list(MATRIX))
def test_each_person_gets_the_sites_answer_on_every_endpoint(
    person: str, campaign: Any, cast: dict[str, Any], as_person: Any, published_2018: Any
) -> None:
    form_a = campaign.forms.get(unit=cast["dakrlap"])
    form_b = campaign.forms.get(unit=cast["cujut"])
    evidence = evidence_add(
        actor=cast["reporter_a"], form=form_a, criterion="SS.HT.1", name="bien-ban.pdf", data=PDF
    )
    form_a.refresh_from_db()
    names = {
        "other_commune": Unit.objects.filter(era="2025", province_code="68", level="commune")
        .order_by("code")
        .first()
        .code,  # type: ignore[union-attr]
        "campaign": campaign.pk,
        "form_a": form_a.pk,
        "form_b": form_b.pk,
        "evidence_a": evidence.pk,
        "form_a_version": form_a.version,
        "campaign_v": campaign.version,
    }
    api: Api = as_person(person)
    got = []
    for method, template, body in ENDPOINTS.values():
        if isinstance(body, dict):
            body = {k: int(v.format(**names)) if isinstance(v, str) else v for k, v in body.items()}
        response = api.call(method, template.format(**names), body)
        assert response["Content-Type"].startswith(("application/json", "application/pdf"))
        got.append(str(response.status_code))
    expected = MATRIX[person].split()
    assert dict(zip(ENDPOINTS, got, strict=True)) == dict(zip(ENDPOINTS, expected, strict=True))
