"""gunicorn under test, and CPU use of its processes and of the database's backends.

CPU is read from /proc (Linux): user + system ticks of each process, sampled every second.
PostgreSQL's share is the backends serving the load-test database (``pg_stat_activity``), so
other databases on the same server are not counted.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
TICKS = os.sysconf("SC_CLK_TCK")
NOT_READY = "gunicorn did not answer on {url} within {seconds} s:\n{log}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def stop(self) -> None:
        """gunicorn's quick shutdown (SIGQUIT): the run or test is over, nothing is in flight.
        The graceful one (SIGTERM) took ~3 s to end the server, this ~1.2 s, after each of the
        suite's dozen servers (docs/testing.md)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_gunicorn(
    env: dict[str, str], *, workers: int, threads: int, log: Path, wait: float = 60
) -> Server:
    """gunicorn with the repository's gunicorn.conf.py on a free loopback port."""
    port = free_port()
    full_env = {
        **env,
        "CHISO_BIND": f"127.0.0.1:{port}",
        "CHISO_WEB_WORKERS": str(workers),
        "CHISO_WEB_THREADS": str(threads),
        "CHISO_LOG_LEVEL": "WARNING",
    }
    handle = log.open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "chiso.wsgi"],
        cwd=ROOT,
        env=full_env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return Server(process, url, log)
        except OSError:
            time.sleep(0.2)
    Server(process, url, log).stop()
    raise RuntimeError(NOT_READY.format(url=url, seconds=wait, log=log.read_text()[-2000:]))


def _ticks(pid: int) -> int | None:
    """CPU ticks used by ``pid`` so far; ``-1`` is the whole machine (every core, every user)."""
    if pid == -1:
        cpu = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(cpu) - cpu[3] - cpu[4]  # all but idle and iowait
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def child_pids(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


@dataclass
class CpuUse:
    """Seconds of CPU and the busiest second, per process group."""

    seconds: dict[str, float] = field(default_factory=dict)
    peak: dict[str, float] = field(default_factory=dict)  # cores busy in the busiest second
    wall: float = 0.0


class CpuSampler:
    """Samples gunicorn (master and workers) and the database's backends once a second."""

    def __init__(self, gunicorn_pid: int, database_url: str, database: str) -> None:
        self.gunicorn_pid, self.database_url, self.database = gunicorn_pid, database_url, database
        self.use = CpuUse()
        self._last: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _groups(self, connection: psycopg.Connection[tuple[int]]) -> dict[str, list[int]]:
        backends = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (self.database,),
        ).fetchall()
        return {
            "gunicorn": [self.gunicorn_pid, *child_pids(self.gunicorn_pid)],
            "postgres": [row[0] for row in backends],
        }

    def _loop(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            started = time.monotonic()
            previous = started
            first = True
            while not self._stop.wait(1.0):
                now = time.monotonic()
                groups = {**self._groups(connection), "machine": [-1]}
                for group, pids in groups.items():
                    used = 0
                    for pid in pids:
                        ticks = _ticks(pid)
                        if ticks is None:
                            continue
                        # A process first seen after the first round started during the run.
                        used += ticks - self._last.get(pid, ticks if first else 0)
                        self._last[pid] = ticks
                    seconds = used / TICKS
                    self.use.seconds[group] = self.use.seconds.get(group, 0.0) + seconds
                    self.use.peak[group] = max(
                        self.use.peak.get(group, 0.0), seconds / (now - previous)
                    )
                previous = now
                first = False
                self.use.wall = now - started

    def __enter__(self) -> CpuSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
