"""The unit's report names where each value came from: the source the campaign's framework
declares, and, where the appraiser took the verified value from an agency or a measurement,
which; its figures stay those of the results page."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from html import unescape
from typing import Any

import time_machine
from django.test import Client

from chiso.appraisal import services
from chiso.appraisal.models import Reason, VerificationState
from chiso.demo.results import appraise
from chiso.demo.sources import demo_agency
from chiso.publish.unit_report import unit_report_html
from chiso.results.bundle import draft_bundle
from chiso.results.documents import result_set
from chiso.results.selectors import campaign_figures
from chiso.scoring import fmt_points
from chiso.sources.documents import document_sources
from chiso.sources.models import ProvidedValue
from chiso.sources.services import assignment_create, measurement_record
from chiso.units.models import Unit
from tests.campaigns_dept.conftest import head_of
from tests.results.conftest import example, fill, submit
from tests.results.test_documents import pdf_text

UNIT = "24730"  # Xã Trường Xuân
AGENCY_VALUE = ["30", "100"]
MEASURED_VALUE = 5


def _taken(form: Any, appraiser: Any, code: str, value: object, reason: str) -> None:
    """What "Lấy số liệu của cơ quan" / "Lấy kết quả đo" on the review screen save."""
    services.verification_save(
        actor=appraiser,
        form=form,
        criterion=code,
        state=VerificationState.ADJUSTED,
        value=value,
        reason_code=Reason.OTHER,
        reason=reason,
        expected_version=None,
    )


def _verified_with_sources(campaign: Any, cast: dict[str, Any]) -> Any:
    """Xã Trường Xuân submitted; KQ.GD.2 taken from Sở KH&CN, KQ.HD.1 from the measurement."""
    unit = Unit.objects.get(era="2025", code=UNIT)
    form = campaign.forms.get(unit=unit)
    head = head_of(unit, f"head.2025.{UNIT}")
    answers = example("daknong-2019-xa", "24728", year=2026)
    fill(form, head, answers)
    submit(form, head, dt.datetime(2026, 10, 12, 9, 0, tzinfo=dt.UTC))
    assignment = assignment_create(
        actor=cast["other_admin"],
        campaign=campaign,
        agency=demo_agency(cast["lamdong"]),
        level="commune",
        criterion="KQ.GD.2",
        deadline=dt.date(2026, 12, 31),
    )
    ProvidedValue.objects.create(assignment=assignment, unit=unit, value=AGENCY_VALUE)
    measurement_record(
        campaign=campaign,
        unit=unit,
        criterion="KQ.HD.1",
        connector="portal",
        what="sections",
        value=MEASURED_VALUE,
        detail="Có 5/5 nhóm thông tin",
        source_ref="http://127.0.0.1/",
        measured_at=dt.datetime(2026, 10, 20, 8, 30, tzinfo=dt.UTC),
    )
    appraiser = cast["other_appraiser"]
    form.refresh_from_db()
    _taken(form, appraiser, "KQ.GD.2", AGENCY_VALUE, "Theo số liệu của Sở Khoa học và Công nghệ")
    _taken(form, appraiser, "KQ.HD.1", MEASURED_VALUE, "Theo kết quả đo tự động")
    form.refresh_from_db()
    return appraise(form, appraiser, answers)


def _rows(html: str) -> dict[str, tuple[str, str]]:
    """{criterion: (points, source cell text)} of the report's criteria table."""
    found = {}
    for code, points, source in re.findall(
        r'<tr data-criterion="([^"]+)">.*?<td class="n">([^<]*)</td>.*?'
        r'<td class="source">(.*?)</td></tr>',
        html,
    ):
        found[unescape(code)] = (
            points,
            " ".join(unescape(re.sub(r"<[^>]+>", " ", source)).split()),
        )
    return found


def test_the_unit_report_names_each_value_s_source_and_what_the_appraiser_took(
    lamdong_campaign: Any, cast: dict[str, Any], tmp_path: Any
) -> None:
    _verified_with_sources(lamdong_campaign, cast)

    results = result_set(
        draft_bundle(lamdong_campaign, told=False),
        only=UNIT,
        sources=document_sources(lamdong_campaign, UNIT),
    )
    html = unit_report_html(results, UNIT)
    rows = _rows(html)
    assert rows["KQ.GD.2"][1] == (
        "cơ quan chuyên môn cung cấp thẩm định lấy số liệu của Sở Khoa học và Công nghệ"
    )
    assert rows["KQ.HD.1"][1] == (
        "đo tự động (portal.sections) thẩm định lấy kết quả đo tự động lúc 15:30 20/10/2026"
    )
    assert rows["SS.HT.1"][1] == "đơn vị tự đánh giá"
    assert rows["KQ.CD.2"][1] == "thẩm định viên xác định"  # points the appraisers give
    assert rows["SS.HT.3"][1] == "từ các tiêu chí thành phần"  # SS.HT.3.1, SS.HT.3.2

    # Every line's points are the results page's figures, to the last digit.
    figures = campaign_figures(lamdong_campaign)
    [cohort] = figures["cohorts"]
    sections = next(u for u in cohort["units"] if u["unit"] == UNIT)["sections"]
    items = {code: item for mine in sections for code, item in mine["items"].items()}
    groups = sum(len(frame["groups"]) for frame in cohort["sections"])
    assert len(rows) == len(items) - groups
    for code, (points, _) in rows.items():
        assert points == fmt_points(Fraction(items[code]["points_exact"])), code

    # The department's PDF says the same; the snapshot-free sources never change the figures.
    client = Client()
    client.force_login(cast["other_appraiser"])
    response = client.get(f"/results/campaigns/{lamdong_campaign.pk}/units/{UNIT}/report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Điểm từng tiêu chí và nguồn số liệu" in text
    assert "thẩm định lấy số liệu của Sở Khoa học và Công nghệ" in text
    assert "đo tự động (portal.sections)" in text
    assert "đơn vị tự đánh giá" in text
    (tmp_path / "report.pdf").write_bytes(response.content)


def test_without_sources_the_report_has_no_criteria_table(
    lamdong_campaign: Any, cast: dict[str, Any]
) -> None:
    _verified_with_sources(lamdong_campaign, cast)
    results = result_set(draft_bundle(lamdong_campaign, told=False), only=UNIT)
    assert "Điểm từng tiêu chí" not in unit_report_html(results, UNIT)


def test_the_form_workbook_names_the_source_in_how_to_enter() -> None:
    from chiso.excel.form_layout import how_to_enter
    from chiso.scoring.loader import SHIPPED_DIR, load_framework

    framework = load_framework(SHIPPED_DIR / "lamdong-2392-xa.yaml")
    by_code = framework.criteria_by_code
    assert how_to_enter(by_code["KQ.GD.2"], 2026).endswith(
        "Nguồn số liệu: cơ quan chuyên môn cung cấp — đơn vị vẫn kê khai,"
        " Sở đối chiếu khi thẩm định."
    )
    assert "Nguồn số liệu: đo tự động (portal.sections)" in how_to_enter(by_code["KQ.HD.1"], 2026)
    assert "Nguồn số liệu" not in how_to_enter(by_code["SS.HT.1"], 2026)


def test_a_published_version_s_report_names_the_sources_and_its_snapshot_stays_as_published(
    lamdong_campaign: Any, cast: dict[str, Any]
) -> None:
    from chiso.accounts.models import Role
    from chiso.accounts.services import role_grant, user_create
    from chiso.appraisal import approval
    from chiso.results.services import results_publish

    _verified_with_sources(lamdong_campaign, cast)
    approver, _ = user_create(
        actor=None,
        username="pheduyet.lamdong",
        full_name="Lãnh đạo Sở",
        email="pheduyet@example.vn",
        password="mat-khau-thu-2026",
    )
    role_grant(actor=None, user=approver, role=Role.APPROVER, unit=cast["lamdong"])
    for form in lamdong_campaign.forms.exclude(unit__code=UNIT):
        services.form_exclude(actor=approver, form=form, excluded=True, reason="Không gửi phiếu")
    campaign = approval.campaign_start_appraisal(
        actor=cast["other_appraiser"], campaign=lamdong_campaign
    )
    campaign = approval.campaign_request_approval(actor=cast["other_appraiser"], campaign=campaign)
    campaign = approval.campaign_approve(
        actor=approver, campaign=campaign, expected_version=campaign.version
    )
    with time_machine.travel(dt.datetime(2027, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False):
        snapshot = results_publish(
            actor=approver,
            campaign=campaign,
            decision_number="12/QĐ-UBND",
            decision_date=dt.date(2027, 1, 10),
            decision_signer="Chủ tịch UBND tỉnh",
        )

    department = Client()
    department.force_login(cast["other_appraiser"])
    for client, url in (
        (department, f"/results/campaigns/{campaign.pk}/units/{UNIT}/report.pdf?v=1"),
        (Client(), f"/public/68/2026/units/{UNIT}/report.pdf"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = pdf_text(response.content)
        assert "thẩm định lấy số liệu của Sở Khoa học và Công nghệ" in text, url
        assert "đo tự động (portal.sections)" in text and snapshot.sha256 in text, url

    # The sources were read when the files were made: the snapshot holds none of them.
    snapshot.refresh_from_db()
    assert snapshot.intact
    assert "cơ quan chuyên môn cung cấp" not in str(snapshot.data)
