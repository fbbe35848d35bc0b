"""An appraisal decision keeps the appraiser where they were on a long form: every decision and
question form posts to the criterion's anchor, a refused one comes back with the message inside
that criterion, and a saved one is confirmed there too (not only at the top of the page)."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from chiso.appraisal.views import ASKED, SAVED
from chiso.campaigns.services import form_framework


def _block(page: str, code: str) -> str:
    found = re.search(
        rf'<section class="criterion[^"]*" id="c-{re.escape(code)}".*?</section>', page, re.S
    )
    assert found, code
    return found.group(0)


def test_every_decision_form_of_every_criterion_posts_to_that_criterions_anchor(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(cast["appraiser"])
    page = client.get(f"/appraisal/forms/{submitted_a.pk}/").content.decode()
    codes = [c.code for c in form_framework(submitted_a).leaves() if c.input is not None]
    assert len(codes) > 20
    for code in codes:
        block = _block(page, code)
        actions = re.findall(r'<form method="post" action="([^"]+)"', block)
        assert actions, code
        for action in actions:
            assert action.endswith(f"#c-{code}"), (code, action)


def test_a_refused_decision_is_said_in_its_criterion_and_a_saved_one_too(
    submitted_a: Any, cast: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(cast["appraiser"])
    url = f"/appraisal/forms/{submitted_a.pk}/criteria/SS.HT.1/"
    refused = client.post(url, {"decision": "adjust", "reason_code": "", "reason": ""})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert 'class="alert alert-danger small py-1 my-1" role="alert"' in _block(page, "SS.HT.1")
    assert 'role="alert"' not in _block(page, "SS.HT.2")

    done = client.post(url, {"decision": "accept"})
    assert done["Location"] == f"/appraisal/forms/{submitted_a.pk}/#c-SS.HT.1"
    page = client.get(f"/appraisal/forms/{submitted_a.pk}/").content.decode()
    assert SAVED.format(code="SS.HT.1") in _block(page, "SS.HT.1")
    asked = client.post(
        f"/appraisal/forms/{submitted_a.pk}/ask/", {"criterion": "SS.HT.2", "text": "Danh sách?"}
    )
    assert asked["Location"].endswith("#c-SS.HT.2")
    page = client.get(f"/appraisal/forms/{submitted_a.pk}/").content.decode()
    assert ASKED in _block(page, "SS.HT.2")
