"""Benchmark: the autosave side by side with a bare Django view on the same stack.

``python -m chiso.bench autosave [--saves 200]`` (``make bench`` runs it after the scoring).

In one process, on a fresh test database of the one configured (SQLite by default, PostgreSQL
via DATABASE_URL; ``CHISO_TEST_DB_NAME`` names it), dropped at the end: Đắk Nông's units (2019),
a reporter of Đắk R'Lấp, Đắk Nông's 2019 campaign opened through the services. Then, through
Django's test client (every middleware: sessions, authentication, CSRF, the audit address...),
in alternating rounds: autosaves of one criterion, each sending the version the previous one
returned, and posts to a bare view behind the same login (``login_required``, a small JSON
answer, no query of its own). Prints both rates, the ratio (target ≥ 50 %), and the queries of
one autosave.
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import time
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

TARGET_RATIO = 0.5
ROUNDS = 5
BARE_URL = "/bench/bare/"
CRITERION = "SS.HT.1"  # a ratio: two numbers, the most common shape


@login_required
@require_POST
def bare(request: HttpRequest) -> JsonResponse:
    """What any logged-in POST costs on this stack: session, user, middleware, JSON."""
    return JsonResponse({"ok": True, "value": request.POST.get("numerator", "")})


def _urlpatterns() -> list[Any]:
    from chiso.urls import urlpatterns as chiso_urls

    return [path(BARE_URL.strip("/") + "/", bare), *chiso_urls]


def __getattr__(name: str) -> Any:  # this module is the ROOT_URLCONF while measuring
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def _prepare() -> tuple[Any, int]:
    """The reporter and the form of Đắk R'Lấp in an opened 2019 campaign."""
    import datetime as dt

    from chiso.accounts.models import Role
    from chiso.accounts.services import role_grant, user_create
    from chiso.campaigns.services import campaign_create, campaign_open
    from chiso.units.models import Unit
    from chiso.units.services import units_import

    units_import(era="2019", province="67")
    province = Unit.objects.get(era="2019", code="67")
    people = {}
    for name, role, unit in (
        ("bench.admin", Role.PROVINCE_ADMIN, province),
        ("bench.reporter", Role.REPORTER, Unit.objects.get(era="2019", code="666")),
    ):
        user, _ = user_create(
            actor=None,
            username=name,
            full_name=name,
            email=f"{name}@example.vn",
            password=secrets.token_urlsafe(16),
        )
        role_grant(actor=None, user=user, role=role, unit=unit)
        people[name] = user
    campaign = campaign_create(
        actor=people["bench.admin"],
        province=province,
        year=2019,
        name="Đánh giá năm 2019",
        request_date=dt.date(2019, 10, 1),
        deadline_working_days=15,
        frameworks={"district": "vn-2392-huyen", "commune": "vn-2392-xa"},
    )
    campaign_open(actor=people["bench.admin"], campaign=campaign)
    form = campaign.forms.get(unit__code="666")
    return people["bench.reporter"], form.pk


def measure(saves: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    reporter, form_pk = _prepare()
    client = Client()
    client.force_login(reporter)
    url = f"/forms/{form_pk}/answers/{CRITERION}/"
    version = ""
    n = 0

    def autosave() -> None:
        nonlocal version, n
        n += 1
        data = {"numerator": str(40 + n % 10), "denominator": "50", "version": version}
        response = client.post(url, data, HTTP_ACCEPT="application/json")
        if response.status_code != 200:
            raise RuntimeError(f"autosave {response.status_code}: {response.content[:300]!r}")
        version = str(response.json()["version"])

    def post_bare() -> None:
        response = client.post(BARE_URL, {"numerator": "40", "denominator": "50"})
        if response.status_code != 200:
            raise RuntimeError(f"bare view {response.status_code}")

    for warm in (autosave, post_bare):  # templates, frameworks, connections
        for _ in range(5):
            warm()
    statements: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        autosave()
    per_round = max(1, saves // ROUNDS)
    # Wall time, and this process's CPU time: on a loaded machine the wall clock also counts
    # the wait for a core; on SQLite the database works in this process, so CPU is the cost.
    wall: dict[str, list[float]] = {"autosave": [], "bare": []}
    cpu: dict[str, list[float]] = {"autosave": [], "bare": []}
    for _ in range(ROUNDS):  # alternating: the shared machine's load falls on both alike
        for name, action in (("autosave", autosave), ("bare", post_bare)):
            started, started_cpu = time.perf_counter(), time.process_time()
            for _ in range(per_round):
                action()
            wall[name].append((time.perf_counter() - started) / per_round)
            cpu[name].append((time.process_time() - started_cpu) / per_round)
    figures: dict[str, Any] = {
        "database": connection.vendor,
        "requests_each": per_round * ROUNDS,
        "autosave_queries": len(statements),
        "autosave_sql": statements,
    }
    for clock, measured in (("wall", wall), ("cpu", cpu)):
        autosave_s = statistics.median(measured["autosave"])
        bare_s = statistics.median(measured["bare"])
        figures[clock] = {
            "autosave_ms": round(autosave_s * 1000, 2),
            "bare_view_ms": round(bare_s * 1000, 2),
            "autosave_per_s": round(1 / autosave_s, 1),
            "bare_view_per_s": round(1 / bare_s, 1),
            "ratio": round(bare_s / autosave_s, 3),
        }
    return figures


def main(argv: list[str]) -> dict[str, Any]:
    saves = int(argv[argv.index("--saves") + 1]) if "--saves" in argv else 200
    show_sql = "--sql" in argv
    from chiso.bench_results import _setup_django

    _setup_django()
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(ROOT_URLCONF=__name__):
            figures = measure(saves)
    finally:
        connection.creation.destroy_test_db(original, verbosity=0, keepdb=False)
    print(
        f"Tự động lưu ({figures['database']}, {figures['requests_each']} lần mỗi bên,"
        f" {figures['autosave_queries']} truy vấn, tải máy {os.getloadavg()[0]:.1f}),"
        " so với một view Django trống sau cùng lớp đăng nhập:"
    )
    if show_sql:  # --sql: the statements of one autosave, one a line
        for number, sql in enumerate(figures["autosave_sql"], 1):
            print(f"  {number:2}. {sql}")
    for clock, label in (("wall", "thời gian thực"), ("cpu", "CPU tiến trình")):
        f = figures[clock]
        print(
            f"  {label:<15} tự động lưu {f['autosave_ms']:7.2f} ms = {f['autosave_per_s']:6.0f}/s;"
            f" view trống {f['bare_view_ms']:7.2f} ms = {f['bare_view_per_s']:6.0f}/s;"
            f" tỉ lệ {f['ratio']:.0%} (mục tiêu ≥ {TARGET_RATIO:.0%})"
        )
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
