"""Benchmark: a campaign's results at national scale (``python -m chiso.bench results``).

For each N: a two-tier province (2025 structure) of N communes, one commune campaign, every form
answered (demo answers of varied strength), appraised (the appraisers' points, every other value
accepted), verified and approved; then the time of what people do with the results: the draft
figures (dashboard), publish, the approval page, the public ranking, a unit's page, the ranking
.xlsx, the decision .docx and one unit's PDF, then a fresh worker's first PDF and first workbook.
A public worker is one as gunicorn starts it: WeasyPrint is set up before its first request
(``gunicorn.conf.py``'s ``post_worker_init``, ``unit_report.warm_up``), so the bench does that
too before the public requests and prints its time apart (``pdf_warm_up``); ``unit_pdf`` and
``unit_pdf_first`` are then the PDFs of such a worker, not of a process setting WeasyPrint up in
the request (~0.5 s more, which a server started without the hook would still pay once per
worker). "Fresh" means the process's decoded figures cleared, not a new process.
Runs on a fresh test database of the one configured (SQLite by default, PostgreSQL via
DATABASE_URL; ``CHISO_TEST_DB_NAME`` names it), dropped at the end. Prints one JSON object per
figure as its last lines, and the growth exponent of each figure from the smallest to the largest
N (seconds ∝ N^k).

``--era 2019`` builds the pre-2025 structure instead: a province of districts (one per 15
communes) and their communes, a 2024 campaign (``--units 10600`` is the country before the
reform). The sizes may also come from ``CHISO_BENCH_UNITS`` (e.g. ``CHISO_BENCH_UNITS=300`` for
a quick run). Each figure is printed with its target at 3,321 units (issue 17) and its ratio to
the same figure at the smallest size of the run (the baseline measured in the same run); the
growth of public pages' memory is measured from the process's resident set.

Set-up goes through the real services where they are per campaign (campaign, opening, approval);
units are bulk-created, answers and verifications inserted in the rows the services write
(``_insert``), the forms' state set in one UPDATE (set-up data, not the measured path).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import os
import random
import secrets
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

FRAMEWORK = "vn-2392-xa"
YEAR = 2026
YEAR_2019 = 2024  # a campaign in the pre-2025 structure (units valid on 31/12/2024)
PROVINCE = "99"
SIZES = (300, 1000, 3321)
COMMUNES_PER_DISTRICT = 15
# Targets of one campaign of 3,321 units (seconds; MiB for the memory of a public worker).
TARGETS = {
    "publish": 10.0,
    "publish_request": 1.0,  # the request that starts a background publication
    "draft_figures": 1.0,
    "draft_figures_again": 1.0,
    "draft_ready": 10.0,  # the background computation: publishing's own
    "approval_ready": 10.0,
    "approval_page": 1.0,
    "approval_page_again": 1.0,
    "public_ranking": 0.2,
    "public_ranking_again": 0.2,
    "unit_page": 0.2,
    "unit_pdf": 1.0,
    "unit_pdf_first": 1.0,
    "decision_docx": 5.0,
    "ranking_xlsx": 3.0,
    "ranking_xlsx_first": 3.0,
    "public_memory_mib": 250.0,
}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")
    # A throwaway key for this process only: DEBUG stays off (it would keep every query).
    os.environ.setdefault("CHISO_SECRET_KEY", secrets.token_urlsafe(32))
    import django
    from django.conf import settings
    from django.test import override_settings

    django.setup()
    # Pages render without a collectstatic run, as under the tests.
    storages = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    override_settings(STORAGES=storages).enable()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)


def _targets(framework: Any, rng: random.Random) -> dict[str, Fraction]:
    """Group points between 30 % and 98 % of the maximum: some units reach a level, some not."""
    targets = {}
    for section in framework.sections:
        overall = rng.uniform(0.3, 0.95)
        for group in section.groups:
            share = min(max(overall + rng.uniform(-0.1, 0.1), 0.05), 0.98)
            targets[group.code] = Fraction(round(share * float(group.max_points) * 100), 100)
    return targets


def _insert(model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """INSERT ``rows`` (values of the fields ``columns``, by attname; every other field its
    default, an ``auto_now`` one the time now) as ``bulk_create`` writes them, without a model
    instance per row: 3,321 units are ~150,000 answers and decisions, and making instances of
    them and compiling their INSERTs took more CPU than the rest of the set-up together. Each
    value goes through its field's ``get_db_prep_save``, as in ``bulk_create``."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    given = {f.attname: f for f in fields if f.attname in columns}
    if len(given) != len(columns):
        raise ValueError(f"{model.__name__}: không có trường {set(columns) - set(given)}")
    rest = [f for f in fields if f.attname not in given]
    fixed = []
    for field in rest:
        automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        value = now if automatic else field.get_default()
        fixed.append(field.get_db_prep_save(value, connection))
    prepared = [given[c] for c in columns]
    # The model's own table and columns, quoted; the values are parameters.
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in (*prepared, *rest))
    marks = ", ".join(["%s"] * (len(prepared) + len(rest)))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(
                sql,
                [
                    (
                        *(
                            f.get_db_prep_save(v, connection)
                            for f, v in zip(prepared, row, strict=True)
                        ),
                        *fixed,
                    )
                    for row in rows[start : start + 2000]
                ],
            )


def build_cohort(
    n: int, *, seed: int = 2392, province_code: str = PROVINCE, era: str = "2025"
) -> Any:
    """An approved commune campaign of ``n`` communes; returns (campaign, approver).

    ``era`` "2019": the communes sit in districts of ``COMMUNES_PER_DISTRICT``, the campaign is
    of ``YEAR_2019``."""
    from django.db import transaction

    from chiso.accounts.models import Role
    from chiso.accounts.services import role_grant, user_create
    from chiso.appraisal import approval
    from chiso.appraisal.models import Reason, Verification, VerificationState
    from chiso.campaigns.models import Answer, FormStatus
    from chiso.campaigns.services import campaign_create, campaign_open, form_framework
    from chiso.demo.answers import unit_answers
    from chiso.scoring import exact_text
    from chiso.scoring.model import InputKind
    from chiso.units.models import Kind, Level, Unit
    from chiso.units_data import fold

    rng = random.Random(seed)  # noqa: S311 - seeded synthetic data, not security
    year = YEAR if era == "2025" else YEAR_2019
    with transaction.atomic():
        province = Unit.objects.create(
            era=era,
            code=province_code,
            name="Tỉnh Thử Quy Mô",
            kind=Kind.TINH,
            level=Level.PROVINCE,
            province_code=province_code,
            search_name=fold("Tỉnh Thử Quy Mô"),
        )
        parents = [province]
        if era != "2025":
            districts = (n + COMMUNES_PER_DISTRICT - 1) // COMMUNES_PER_DISTRICT
            parents = Unit.objects.bulk_create(
                [
                    Unit(
                        era=era,
                        code=f"{province_code}{i:03d}",
                        name=f"Huyện Thử {i}",
                        kind=Kind.HUYEN,
                        level=Level.DISTRICT,
                        parent=province,
                        province_code=province_code,
                        search_name=fold(f"Huyện Thử {i}"),
                    )
                    for i in range(1, districts + 1)
                ],
                batch_size=1000,
            )
        Unit.objects.bulk_create(
            [
                Unit(
                    era=era,
                    code=f"{province_code}{i:05d}",
                    name=f"{'Phường' if i % 5 == 0 else 'Xã'} Thử {i}",
                    kind=Kind.PHUONG if i % 5 == 0 else Kind.XA,
                    level=Level.COMMUNE,
                    parent=parents[(i - 1) // COMMUNES_PER_DISTRICT if era != "2025" else 0],
                    province_code=province_code,
                    search_name=fold(f"{'Phường' if i % 5 == 0 else 'Xã'} Thử {i}"),
                )
                for i in range(1, n + 1)
            ],
            batch_size=1000,
        )
        people = {}
        for role in (Role.PROVINCE_ADMIN, Role.APPRAISER, Role.APPROVER):
            person, _ = user_create(
                actor=None,
                username=f"quymo.{role}",
                full_name=f"Thử quy mô {role}",
                email=f"quymo.{role}@example.vn",
                password="Thu-quy-mo-2026!",  # noqa: S106 - throwaway benchmark account
            )
            role_grant(actor=None, user=person, role=role, unit=province)
            people[role] = person
        campaign = campaign_create(
            actor=people[Role.PROVINCE_ADMIN],
            province=province,
            year=year,
            name=f"Đánh giá mức độ Chính quyền số cấp xã năm {year} (thử quy mô)",
            request_date=dt.date(year, 10, 1),
            deadline_fixed=dt.date(year, 12, 31),
            frameworks={Level.COMMUNE: FRAMEWORK},
        )
        campaign_open(actor=people[Role.PROVINCE_ADMIN], campaign=campaign)
    forms = list(campaign.forms.select_related("unit", "framework").order_by("unit__code"))
    framework = form_framework(forms[0])
    leaves = [c for c in framework.leaves() if c.input is not None]
    on = dt.datetime(year, 11, 2, 2, 0, tzinfo=dt.UTC)  # 9:00 in Vietnam
    appraiser = people[Role.APPRAISER]
    # (form, criterion, value) of the answers; (form, criterion, state, value, reason_code,
    # changed_by) of the appraisers' decisions: their other fields are the models' defaults.
    answers: list[tuple[Any, ...]] = []
    decisions: list[tuple[Any, ...]] = []
    for form in forms:
        given = unit_answers(
            framework,
            _targets(framework, rng),
            seed=f"{year}-{form.unit.code}",
            year=year,
            issuer=form.unit.name,
            level=form.unit.level,
        )
        for item in leaves:
            value = given.get(item.code)
            if item.input is not None and item.input.kind == InputKind.POINTS:
                points = value if value is not None else "0"
                decisions.append(
                    (
                        form.pk,
                        item.code,
                        VerificationState.ADJUSTED,
                        exact_text(Fraction(str(points))),
                        Reason.APPRAISER_POINTS,
                        appraiser.pk,
                    )
                )
                continue
            if value is not None:
                answers.append((form.pk, item.code, value))
            decisions.append(
                (form.pk, item.code, VerificationState.ACCEPTED, None, "", appraiser.pk)
            )
    with transaction.atomic():
        _insert(Answer, ("form_id", "criterion", "value"), answers)
        _insert(
            Verification,
            ("form_id", "criterion", "state", "value", "reason_code", "changed_by_id"),
            decisions,
        )
        # Every form the same state: one UPDATE (a bulk_update of 3,321 forms wrote a CASE per
        # field and form, ~3 s of CPU).
        campaign.forms.update(
            status=FormStatus.VERIFIED,
            submitted_at=on,
            verified_at=on,
            verified_by=appraiser,
            appraiser=appraiser,
        )
    campaign.refresh_from_db()
    campaign = approval.campaign_start_appraisal(actor=appraiser, campaign=campaign)
    campaign = approval.campaign_request_approval(actor=appraiser, campaign=campaign)
    approver = people[Role.APPROVER]
    campaign = approval.campaign_approve(
        actor=approver, campaign=campaign, expected_version=campaign.version
    )
    return campaign, approver


CPU: list[float] = []  # the process's CPU seconds of the last ``_timed`` action


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """(wall-clock seconds, result); the CPU seconds of the whole process (a background
    computation's thread too) go to ``CPU``: on a shared machine the wall clock mostly measures
    the wait for a core, which the CPU time does not include."""
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    CPU[:] = [time.process_time() - cpu]
    return time.perf_counter() - started, result


def _get(client: Any, url: str) -> Callable[[], Any]:
    def fetch() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return b"".join(response) if response.streaming else response.content

    return fetch


def _ready(client: Any, url: str) -> Callable[[], Any]:
    """Reload ``url`` (as its page does, every few tenths of a second here) until it no longer
    shows the progress of a background computation."""

    def wait() -> Any:
        while True:
            time.sleep(0.2)
            page = _get(client, url)()
            if b'id="computing"' not in page:
                return page

    return wait


def _published(client: Any, url: str) -> Callable[[], Any]:
    """Reload the publish page ``url`` until it no longer shows the progress of a background
    publication (it then sends the leader to the dashboard)."""

    def wait() -> Any:
        while True:
            time.sleep(0.2)
            response = client.get(url)
            if response.status_code == 302:
                return response
            if b'id="publishing"' not in response.content:
                raise RuntimeError(f"{url}: not published")

    return wait


def measure(n: int, era: str = "2025") -> list[dict[str, Any]]:
    """Build an N-commune cohort on the current database and time each figure."""
    import gc
    import tracemalloc

    from django.test import Client

    from chiso.publish.unit_report import warm_up
    from chiso.results import derived, draft_cache, draft_jobs, figures_cache
    from chiso.results.services import results_publish

    figures: list[dict[str, Any]] = []

    def note(name: str, seconds: float, unit: str = "seconds", cpu: float | None = None) -> None:
        figure = {"figure": name, "units": n, unit: round(seconds, 3)}
        if unit == "seconds":
            cpu = CPU[0] if cpu is None and CPU else cpu
            figure["cpu_seconds"] = round(cpu or 0.0, 3)
        figures.append(figure)
        shown = f"  {name:<22} {seconds:8.3f} {unit[0]}"
        if "cpu_seconds" in figure:
            shown += f"  (CPU {figure['cpu_seconds']:.3f} s)"
        print(shown, file=sys.stderr, flush=True)

    built, (campaign, approver) = _timed(lambda: build_cohort(n, era=era))
    print(f"{n} xã ({era}): dựng dữ liệu {built:.1f} s", file=sys.stderr, flush=True)
    client = Client()
    client.force_login(approver)
    base = f"/results/campaigns/{campaign.pk}/"
    # The first request computes the draft (``draft_cache``), in the background from
    # ``draft_jobs.threshold()`` units (the page then shows its progress and reloads itself:
    # ``draft_ready`` is the time until it shows the figures); the next ones read it.
    approval = f"/campaigns/{campaign.pk}/approval/"
    signed = {
        "decision_number": "1/QĐ-UBND",
        "decision_date": f"{dt.datetime.now(dt.UTC).date():%d/%m/%Y}",
        "decision_signer": "Chủ tịch UBND tỉnh",
        "version": campaign.version,
        "confirm": "1",
    }
    for name, ready, url in (
        ("draft_figures", "draft_ready", base),
        ("approval_page", "approval_ready", approval),
    ):
        seconds, page = _timed(_get(client, url))
        note(name, seconds)
        if b'id="computing"' in page:
            first = CPU[0]
            waited = _timed(_ready(client, url))[0]
            note(ready, seconds + waited, cpu=first + CPU[0])
        note(f"{name}_again", _timed(_get(client, url))[0])
    if draft_jobs.in_background(campaign.forms.count()):
        # The leader's confirmation starts the publication in the background (``publish_jobs``):
        # ``publish_request`` is that request, ``publish`` the time until the page says it is
        # done (its reloads every few tenths of a second here), the ranking files made with it.
        started, response = _timed(lambda: client.post(f"{base}publish/", signed))
        if response.status_code != 302:
            raise RuntimeError(f"publish: HTTP {response.status_code}")
        note("publish_request", started)
        first = CPU[0]
        waited = _timed(_published(client, f"{base}publish/"))[0]
        note("publish", started + waited, cpu=first + CPU[0])
    else:
        note(
            "publish",
            _timed(
                lambda: results_publish(
                    actor=approver,
                    campaign=campaign,
                    decision_number="1/QĐ-UBND",
                    decision_date=dt.datetime.now(dt.UTC).date(),
                    decision_signer="Chủ tịch UBND tỉnh",
                )
            )[0],
        )
    note("decision_docx", _timed(_get(client, f"{base}decision.docx?v=1"))[0])
    section = campaign.forms.first().framework
    from chiso.campaigns.frozen import frozen_framework

    code = frozen_framework(section.framework_code, section.sha256, section.sources).sections[0]
    public = f"/public/{campaign.province.code}/{campaign.year}/"
    unit = campaign.forms.order_by("unit__code").first().unit.code
    # A public worker as gunicorn starts one (gunicorn.conf.py, ``post_worker_init``): WeasyPrint
    # set up before its first request (``pdf_warm_up``, no target: no one waits for it; set up
    # already, it is a repeat here at the second size of a run). Then nothing of this campaign
    # kept yet (the first page decodes the snapshot).
    note("pdf_warm_up", _timed(warm_up)[0])
    draft_cache.clear()
    figures_cache.clear()
    public_client = Client()
    note("public_ranking", _timed(_get(public_client, f"{public}commune/{code.code}/"))[0])
    note("public_ranking_again", _timed(_get(public_client, f"{public}commune/{code.code}/"))[0])
    note("unit_page", _timed(_get(public_client, f"{public}units/{unit}/"))[0])
    note("ranking_xlsx", _timed(_get(public_client, f"{public}ranking.xlsx"))[0])
    note("unit_pdf", _timed(_get(public_client, f"{public}units/{unit}/report.pdf"))[0])
    # Another fresh worker (nothing of the snapshot kept in its process): its first PDF of a unit
    # and its first workbook, after the ones above. WeasyPrint stays set up, as in a worker that
    # gunicorn started (its ``post_worker_init``); the other one-time costs of a new process
    # (imports, templates) are not made again here.
    for name, url in (
        ("unit_pdf_first", f"{public}units/{unit}/report.pdf"),
        ("ranking_xlsx_first", f"{public}ranking.xlsx"),
    ):
        figures_cache.clear()
        derived.clear()
        note(name, _timed(_get(Client(), url))[0])
    # Its memory: the peak of what Python allocates serving the ranking, a unit's page and its
    # PDF from nothing kept (the decoded snapshot stays for the next requests), untimed.
    figures_cache.clear()
    gc.collect()
    tracemalloc.start()
    for url in (
        f"{public}commune/{code.code}/",
        f"{public}units/{unit}/",
        f"{public}units/{unit}/report.pdf",
    ):
        _get(public_client, url)()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    note("public_memory_mib", peak / 1024 / 1024, "mib")
    return figures


def report(figures: list[dict[str, Any]]) -> None:
    """Each figure with its target (at 3,321 units) and its ratio to the baseline: the same
    figure at the smallest size of this run, beside the ratio of the sizes."""
    smallest: dict[str, tuple[int, float]] = {}
    for f in figures:
        value = f.get("seconds", f.get("mib", 0.0))
        if f["figure"] not in smallest or f["units"] < smallest[f["figure"]][0]:
            smallest[f["figure"]] = (f["units"], value)
    for f in figures:
        value = f.get("seconds", f.get("mib", 0.0))
        n0, v0 = smallest[f["figure"]]
        target = TARGETS.get(f["figure"])
        f["target"] = target
        f["meets_target"] = None if target is None or f["units"] != 3321 else value <= target
        f["baseline_units"] = n0
        f["ratio_to_baseline"] = round(value / v0, 2) if v0 else None
        f["units_ratio"] = round(f["units"] / n0, 2)


def _flush() -> None:
    """Empty the test database between sizes (keeps the schema)."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def exponents(figures: list[dict[str, Any]]) -> dict[str, float]:
    """k in seconds ∝ N^k from the smallest to the largest N, per figure."""
    found = {}
    for name in dict.fromkeys(f["figure"] for f in figures if "seconds" in f):
        rows = sorted((f["units"], f["seconds"]) for f in figures if f["figure"] == name)
        (n0, s0), (n1, s1) = rows[0], rows[-1]
        if n1 > n0 and s0 > 0 and s1 > 0:
            found[name] = round(math.log(s1 / s0) / math.log(n1 / n0), 2)
    return found


def main(argv: list[str]) -> None:
    sizes = list(SIZES)
    raw = os.environ.get("CHISO_BENCH_UNITS", "")
    if "--units" in argv:
        raw = argv[argv.index("--units") + 1]
    if raw:
        sizes = [int(x) for x in raw.split(",")]
    era = argv[argv.index("--era") + 1] if "--era" in argv else "2025"
    _setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    print(
        f"{connection.vendor}, tải máy {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}",
        file=sys.stderr,
        flush=True,
    )
    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    figures: list[dict[str, Any]] = []
    try:
        for n in sizes:
            figures += measure(n, era)
            _flush()
    finally:
        connection.creation.destroy_test_db(original, verbosity=0, keepdb=False)
    print(f"tải máy cuối {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
    report(figures)
    for figure in figures:
        print(json.dumps(figure, ensure_ascii=False))
    sizes_run = sorted({f["units"] for f in figures})
    growth: dict[str, Any] = {"growth_exponent": exponents(figures)}
    if len(sizes_run) > 1:
        # The exponent N log N has between the same sizes: the bound on growth.
        n0, n1 = sizes_run[0], sizes_run[-1]
        growth["n_log_n_exponent"] = round(
            math.log(n1 * math.log(n1) / (n0 * math.log(n0))) / math.log(n1 / n0), 2
        )
    print(json.dumps(growth, ensure_ascii=False))
