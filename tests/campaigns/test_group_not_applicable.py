"""A commune declares the whole group KT không áp dụng (issue 16): saved, versioned and audited
like an answer, its criteria's answers kept; checked at submission; accepted or rejected by the
appraisers; the verified total scaled (tests/campaigns/group_na_setup.py computes it by hand)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from chiso.appraisal.models import VerificationState
from chiso.appraisal.official import verified_score
from chiso.appraisal.services import (
    GROUP_REJECT_REASON,
    accept_remaining,
    declaration_decide,
    form_verify,
    verification_save,
)
from chiso.audit.models import Entry
from chiso.campaigns.models import Answer
from chiso.campaigns.services import (
    GROUP_NOT_DECLARABLE,
    NOT_APPLICABLE_EVIDENCE,
    StaleEdit,
    evidence_add,
    form_problems,
    form_save_answer,
    form_submit,
)
from chiso.scoring.numbers import fmt_points
from tests.campaigns.group_na_setup import (
    DECLARED_TOTAL,
    PDF,
    SCORED_TOTAL,
    commune_form,
)

pytestmark = pytest.mark.django_db
REASON = "Đặc khu không có hộ kinh doanh, doanh nghiệp, chợ trên địa bàn"
DECLARED = {"not_applicable": True, "reason": REASON}


@pytest.fixture
def declared(cast):
    """The form answered (NT.4 20, KT.2 ½), KT declared with its evidence."""
    form, people = commune_form(cast, leave=set())
    reporter = people["reporter.tx"]
    form_save_answer(
        actor=reporter, form=form, criterion="KT", value=DECLARED, expected_version=None
    )
    evidence_add(actor=reporter, form=form, criterion="KT", name="xac-nhan.pdf", data=PDF)
    form.refresh_from_db()
    return form, people


def test_the_declaration_is_an_audited_answer_and_the_criteria_keep_theirs(cast, declared):
    form, people = declared
    assert Answer.objects.get(form=form, criterion="KT").value == DECLARED
    assert Answer.objects.get(form=form, criterion="KT.2").value == ["1", "2"]
    entry = Entry.objects.filter(action="forms.answer", criterion="KT").get()
    assert entry.changes["value"] == [None, DECLARED]
    with pytest.raises(StaleEdit):  # someone saw no declaration yet
        form_save_answer(
            actor=people["head.tx"],
            form=form,
            criterion="KT",
            value=None,
            expected_version=None,
            clear=True,
        )
    # Withdrawn: the criteria's answers count again, untouched.
    form_save_answer(
        actor=people["reporter.tx"],
        form=form,
        criterion="KT",
        value=None,
        expected_version=1,
        clear=True,
    )
    assert Answer.objects.get(form=form, criterion="KT.2").value == ["1", "2"]
    assert Entry.objects.filter(action="forms.answer_clear", criterion="KT").exists()


def test_only_a_declarable_group_takes_a_declaration_and_only_a_declaration(cast, declared):
    form, people = declared
    with pytest.raises(ValueError, match=GROUP_NOT_DECLARABLE.format(code="NT")):
        form_save_answer(
            actor=people["reporter.tx"],
            form=form,
            criterion="NT",
            value=DECLARED,
            expected_version=None,
        )
    with pytest.raises(ValueError, match="chỉ nhận khai"):
        form_save_answer(
            actor=people["reporter.tx"],
            form=form,
            criterion="KT",
            value="10",
            expected_version=1,
        )
    with pytest.raises(ValueError, match="cần lý do"):
        form_save_answer(
            actor=people["reporter.tx"],
            form=form,
            criterion="KT",
            value={"not_applicable": True, "reason": " "},
            expected_version=1,
        )


def test_submission_needs_the_declarations_evidence_not_the_kept_criteria(cast):
    form, people = commune_form(cast, leave=set())
    form_save_answer(
        actor=people["reporter.tx"],
        form=form,
        criterion="KT",
        value=DECLARED,
        expected_version=None,
    )
    # KT.3 is unanswered and KT.1/KT.6 lose their files: inside the declared group, no matter.
    form.evidence.filter(criterion__in=["KT.1", "KT.6"]).update(removed=True)
    assert form_problems(form) == [f"KT: {NOT_APPLICABLE_EVIDENCE}"]
    evidence_add(actor=people["reporter.tx"], form=form, criterion="KT", name="x.pdf", data=PDF)
    assert form_problems(form) == []


def _submitted(form, people):
    form.refresh_from_db()
    return form_submit(actor=people["head.tx"], form=form, expected_version=form.version)


def test_accepted_the_verified_total_is_scaled(cast, declared):
    form, people = declared
    form = _submitted(form, people)
    appraiser = cast["other_appraiser"]
    accept_remaining(actor=appraiser, form=form, expected_version=form.version)
    verification_save(  # AT.4 is the appraisers' to score: 0, as the hand count has it
        actor=appraiser,
        form=form,
        criterion="AT.4",
        state=VerificationState.ADJUSTED,
        value="0",
        reason_code="appraiser_points",
        expected_version=None,
    )
    form.refresh_from_db()
    with pytest.raises(ValidationError, match="KT"):  # the declaration is not decided yet
        form_verify(actor=appraiser, form=form, expected_version=form.version)
    assert fmt_points(verified_score(form).total) == DECLARED_TOTAL  # provisional: as declared
    declaration_decide(actor=appraiser, form=form, group="KT", accept=True, expected_version=None)
    form.refresh_from_db()
    result = verified_score(form)
    assert result.total == Fraction(825 * 1000, 850)
    assert fmt_points(result.total) == DECLARED_TOTAL
    assert "KT Hoạt động kinh tế số: không áp dụng" in result.sections[0].scaling_explanation()
    form_verify(actor=appraiser, form=form, expected_version=form.version)


def test_rejected_the_group_is_scored_and_the_unit_reads_why(cast, declared, client):
    form, people = declared
    form = _submitted(form, people)
    appraiser = cast["other_appraiser"]
    with pytest.raises(ValueError, match=GROUP_REJECT_REASON):
        declaration_decide(
            actor=appraiser,
            form=form,
            group="KT",
            accept=False,
            reason_code="no_evidence",
            expected_version=None,
        )
    declaration_decide(
        actor=appraiser,
        form=form,
        group="KT",
        accept=False,
        reason_code="evidence_mismatch",
        reason="Xã có chợ Trường Xuân hoạt động",
        expected_version=None,
    )
    form.refresh_from_db()
    assert fmt_points(verified_score(form).total) == SCORED_TOTAL
    entry = Entry.objects.filter(action="appraisal.verify", criterion="KT").get()
    assert entry.changes["decision"][1].startswith("không chấp nhận khai không áp dụng")
    client.force_login(people["reporter.tx"])
    page = client.get(f"/forms/{form.pk}/").content.decode()
    assert "Sở không chấp nhận khai nhóm KT không áp dụng" in page
    assert "Xã có chợ Trường Xuân hoạt động" in page


def test_an_excel_round_trip_keeps_the_declaration_and_says_so(cast, declared):
    """The workbook carries the criteria only (the declaration needs its file, which only the
    page takes): uploading it back changes nothing of the declaration, and the page says so."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from tests.campaigns.excel_files import form_file

    form, people = declared
    data = form_file(form)
    client = Client()
    client.force_login(people["reporter.tx"])
    response = client.post(
        f"/forms/{form.pk}/excel/", {"file": SimpleUploadedFile("phieu.xlsx", data)}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Khai cả nhóm không áp dụng (KT) không có trong tệp Excel và được giữ nguyên" in page
    assert Answer.objects.get(form=form, criterion="KT").value == DECLARED
    assert Answer.objects.get(form=form, criterion="KT.2").value == ["1", "2"]
