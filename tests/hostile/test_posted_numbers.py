"""Numbers no id or version can be, posted to (and asked of) every page of the site: never a 5xx.

``str.isdigit`` let "²" through to ``int`` (a 500 on the answer endpoint) and a 30-digit number
through to SQLite (an overflow); every page now reads posted numbers with ``chiso.posted.whole``.
Each site URL (from the URL resolver, as the malformed-request walk) is asked with GET and POST,
every field a page reads as a number set to such a value, by each kind of person.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import get_resolver

from chiso.campaigns.models import Form
from chiso.posted import MAX_WHOLE, whole
from tests.hostile.test_malformed_requests import _routes

NOT_NUMBERS = ("²", "①", "١٢", "9" * 30, str(MAX_WHOLE + 1), "-1", "1.5", " 7", "")
# What the pages read as a number: versions, revisions, ids, days, a published version (?v=).
NUMBER_FIELDS = ("version", "revision", "appraiser", "working_days", "forms", "v", "page")


def page_urls(form: Form, *, step: str) -> list[str]:
    """Every URL of the site's pages (not the API's, not the admin's), from the URL resolver,
    about ``form`` (its pk, SS.HT.1, the approval page's ``step``); not the logout, so a walk
    stays signed in."""
    filled = {"pk": str(form.pk), "code": "SS.HT.1", "step": step}
    return sorted(
        {
            "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: filled.get(m.group(1), "1"), route)
            for route in _routes(get_resolver().url_patterns)
            if not route.startswith(("api/", "admin/")) and "(?P" not in route
        }
        - {"/accounts/logout/"}
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0", 0), ("7", 7), ("0012", 12), (str(MAX_WHOLE), MAX_WHOLE), (None, None)]
    + [(raw, None) for raw in NOT_NUMBERS],
)
def test_whole_takes_ascii_digits_up_to_two_to_the_53(
    raw: str | None, expected: int | None
) -> None:
    assert whole(raw) == expected
    assert whole(raw, -1) == (-1 if expected is None else expected)


def test_every_page_answers_numbers_no_id_can_be_without_a_server_error(
    submitted_a: Form, cast: dict[str, Any]
) -> None:
    form = submitted_a
    urls = page_urls(form, step="approve")
    assert len(urls) > 60
    for role in ("head_a", "appraiser", "approver", "province_admin"):
        web = Client()
        web.force_login(cast[role])
        cache.clear()
        for raw in ("²", "9" * 30):
            data: dict[str, Any] = {name: raw for name in NUMBER_FIELDS}
            data["form"] = [raw, str(form.pk)]
            data[f"v-{form.pk}"] = raw
            for url in urls:
                for method in ("get", "post"):
                    response = getattr(web, method)(url, data)
                    label = f"{role} {method.upper()} {url} {raw!r} -> {response.status_code}"
                    assert response.status_code < 500, label
                    assert "/login" not in response.get("Location", ""), f"signed out: {label}"
