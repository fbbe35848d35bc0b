"""The simulated users: each logs in, opens its form, saves every criterion, attaches its PDF
and submits, with think time between steps, like a commune officer in a browser.

``run_users`` runs ``concurrency`` users at a time until every user has done its one form, and
returns each request's timing and what each user had accepted by the server.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

from chiso.loadtest.scenario import entries, evidence

VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str
    started: float  # time.monotonic()
    seconds: float
    status: int  # 0: no response (connection error, timeout)
    error: str = ""


@dataclass
class Sent:
    """What the server accepted from one user: the record ``verify`` checks against."""

    username: str
    form: int
    unit: str
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> value, note
    evidence: dict[str, Any] = field(default_factory=dict)  # criterion, name, sha256, size
    submitted: bool = False
    errors: list[str] = field(default_factory=list)


class Stop(Exception):
    """A step failed: the user gives up its form (counted as an error)."""


class User:
    def __init__(
        self,
        base_url: str,
        plan: dict[str, Any],
        person: dict[str, Any],
        record: Callable[[Hit], None],
        think: Callable[[], None],
    ) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60, follow_redirects=False)
        self.plan, self.person, self.record, self.think = plan, person, record, think
        self.sent = Sent(person["username"], person["form"], person["unit"])

    def request(self, kind: str, method: str, url: str, expect: int, **kw: Any) -> httpx.Response:
        started = time.monotonic()
        try:
            response = self.http.request(method, url, **kw)
        except httpx.HTTPError as error:
            self.record(Hit(kind, started, time.monotonic() - started, 0, type(error).__name__))
            raise Stop(f"{kind} {url}: {type(error).__name__}") from None
        elapsed = time.monotonic() - started
        wrong = "" if response.status_code == expect else f"HTTP {response.status_code}"
        self.record(Hit(kind, started, elapsed, response.status_code, wrong))
        if wrong:
            raise Stop(f"{kind} {url}: {wrong}")
        return response

    def csrf(self) -> str:
        return self.http.cookies.get("csrftoken") or ""

    def run(self) -> Sent:
        try:
            self._steps()
        except Stop as stop:
            self.sent.errors.append(str(stop))
        finally:
            self.http.close()
        return self.sent

    def _steps(self) -> None:
        form_url = f"/forms/{self.person['form']}/"
        self.request("login page", "GET", "/accounts/login/", 200)
        self.think()
        self.request(
            "login",
            "POST",
            "/accounts/login/",
            302,
            data={
                "username": self.person["username"],
                "password": self.plan["password"],
                "csrfmiddlewaretoken": self.csrf(),
            },
        )
        self.request("home page", "GET", "/", 200)
        self.think()
        self.request("form page", "GET", form_url, 200)
        for entry in entries(
            self.plan["criteria"], unit=self.person["unit"], year=self.plan["year"]
        ):
            self.think()
            response = self.request(
                "save answer",
                "POST",
                f"{form_url}answers/{entry.code}/",
                200,
                data={**entry.fields, "version": ""},
                headers={"X-CSRFToken": self.csrf(), "Accept": "application/json"},
            )
            if response.json().get("ok"):
                self.sent.answers[entry.code] = {"value": entry.value, "note": entry.note}
        pdf = evidence(self.plan["criteria"], unit=self.person["unit"])
        self.think()
        self.request(
            "upload evidence",
            "POST",
            f"{form_url}evidence/{pdf.criterion}/",
            302,
            data={"csrfmiddlewaretoken": self.csrf()},
            files={"file": (pdf.name, pdf.data, "application/pdf")},
        )
        page = self.request("form page", "GET", form_url, 200)
        if pdf.name in page.text:
            self.sent.evidence = {
                "criterion": pdf.criterion,
                "name": pdf.name,
                "sha256": pdf.sha256,
                "size": len(pdf.data),
            }
        self.think()
        confirm = self.request("submit page", "GET", f"{form_url}submit/", 200)
        version = VERSION.search(confirm.text)
        if version is None:
            raise Stop("submit page: no version field")
        self.think()
        self.request(
            "submit",
            "POST",
            f"{form_url}submit/",
            302,
            data={"version": version.group(1), "csrfmiddlewaretoken": self.csrf()},
        )
        self.sent.submitted = True
        self.request("form page", "GET", form_url, 200)


def run_users(
    *,
    base_url: str,
    plan: dict[str, Any],
    concurrency: int,
    think_seconds: float,
    ramp_seconds: float = 10.0,
    seed: int = 2392,
) -> tuple[list[Hit], list[Sent]]:
    """Every user of the plan, ``concurrency`` at a time; returns the hits and the records.

    Think time between steps is uniform in [0.5, 1.5] × ``think_seconds``; the first wave of
    users starts spread over ``ramp_seconds`` rather than all in the same instant.
    """
    hits: list[Hit] = []
    lock = threading.Lock()
    rng = random.Random(seed)  # noqa: S311 - think times

    def record(hit: Hit) -> None:
        with lock:
            hits.append(hit)

    def think() -> None:
        with lock:
            pause = think_seconds * (0.5 + rng.random())
        time.sleep(pause)

    def one(index: int, person: dict[str, Any]) -> Sent:
        if index < concurrency and ramp_seconds:
            time.sleep(ramp_seconds * index / concurrency)
        return User(base_url, plan, person, record, think).run()

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="user") as pool:
        sent = list(pool.map(one, range(len(plan["users"])), plan["users"]))
    return hits, sent
