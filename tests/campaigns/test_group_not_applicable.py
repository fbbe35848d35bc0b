"""A commune declares the whole group KT không áp dụng (issue 16): saved, versioned and audited
like an answer, its criteria's answers kept; checked at submission; accepted or rejected by the
appraisers; the verified total scaled (tests/campaigns/group_na_setup.py computes it by hand)."""

from __future__ import annotations

import re
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


def test_a_group_that_does_not_apply_is_compared_with_no_one(cast, declared, client):
    """Trường Xuân's KT is accepted as not applicable; another commune scores KT 137,5 of 150
    (group_na_setup's hand count, with KT.3 answered: 25 more). The cohort's KT average is that
    commune's alone (137,5, not (0 + 137,5) / 2), Trường Xuân's KT is neither a weakness nor a
    figure of 0/150, and the other commune's KT is not a strength for being above a zero that
    was never scored."""
    from chiso.accounts.models import Role
    from chiso.accounts.services import role_grant, user_create
    from chiso.appraisal.services import declaration_decide
    from chiso.campaigns.models import Form
    from chiso.campaigns.services import form_framework
    from chiso.results.selectors import campaign_figures
    from chiso.results.story import unit_story
    from chiso.results.typed import from_figures
    from tests.campaigns.group_na_setup import answer_form
    from tests.conftest import PASSWORD
    from tests.scoring.test_templates_2026 import full_answer

    form, people = declared
    form = _submitted(form, people)
    appraiser = cast["other_appraiser"]
    declaration_decide(actor=appraiser, form=form, group="KT", accept=True, expected_version=None)
    other = (
        Form.objects.filter(campaign=form.campaign, unit__kind=form.unit.kind)
        .exclude(pk=form.pk)
        .select_related("unit")
        .order_by("unit__code")
        .first()
    )
    staff = {}
    for name, role in (("reporter.o", Role.REPORTER), ("head.o", Role.HEAD)):
        user, _ = user_create(
            actor=None, username=name, full_name=name, email=f"{name}@example.vn", password=PASSWORD
        )
        role_grant(actor=None, user=user, role=role, unit=other.unit)
        staff[name] = user
    answer_form(other, staff["reporter.o"], leave=set())
    kt3 = next(c for c in form_framework(other).leaves() if c.code == "KT.3")
    form_save_answer(
        actor=staff["reporter.o"],
        form=other,
        criterion="KT.3",
        value=full_answer(kt3),
        expected_version=None,
    )
    other.refresh_from_db()
    form_submit(actor=staff["head.o"], form=other, expected_version=other.version)

    figures = campaign_figures(form.campaign)
    (cohort,) = [c for c in figures["cohorts"] if c["level"] == "commune"]
    section = cohort["sections"][0]
    units = {u["unit"]: u for u in cohort["units"]}
    mine = units[form.unit.code]["sections"][0]
    theirs = units[other.unit.code]["sections"][0]
    assert mine["items"]["KT"]["not_applicable"] is True
    assert (mine["items"]["KT"]["above"], mine["items"]["KT"]["of"]) == (0, 0)
    assert theirs["items"]["KT"]["points_exact"] == "137.5"
    assert section["stats"]["KT"]["mean"] == "137.5"  # 137,5: the one commune KT applies to
    assert theirs["items"]["KT"]["of"] == 0  # compared with no other commune
    assert "not_applicable" not in theirs["items"]["KT"]

    results = from_figures(figures)
    typed = results.cohort("commune")
    assert typed is not None
    (story,) = unit_story(results, typed, typed.unit(form.unit.code))
    kt = next(g for g in story.groups if g.code == "KT")
    assert kt.not_applicable and kt.share is None
    assert not any("kinh tế số" in line for line in story.weaknesses + story.strengths)
    (their_story,) = unit_story(results, typed, typed.unit(other.unit.code))
    assert not any("kinh tế số" in line for line in their_story.strengths)

    client.force_login(appraiser)
    page = client.get(
        f"/results/campaigns/{form.campaign.pk}/units/{form.unit.code}/"
    ).content.decode()
    row = re.search(r"<tr>\s*<td>Hoạt động kinh tế số.*?</tr>", page, re.S)
    assert row is not None
    assert 'data-group-na="KT">không áp dụng<' in row.group()
    assert "/150,00" not in row.group()
