"""The frameworks page shows what the 2026 rules add: weights, bonus/malus caps, to whom a group
or criterion applies, and where a unit may declare it không áp dụng."""

from __future__ import annotations

from django.test import Client


def test_commune_template_page_shows_weights_caps_and_applicability(client: Client) -> None:
    page = client.get("/frameworks/mau-2026-xa-phuong/").content.decode()
    assert "trọng số 150" in page and "trọng số 200" in page
    assert "điểm thưởng, cộng tối đa 50 điểm" in page
    assert "điểm trừ, trừ tối đa 100 điểm" in page
    assert "chỉ áp dụng cho xã, đặc khu" in page
    assert page.count("đơn vị được khai không áp dụng") == 2  # KT.3, KT.6


def test_agency_template_page_names_the_tags(client: Client) -> None:
    page = client.get("/frameworks/mau-2026-so-ban-nganh/").content.decode()
    assert "chỉ áp dụng cho đơn vị có nhiệm vụ phát triển kinh tế số" in page
    assert (
        page.count("không áp dụng cho đơn vị không có thủ tục hành chính</span>") == 5
    )  # HD.3–HD.7
