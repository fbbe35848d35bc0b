"""`chiso demo` tells Đắk Nông's 2019 ranking as QĐ 47/QĐ-UBND published it,
each figure's change from 2018, and Lâm Đồng 2026 still collecting."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client

from chiso.accounts.models import User
from chiso.campaigns.models import Campaign, FormStatus
from chiso.demo.load import demo_load
from chiso.publish.summary import build_summary
from chiso.results.bundle import snapshot_bundle
from chiso.results.documents import result_set
from chiso.results.models import Snapshot
from chiso.results.selectors import campaign_figures
from tests.publish.test_summary import QD47_STORY
from tests.results.test_documents import docx_texts, pdf_text

# (level, section) -> [(rank, unit, points, level, change from 2018)], and ranked in 2018.
PUBLISHED = {
    ("district", "SS"): (
        [
            (1, "Thành phố Gia Nghĩa", "43.80", "Mức II", "-1.9"),
            (2, "Huyện Cư Jút", "40.23", "Mức II", "2.365"),
            (3, "Huyện Đắk R'Lấp", "37.42", "Mức IV", "1.84"),
        ],
        1,
    ),
    ("district", "KQ"): (
        [
            (1, "Thành phố Gia Nghĩa", "81.75", "Mức III", "-2.2"),
            (2, "Huyện Krông Nô", "71.18", "Mức IV", "1.69"),
        ],
        1,
    ),
    ("commune", "SS"): (
        [
            (1, "Xã Nâm N'Jang", "21.50", "Mức IV", "3"),
            (2, "Xã Tâm Thắng", "21.40", "Mức IV", "0.3"),
        ],
        1,
    ),
    ("commune", "KQ"): ([], 1),
}


@pytest.fixture
def demo(demo_world: list[str]) -> list[str]:
    """The demo, loaded once for the session (tests/conftest.py); what its story told."""
    return demo_world


def test_the_published_2019_ranking_is_decision_47_with_its_changes_from_2018(
    demo: list[str], client: Client
) -> None:
    snapshot = Snapshot.objects.get(campaign__year=2019)
    assert snapshot.decision.startswith("Quyết định số 47/QĐ-UBND ngày 10/01/2020")
    assert snapshot.data["previous"]["year"] == 2018
    for cohort in snapshot.data["cohorts"]:
        units = {u["unit"]: u for u in cohort["units"]}
        assert len(units) == {"district": 8, "commune": 71}[cohort["level"]]
        for section in cohort["sections"]:
            expected, ranked_2018 = PUBLISHED[(cohort["level"], section["code"])]
            found = []
            for row in section["ranking"]:
                mine = next(
                    s for s in units[row["unit"]]["sections"] if s["code"] == section["code"]
                )
                found.append((row["rank"], row["name"], row["points"], row["level"],
                              mine["previous"]["change"]))  # fmt: skip
            assert found == expected, (cohort["level"], section["code"])
            assert section["previous_counts"]["ranked"] == ranked_2018

    # The public portal tells it as the article does.
    overview = client.get("/public/67/2019/").content.decode()
    assert "3/8 đơn vị được xếp hạng (tăng 02 đơn vị so với năm 2018)" in overview
    assert "0/71 đơn vị được xếp hạng (giảm 01 đơn vị so với năm 2018)" in overview
    ranking = client.get("/public/67/2019/district/SS/").content.decode()
    assert "43,80" in ranking and "−1,90" in ranking and "+2,37" in ranking
    gia_nghia = client.get("/public/67/2019/units/660/").content.decode()
    assert "Giảm 1,90 điểm so với năm 2018 (45,70 điểm); hạng 1 → 1; Mức II → Mức II." in gia_nghia
    method = client.get("/public/67/2019/methodology/").content.decode()
    assert "Không thay đổi so với năm 2018" in method
    _the_documents_tell_it_too(snapshot, client)


def _the_documents_tell_it_too(snapshot: Snapshot, client: Client) -> None:
    text = build_summary(result_set(snapshot_bundle(snapshot))).text()
    for sentence in QD47_STORY:  # the generated 2019 summary tells QĐ 47/QĐ-UBND's story
        assert sentence in text
    assert snapshot.sha256 in text

    book = openpyxl.load_workbook(io.BytesIO(client.get("/public/67/2019/ranking.xlsx").content))
    assert book.sheetnames == ["Cấp huyện - SS", "Cấp huyện - KQ", "Cấp xã - SS", "Cấp xã - KQ"]
    assert [c.value for c in book["Cấp xã - SS"][6]][:5] == [
        1, "24728", "Xã Nâm N'Jang", 21.5, "Mức IV"
    ]  # fmt: skip
    report = pdf_text(client.get("/public/67/2019/units/24728/report.pdf").content)
    assert "Xã Nâm N'Jang" in report and "21,50/30,00 điểm — Mức IV — xếp thứ 1/2" in report
    assert "So với 2018: tăng 3,00 điểm." in report

    client.force_login(User.objects.get(username="lanhdao.daknong"))
    url = f"/results/campaigns/{snapshot.campaign_id}/decision.docx?v=1"
    lines, tables = docx_texts(client.get(url).content)
    assert (
        "- Kết quả Chính quyền điện tử cấp xã: không có đơn vị nào được xếp hạng, 71 đơn vị "
        "không xếp hạng." in lines
    )
    annex = [row[:4] for table in tables[2:] for row in table]
    assert ["1", "Thành phố Gia Nghĩa", "43,80", "Mức II"] in annex
    assert ["2", "Xã Tâm Thắng", "21,40", "Mức IV"] in annex


def test_lam_dong_2026_is_still_collecting_compares_through_the_lineage_and_reloads_idempotently(
    demo: list[str],
) -> None:
    campaign = Campaign.objects.get(year=2026, name__contains="CQĐT cấp xã")
    statuses = list(
        campaign.forms.exclude(status=FormStatus.DRAFT).values_list("status", flat=True)
    )
    assert sorted(statuses) == ["submitted"] * 3 + ["verified"] * 3
    assert not campaign.snapshots.exists()
    figures = campaign_figures(campaign)
    assert figures["provisional"] is True and figures["previous"]["year"] == 2019
    units = {u["unit"]: u for u in figures["cohorts"][0]["units"]}
    derived = units["24703"]["sections"][0]["previous"]["derivation"]
    assert derived == "bình quân của Xã Nâm Nung, Xã Nâm N'Đir"
    assert units["24730"]["sections"] == []  # Trường Xuân is left for its own officers to fill

    # Loading the demo again changes nothing.
    before = list(Snapshot.objects.values_list("sha256", flat=True))
    _, again = demo_load(all_units=False)
    assert list(Snapshot.objects.values_list("sha256", flat=True)) == before
    assert again[:2] == ["Năm 2018: đã công bố, giữ nguyên.", "Năm 2019: đã công bố, giữ nguyên."]


def test_the_demo_has_a_campaign_in_every_state_and_forms_in_every_appraisal_state(
    demo: list[str],
) -> None:
    from chiso.campaigns.models import CampaignStatus

    assert set(Campaign.objects.values_list("status", flat=True)) == set(CampaignStatus.values)
    appraising = Campaign.objects.get(status=CampaignStatus.APPRAISING)
    statuses = set(appraising.forms.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "in_review", "returned", "verified"}
    returned = appraising.forms.get(status="returned")
    assert returned.comments.filter(criterion="SS.HT.2").exists()
    awaiting = Campaign.objects.get(status=CampaignStatus.AWAITING_APPROVAL)
    assert set(awaiting.forms.values_list("status", flat=True)) == {"verified"}
    assert any("chờ lãnh đạo phê duyệt" in line for line in demo)
