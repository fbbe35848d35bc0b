"""The admin is Vietnamese throughout: every page a system administrator opens, with no English
left from strings Django's own vi translation lacks; people greeted by their full name; dates
and times as dd/mm/yyyy hh:mm."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from chiso.accounts.models import User

Cast = dict[str, Any]

# English Django 5.2 shows where its vi translation has no string (found page by page).
ENGLISH = [
    "Show counts",
    "Hide counts",
    "Skip to main content",
    "Toggle theme",
    "Toggle navigation",
    "Breadcrumbs",
    "Sidebar",
    "Filter navigation items",
    "Model name",
    "Add link",
    "Change or view list link",
    "Reset password",
    "Raw passwords are not stored",
    "After you’ve created a user",
    "Password-based authentication",
    "Select all objects on this page",
    "Unit code",
    "Province code",
    "Era:",
]


def _admin_pages() -> list[str]:
    """The index, and each registered model's list, add form, and first object's form and
    history."""
    urls = ["/admin/", "/admin/password_change/"]
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"admin:{info}_changelist"))
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(f"admin:{info}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"admin:{info}_change", args=[first.pk]))
            urls.append(reverse(f"admin:{info}_history", args=[first.pk]))
    return urls


@pytest.fixture
def admin_client(client: Client, cast: Cast, submitted_a: Any) -> Client:
    client.force_login(cast["system_admin"])
    return client


def test_every_admin_page_is_vietnamese(admin_client: Client) -> None:
    pages = _admin_pages()
    assert len(pages) > 20
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code in (200, 403), url  # 403: a page no one may add to
        page = response.content.decode()
        assert '<html lang="vi"' in page, url
        for english in ENGLISH:
            assert english not in page, f"{english!r} on {url}"


def test_the_admin_greets_people_by_their_full_name(client: Client, cast: Cast) -> None:
    person: User = cast["system_admin"]
    person.full_name = "Nguyễn Thị Mai"
    person.save()
    client.force_login(person)

    page = client.get("/admin/").content.decode()

    assert "<strong>Nguyễn Thị Mai</strong>" in page


def test_admin_dates_read_dd_mm_yyyy_hh_mm(admin_client: Client, cast: Cast) -> None:
    person: User = cast["reporter_a"]
    person.last_login = dt.datetime(2026, 3, 5, 14, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    person.save()

    page = admin_client.get(f"/admin/accounts/user/{person.pk}/change/").content.decode()
    audit = admin_client.get("/admin/audit/entry/").content.decode()

    assert "05/03/2026 14:30" in page
    assert re.search(r"\d\d/\d\d/20\d\d \d\d:\d\d", audit)
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", audit)
    assert "tháng" not in audit  # Django's vi default: "14:30 Ngày 05 tháng 3 năm 2026"


@pytest.mark.django_db
def test_the_admin_login_page_is_vietnamese(client: Client) -> None:
    page = client.get("/admin/login/?next=/admin/").content.decode()

    assert '<html lang="vi"' in page
    for english in ENGLISH:
        assert english not in page, english
    assert "Forgotten your login credentials?" not in page


def test_the_admins_calendar_and_selector_speak_vietnamese(admin_client: Client) -> None:
    catalog = admin_client.get("/admin/jsi18n/").content.decode()

    for english, vietnamese in [("Sunday", "Chủ nhật"), ("Choose all %s", "Chọn tất cả %s")]:
        assert f"{json.dumps(english)}: {json.dumps(vietnamese)}" in catalog
