"""Sliding session expiry without a write on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# The session row is rewritten (and its expiry moved forward) at most this often, so a
# session ends between KASANE_SESSION_IDLE_MINUTES minus this and that many minutes after
# the last request. Saving on every request cost one UPDATE and one commit per page.
REFRESH_SECONDS = 60
_KEY = "_refreshed"


class SlidingSessionMiddleware:
    """Marks a signed-in user's session as changed once a minute, so that SessionMiddleware
    saves it with a fresh expiry (SESSION_COOKIE_AGE from now) and sends the cookie again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(_KEY, 0) >= REFRESH_SECONDS:
                session[_KEY] = now
        return response
