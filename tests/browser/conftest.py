"""Playwright with Debian's chromium: no `playwright install`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; without this, Django refuses the
# database access that live_server and transactional_db need (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (apt package chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True, scope="session")
def _reduced_motion() -> Iterator[None]:
    """Every browser context of the suite prefers reduced motion (``prefers-reduced-motion:
    reduce``, a setting many people have on their phones), unless a test asks otherwise.
    Bootstrap then turns its transitions off (focus rings, collapses, fades, the progress bar),
    and Playwright, which waits for an animating element to be still before it acts, no longer
    waits for them: the form and leaders' journeys ran in 45 s instead of 63 s, the whole folder
    on two processes in 149 s instead of 164 s (docs/testing.md).
    What people do and see is the same; ``test_motion_browser.py`` keeps the transitions on."""
    from playwright.sync_api import Browser

    original = Browser.new_context

    def new_context(self: Browser, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("reduced_motion", "reduce")
        return original(self, *args, **kwargs)

    Browser.new_context = new_context  # type: ignore[method-assign]
    yield
    Browser.new_context = original  # type: ignore[method-assign]
