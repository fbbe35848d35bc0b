"""Results and rankings. Published results are public (no login, under the anonymous rate
limit): the published years, one year's tables, a ranking, a unit's result and history — the
latest version unless ``?version=n``, 404 before publication, whoever asks. The department reads
a campaign's draft; the approver publishes and corrects through ``chiso.results.services``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from chiso.accounts.policy import Action
from chiso.api.auth import PUBLIC
from chiso.api.campaigns import campaign_version_checked
from chiso.api.common import (
    PUBLIC_ERRORS,
    PUBLIC_SECURITY,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    Page,
    PageParams,
    page,
    responses,
)
from chiso.api.errors import ApiError
from chiso.api.form_schemas import CampaignRef, VersionIn
from chiso.api.result_schemas import (
    District,
    FrameworkUsed,
    HistoryYear,
    ProvinceRef,
    PublishedTable,
    RankingTable,
    TotalPoints,
    UnitSectionOut,
    VersionOut,
    YearOut,
    history_out,
    previous_year,
    ranking_table,
    table_out,
    unit_sections,
)
from chiso.campaigns.models import Campaign
from chiso.results import draft_jobs, portal, publish_jobs, views_documents
from chiso.results import services as publication
from chiso.results.access import campaign_get_for_results, snapshot_get_published
from chiso.results.figures_cache import results_of
from chiso.results.models import Snapshot
from chiso.results.selectors import (
    campaign_figures,
    published_years,
    snapshot_latest,
    unit_history,
)
from chiso.results.story import unit_story

router = Router(tags=["Kết quả"])

NO_JOB = "Đợt chưa có việc công bố hay đính chính chạy nền."

ProvinceCode = Annotated[
    str, Path(min_length=1, max_length=4, description="Mã tỉnh, ví dụ 67 (Đắk Nông).")
]
Year = Annotated[int, Path(ge=2000, le=2100, description="Năm đánh giá.")]
LevelParam = Annotated[Literal["district", "commune", "agency"], Path(description="Cấp đơn vị.")]
SectionCode = Annotated[str, Path(max_length=40, description="Mã mục, ví dụ SS hoặc KQ.")]
UnitCode = Annotated[str, Path(max_length=20, description="Mã đơn vị, ví dụ 666.")]


class YearFilters(Schema):
    province: str = Field("", max_length=4, description="Mã tỉnh.")
    year: int | None = Field(None, ge=2000, le=2100)


class VersionParam(Schema):
    version: int | None = Field(
        None, ge=1, le=32767, description="Phiên bản đã công bố; bỏ trống: phiên bản mới nhất."
    )


class RankingParams(VersionParam):
    district: str = Field("", max_length=20, description="Mã huyện: chỉ các xã của huyện đó.")


class YearList(Page):
    items: list[YearOut]


class Published(Schema):
    """Which published version this is, of which province and year."""

    province: ProvinceRef
    year: int
    campaign: str
    snapshot: VersionOut
    latest_version: int = Field(description="Phiên bản mới nhất đã công bố.")
    previous_year: int | None = Field(description="Năm được so sánh; null: năm đầu tiên.")


class OpenData(Schema):
    json_url: str = Field(description="Toàn bộ số liệu của phiên bản, kèm mã kiểm tra (JSON).")
    csv_url: str = Field(description="Một dòng mỗi đơn vị và mục (CSV, UTF-8).")


class ResultYear(Published):
    versions: list[VersionOut]
    tables: list[PublishedTable]
    open_data: OpenData


class PublishedRanking(Published, RankingTable):
    district: str = Field(description="Huyện đã lọc; rỗng: cả cấp.")


class UnitResult(Published):
    level: str
    level_label: str
    framework: FrameworkUsed
    unit: str
    name: str
    kind: str
    kind_label: str
    district: District | None
    status: str = Field(description="Trạng thái phiếu khi phê duyệt.")
    verified: bool
    late: bool
    submitted_on: dt.date | None
    reason_code: str = Field(description="not_submitted | late | excluded; rỗng: được xét.")
    reason: str
    total: TotalPoints | None = Field(description="Tổng điểm; null: không có điểm.")
    sections: list[UnitSectionOut]
    history: list[HistoryYear] = Field(description="Mọi năm đã công bố, cũ trước.")


class DraftResults(Schema):
    campaign: CampaignRef
    province: ProvinceRef
    version: int = Field(description="Phiên bản đợt: gửi lại khi công bố hoặc đính chính.")
    provisional: bool = Field(description="true: còn phiếu chưa thẩm định xong (tạm tính).")
    previous_year: int | None
    published: list[VersionOut] = Field(description="Các phiên bản đã công bố của đợt.")
    tables: list[RankingTable]


class PublishIn(VersionIn):
    """The decision the leader signed: all three required (as on the dashboard); a missing or
    wrong one is a 422 naming the field, with every field's message in ``details``."""

    decision_number: str = Field("", description="Số quyết định công bố, ví dụ 47/QĐ-UBND.")
    decision_date: str = Field(
        "", description="Ngày ký quyết định: 2020-01-10 hoặc 10/01/2020; không sau hôm nay."
    )
    decision_signer: str = Field("", description="Họ tên, chức vụ người ký quyết định.")


class CorrectIn(VersionIn):
    decision: str = Field("", max_length=200, description="Số, ngày quyết định đính chính.")
    reason: str = Field(..., min_length=1, max_length=4000, description="Lý do đính chính.")


def _address(snapshot: Snapshot, suffix: str = "") -> str:
    campaign = snapshot.campaign
    return f"/api/v1/results/{campaign.province.code}/{campaign.year}{suffix}"


class PublishedVersion(VersionOut):
    results: str = Field(description="Địa chỉ API của kết quả đã công bố.")

    @staticmethod
    def resolve_results(snapshot: Snapshot) -> str:
        return _address(snapshot)


def public_get(path: str, out: Any, summary: str) -> Any:
    """A GET anyone may call, without login (a token or a session is still recognised)."""
    return router.get(
        path,
        response=responses(out, PUBLIC_ERRORS),
        summary=summary,
        auth=PUBLIC,
        openapi_extra=PUBLIC_SECURITY,
    )


def _published(snapshot: Snapshot) -> dict[str, Any]:
    campaign = snapshot.campaign
    latest = snapshot_latest(campaign)
    return {
        "province": campaign.province,
        "year": campaign.year,
        "campaign": campaign.name,
        "snapshot": snapshot,
        "latest_version": latest.version if latest is not None else snapshot.version,
        "previous_year": previous_year(snapshot.data),
    }


@public_get("/results", YearList, "Các năm đã công bố kết quả")
def results_list(
    request: HttpRequest, filters: Query[YearFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """Công khai: mỗi tỉnh, mỗi năm đã công bố, phiên bản mới nhất và mọi phiên bản."""

    def year(campaign: Campaign) -> dict[str, Any]:
        versions = list(campaign.snapshots.all())
        latest = versions[-1]
        return {
            "province": campaign.province,
            "year": campaign.year,
            "campaign": campaign.name,
            "version": latest.version,
            "sha256": latest.sha256,
            "published_at": latest.published_at,
            "decision": latest.decision,
            "versions": versions,
            "results": _address(latest),
        }

    return page(published_years(filters.province, filters.year), paging, year)


@public_get(
    "/results/{province}/{year}",
    ResultYear,
    "Kết quả đã công bố của một năm: các bảng xếp hạng và số đơn vị theo mức",
)
def results_year(
    request: HttpRequest,
    seen: Query[VersionParam],
    province: ProvinceCode,
    year: Year,
) -> dict[str, Any]:
    """Công khai. Trước khi công bố: 404."""
    snapshot = snapshot_get_published(province, year, seen.version)
    results = results_of(snapshot.data)
    pinned = f"?version={seen.version}" if seen.version else ""
    pinned_path = f"/v{seen.version}" if seen.version else ""
    public = f"/public/{province}/{year}{pinned_path}/results"
    return {
        **_published(snapshot),
        "versions": snapshot.campaign.snapshots.select_related("published_by").order_by("version"),
        "tables": [
            {
                **table_out(t, results.previous_year),
                "ranking": _address(
                    snapshot, f"/rankings/{t.cohort.level}/{t.section.code}{pinned}"
                ),
            }
            for t in portal.sections_overview(results)
        ],
        "open_data": {"json_url": f"{public}.json", "csv_url": f"{public}.csv"},
    }


@public_get(
    "/results/{province}/{year}/rankings/{level}/{section}",
    PublishedRanking,
    "Bảng xếp hạng đã công bố của một cấp đơn vị và một mục",
)
def results_ranking(
    request: HttpRequest,
    params: Query[RankingParams],
    province: ProvinceCode,
    year: Year,
    level: LevelParam,
    section: SectionCode,
) -> dict[str, Any]:
    """Công khai: đơn vị theo hạng (điểm, mức, thay đổi so với năm trước và cách tính), rồi đơn
    vị không xếp hạng kèm lý do."""
    snapshot = snapshot_get_published(province, year, params.version)
    results = results_of(snapshot.data)
    cohort = portal.cohort_of(results, level)
    frame = portal.section_of(cohort, section)
    table = next(
        t
        for t in portal.sections_overview(results)
        if t.cohort.level == level and t.section.code == frame.code
    )
    return {
        **_published(snapshot),
        **ranking_table(results, table, params.district),
        "district": params.district,
    }


@public_get(
    "/results/{province}/{year}/units/{code}",
    UnitResult,
    "Kết quả đã công bố của một đơn vị và các năm trước",
)
def results_unit(
    request: HttpRequest,
    seen: Query[VersionParam],
    province: ProvinceCode,
    year: Year,
    code: UnitCode,
) -> dict[str, Any]:
    """Công khai: điểm, mức, hạng từng mục, điểm từng nhóm, thay đổi so với năm trước, điểm
    mạnh, điểm yếu, điều kiện lên mức, và mọi năm đã công bố."""
    snapshot = snapshot_get_published(province, year, seen.version)
    results = results_of(snapshot.data)
    cohort, unit = portal.unit_of(results, code)
    stories = unit_story(results, cohort, unit)
    return {
        **_published(snapshot),
        **unit.write(),
        "level": cohort.level,
        "level_label": cohort.level_label,
        "framework": None if cohort.framework is None else cohort.framework.write(),
        "sections": unit_sections(results, cohort, unit, stories),
        "history": history_out(unit_history(snapshot, code)),
    }


@router.get(
    "/campaigns/{campaign_id}/results",
    response=responses(DraftResults, READ_ERRORS),
    summary="Kết quả dự thảo của một đợt (Sở), tính từ số liệu thẩm định hiện tại",
)
def results_draft(request: HttpRequest, campaign_id: Id) -> dict[str, Any]:
    """Như bảng điều khiển kết quả: người của đơn vị 403, tỉnh khác 404."""
    campaign = campaign_get_for_results(request.user, campaign_id, Action.RESULTS_VIEW_DRAFT)
    results = results_of(campaign_figures(campaign))
    return {
        "campaign": campaign,
        "province": campaign.province,
        "version": campaign.version,
        "provisional": results.provisional,
        "previous_year": results.previous_year,
        "published": campaign.snapshots.select_related("published_by").order_by("version"),
        "tables": [ranking_table(results, t) for t in portal.sections_overview(results)],
    }


class PublicationStatus(Schema):
    """A large campaign's publication or correction run in the background (``publish_jobs``)."""

    kind: Literal["publish", "correct"] = Field(
        description="publish: công bố; correct: đính chính."
    )
    state: Literal["running", "done", "failed"] = Field(
        description="running: đang chạy; done: đã công bố; failed: bị từ chối, lỗi hoặc gián đoạn."
    )
    stage: str = Field(description="Bước đang làm, bằng lời.")
    percent: int = Field(ge=0, le=100, description="Tiến độ; 100 khi xong.")
    units_done: int
    total: int = Field(description="Số đơn vị (phiếu) của đợt.")
    seconds: int = Field(description="Số giây từ khi bắt đầu.")
    error: str = Field(description="Khi failed: lý do; không có gì được công bố.")
    version: int | None = Field(description="Khi done: phiên bản đã công bố.")
    sha256: str | None = Field(description="Khi done: mã kiểm tra của phiên bản.")
    results: str | None = Field(description="Khi done: địa chỉ API của kết quả đã công bố.")


def _status(campaign: Campaign, job: publish_jobs.Publishing) -> dict[str, Any]:
    done = bool(job.version)
    return {
        "kind": job.kind,
        "state": "done" if done else ("failed" if job.error else "running"),
        "stage": job.stage,
        "percent": 100 if done else job.percent,
        "units_done": job.units_done,
        "total": job.total,
        "seconds": job.seconds,
        "error": job.error,
        "version": job.version or None,
        "sha256": job.sha256 or None,
        "results": f"/api/v1/results/{campaign.province.code}/{campaign.year}" if done else None,
    }


def _status_address(campaign_id: int) -> str:
    return f"/api/v1/campaigns/{campaign_id}/results/publication"


def _publication(
    request: HttpRequest,
    response: HttpResponse,
    campaign_id: int,
    service: Any,
    payload: VersionIn,
    kind: str,
) -> Status:
    """Run a publication service as the dashboard's buttons do, with the version the caller
    saw; a blank correction reason is the caller's bad input (422 on ``reason``). From the
    background threshold the service runs as the dashboard's job does: 202 with the status
    resource in ``Location``, once every refusal the service would answer at once was asked."""
    campaign = campaign_get_for_results(request.user, campaign_id, Action.RESULTS_VIEW_DRAFT)
    given = payload.model_dump()
    given["expected_version"] = given.pop("version")
    with campaign_version_checked(campaign_id):
        try:
            units = campaign.forms.count()
            if draft_jobs.in_background(units):
                return _started(request, response, campaign, units, service, given, kind)
            snapshot = service(actor=request.user, campaign=campaign, **given)
        except ValidationError as error:
            # The decision's fields, each with its message; anything else (a blank correction
            # reason on ``reason``) is answered as every refusal is.
            fields: dict[str, str] = {}
            if hasattr(error, "error_dict"):
                fields = {name: " ".join(found) for name, found in error.message_dict.items()}
            field = next((n for n in publication.DECISION_FIELDS if n in fields), None)
            if field is None:
                raise
            raise ApiError(
                422, "invalid", fields[field], field=field, details={"fields": fields}
            ) from None
    return Status(201, snapshot)


def _started(
    request: HttpRequest,
    response: HttpResponse,
    campaign: Campaign,
    units: int,
    service: Any,
    given: dict[str, Any],
    kind: str,
) -> Status:
    """Start the job (or answer the one under way) after the service's own checks, asked now
    without computing anything; 202 with the status resource in ``Location``."""
    publication.results_check(
        actor=request.user, campaign=campaign, correction=kind == publish_jobs.CORRECT, **given
    )
    ended = publish_jobs.current(campaign.pk)
    if ended is not None and not ended.running:
        publish_jobs.shown(campaign.pk)  # an end the caller has not asked for: a new job now
    job = publish_jobs.start(
        campaign.pk,
        units,
        publish_jobs.service_job(service, request.user, campaign, given),
        views_documents.store_public_files,
        kind=kind,
    )
    response["Location"] = _status_address(campaign.pk)
    return Status(202, _status(campaign, job))


def _writes(summary: str) -> dict[str, Any]:
    return {
        "response": {
            **responses(PublishedVersion, WRITE_ERRORS, status=201),
            202: PublicationStatus,
        },
        "summary": summary,
    }


@router.post(
    "/campaigns/{campaign_id}/results/publish",
    **_writes("Công bố kết quả đã phê duyệt (phiên bản 1, đóng băng kèm mã kiểm tra)"),
)
def results_publish(
    request: HttpRequest, response: HttpResponse, campaign_id: Id, payload: PublishIn
) -> Status:
    """Lãnh đạo phê duyệt; `version` là phiên bản đợt đã thấy (đợt đã đổi: 409 stale). Đợt lớn
    (từ ngưỡng chạy nền): 202, `Location` là trạng thái việc công bố."""
    return _publication(
        request, response, campaign_id, publication.results_publish, payload, publish_jobs.PUBLISH
    )


@router.post(
    "/campaigns/{campaign_id}/results/corrections",
    **_writes("Đính chính kết quả đã công bố: phiên bản mới, có lý do"),
)
def results_correct(
    request: HttpRequest, response: HttpResponse, campaign_id: Id, payload: CorrectIn
) -> Status:
    """Sau khi mở lại, thẩm định lại và phê duyệt lại; số liệu phải khác phiên bản trước. Đợt
    lớn: 202 như khi công bố."""
    return _publication(
        request, response, campaign_id, publication.results_correct, payload, publish_jobs.CORRECT
    )


@router.get(
    "/campaigns/{campaign_id}/results/publication",
    response=responses(PublicationStatus, READ_ERRORS),
    summary="Trạng thái việc công bố hoặc đính chính chạy nền của một đợt lớn",
)
def results_publication(request: HttpRequest, campaign_id: Id) -> dict[str, Any]:
    """Như kết quả dự thảo: người của đơn vị 403, tỉnh khác 404; đợt chưa có việc chạy nền:
    404. Đọc lúc nào cũng được (đang chạy, xong, lỗi) cho đến khi việc sau thay nó."""
    campaign = campaign_get_for_results(request.user, campaign_id, Action.RESULTS_VIEW_DRAFT)
    job = publish_jobs.latest(campaign.pk)
    if job is None:
        raise ApiError(404, "not_found", NO_JOB)
    return _status(campaign, job)
