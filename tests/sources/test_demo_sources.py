"""The demo: Lâm Đồng's Sở KH&CN supplies KQ.GD.2 for every commune of the 2026 campaign, the
appraiser sees them beside the communes' own figures, Xã Trường Xuân's portal can be measured;
loading again changes nothing."""

from __future__ import annotations

from django.test import Client

from chiso.accounts.models import User
from chiso.demo.load import demo_load
from chiso.sources.models import ProvidedValue, ProviderAssignment, UnitPortal


def test_the_demo_has_an_agency_supplying_one_criterion_for_every_commune(
    demo_world: list[str],
) -> None:
    lines = demo_world  # the demo, loaded once for the session (tests/conftest.py)
    assignment = ProviderAssignment.objects.select_related("campaign", "agency").get()
    assert (assignment.campaign.year, assignment.criterion, assignment.agency.code) == (
        2026,
        "KQ.GD.2",
        "68-SKHCN",
    )
    communes = assignment.campaign.forms.count()
    assert ProvidedValue.objects.filter(assignment=assignment).count() == communes
    assert lines[-1] == f"Lâm Đồng 2026: Sở KH&CN cung cấp KQ.GD.2 cho {communes} xã."
    assert UnitPortal.objects.get(unit__code="24730").url == "http://127.0.0.1:8765/"

    verified = assignment.campaign.forms.filter(status="verified").first()
    client = Client()
    client.force_login(User.objects.get(username="thamdinh.lamdong"))
    page = client.get(f"/appraisal/forms/{verified.pk}/").content.decode()
    assert "Sở Khoa học và Công nghệ cung cấp" in page
    officer = Client()
    officer.force_login(User.objects.get(username="canbo.skhcn.lamdong"))
    assert officer.get(f"/sources/assignments/{assignment.pk}/").status_code == 200

    _, again = demo_load(all_units=False)
    assert again[-1] == "Lâm Đồng 2026: nguồn số liệu của Sở KH&CN đã có, giữ nguyên."
    assert ProvidedValue.objects.count() == communes
