"""The idle limit of a session slides with use, without writing the session on every request.

``SESSION_SAVE_EVERY_REQUEST`` would rewrite (and commit) the session row on every request,
reads and autosaves alike: on the deadline day that is one more write transaction, and one
more WAL flush, per request. Here the session is marked changed, so Django saves it with a new
expiry date, only when it was last refreshed ``REFRESH_EVERY`` or longer ago: the idle limit
(``SESSION_COOKIE_AGE``) still holds to within that minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

REFRESHED = "_chiso_refreshed"
REFRESH_EVERY = 60  # seconds


class SlidingSessionMiddleware:
    """Between SessionMiddleware and the rest: it sees the response before the session is
    saved."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        # No key: no session to keep alive (anonymous, or just logged out).
        if session.session_key and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(REFRESHED, 0)) >= REFRESH_EVERY:
                session[REFRESHED] = now
        return response
