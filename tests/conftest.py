from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings


def pytest_configure(config: pytest.Config) -> None:
    _share_worlds(config)
    # Hashing with Argon2 costs ~50 ms per password; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No console handler on the root logger in tests. pytest records every log line itself
    # (``caplog``, the "Captured log" of a failed test); the settings' handler keeps the stream
    # it found when logging was configured, which pytest's capture has replaced or closed by the
    # time a test logs: each warning Django logs for a 4xx answer (thousands in the hostile and
    # transition tests) failed to write, and logging printed that error with its stack (a
    # ``stat`` of every file in it), ~20 s of each pass (py-spy, docs/testing.md). Configured
    # again now, so the handler made when Django started goes too; the settings changed, so a
    # command that calls ``django.setup()`` in this process (``chiso.cli_db``) adds none.
    settings.LOGGING = {**settings.LOGGING, "root": {**settings.LOGGING["root"], "handlers": []}}
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    from django.test import TransactionTestCase

    TransactionTestCase._fixture_teardown = _fixture_teardown  # type: ignore[method-assign]


def _share_worlds(config: pytest.Config) -> None:
    """The controller of a pytest-xdist run makes the folder its processes share the worlds in
    (``_SharedWorld``); each process finds it in its ``workerinput``."""
    worker = getattr(config, "workerinput", None)
    if worker is None:
        config.chiso_worlds = tempfile.mkdtemp(prefix="chiso-worlds-")  # type: ignore[attr-defined]
    elif worker.get("chiso_worlds"):
        _cast.shared = Path(worker["chiso_worlds"])


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: a run with ``-p no:xdist`` has none
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist, in the controller: the shared folder goes to each process."""
    node.workerinput["chiso_worlds"] = node.config.chiso_worlds


def pytest_unconfigure(config: pytest.Config) -> None:
    shared = getattr(config, "chiso_worlds", None)
    if shared is not None:
        shutil.rmtree(shared, ignore_errors=True)


# Django's ``flush`` ends each transactional test (live server, browser). On PostgreSQL its one
# TRUNCATE of every table (~45) creates new files for each table and index and syncs them at
# commit: ~0.3 s, and ~0.8 s of a test's tear-down in all, against 0.05 s on SQLite. Most
# tables are empty: the same end is reached by deleting the rows of those that are not, in one
# transaction (Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at its end).
# The content types and permissions are kept: ``flush`` empties them and its post_migrate makes
# the same rows again (the signal is still sent, as ``flush`` sends it). The audit trail refuses
# DELETE on PostgreSQL (a trigger, migration audit 0004); it is truncated, as ``flush`` does.
_KEPT_BY_FLUSH = frozenset({"django_content_type", "auth_permission"})
_TRUNCATED_BY_FLUSH = frozenset({"audit_entry"})


def _flush(using: str = "default") -> None:
    """What ``call_command("flush", interactive=False)`` leaves (module comment above)."""
    from django.core.management import call_command
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connections, transaction

    connection = connections[using]
    if connection.vendor != "postgresql":
        call_command("flush", verbosity=0, interactive=False, database=using)
        return
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    qn = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        probe = " UNION ALL ".join(
            f"(SELECT {number} FROM {qn(table)} LIMIT 1)"  # noqa: S608 - the tables' own names
            for number, table in enumerate(tables)
        )
        cursor.execute(probe)
        held = [tables[number] for (number,) in cursor.fetchall()]
        for table in held:
            if table in _TRUNCATED_BY_FLUSH:
                cursor.execute(f"TRUNCATE {qn(table)}")
            elif table not in _KEPT_BY_FLUSH:
                cursor.execute(f"DELETE FROM {qn(table)}")  # noqa: S608
    emit_post_migrate_signal(0, False, using)


def _fixture_teardown(self: Any) -> None:
    """``TransactionTestCase._fixture_teardown`` with the flush above (pytest-django's
    transactional tests; nothing here sets ``available_apps`` or ``serialized_rollback``)."""
    if self.available_apps is not None or self.serialized_rollback:
        raise RuntimeError("the suite's flush knows no available_apps nor serialized_rollback")
    for name in self._databases_names(include_mirrors=False):
        _flush(name)


@pytest.fixture(autouse=True)
def _evidence_in_tmp(settings: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploaded evidence goes to a temporary folder, never to var/evidence; it starts with a
    copy of the files of the world built once for the session (the demo's evidence), so a test
    that deletes or adds one leaves the next test's copy as it was."""
    root = tmp_path_factory.mktemp("evidence")
    if _cast.evidence is not None and any(_cast.evidence.iterdir()):
        shutil.copytree(_cast.evidence, root, dirs_exist_ok=True)
    settings.EVIDENCE_ROOT = root  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _results_caches_empty() -> None:
    """Figures kept per process (draft results, decoded snapshots) start empty in every test:
    a rolled-back database may give the next test's campaign the same id."""
    from chiso.results import draft_cache, figures_cache

    draft_cache.clear()
    figures_cache.clear()


# --- the fixed cast: real units of Đắk Nông (2019) and Lâm Đồng (2025) -------
#
# Built once per session, committed in the test database, and kept there: each test runs in a
# transaction rolled back at its end (pytest-django), so every test starts from the same cast.
# A test that asks for neither ``daknong`` nor ``cast`` still gets an empty database: tests are
# ordered by what they need (below) and the database is flushed when a test needs less than it
# holds. Transactional tests (live server, ``transaction=True``) end with a flush; the cast is
# built again before the next test that needs it. docs/testing.md.

PASSWORD = "mat-khau-thu-2026"

EMPTY, UNITS, CAST, CAMPAIGN = 0, 1, 2, 3
# Worlds of their own, each built on an empty database and not on top of the cast: the demo
# (``chiso demo``, its provinces only) and a 300-commune cohort (``chiso.bench_results``).
DEMO, NATIONAL = 10, 11
# And the cast with Đắk Nông's 2019 district campaign run (every district submitted its example,
# verified) and approved (``districts_2019``), or also published (``published_2019``).
DISTRICTS, PUBLISHED = 12, 13
UNIT_CODES = {
    "province": ("2019", "67"),
    "dakrlap": ("2019", "666"),
    "cujut": ("2019", "662"),
    "namnjang": ("2019", "24728"),
    "stttt": ("2019", "67-STTTT"),
    "lamdong": ("2025", "68"),
}
PEOPLE = (
    # name, role, unit
    ("reporter_a", "REPORTER", "dakrlap"),
    ("head_a", "HEAD", "dakrlap"),
    ("reporter_b", "REPORTER", "cujut"),
    ("reporter_commune", "REPORTER", "namnjang"),
    ("appraiser", "APPRAISER", "province"),
    ("approver", "APPROVER", "province"),
    ("province_admin", "PROVINCE_ADMIN", "province"),
    ("other_appraiser", "APPRAISER", "lamdong"),
    ("other_admin", "PROVINCE_ADMIN", "lamdong"),
    ("system_admin", "SYSTEM_ADMIN", None),
)


def _db_use(item: pytest.Item) -> tuple[bool, bool]:
    """(uses the database, transactionally): pytest-django's own reading of a test."""
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in names or "live_server" in names
    if marker is not None:
        transactional = transactional or bool(
            marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
            or marker.kwargs.get("reset_sequences", False)
        )
    return marker is not None or "db" in names or transactional, transactional


def _need(item: pytest.Item) -> int:
    names = getattr(item, "fixturenames", ())
    for need, fixture in (
        (PUBLISHED, "published_2019"),
        (DISTRICTS, "districts_2019"),
        (NATIONAL, "national_world"),
        (DEMO, "demo_world"),
        (CAMPAIGN, "campaign"),
        (CAST, "cast"),
        (UNITS, "daknong"),
    ):
        if fixture in names:
            return need
    return EMPTY


class _Cast:
    """What the test database holds between tests (committed): nothing, the units, the cast,
    the cast and its 2019 campaign; or one of the worlds of their own (the demo, the cohort,
    the 2019 districts approved or published)."""

    def __init__(self) -> None:
        self.blocker: Any = None  # pytest-django's django_db_blocker, once the database exists
        self.holds = EMPTY
        self.pending = EMPTY  # the need of the test being set up when the database is created
        self.world: Any = None  # what the world's builder returned (pks, the story told)
        # The evidence files written while building (the demo's), copied for each test.
        self.evidence: Path | None = None
        # Each level and world as first built in this process, to put back after a flush.
        self.saved: dict[int, _Saved] = {}
        # The folder where the processes of one pytest-xdist run share the worlds they built
        # (None: one process, or not under pytest-xdist).
        self.shared: Path | None = None

    def ensure(self, need: int) -> None:
        if need == self.holds:
            return
        if need < self.holds or self.holds >= DEMO or (need >= DEMO and self.holds != EMPTY):
            # As TransactionTestCase does after each test (its post_migrate rows come back).
            _flush()
            self.forget()
        if self.holds == EMPTY and need in self.saved:
            # Built before in this process, then flushed (by a transactional test, or for a test
            # that needed something else): put back as it was instead of built again.
            self._put_back(need, self.saved[need])
            return
        if need >= DEMO and self.shared is not None:
            # A world (built on an empty database): one process of the run builds it, the
            # others put back what it wrote (_SharedWorld).
            with _SharedWorld(self.shared, need) as shared:
                found = shared.load()
                if found is not None:
                    self.saved[need] = found
                    self._put_back(need, found)
                    return
                self._build(need)
                shared.store(self.saved[need])
            return
        self._build(need)

    def _put_back(self, need: int, saved: _Saved) -> None:
        from django.db import transaction

        with transaction.atomic():
            saved.rows.restore()
        self.evidence = _evidence_copy(saved.evidence)
        self.holds, self.world = need, saved.world

    def _build(self, need: int) -> None:
        """``need`` built through the services on top of what the database holds."""
        from django.db import transaction
        from django.test import override_settings

        if self.evidence is None:
            self.evidence = Path(tempfile.mkdtemp(prefix="chiso-test-evidence-"))
        with override_settings(EVIDENCE_ROOT=self.evidence), transaction.atomic():
            if need >= DEMO:
                self.world = WORLDS[need]()
            if need >= UNITS > self.holds and need < DEMO:
                _build_units()
            if need >= CAST > self.holds and need < DEMO:
                _build_people()
            if need >= CAMPAIGN > self.holds and need < DEMO:
                _build_campaign()
        self.holds = need
        if need != EMPTY and need not in self.saved:
            self.saved[need] = _Saved(_Rows.taken(), _evidence_copy(self.evidence), self.world)

    def forget(self) -> None:
        """The database was flushed: nothing is held, the evidence written goes too."""
        self.holds, self.world = EMPTY, None
        if self.evidence is not None:
            shutil.rmtree(self.evidence, ignore_errors=True)
            self.evidence = None

    def finish(self) -> None:
        self.forget()
        for saved in self.saved.values():
            shutil.rmtree(saved.evidence, ignore_errors=True)


def _evidence_copy(source: Path) -> Path:
    """A new folder holding a copy of ``source``'s files."""
    copy = Path(tempfile.mkdtemp(prefix="chiso-test-evidence-"))
    shutil.copytree(source, copy, dirs_exist_ok=True)
    return copy


@dataclass(frozen=True)
class _Saved:
    """A level or world as first built: its rows, its evidence files, what its builder said."""

    rows: _Rows
    evidence: Path
    world: Any


class _SharedWorld:
    """A world as one process of the run built it, for the others (``_Cast.ensure``): its rows
    (``_Rows``, the same on every process's database: each is migrated the same way, so the
    content types and permissions have the same ids), what its builder returned and its evidence
    files, in the run's shared folder. The first process to need the world holds the world's
    lock while it builds and stores it; another that needs it meanwhile waits for it (the demo
    is ~10 s of CPU, the 300-commune cohort and the 2019 districts several seconds: each process
    built each of them for itself before, docs/testing.md)."""

    def __init__(self, folder: Path, need: int) -> None:
        self.data = folder / f"world-{need}.pickle"
        self.evidence = folder / f"world-{need}-evidence"
        self.lock = open(folder / f"world-{need}.lock", "w")  # noqa: SIM115 - closed on exit

    def __enter__(self) -> _SharedWorld:
        import fcntl

        fcntl.flock(self.lock, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock.close()  # and the lock with it

    def load(self) -> _Saved | None:
        import pickle

        if not self.data.exists():
            return None
        tables, world = pickle.loads(self.data.read_bytes())  # noqa: S301 - this run's own file
        return _Saved(_Rows(tables), _evidence_copy(self.evidence), world)

    def store(self, saved: _Saved) -> None:
        import pickle

        shutil.copytree(saved.evidence, self.evidence, dirs_exist_ok=True)
        written = self.data.with_suffix(".partial")
        written.write_bytes(pickle.dumps((saved.rows.tables, saved.world)))
        written.replace(self.data)


class _Rows:
    """Every table's rows as a level of the cast left them, put back in one pass after a
    flush: the services build the cast in ~1.5 s (two provinces' units, ten accounts, a
    campaign's forms), and every transactional test (live server, browser) ends with a flush.
    The rows are the services' own output, audit chain included, so the database is the one
    the services built; on PostgreSQL they are copied with COPY (every type round-trips as
    text) and the sequences are set past the ids put back."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self.tables = tables  # table -> PostgreSQL COPY text, or (columns, rows) on SQLite

    @classmethod
    def taken(cls) -> _Rows:
        from django.db import connection

        tables: dict[str, Any] = {}
        with connection.cursor() as cursor:
            for table in connection.introspection.django_table_names(only_existing=True):
                name = connection.ops.quote_name(table)
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {name} TO STDOUT") as copy:
                        data = b"".join(bytes(block) for block in copy)
                    if data:
                        tables[table] = data
                else:
                    cursor.execute(f"SELECT * FROM {name}")  # noqa: S608 - a table's own name
                    rows = cursor.fetchall()
                    if rows:
                        tables[table] = ([c[0] for c in cursor.description], rows)
        return cls(tables)

    def restore(self) -> None:
        """Into a flushed database, inside the caller's transaction (the foreign keys are
        deferred to its end): the rows the flush's post_migrate made (content types,
        permissions) are replaced by the saved ones, which have the same ids."""
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import connection

        with connection.cursor() as cursor:
            for table in self.tables:
                name = connection.ops.quote_name(table)
                cursor.execute(f"SELECT 1 FROM {name} LIMIT 1")  # noqa: S608
                if cursor.fetchone():  # (the audit trail refuses any DELETE on PostgreSQL)
                    cursor.execute(f"DELETE FROM {name}")  # noqa: S608
            for table, data in self.tables.items():
                name = connection.ops.quote_name(table)
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {name} FROM STDIN") as copy:
                        copy.write(data)
                else:
                    columns, rows = data
                    listed = ", ".join(connection.ops.quote_name(c) for c in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(
                        f"INSERT INTO {name} ({listed}) VALUES ({marks})",  # noqa: S608
                        rows,
                    )
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


_cast = _Cast()


def _build_units() -> None:
    """Đắk Nông's units (2019 structure) and Lâm Đồng's (2025); loaded the real way."""
    from chiso.units.models import Unit
    from chiso.units.services import agency_add, units_import

    units_import(era="2019", province="67")
    units_import(era="2025", province="68")
    province = Unit.objects.get(era="2019", code="67")
    agency_add(
        actor=None, province=province, short_code="STTTT", name="Sở Thông tin và Truyền thông"
    )


def _build_people() -> None:
    """One person per role, built through the real services."""
    from chiso.accounts.models import Role
    from chiso.accounts.services import role_grant, user_create

    units = _units()
    for name, role, unit in PEOPLE:
        user, _ = user_create(
            actor=None,
            username=name.replace("_", "."),
            full_name=name,
            email=f"{name}@example.vn",
            password=PASSWORD,
        )
        role_grant(actor=None, user=user, role=Role[role], unit=units[unit] if unit else None)


def _build_campaign() -> None:
    from chiso.accounts.models import User

    province_admin = User.objects.get(username="province.admin")
    open_campaign(
        {"province_admin": province_admin, "province": _units()["province"]},
        year=2019,
        frameworks={"district": "vn-2392-huyen", "commune": "vn-2392-xa"},
    )


def _build_demo() -> list[str]:
    """``chiso demo`` for the demo's provinces only; returns what its story told."""
    from chiso.demo.load import demo_load

    _, story = demo_load(all_units=False)
    return story


def _build_national() -> tuple[int, int]:
    """The 300-commune cohort, approved (``chiso.bench_results``); its campaign's and
    approver's pks."""
    from chiso.bench_results import build_cohort
    from tests.results.test_national_scale import UNITS

    campaign, approver = build_cohort(UNITS)
    return campaign.pk, approver.pk


def _build_districts() -> dict[str, int]:
    """The cast, and its 2019 district campaign run and approved (``run_districts``)."""
    from tests.results.conftest import run_districts

    _build_units()
    _build_people()
    return {"campaign": run_districts(_people(), 2019).pk}


def _build_published() -> dict[str, int]:
    """The same, published with the decision's number, date and signer."""
    from chiso.campaigns.models import Campaign
    from tests.results.conftest import publish_districts_2019

    built = _build_districts()
    campaign = Campaign.objects.get(pk=built["campaign"])
    return {**built, "snapshot": publish_districts_2019(_people(), campaign).pk}


WORLDS: dict[int, Callable[[], Any]] = {
    DEMO: _build_demo,
    NATIONAL: _build_national,
    DISTRICTS: _build_districts,
    PUBLISHED: _build_published,
}


def _held() -> int:
    """What of the cast the database holds (after a transactional test)."""
    from chiso.accounts.models import User
    from chiso.campaigns.models import Campaign
    from chiso.units.models import Unit

    if not Unit.objects.exists():
        _cast.forget()
        return EMPTY
    if _cast.holds >= DEMO:  # a transactional test that never ran: the world is still there
        return _cast.holds
    if not Unit.objects.filter(era="2019", code="67-STTTT").exists():
        return EMPTY
    if not User.objects.filter(username="system.admin").exists():
        return UNITS
    if not Campaign.objects.filter(province__era="2019", province__code="67", year=2019).exists():
        return CAST
    return CAMPAIGN


def _units() -> dict[str, Any]:
    from django.db.models import Q

    from chiso.units.models import Unit

    wanted = Q()
    for era, code in UNIT_CODES.values():
        wanted |= Q(era=era, code=code)
    found = {(u.era, u.code): u for u in Unit.objects.filter(wanted)}
    return {name: found[key] for name, key in UNIT_CODES.items()}


def pytest_sessionfinish() -> None:
    _cast.finish()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The test database, then what the first test needs of the cast; at the end, before the
    test database is dropped, the work the application left running in threads is waited for."""
    _cast.blocker = django_db_blocker
    with django_db_blocker.unblock():
        _cast.ensure(_cast.pending)
    yield
    with django_db_blocker.unblock():
        _others_gone()


def _others_gone(wait: float = 10.0) -> None:
    """The application's own background threads (a large campaign's draft results or
    publication, ``chiso-*``) given ``wait`` seconds to end; then, on PostgreSQL, any other
    connection to this process's test database ended: ``DROP DATABASE`` refuses a database
    someone is connected to, and a connection left idle by a thread of the test process (seen
    once the journeys ran first: an idle one whose last statement was a ROLLBACK) left the
    database behind with a warning. The database is this process's own (``_gw<n>``, and a
    name per run under ``.ci/run``)."""
    import threading
    import time

    from django.db import connection

    deadline = time.monotonic() + wait
    for thread in threading.enumerate():
        if thread.name.startswith("chiso-") and thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))
    if connection.vendor != "postgresql":
        return
    # A fresh connection: a fault test may have ended this process's own (pg_terminate_backend).
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        )
    connection.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The transactional tests (live server, browser journeys, gunicorn), then the other
    database tests, then the rest; within each, the tests needing less of the cast first: the
    cast is built once and flushed as rarely as possible.

    Transactional first: pytest-xdist's ``worksteal`` gives each process one contiguous share
    of this order (and a process that runs dry takes the end of another's). So one process walks
    the journeys, which wait on Chromium, the autosave's 250 ms and gunicorn much of their time,
    while the others keep the cores busy with the database tests; with them last, every process
    ended the pass in the journeys and a core stood idle (docs/testing.md). The order is safe in
    any form: every test asks for what it needs of the database (``_Cast.ensure``).

    With ``CHISO_TEST_DATABASE_ONLY=1`` (the PostgreSQL pass of ``make test``, which runs after
    the SQLite pass) a test that uses no database is deselected: its outcome cannot depend on
    the database, and the SQLite pass runs it. docs/testing.md."""
    use = {item: _db_use(item) for item in items}
    if os.environ.get("CHISO_TEST_DATABASE_ONLY") == "1":
        free = [item for item in items if not use[item][0]]
        if free:
            config.hook.pytest_deselected(items=free)
            items[:] = [item for item in items if use[item][0]]

    def order(item: pytest.Item) -> tuple[int, int]:
        uses_db, transactional = use[item]
        return (0 if transactional else 1 if uses_db else 2), _need(item)

    items.sort(key=order)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """After the skip marks (a skipped test needs nothing), before the test's fixtures."""
    uses_db, _ = _db_use(item)
    if uses_db:
        if _cast.blocker is None:
            _cast.pending = _need(item)  # django_db_setup builds it
        else:
            with _cast.blocker.unblock():
                _cast.ensure(_need(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    try:
        return (yield)
    finally:
        # After the last test the session's fixtures are gone too (the test database with them).
        if _db_use(item)[1] and _cast.blocker is not None and nextitem is not None:
            # pytest-django flushed the database after the test, unless the test never got
            # that far (skipped, failed set-up): ask the database.
            with _cast.blocker.unblock():
                _cast.holds = _held()


@pytest.fixture
def demo_world(db: None) -> list[str]:
    """The demo as ``chiso demo --province-only`` loads it (built once, kept committed, each test
    rolled back); what its story told when it was loaded."""
    assert _cast.holds == DEMO, "the demo world is not built"
    return list(_cast.world)


@pytest.fixture
def national_world(db: None) -> tuple[Any, Any]:
    """A 300-commune cohort, approved (built once, kept committed, each test rolled back):
    its campaign and approver, fresh from the database."""
    from chiso.accounts.models import User
    from chiso.campaigns.models import Campaign

    assert _cast.holds == NATIONAL, "the national world is not built"
    campaign_pk, approver_pk = _cast.world
    return Campaign.objects.get(pk=campaign_pk), User.objects.get(pk=approver_pk)


@pytest.fixture
def daknong(db: None) -> dict[str, object]:
    """Đắk Nông's units (2019 structure) and Lâm Đồng's (2025), by code, fresh from the database."""
    return _units()


@pytest.fixture
def cast(daknong: dict[str, object]) -> dict[str, object]:
    """One person per role: unit A (Đắk R'Lấp) reporter and head, unit B (Cư Jút) reporter,
    a commune reporter, the province's appraiser/approver/admin, another province's appraiser,
    the system administrator; fresh from the database."""
    return {**_people(), **daknong}


def _people() -> dict[str, Any]:
    """The cast's people and units, fresh from the database."""
    from chiso.accounts.models import User

    usernames = {name: name.replace("_", ".") for name, _, _ in PEOPLE}
    found = {u.username: u for u in User.objects.filter(username__in=usernames.values())}
    return {**{name: found[username] for name, username in usernames.items()}, **_units()}


@pytest.fixture
def districts_2019(cast: dict[str, Any]) -> Any:
    """Đắk Nông's 2019 district campaign: every district submitted its example on 15/10 and was
    verified, approved (``tests.results.conftest.run_districts``; built once, kept committed,
    each test rolled back); fresh from the database, published too if the test asks for
    ``published_2019``."""
    from chiso.campaigns.models import Campaign

    assert _cast.holds in (DISTRICTS, PUBLISHED), "the 2019 districts are not built"
    return Campaign.objects.get(pk=_cast.world["campaign"])


@pytest.fixture
def published_2019(districts_2019: Any) -> Any:
    """The 2019 district campaign published (decision 47/QĐ-UBND of 10/01/2020): its snapshot,
    fresh from the database."""
    from chiso.results.models import Snapshot

    assert _cast.holds == PUBLISHED, "the 2019 districts are not published"
    return Snapshot.objects.get(pk=_cast.world["snapshot"])


def open_campaign(
    cast: dict[str, Any], *, year: int, frameworks: dict[str, str], **extra: Any
) -> Any:
    """Đắk Nông's campaign of ``year`` (request 1/10, 15 working days), opened; ``extra``: more
    campaign settings (``exclude_late``…)."""
    from chiso.campaigns.services import campaign_create, campaign_open

    created = campaign_create(
        actor=cast["province_admin"],
        province=cast["province"],
        year=year,
        name=f"Đánh giá CQĐT năm {year}",
        request_date=dt.date(year, 10, 1),
        deadline_working_days=15,
        frameworks=frameworks,
        **extra,
    )
    campaign_open(actor=cast["province_admin"], campaign=created)
    created.refresh_from_db()
    return created


@pytest.fixture
def campaign(cast: dict[str, Any]) -> Any:
    """Đắk Nông's 2019 campaign under 2392, opened: a form for every district and commune
    (built once with the cast, fresh from the database)."""
    from chiso.campaigns.models import Campaign

    return Campaign.objects.get(province=cast["province"], year=2019)


@pytest.fixture
def form_a(campaign: Any, cast: dict[str, Any]) -> Any:
    return campaign.forms.get(unit=cast["dakrlap"])


@pytest.fixture
def submitted_a(form_a: Any, cast: dict[str, Any]) -> Any:
    """Đắk R'Lấp's form filled with the 2019 example, evidence attached, submitted on time."""
    import datetime as dt

    from tests.campaigns_dept.conftest import submit

    on = dt.datetime(2019, 10, 15, 9, 0, tzinfo=dt.UTC)
    return submit(form_a, cast["reporter_a"], cast["head_a"], on=on)
