"""``chiso measure``: a campaign's measured criteria read from the units' portals (served on
127.0.0.1) and stored beside the units' answers, with the page kept as evidence and shown on
the review screen; never written into the answer."""

from __future__ import annotations

from typing import Any

from django.test import Client

from chiso.audit.models import Entry
from chiso.campaigns.models import Answer
from chiso.cli import main
from chiso.sources.models import Measurement, UnitPortal
from chiso.units.models import Unit
from tests.measure.sites import PORTAL, html, site


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_measure_reads_the_portal_and_keeps_the_page_beside_the_answer(
    lamdong_campaign: Any, cast: dict[str, Any], capsys: Any
) -> None:
    unit = Unit.objects.get(era="2025", code="24730")
    form = lamdong_campaign.forms.get(unit=unit)
    with site({"/": html(PORTAL)}) as (base, _):
        UnitPortal.objects.create(unit=unit, url=base + "/")
        code = main(["measure", str(lamdong_campaign.pk), "--connector", "portal"])
    out = capsys.readouterr().out
    assert code == 0
    assert "24730 Xã Trường Xuân · KQ.HD.1: 5 (Có 5/5 nhóm thông tin" in out
    assert "đơn vị chưa có địa chỉ cổng thông tin: bỏ qua." in out
    m = Measurement.objects.get()
    assert (m.unit, m.criterion, m.connector, m.what, m.value) == (
        unit,
        "KQ.HD.1",
        "portal",
        "sections",
        5,
    )
    assert m.raw.read() == PORTAL.encode() and m.source_ref == base + "/"
    assert not Answer.objects.filter(form=form).exists()  # the unit's answer is untouched
    assert Entry.objects.filter(action="sources.measure", unit_code="24730").exists()

    appraiser = _client(cast["other_appraiser"])
    page = appraiser.get(f"/appraisal/forms/{form.pk}/").content.decode()
    assert (
        'Nguồn số liệu theo bộ tiêu chí: <strong class="source-label">đo tự động</strong>' in page
    )
    assert 'class="measured-value">5</strong>' in page
    raw = appraiser.get(f"/sources/measurements/{m.pk}/raw/")
    assert raw.status_code == 200 and b"".join(raw.streaming_content) == PORTAL.encode()
    assert raw["Content-Disposition"].startswith("attachment")
    assert _client(cast["appraiser"]).get(f"/sources/measurements/{m.pk}/raw/").status_code == 404


def test_a_bad_statistics_file_measures_nothing_and_says_where(
    lamdong_campaign: Any, tmp_path: Any, capsys: Any
) -> None:
    path = tmp_path / "dvc.csv"
    path.write_text("Mã đơn vị,Tổng số hồ sơ,Hồ sơ trực tuyến\n24730,10,20\n", encoding="utf-8")
    code = main(
        ["measure", str(lamdong_campaign.pk), "--connector", "dvc_stats", "--file", str(path)]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "dòng 2, cột «Hồ sơ trực tuyến»: Hồ sơ trực tuyến (20) lớn hơn Tổng số hồ sơ (10)" in err
    assert not Measurement.objects.exists()
    assert main(["measure", str(lamdong_campaign.pk), "--connector", "dvc_stats"]) == 2
    assert main(["measure", "999999"]) == 2
