"""Every input that answered 5xx in the outside probe (issue 15), posted to every upload of the
system, on the site and through the API: each gets an answer (taken or refused), never a 5xx.

The refusals themselves, and that nothing is stored, are checked where each case lives
(``test_evidence_uploads``, ``test_list_uploads``, ``test_long_names``, ``test_scope_imports``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.conftest import token_for
from tests.hostile.conftest import LIST
from tests.hostile.corpus import (
    csv_with_long_field,
    first_sheet_member,
    lying_size,
    pdf,
    wide_dimension,
    workbook,
)

_GOOD = workbook(LIST)
_SHEET = first_sheet_member(_GOOD)
_VIETNAMESE = "Kế_hoạch_ứng_dụng_" + "ếựữầẩ" * 30  # 168 letters, over 255 bytes with .xlsx

INPUTS: dict[str, Callable[[], tuple[str, bytes]]] = {
    "a Vietnamese name over 255 bytes (.xlsx)": lambda: (_VIETNAMESE[:120] + ".xlsx", _GOOD),
    "a Vietnamese name over 255 bytes (.pdf)": lambda: (_VIETNAMESE[:120] + ".pdf", pdf()),
    "a CSV field over 131,072 characters": lambda: (
        "ds.csv",
        csv_with_long_field(",".join(LIST[0]), ",".join(LIST[1])),
    ),
    "an .xlsx member smaller than it inflates to": lambda: (
        "ds.xlsx",
        lying_size(_GOOD, _SHEET, 10),
    ),
    "an .xlsx member whose compressed size lies": lambda: (
        "ds.xlsx",
        lying_size(_GOOD, _SHEET, 10, field="compressed"),
    ),
    "an .xlsx declaring A1:XFD…": lambda: (
        "ds.xlsx",
        wide_dimension(_GOOD, _SHEET, [["666", "Người Thử", "thu@example.vn", "Lãnh đạo"]] * 50),
    ),
}


def _evidence_web(c: dict[str, Any], form: Any, name: str, data: bytes) -> Any:
    client = Client()
    client.force_login(c["reporter_a"])
    return client.post(
        f"/forms/{form.pk}/evidence/KQ.HD.1/", {"file": SimpleUploadedFile(name, data)}
    )


def _evidence_api(c: dict[str, Any], form: Any, name: str, data: bytes) -> Any:
    return Client().post(
        f"/api/v1/forms/{form.pk}/evidence",
        {"criterion": "KQ.HD.1", "file": SimpleUploadedFile(name, data)},
        headers={"Authorization": f"Bearer {token_for(c['reporter_a'])}"},
    )


def _form_excel(c: dict[str, Any], form: Any, name: str, data: bytes) -> Any:
    client = Client()
    client.force_login(c["reporter_a"])
    return client.post(f"/forms/{form.pk}/excel/", {"file": SimpleUploadedFile(name, data)})


def _department_import(c: dict[str, Any], form: Any, name: str, data: bytes) -> Any:
    client = Client()
    client.force_login(c["province_admin"])
    return client.post(
        f"/campaigns/{form.campaign_id}/import/", {"files": [SimpleUploadedFile(name, data)]}
    )


def _accounts_import(c: dict[str, Any], form: Any, name: str, data: bytes) -> Any:
    client = Client()
    client.force_login(c["province_admin"])
    return client.post(
        "/admin/accounts/user/import/", {"era": "2019", "file": SimpleUploadedFile(name, data)}
    )


def _agencies_import(c: dict[str, Any], form: Any, name: str, data: bytes) -> Any:
    client = Client()
    client.force_login(c["province_admin"])
    return client.post("/units/2019/67/agencies/", {"file": SimpleUploadedFile(name, data)})


ENDPOINTS = {
    "evidence (site)": _evidence_web,
    "evidence (API)": _evidence_api,
    "the unit's form (.xlsx)": _form_excel,
    "the department's import": _department_import,
    "accounts import": _accounts_import,
    "agencies import": _agencies_import,
}


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
@pytest.mark.parametrize("case", list(INPUTS))
def test_no_upload_answers_a_server_error(
    case: str, endpoint: str, cast: dict[str, Any], form_a: Any
) -> None:
    name, data = INPUTS[case]()

    response = ENDPOINTS[endpoint](cast, form_a, name, data)

    assert response.status_code < 500, response.content.decode()[:2000]
    assert response.status_code not in (403, 404)  # it reached the upload's own checks


@pytest.mark.parametrize("code", ["666", "24728"], ids=["district", "commune"])
def test_agencies_under_a_district_or_commune_are_no_server_error(
    code: str, cast: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(cast["province_admin"])

    response = client.post(
        f"/units/2019/{code}/agencies/",
        {"file": SimpleUploadedFile("ds.xlsx", workbook([["Mã", "Tên"], ["SNV", "Sở Nội vụ"]]))},
    )

    assert response.status_code == 404
