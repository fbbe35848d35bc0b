"""Every department document URL in every state of the campaign: never a 5xx, and the
dashboard links only to documents that answer.

The finding: a campaign still collecting (some forms submitted, none verified) answered 500 on
draft.json, summary/, the ranking tables and the decision drafts (KeyError on the framework).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chiso.appraisal import services as appraisal
from chiso.campaigns.models import Campaign, CampaignStatus, Form, FormStatus
from chiso.results.models import Snapshot, checksum
from tests.results.conftest import DISTRICTS, example, fill, run_districts, submit

NOT_YET = "chưa có kết quả"
DOCUMENTS = (
    "",
    "draft.json",
    "summary/",
    "summary.txt",
    "ranking.xlsx",
    "ranking.csv",
    "decision.docx",
    "submission.docx",
    "units/666/",
    "units/666/report.pdf",
)


def _urls(campaign: Campaign) -> list[str]:
    base = f"/results/campaigns/{campaign.pk}/"
    return [base + d for d in DOCUMENTS]


def _check(client: Client, campaign: Campaign, label: str) -> None:
    dashboard = client.get(f"/results/campaigns/{campaign.pk}/")
    assert dashboard.status_code == 200, label
    linked = set(re.findall(r'href="(/results/campaigns/\d+/[^"#]*)"', dashboard.content.decode()))
    for url in _urls(campaign):
        response = client.get(url)
        assert response.status_code < 500, f"{label}: {url} -> {response.status_code}"
        if response.status_code in (404, 409):
            text = response.content.decode()
            assert NOT_YET in text or "Không tìm thấy" in text or "không có" in text, url
            plain = url.split("?")[0]
            assert plain not in {u.split("?")[0] for u in linked}, (
                f"{label}: the dashboard links to {url}, which answers {response.status_code}"
            )


@pytest.mark.parametrize("verified", [False, True])
def test_department_documents_never_fail_in_any_state(cast: dict[str, Any], verified: bool) -> None:
    """A campaign with one district submitted (and, if ``verified``, appraised), walked through
    every campaign status, with a published snapshot as well at the end."""
    from tests.conftest import open_campaign

    campaign = open_campaign(cast, year=2019, frameworks={"district": "vn-2392-huyen"})
    form = campaign.forms.get(unit__code="666")
    answers = example("daknong-2019-huyen", "666")
    fill(form, cast["head_a"], answers)
    import datetime as dt

    submit(form, cast["head_a"], dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC))
    if verified:
        from tests.results.conftest import appraise

        appraise(form, cast["appraiser"], answers)
    client = Client()
    client.force_login(cast["approver"])
    for state in CampaignStatus:
        Campaign.objects.filter(pk=campaign.pk).update(status=state)
        _check(client, campaign, f"{state}, verified={verified}")
    Snapshot.objects.create(
        campaign=campaign,
        version=1,
        data={"cohorts": []},
        sha256=checksum({"cohorts": []}),
        published_at=timezone.now(),
        published_by=cast["approver"],
    )
    _check(client, campaign, "published (empty)")


def test_a_campaign_never_opened_has_no_documents_and_no_links_to_them(
    cast: dict[str, Any],
) -> None:
    """Its frameworks are not frozen yet (the demo's next-year campaign): this was the 500."""
    import datetime as dt

    from chiso.campaigns.services import campaign_create

    campaign = campaign_create(
        actor=cast["province_admin"],
        province=cast["province"],
        year=2027,
        name="Đợt chưa mở",
        request_date=dt.date(2027, 10, 1),
        deadline_working_days=15,
        frameworks={"commune": "vn-2392-xa", "district": "vn-2392-huyen"},
    )
    client = Client()
    client.force_login(cast["approver"])
    _check(client, campaign, "never opened")
    page = client.get(f"/results/campaigns/{campaign.pk}/ranking.xlsx")
    assert page.status_code == 404 and NOT_YET in page.content.decode()
    assert "ranking.xlsx" not in client.get(f"/results/campaigns/{campaign.pk}/").content.decode()


def test_a_published_campaign_serves_every_document(
    cast: dict[str, Any],
) -> None:
    campaign = run_districts(cast, 2018, skip=tuple(c for c in DISTRICTS if c != "666"))
    from chiso.results.services import results_publish

    results_publish(
        actor=cast["approver"],
        campaign=campaign,
        decision_number="1/QĐ-UBND",
        decision_date=timezone.localdate(),
        decision_signer="Chủ tịch UBND tỉnh",
    )
    client = Client()
    client.force_login(cast["approver"])
    for url in _urls(campaign):
        for query in ("", "?v=1"):
            response = client.get(url + query)
            assert response.status_code == 200, url + query
    # Reopened for a correction, one form back in review: still no 5xx.
    from chiso.appraisal import approval

    campaign = approval.campaign_reopen(actor=cast["approver"], campaign=campaign, reason="Sửa")
    form = campaign.forms.get(unit__code="666")
    appraisal.form_reopen(actor=cast["appraiser"], form=form, reason="Bổ sung")
    assert Form.objects.get(pk=form.pk).status == FormStatus.IN_REVIEW
    _check(client, campaign, "reopened after publication")
