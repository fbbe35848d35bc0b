"""A NUL or another control character sent to any page: 400 with the reason, never a 500.

Before, on PostgreSQL, a NUL in a question, an exclusion's reason, a reply, a token's name or the
units' search answered 500 (PostgreSQL cannot store or compare it), and \\x01 saved in a reason
made the audit export fail. Every site URL (from the URL resolver), GET and POST, by each kind of
person, with such a character in its text fields: each answer is the 400 page, with its reason;
the same request without it is answered by the page itself.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.test import Client

from chiso.accounts.controls import REFUSED
from chiso.campaigns.models import Form
from tests.hostile.test_posted_numbers import page_urls

TEXT_FIELDS = ("reason", "text", "message", "note", "name", "q", "decision_number", "signer")


def test_every_page_refuses_control_characters_with_a_400_not_a_500(
    submitted_a: Form, cast: dict[str, Any]
) -> None:
    form = submitted_a
    urls = page_urls(form, step="reopen")
    assert len(urls) > 60
    for role in ("head_a", "appraiser", "approver", "province_admin"):
        web = Client()
        web.force_login(cast[role])
        cache.clear()
        for raw in ("a\x00b", "a\x01b"):
            for url in urls:
                for method in ("get", "post"):
                    data = {name: "Lý do kiểm thử" for name in TEXT_FIELDS}
                    data["reason"] = raw
                    response = getattr(web, method)(url, data)
                    label = f"{role} {method.upper()} {url} {raw!r} -> {response.status_code}"
                    assert response.status_code == 400, label
                    assert REFUSED in response.content.decode(), label
    # The same search without the character is the page's own answer.
    web = Client()
    web.force_login(cast["appraiser"])
    assert web.get("/units/", {"q": "Đắk"}).status_code == 200
    refused = web.post(
        f"/forms/{form.pk}/answers/SS.HT.1/",
        {"note": "a\x00"},
        headers={"Accept": "application/json"},
    )
    assert refused.status_code == 400 and refused.json() == {"ok": False, "error": REFUSED}
