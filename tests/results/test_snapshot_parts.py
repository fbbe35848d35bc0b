"""What public pages show of a snapshot, stored at publication (``results.parts``): the same
page as derived from the snapshot, read without decoding it, and not used once changed."""

from __future__ import annotations

from django.test import Client

from chiso.results import derived, figures_cache
from chiso.results.models import Snapshot, SnapshotPart

RANKING = "/public/67/2019/district/SS/"


def _fresh_worker() -> None:
    """A public worker that has kept nothing of the snapshot."""
    figures_cache.clear()
    derived.clear()


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_ranking_table_is_stored_at_publication_and_read_without_the_figures(
    published_2019: Snapshot, client: Client
) -> None:
    names = set(
        published_2019.parts.filter(name__startswith="ranking/").values_list("name", flat=True)
    )
    tables = {
        f"ranking/{cohort['level']}/{section['code']}"
        for cohort in published_2019.data["cohorts"]
        for section in cohort["sections"]
    }
    assert names == tables and len(tables) >= 2
    _fresh_worker()
    stored = _page(client, RANKING)
    assert not figures_cache._kept  # the 25 MB of a national snapshot: not decoded
    # The same page as derived from the snapshot, byte for byte.
    published_2019.parts.all().delete()
    _fresh_worker()
    assert _page(client, RANKING) == stored
    assert "Thành phố Gia Nghĩa" in stored and published_2019.sha256 in stored


def test_a_part_changed_since_publication_is_not_shown(
    published_2019: Snapshot, client: Client
) -> None:
    _fresh_worker()
    before = _page(client, RANKING)
    part = published_2019.parts.get(name="ranking/district/SS")
    forged = part.data | {"body": part.data["body"].replace("Gia Nghĩa", "Giả Mạo")}
    SnapshotPart.objects.filter(pk=part.pk).update(data=forged)
    _fresh_worker()
    page = _page(client, RANKING)
    assert "Giả Mạo" not in page and page == before


def test_a_filtered_or_earlier_version_is_derived_from_the_snapshot(
    published_2019: Snapshot, client: Client
) -> None:
    _fresh_worker()
    district = _page(client, f"{RANKING}?district=xx")
    assert figures_cache._kept  # read from the figures, as before
    assert "Thành phố Gia Nghĩa" not in district
    assert "Thành phố Gia Nghĩa" in _page(client, "/public/67/2019/v1/district/SS/")


def test_a_unit_page_is_read_from_its_stored_figures_the_same_as_derived(
    published_2019: Snapshot, client: Client
) -> None:
    url = "/public/67/2019/units/666/"
    assert published_2019.parts.filter(name__in=["cohorts", "unit/666"]).count() == 2
    _fresh_worker()
    stored = _page(client, url)
    assert not figures_cache._kept  # neither this snapshot nor another year's decoded
    assert "xếp thứ 3/3 đơn vị được xếp hạng" in stored
    unit = published_2019.parts.get(name="unit/666")
    forged = unit.data | {"unit": unit.data["unit"] | {"name": "Huyện Giả Mạo"}}
    SnapshotPart.objects.filter(pk=unit.pk).update(data=forged)
    _fresh_worker()
    assert _page(client, url) == stored  # a changed part: derived from the snapshot instead
    assert figures_cache._kept
    published_2019.parts.all().delete()
    _fresh_worker()
    assert _page(client, url) == stored
    assert client.get("/public/67/2019/units/999/").status_code == 404
