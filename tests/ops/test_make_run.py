"""`make run` serves the demo as production serves it: DEBUG off, so a visitor sees chiso's
Vietnamese error pages (never Django's technical ones), static files come through whitenoise,
and the printed demo logins work over plain http://127.0.0.1.

The commands are read from `make -n run` itself and run as they are (on a fresh SQLite file,
the demo's province only, on a free port), so the test follows the Makefile."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "chiso-demo-2026"  # printed by `chiso demo`; asserted below from its output


def _make_run_commands() -> list[tuple[dict[str, str], list[str]]]:
    """(environment, argv) of each command `make run` runs, from `make -n run`."""
    listing = subprocess.run(  # noqa: S603 - fixed arguments
        ["make", "--no-print-directory", "-n", "run"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commands = []
    for line in listing.splitlines():
        words = shlex.split(line)
        env = {}
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            name, _, value = words.pop(0).partition("=")
            env[name] = value
        if any(w.endswith("manage.py") or w.endswith("/chiso") for w in words):
            commands.append((env, words))
    return commands


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The server `make run` starts, and what `chiso demo` printed."""
    var = tmp_path_factory.mktemp("make-run-var")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHISO_", "DATABASE_URL"))}
    commands = _make_run_commands()
    steps = {"migrate", "demo", "runserver"}
    assert [next(w for w in argv if w in steps) for _, argv in commands] == [
        "migrate",
        "demo",
        "runserver",
    ], commands
    port = _free_port()
    printed = ""
    server = None
    for env, argv in commands:
        full_env = {**clean, **env, "CHISO_VAR_DIR": str(var)}
        if "runserver" in argv:
            argv = [w.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for w in argv]
            server = subprocess.Popen(  # noqa: S603 - the Makefile's own command
                [*argv, "--noreload"],
                cwd=ROOT,
                env=full_env,
                stdout=subprocess.DEVNULL,
                stderr=(var / "server.log").open("w"),
            )
            continue
        if argv[-1] == "demo":
            argv = [*argv, "--province-only"]  # the whole country adds 20 s and nothing here
        result = subprocess.run(  # noqa: S603 - the Makefile's own command
            argv, cwd=ROOT, env=full_env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        printed += result.stdout
    assert server is not None
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/static/chiso/form.js", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base, printed
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_an_unknown_address_shows_the_vietnamese_404_page(demo: tuple[str, str]) -> None:
    base, _ = demo

    response = httpx.get(base + "/khong-co-trang-nay/")

    assert response.status_code == 404
    assert '<html lang="vi">' in response.text
    assert "Không tìm thấy trang này." in response.text
    # Django's technical 404 (DEBUG on) lists the URL patterns tried.
    assert "URLconf" not in response.text
    assert "DEBUG = True" not in response.text


def test_static_files_of_the_pages_are_served(demo: tuple[str, str]) -> None:
    base, _ = demo

    page = httpx.get(base + "/accounts/login/").text
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)

    assert any(a.endswith("bootstrap.min.css") for a in assets), assets
    for asset in assets:
        response = httpx.get(base + asset)
        assert response.status_code == 200, asset
        source = ROOT / "chiso/static" / asset.removeprefix("/static/")
        assert response.content == source.read_bytes(), asset


def test_the_printed_demo_logins_work_over_plain_http(demo: tuple[str, str]) -> None:
    base, printed = demo
    assert f"mật khẩu chung: {DEMO_PASSWORD}" in printed
    assert "daumoi.dakrlap" in printed

    with httpx.Client(base_url=base) as client:
        login = client.get("/accounts/login/")
        # Cookies marked Secure would never come back over http://, and nobody could log in.
        assert "secure" not in login.headers["set-cookie"].lower()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
        assert token is not None
        response = client.post(
            "/accounts/login/",
            data={
                "username": "daumoi.dakrlap",
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": base + "/accounts/login/"},
        )
        assert response.status_code == 302, response.text[:2000]
        home = client.get("/")

    assert "Đăng xuất" in home.text
    assert "Huyện Đắk R&#x27;Lấp" in home.text or "Huyện Đắk R'Lấp" in home.text


def test_the_demo_refuses_to_load_without_the_demo_or_debug_flag(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHISO_", "DATABASE_URL"))}

    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "chiso.cli", "demo", "--province-only"],
        cwd=ROOT,
        env={**clean, "CHISO_VAR_DIR": str(tmp_path), "CHISO_SECRET_KEY": "k"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert "CHISO_DEMO=1" in result.stderr
