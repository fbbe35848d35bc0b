"""Open data: a province's published results and frameworks of a year as JSON and CSV.

Stable URLs: ``/public/<province>/<year>/results.json`` (and ``.csv``, the latest version;
``/public/<province>/<year>/v<n>/results.json`` an earlier one) and ``…/framework.json``/``.csv``.
Every export carries the snapshot's version and SHA-256 checksum. CSV is UTF-8 with a byte-order
mark (Excel opens Vietnamese correctly), numbers with a decimal point, and any text cell that a
spreadsheet would run as a formula (= + - @, tab, CR first) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from chiso.results import parts
from chiso.results.access import snapshot_get_published
from chiso.results.bundle import snapshot_meta
from chiso.results.figures_cache import results_of, with_figures
from chiso.results.methodology import campaign_methods
from chiso.results.models import Snapshot
from chiso.results.typed import Section, Unit, UnitSection
from chiso.scoring.report import framework_dict

CHECKSUM_NOTE = (
    "sha256 của biểu diễn JSON chuẩn của 'figures': khóa sắp xếp, không khoảng trắng, UTF-8 "
    "(json.dumps(figures, ensure_ascii=False, sort_keys=True, separators=(',', ':')))"
)
RESULT_COLUMNS = (
    "Năm", "Tỉnh", "Cấp", "Mã đơn vị", "Tên đơn vị", "Huyện", "Mục", "Tên mục", "Điểm",
    "Điểm (chính xác)", "Điểm tối đa", "Mức", "Hạng", "Lý do không xếp hạng", "Điểm năm trước",
    "Thay đổi", "Hạng năm trước", "Mức năm trước", "Cách tính số năm trước", "Phiên bản",
    "Mã kiểm tra SHA-256",
)  # fmt: skip
FRAMEWORK_COLUMNS = (
    "Cấp", "Bộ tiêu chí", "Phiên bản", "Mục", "Nhóm", "Mã", "Tên", "Điểm tối đa", "Cách chấm",
    "Căn cứ", "Nguồn gốc",
)  # fmt: skip
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def safe_cell(value: object) -> str:
    """The cell as text, neutralised when a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA) and not _NUMBER.match(text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[object]], header: Iterable[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def _csv(text: str, name: str) -> HttpResponse:
    return _named(HttpResponse(text, content_type="text/csv; charset=utf-8"), name)


def csv_response(
    rows: Iterable[Iterable[object]], header: Iterable[str], name: str
) -> HttpResponse:
    return _csv(csv_text(rows, header), name)


def _named(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _filename(snapshot: Snapshot, what: str, ext: str) -> str:
    campaign = snapshot.campaign
    return f"chiso-{campaign.province.code}-{campaign.year}-v{snapshot.version}-{what}.{ext}"


def result_rows(snapshot: Snapshot) -> list[list[Any]]:
    """One row per unit and section (``RESULT_COLUMNS``), read from the typed results."""
    results = results_of(snapshot.data)
    campaign = results.campaign
    year = None if campaign is None else campaign.year
    province = None if campaign is None or campaign.province is None else campaign.province.name
    rows = []
    for cohort in results.cohorts:
        for unit in cohort.units:
            district = "" if unit.district is None else unit.district.name
            for frame in cohort.sections:
                rows.append(
                    [year, province, cohort.level_label, unit.unit, unit.name, district]
                    + _section_cells(frame, unit, unit.section(frame.code))
                    + [snapshot.version, snapshot.sha256]
                )
    return rows


def _section_cells(frame: Section, unit: Unit, mine: UnitSection | None) -> list[Any]:
    """The cells of one unit in one section: its figure, then last year's (blank if none)."""
    before = None if mine is None else mine.previous
    figure: list[Any]
    if mine is None:
        figure = [frame.code, frame.name, None, None, frame.max_points, None, None, unit.reason]
    else:
        figure = [frame.code, frame.name, mine.points, mine.points_exact, frame.max_points]
        figure += [mine.level, mine.rank, mine.reason or unit.reason]
    if before is None:
        return figure + [None] * 5
    last: list[Any] = [
        before.points_exact,
        before.change,
        before.rank,
        before.level,
        before.derivation,
    ]
    return figure + last


@require_safe
def results_json(
    request: HttpRequest, province: str, year: int, version: int | None = None
) -> HttpResponse:
    """The snapshot's figures with its live description (``snapshot_meta``: who published it,
    read now). The figures' JSON text is made once and stored (``parts``, signed) when the
    snapshot is intact; the next requests, in any worker, put the live description around the
    stored text without decoding the snapshot (issue 17): the same bytes as one ``JsonResponse``
    of the whole body."""
    snapshot = snapshot_get_published(province, year, version, figures=False)
    part = parts.file_name("ket-qua.json")
    kept = parts.read(snapshot, part)
    if kept is None:
        with_figures(snapshot)
        kept = {"figures": _json(snapshot.data)}
        if snapshot.intact:
            parts.keep(snapshot, part, kept)
    else:
        # A part as signed is kept only from figures that hashed to the checksum: what is sent
        # is intact, whatever has happened to the stored snapshot since.
        snapshot.checked_intact = True
    # Keys sorted, as in the checksum: the same bytes whichever engine keeps the snapshot
    # (PostgreSQL's jsonb does not keep the order the figures were written in).
    text = (
        f'{{"checksum": {_json(CHECKSUM_NOTE)}, "figures": {kept["figures"]}, '
        f'"snapshot": {_json(snapshot_meta(snapshot))}}}'
    )
    response = HttpResponse(text, content_type="application/json")
    return _named(response, _filename(snapshot, "ket-qua", "json"))


def _json(value: object) -> str:
    """As ``JsonResponse`` writes it (Django's encoder, keys sorted, Vietnamese as is)."""
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)


@require_safe
def results_csv(
    request: HttpRequest, province: str, year: int, version: int | None = None
) -> HttpResponse:
    """Every unit's result, one row per section: made from the figures once and stored
    (``parts``, signed) when the snapshot is intact; the next requests, in any worker, send the
    stored text without decoding the snapshot (issue 17). A changed part is not used."""
    snapshot = snapshot_get_published(province, year, version, figures=False)
    part = parts.file_name("ket-qua.csv")
    kept = parts.read(snapshot, part)
    if kept is None:
        with_figures(snapshot)
        kept = {"text": csv_text(result_rows(snapshot), RESULT_COLUMNS)}
        if snapshot.intact:
            parts.keep(snapshot, part, kept)
    return _csv(kept["text"], _filename(snapshot, "ket-qua", "csv"))


def _frameworks(snapshot: Snapshot) -> list[dict[str, Any]]:
    # "source" is the frozen copy's temporary path: only the file name means anything.
    return [
        {
            **framework_dict(m.framework),
            "level": m.level,
            "sha256": m.sha256,
            "source": Path(m.framework.source).name,
        }
        for m in campaign_methods(snapshot)
    ]


@require_safe
def framework_json(request: HttpRequest, province: str, year: int) -> HttpResponse:
    snapshot = snapshot_get_published(province, year)
    body = {
        "year": year,
        "province": snapshot.data["campaign"]["province"],
        "snapshot": {"version": snapshot.version, "sha256": snapshot.sha256},
        "frameworks": _frameworks(snapshot),
    }
    text = json.dumps(body, ensure_ascii=False, indent=1)
    response = HttpResponse(text, content_type="application/json")
    return _named(response, _filename(snapshot, "bo-tieu-chi", "json"))


def _criteria(level: str, fw: dict[str, Any]) -> Iterable[list[Any]]:
    def walk(items: list[dict[str, Any]], section: str, group: str) -> Iterable[list[Any]]:
        for c in items:
            yield [level, fw["code"], fw["version"], section, group, c["code"], c["name"],
                   c["max_points"], c["rule_text"], c["legal_basis"], c["provenance"]]  # fmt: skip
            yield from walk(c.get("criteria", []), section, group)

    for section in fw["sections"]:
        for group in section["groups"]:
            yield from walk(group["criteria"], section["code"], group["code"])


@require_safe
def framework_csv(request: HttpRequest, province: str, year: int) -> HttpResponse:
    snapshot = snapshot_get_published(province, year)
    rows = [row for fw in _frameworks(snapshot) for row in _criteria(fw["level"], fw)]
    return csv_response(rows, FRAMEWORK_COLUMNS, _filename(snapshot, "bo-tieu-chi", "csv"))
