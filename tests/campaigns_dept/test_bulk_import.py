"""/campaigns/<id>/import/: the department uploads many units' Excel forms at once."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chiso.audit.models import Entry
from chiso.campaigns.bulk_import import DUPLICATE, NOT_EDITABLE, bulk_import
from chiso.campaigns.models import Campaign, Form
from chiso.campaigns.services import form_answers
from chiso.campaigns.views_department import NO_FILES
from chiso.excel.archive import NOT_XLSX
from chiso.scoring.answers import NUMERATOR_ABOVE_DENOMINATOR
from tests.campaigns.excel_files import form_file
from tests.campaigns_dept.conftest import submit
from tests.conftest import open_campaign
from tests.excel.builders import zip_of

Cast = dict[str, Any]
ON_TIME = dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC)


def _forms(campaign: Campaign) -> dict[str, Form]:
    return {form.unit.code: form for form in campaign.forms.select_related("unit")}


def _post(user: Any, campaign: Campaign, files: dict[str, bytes], **headers: str) -> Any:
    client = Client()
    client.force_login(user)
    uploads = [SimpleUploadedFile(name, data) for name, data in files.items()]
    return client.post(f"/campaigns/{campaign.pk}/import/", {"files": uploads}, headers=headers)


def _rows(page: str) -> list[tuple[str, str]]:
    """(file name, "imported" or "refused") of each row of the result table."""
    found = re.findall(r'<tr data-result="(\w+)">\s*<td class="text-break">([^<]*)</td>', page)
    return [(name, result) for result, name in found]


@pytest.fixture
def campaign_2020(cast: Cast) -> Campaign:
    return open_campaign(cast, year=2020, frameworks={"district": "vn-2392-huyen"})


def test_a_mixed_batch_imports_the_good_files_and_refuses_each_bad_one_with_its_reason(
    campaign: Campaign, campaign_2020: Campaign, cast: Cast
) -> None:
    forms, other = _forms(campaign), _forms(campaign_2020)
    files = {
        "dakrlap.xlsx": form_file(forms["666"], {"SS.HT.1": {"G": 40, "H": 50}}),
        "cujut.xlsx": form_file(forms["662"], {"SS.NL.3": {"F": 6}}),
        "dakmil.xlsx": form_file(forms["663"], {"SS.HT.1": {"G": 60, "H": 50}}),
        "dakrlap-2020.xlsx": form_file(other["666"], {"SS.NL.3": {"F": 2}}),
        "ghi-chu.txt": "Danh sách phiếu".encode(),
        "dot-2.zip": zip_of(
            {
                "huyen/daksong.xlsx": form_file(forms["665"], {"SS.NL.3": {"F": 3}}),
                "huyen/krongno.xlsx": form_file(forms["664"], {"SS.NL.3": {"F": 4}}),
            }
        ),
    }

    response = _post(cast["province_admin"], campaign, files)

    page = response.content.decode()
    assert response.status_code == 200
    assert _rows(page) == [
        ("dakrlap.xlsx", "imported"),
        ("cujut.xlsx", "imported"),
        ("dakmil.xlsx", "refused"),
        ("dakrlap-2020.xlsx", "refused"),
        ("ghi-chu.txt", "refused"),
        ("dot-2.zip › huyen › daksong.xlsx", "imported"),
        ("dot-2.zip › huyen › krongno.xlsx", "imported"),
    ]
    assert "4 tệp đã nhập, 3 tệp bị từ chối" in page
    too_many = NUMERATOR_ABOVE_DENOMINATOR.format(numerator=60, denominator=50)
    assert re.search(rf"dòng \d+, cột G, tiêu chí SS.HT.1: {re.escape(too_many)}", page)
    assert "phiếu của đợt khác (Đánh giá CQĐT năm 2020 — năm 2020)" in page
    assert NOT_XLSX in page
    answers = {code: form_answers(Form.objects.get(pk=form.pk)) for code, form in forms.items()}
    assert answers["666"] == {"SS.HT.1": [40, 50]}
    assert answers["662"] == {"SS.NL.3": 6}
    assert answers["665"] == {"SS.NL.3": 3}
    assert answers["664"] == {"SS.NL.3": 4}
    assert answers["663"] == {}
    assert form_answers(Form.objects.get(pk=other["666"].pk)) == {}


def test_each_imported_file_is_audited_as_entered_by_the_department_for_the_unit(
    campaign: Campaign, cast: Cast
) -> None:
    forms = _forms(campaign)
    files = {"cujut.xlsx": form_file(forms["662"], {"SS.NL.3": {"F": 6}})}

    _post(cast["province_admin"], campaign, files)

    entry = Entry.objects.get(action="forms.import_excel", unit_code="662")
    assert entry.actor == cast["province_admin"]
    assert entry.reason == "nhập hộ từ tệp Excel cujut.xlsx"
    answer = forms["662"].answers.get(criterion="SS.NL.3")
    assert answer.changed_by == cast["province_admin"]


def test_two_files_of_one_unit_are_both_refused(campaign: Campaign, cast: Cast) -> None:
    form = _forms(campaign)["662"]
    files = {
        "cujut-1.xlsx": form_file(form, {"SS.NL.3": {"F": 6}}),
        "cujut-2.xlsx": form_file(form, {"SS.NL.3": {"F": 7}}),
    }

    results = bulk_import(
        actor=cast["province_admin"], campaign=campaign, files=list(files.items())
    )

    assert [result.ok for result in results] == [False, False]
    unit = "Huyện Cư Jút (mã 662)"
    assert results[0].problems[0].message == DUPLICATE.format(unit=unit, others="«cujut-2.xlsx»")
    assert form_answers(Form.objects.get(pk=form.pk)) == {}


def test_the_same_file_twice_in_a_batch_is_refused_both_times(
    campaign: Campaign, cast: Cast
) -> None:
    data = form_file(_forms(campaign)["662"], {"SS.NL.3": {"F": 6}})

    results = bulk_import(
        actor=cast["province_admin"], campaign=campaign, files=[("a.xlsx", data), ("a.xlsx", data)]
    )

    assert [result.ok for result in results] == [False, False]


def test_a_submitted_form_is_no_longer_imported(campaign: Campaign, cast: Cast) -> None:
    form = _forms(campaign)["666"]
    data = form_file(form, {"SS.NL.3": {"F": 9}})
    submit(form, cast["reporter_a"], cast["head_a"], on=ON_TIME)

    [result] = bulk_import(
        actor=cast["province_admin"], campaign=campaign, files=[("dakrlap.xlsx", data)]
    )

    message = NOT_EDITABLE.format(unit="Huyện Đắk R'Lấp (mã 666)", status="Đã nộp")
    assert [problem.message for problem in result.problems] == [message]


def test_a_stale_file_is_refused_in_a_batch_as_in_the_units_own_upload(
    campaign: Campaign, cast: Cast
) -> None:
    from chiso.campaigns.services import form_save_answer

    form = _forms(campaign)["662"]
    data = form_file(form, {"SS.NL.3": {"F": 6}})
    form_save_answer(
        actor=cast["reporter_b"], form=form, criterion="SS.NL.3", value="2", expected_version=None
    )

    [result] = bulk_import(
        actor=cast["province_admin"], campaign=campaign, files=[("cujut.xlsx", data)]
    )

    assert not result.ok
    assert "reporter_b đã sửa giá trị" in result.problems[1].message


def test_without_javascript_the_results_come_as_a_page_and_with_it_as_a_table_only(
    campaign: Campaign, cast: Cast
) -> None:
    files = {"cujut.xlsx": form_file(_forms(campaign)["662"])}

    page = _post(cast["province_admin"], campaign, files).content.decode()
    fragment = _post(
        cast["province_admin"], campaign, files, X_Requested_With="XMLHttpRequest"
    ).content.decode()

    assert "<html" in page and "Quay lại đợt đánh giá" in page
    assert "<html" not in fragment and 'id="import-table"' in fragment


def test_posting_no_file_says_so(campaign: Campaign, cast: Cast) -> None:
    response = _post(cast["province_admin"], campaign, {})

    assert response.status_code == 400
    assert NO_FILES in response.content.decode()


def test_the_campaign_page_offers_the_bulk_upload_only_to_the_province_administrator(
    campaign: Campaign, cast: Cast
) -> None:
    def page(user: Any) -> str:
        client = Client()
        client.force_login(user)
        return str(client.get(f"/campaigns/{campaign.pk}/").content.decode())

    assert 'id="bulk-import"' in page(cast["province_admin"])
    assert 'id="bulk-import"' not in page(cast["appraiser"])
    assert 'id="bulk-import"' not in page(cast["system_admin"])


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("reporter_a", 403),
        ("appraiser", 403),
        ("system_admin", 403),
        ("other_admin", 404),
        ("other_appraiser", 404),
    ],
)
def test_only_the_province_administrator_may_bulk_upload(
    campaign: Campaign, cast: Cast, person: str, status: int
) -> None:
    form = _forms(campaign)["666"]
    files = {"dakrlap.xlsx": form_file(form, {"SS.NL.3": {"F": 6}})}

    response = _post(cast[person], campaign, files)

    assert response.status_code == status
    assert form_answers(Form.objects.get(pk=form.pk)) == {}


def test_anonymous_is_sent_to_log_in_and_get_is_not_allowed(campaign: Campaign, cast: Cast) -> None:
    assert Client().post(f"/campaigns/{campaign.pk}/import/").status_code == 302
    client = Client()
    client.force_login(cast["province_admin"])
    assert client.get(f"/campaigns/{campaign.pk}/import/").status_code == 405
