"""The public framework pages: ``/`` (frameworks:list-frameworks) and ``/frameworks/<code>/``."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape
from pytest_django import DjangoAssertNumQueries

from chiso.frameworks.views import FRAMEWORK_NOT_FOUND
from chiso.scoring import shipped_registry
from chiso.views import PAGE_NOT_FOUND

FRAMEWORKS = shipped_registry().all()
CODES = [framework.code for framework in FRAMEWORKS]


def test_at_least_one_framework_is_shipped() -> None:
    assert FRAMEWORKS


@pytest.mark.django_db
def test_framework_list_shows_every_shipped_framework_without_queries(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(0):
        response = client.get("/frameworks/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="vi">' in page
    for framework in FRAMEWORKS:
        assert escape(framework.name) in page
        assert f'href="/frameworks/{framework.code}/"' in page


def test_framework_list_shows_each_frameworks_provenance_badge(client: Client) -> None:
    page = client.get("/frameworks/").content.decode()

    for framework in FRAMEWORKS:
        assert framework.provenance.label_vi in page


@pytest.mark.parametrize("code", CODES)
def test_framework_page_shows_sections_groups_and_criteria(client: Client, code: str) -> None:
    framework = shipped_registry().get(code)
    section = framework.sections[0]
    group = section.groups[0]
    criterion = group.criteria[0]

    response = client.get(f"/frameworks/{code}/")

    assert response.status_code == 200
    page = response.content.decode()
    for name in (framework.name, section.name, group.name, criterion.name):
        assert escape(name) in page
    assert escape(criterion.rule.describe(criterion)) in page
    assert escape(str(criterion.legal_basis)) in page
    assert criterion.provenance.label_vi in page


@pytest.mark.parametrize("code", CODES)
def test_framework_page_shows_points_with_a_decimal_comma(client: Client, code: str) -> None:
    framework = shipped_registry().get(code)

    page = client.get(f"/frameworks/{code}/").content.decode()

    # 100 points → "100,00"; never the English "100.00".
    total = framework.max_points
    whole = total.numerator // total.denominator
    assert f"{whole}," in page
    assert f">{whole}.00<" not in page


def test_unknown_framework_code_is_404_with_vietnamese_message(client: Client) -> None:
    response = client.get("/frameworks/khong-ton-tai/")

    assert response.status_code == 404
    assert FRAMEWORK_NOT_FOUND.format(code="khong-ton-tai") in response.content.decode()


def test_unknown_address_is_404_with_a_generic_vietnamese_message(client: Client) -> None:
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    page = response.content.decode()
    assert PAGE_NOT_FOUND in page
    assert "Resolver404" not in page


@pytest.mark.parametrize(
    "path", ["/frameworks/", f"/frameworks/{CODES[0]}/" if CODES else "/frameworks/x/"]
)
def test_framework_pages_refuse_post_with_405(client: Client, path: str) -> None:
    response = client.post(path)

    assert response.status_code == 405
