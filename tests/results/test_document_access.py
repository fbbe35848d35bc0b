"""Who downloads which document: the department everything, the public a published version's
tables and unit reports, nobody the drafts from outside the department."""

from __future__ import annotations

from typing import Any

from django.test import Client

from chiso.results.models import Snapshot

DEPARTMENT = (
    "summary/",
    "summary.txt",
    "ranking.xlsx",
    "ranking.csv",
    "decision.docx",
    "submission.docx",
    "units/660/report.pdf",
)
PUBLIC = ("ranking.xlsx", "ranking.csv", "units/660/report.pdf")


def _department_urls(snapshot: Snapshot) -> list[str]:
    base = f"/results/campaigns/{snapshot.campaign_id}/"
    return [f"{base}{doc}{query}" for doc in DEPARTMENT for query in ("", "?v=1")]


def test_anonymous_gets_404_for_the_department_documents_and_200_for_published_files(
    published_2019: Snapshot, client: Client
) -> None:
    for url in _department_urls(published_2019):
        assert client.get(url).status_code == 404, url
    for url in (
        "/public/67/2019/ranking.xlsx",
        "/public/67/2019/ranking.csv",
        *(f"/public/67/2019/v1/{doc}" for doc in PUBLIC),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith('attachment; filename="')
        assert "-dak-nong-2019-v1." in response["Content-Disposition"]
    # The decision drafts are internal, and nothing of an unpublished year is public.
    for url in (
        "/public/67/2019/decision.docx",
        "/public/67/2019/v1/submission.docx",
        "/public/67/2018/ranking.xlsx",
        "/public/67/2019/v2/ranking.xlsx",
        "/public/67/2019/units/24728/report.pdf",  # a commune: not in these results
    ):
        assert client.get(url, follow=True).status_code == 404, url
    assert client.post("/public/67/2019/ranking.xlsx").status_code == 405
    page = client.get("/public/67/2019/").content.decode()
    assert 'href="/public/67/2019/ranking.xlsx"' in page
    unit = client.get("/public/67/2019/v1/units/660/").content.decode()
    assert 'href="/public/67/2019/v1/units/660/report.pdf"' in unit


def test_unit_people_get_403_and_other_provinces_404_on_the_department_documents(
    published_2019: Snapshot, cast: dict[str, Any], client: Client
) -> None:
    urls = _department_urls(published_2019)
    for person, status in (("reporter_a", 403), ("head_a", 403), ("other_appraiser", 404)):
        client.force_login(cast[person])
        for url in urls:
            assert client.get(url).status_code == status, (person, url)
        # The same people may read what the public reads.
        assert client.get("/public/67/2019/ranking.xlsx").status_code == 200


def test_the_department_gets_every_document_of_the_draft_and_of_each_version(
    published_2019: Snapshot, cast: dict[str, Any], client: Client
) -> None:
    base = f"/results/campaigns/{published_2019.campaign_id}/"
    for person in ("appraiser", "approver", "province_admin", "system_admin"):
        client.force_login(cast[person])
        for url in (f"{base}ranking.xlsx", f"{base}decision.docx?v=1"):
            assert client.get(url).status_code == 200, (person, url)
    dashboard = client.get(f"{base}?v=1").content.decode()
    for doc in DEPARTMENT[:-1]:
        assert f'href="{base}{doc}?v=1"' in dashboard, doc
    unit_page = client.get(f"{base}units/660/?v=1").content.decode()
    assert f'href="{base}units/660/report.pdf?v=1"' in unit_page

    for bad in ("9", "abc"):
        assert client.get(f"{base}ranking.xlsx?v={bad}").status_code == 404
    assert client.get(f"{base}units/24728/report.pdf?v=1").status_code == 404  # not in it
    assert client.post(f"{base}decision.docx").status_code == 405
