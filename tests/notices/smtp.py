"""A real SMTP server for the tests (aiosmtpd, in a thread of the test process): it keeps every
message it accepts, and can be told to refuse (4xx then 250, or 5xx) or to hold a message."""

from __future__ import annotations

import email
import email.policy
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import get_connection


@dataclass
class Received:
    to: list[str]
    message: EmailMessage
    session: int

    @property
    def notice(self) -> int:
        return int(self.message["X-Chiso-Notice"])

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refuse: list[str] = field(default_factory=list)  # answers to the next RCPTs, e.g. "451 …"
    refuse_address: dict[str, str] = field(default_factory=dict)  # always refuse this one
    hold_at: int | None = None  # the n-th message (1-based) waits for ``release``
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    wait_sessions: int = 0  # the first DATA waits until this many sessions were opened
    sessions: int = 0
    enough_sessions: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:  # noqa: E501
        with self.lock:
            self.sessions += 1
            session.number = self.sessions
            if self.sessions >= self.wait_sessions:
                self.enough_sessions.set()
        session.host_name = hostname
        return responses

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:  # noqa: E501
        if address in self.refuse_address:
            return self.refuse_address[address]
        with self.lock:
            answer = self.refuse.pop(0) if self.refuse else ""
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        import asyncio

        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(
                Received(list(envelope.rcpt_tos), parsed, getattr(session, "number", 0))  # type: ignore[arg-type]
            )
            count = len(self.received)
        if self.wait_sessions:
            # Two senders at once: the first message waits until both have connected.
            await asyncio.get_running_loop().run_in_executor(None, self.enough_sessions.wait, 60)
        if self.hold_at is not None and count == self.hold_at:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 120)
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    handler: Handler
    port: int

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def connection(self) -> Any:
        return get_connection(
            "django.core.mail.backends.smtp.EmailBackend",
            host="127.0.0.1",
            port=self.port,
            fail_silently=False,
            timeout=30,
        )

    def by_notice(self) -> dict[int, list[Received]]:
        found: dict[int, list[Received]] = {}
        for item in self.handler.received:
            found.setdefault(item.notice, []).append(item)
        return found


# aiosmtpd logs each session at INFO on "mail.log", from its own thread, after a test has ended
# and pytest has closed the stream it captured: "--- Logging error ---" tracebacks in the run's
# output, about nothing. What the tests check is what the handler received.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    handler = Handler()
    with socket.socket() as probe:  # a free port (the controller checks it by connecting)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer(handler, port)
    finally:
        handler.release.set()
        handler.enough_sessions.set()
        controller.stop()
