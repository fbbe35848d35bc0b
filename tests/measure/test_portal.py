"""The portal connector against small sites on 127.0.0.1: what NĐ 42/2022 asks a portal to
show, measured and kept as evidence; robots.txt obeyed; a hanging site and an oversized page
give no value and say why. Plain Python: no database."""

from __future__ import annotations

import datetime as dt
import threading

from chiso.measure import Target
from chiso.measure.portal import (
    ROBOTS_DISALLOW,
    USER_AGENT,
    PortalConnector,
    fetch,
)

from .sites import PARTIAL, PORTAL, html, site

NOW = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)


def _measure(address: str, *whats: str, **options: object) -> dict[str, object]:
    connector = PortalConnector(now=lambda: NOW, **options)  # type: ignore[arg-type]
    targets = [Target("24730", f"C.{what}", what, address) for what in whats]
    return {r.what: r for r in connector.measure(targets)}


def test_a_portal_with_every_required_group_is_measured_and_the_page_kept():
    with site({"/": html(PORTAL), "/robots.txt": html("User-agent: *\nAllow: /\n")}) as (
        base,
        seen,
    ):
        readings = _measure(base + "/", "sections", "all_sections", "https", "updated")
    assert readings["sections"].value == 5 and readings["all_sections"].value is True
    assert readings["https"].value is False  # served over plain http
    assert readings["updated"].value == "2026-12-02"  # the latest date not in the future
    page = readings["sections"]
    assert page.evidence == PORTAL.encode() and page.evidence_name == "trang-chu.html"
    assert page.source_ref == base + "/" and page.measured_at == NOW
    assert "Có 5/5 nhóm thông tin" in page.detail
    assert [path for path, _ in seen] == ["/robots.txt", "/"]  # one fetch serves every figure
    assert all(agent == USER_AGENT for _, agent in seen)


def test_missing_groups_are_named():
    with site({"/": html(PARTIAL)}) as (base, _):  # no robots.txt at all: allowed
        reading = _measure(base + "/", "sections")["sections"]
    assert reading.value == 1
    assert "thiếu: Giới thiệu, Văn bản, Thủ tục hành chính / dịch vụ công" in reading.detail


def test_robots_txt_that_disallows_chiso_is_obeyed():
    robots = "User-agent: chiso-portal-check\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    with site({"/": html(PORTAL), "/robots.txt": html(robots)}) as (base, seen):
        reading = _measure(base + "/", "sections")["sections"]
    assert reading.value is None
    assert reading.detail == ROBOTS_DISALLOW.format(address=base + "/")
    assert [path for path, _ in seen] == ["/robots.txt"]  # the page itself never requested
    assert reading.evidence == b""


def test_a_site_that_does_not_answer_times_out_without_a_value():
    hold = threading.Event()
    with site({"/": html(PORTAL)}, hold=hold) as (base, _):
        reading = _measure(base + "/", "sections", timeout=0.2)["sections"]
        hold.set()
    assert reading.value is None and "không trả lời trong 0.2 giây" in reading.detail


def test_an_oversized_page_is_not_read_to_the_end():
    big = PORTAL + "<p>" + "x" * 50_000 + "</p>"
    pages = {
        "/": html(big),
        "/unsized": (200, {"X-No-Length": "1"}, big.encode()),
    }
    with site(pages) as (base, _):
        declared = _measure(base + "/", "sections", max_bytes=10_000)["sections"]
        streamed = fetch(base + "/unsized", max_bytes=10_000)
        small = fetch(base + "/unsized", max_bytes=100_000)
    assert declared.value is None and "lớn hơn 9 KB" in declared.detail
    assert "lớn hơn 9 KB" in streamed.problem and not streamed.body  # stopped while reading
    assert small.body == big.encode()


def test_only_http_addresses_are_fetched():
    assert "không phải http/https" in fetch("file:///etc/passwd").problem
    assert "không phải http/https" in fetch("ftp://127.0.0.1/").problem
