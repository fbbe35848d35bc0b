"""``make loadtest``: a database of its own, the national set-up, the run, the check, the report.

    python -m chiso.loadtest [--users 1000] [--concurrency 100] [--think 3] [--keep]

Every commune of the country gets its form and account; ``--users`` of them (spread evenly over
the 34 provinces) fill and submit it, ``--concurrency`` at a time.

The database named in ``--database-url`` is dropped and created again, and dropped at the end
(``--keep`` keeps it to look around). Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from chiso.loadtest.client import Hit, Sent, run_users
from chiso.loadtest.server import CpuSampler, CpuUse, start_gunicorn

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/chiso_loadtest"


def server_env(database_url: str, var_dir: Path, evidence_dir: Path) -> dict[str, str]:
    """A production configuration on loopback: no debug, a real key, plain HTTP cookies."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("CHISO_", "DATABASE_URL"))}
    return {
        **keep,
        "DATABASE_URL": database_url,
        "CHISO_SECRET_KEY": secrets.token_urlsafe(50),
        "CHISO_VAR_DIR": str(var_dir),
        "CHISO_EVIDENCE_DIR": str(evidence_dir),
        "CHISO_DB_CONN_MAX_AGE": "60",
        "CHISO_SECURE_COOKIES": "0",  # loopback HTTP: no TLS in front
        "CHISO_HSTS_SECONDS": "0",
    }


def serve_and_run(
    *,
    env: dict[str, str],
    plan: dict[str, Any],
    database_url: str,
    workers: int,
    threads: int,
    concurrency: int,
    think: float,
    log: Path,
    ramp: float = 10.0,
) -> tuple[list[Hit], list[Sent], CpuUse]:
    """Start gunicorn, run every user of the plan against it, stop it."""
    server = start_gunicorn(env, workers=workers, threads=threads, log=log)
    try:
        database = urlsplit(database_url).path.lstrip("/")
        with CpuSampler(server.process.pid, database_url, database) as sampler:
            hits, sent = run_users(
                base_url=server.url,
                plan=plan,
                concurrency=concurrency,
                think_seconds=think,
                ramp_seconds=ramp,
            )
        return hits, sent, sampler.use
    finally:
        server.stop()


def server_log_summary(log: Path) -> str:
    """gunicorn's warnings and errors (worker timeouts, tracebacks): none is expected."""
    lines = [
        line
        for line in log.read_text(errors="replace").splitlines()
        if any(mark in line for mark in ("[WARNING]", "[ERROR]", "[CRITICAL]", "Traceback"))
    ]
    shown = "".join(f"  - `{line}`\n" for line in lines[:10])
    return f"- gunicorn warnings and errors: {len(lines)}\n{shown}"


def _admin_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def recreate_database(database_url: str, *, drop_only: bool = False) -> None:
    admin, name = _admin_url(database_url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if not drop_only:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chiso.loadtest", description=__doc__)
    parser.add_argument(
        "--database-url", default=os.environ.get("CHISO_LOADTEST_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument(
        "--users", type=int, default=1000, help="communes that fill their form (of 3,321)"
    )
    parser.add_argument("--provinces", nargs="*", default=None, help="province codes (all 34)")
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--think", type=float, default=3.0, help="mean think time, seconds")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--ramp", type=float, default=60.0, help="seconds over which the first users arrive"
    )
    parser.add_argument("--out", type=Path, default=None, help="also write the report here")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    recreate_database(args.database_url)
    with tempfile.TemporaryDirectory(prefix="chiso-loadtest-") as tmp:
        env = server_env(args.database_url, Path(tmp) / "var", Path(tmp) / "evidence")
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "chiso.settings"
        import django
        from django.core.management import call_command
        from django.db import connections

        django.setup()
        logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        from chiso.loadtest.prepare import prepare

        plan = prepare(provinces=args.provinces, users=args.users)
        connections.close_all()
        print(
            f"Set-up: {len(plan['users'])} communes with an open form and an account, "
            f"{time.monotonic() - started:,.0f} s.",
            flush=True,
        )
        hits, sent, cpu = serve_and_run(
            env=env,
            plan=plan,
            database_url=args.database_url,
            workers=args.workers,
            threads=args.threads,
            concurrency=args.concurrency,
            think=args.think,
            log=Path(tmp) / "gunicorn.log",
            ramp=args.ramp,
        )
        from chiso.loadtest.report import text
        from chiso.loadtest.verify import verify

        verification = verify(sent)
        connections.close_all()
        title = (
            f"{len(sent)} communes, {args.concurrency} at a time, think time "
            f"{args.think:g} s (±50 %), first {args.concurrency} arriving over {args.ramp:g} s, "
            f"gunicorn {args.workers} workers × {args.threads} threads"
        )
        report = text(title=title, hits=hits, sent=sent, cpu=cpu, verification=verification)
        report += server_log_summary(Path(tmp) / "gunicorn.log")
        print(report)
        if args.out:
            args.out.write_text(report, encoding="utf-8")
    if not args.keep:
        recreate_database(args.database_url, drop_only=True)
    errors = sum(1 for h in hits if h.error)
    return 0 if verification.ok and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
