"""A refused (or accepted) evidence file is said inside the criterion's block the page returns
to (``#c-<code>``), not only at the top of a long form, where a phone shows nothing of it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chiso.campaigns.models import Evidence
from chiso.campaigns.uploads import BAD_TYPE, EMPTY, NAME_MISMATCH, TOO_BIG
from chiso.campaigns.views import EVIDENCE_ADDED, NO_FILE
from tests.campaigns.test_form_services import PDF

CODE = "SS.MT.1"


def _block(page: str, code: str) -> str:
    found = re.search(
        rf'<section class="criterion[^"]*" id="c-{re.escape(code)}".*?</section>', page, re.S
    )
    assert found, code
    return found.group(0)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),
            BAD_TYPE.split("«")[0],
        ),
        (SimpleUploadedFile("ke-hoach.png", PDF), NAME_MISMATCH.split("«")[0]),
        (SimpleUploadedFile("rong.pdf", b""), EMPTY),
        (SimpleUploadedFile("lon.pdf", PDF + b"\x00" * (1024 * 1024)), TOO_BIG.format(limit=1)),
        (None, NO_FILE),
    ],
)
def test_a_refused_file_is_said_inside_its_criterion_and_nowhere_else_in_the_form(
    form_a: Any, cast: dict[str, Any], settings: Any, upload: Any, message: str
) -> None:
    settings.CHISO_UPLOAD_MAX_MB = 1
    client = Client()
    client.force_login(cast["reporter_a"])
    response = client.post(
        f"/forms/{form_a.pk}/evidence/{CODE}/", {"file": upload} if upload else {}
    )
    assert response["Location"] == f"/forms/{form_a.pk}/#c-{CODE}"
    page = client.get(f"/forms/{form_a.pk}/").content.decode()
    block = _block(page, CODE)
    assert 'class="alert alert-danger small py-1 my-1 evidence-message" role="alert"' in block
    assert message in block
    other = _block(page, "SS.HT.1")
    assert "evidence-message" not in other
    assert Evidence.objects.count() == 0
    # Said once: the next page shows it no more.
    assert "evidence-message" not in client.get(f"/forms/{form_a.pk}/").content.decode()


def test_an_attached_file_is_confirmed_inside_its_criterion(
    form_a: Any, cast: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(cast["reporter_a"])
    client.post(f"/forms/{form_a.pk}/evidence/{CODE}/", {"file": SimpleUploadedFile("kh.pdf", PDF)})
    block = _block(client.get(f"/forms/{form_a.pk}/").content.decode(), CODE)
    assert EVIDENCE_ADDED.format(name="kh.pdf") in block
