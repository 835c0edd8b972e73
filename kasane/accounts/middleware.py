"""Sliding session expiry without a write on every request, and the end of a session seen
from an htmx request."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from kasane.accounts.services import session_seen

# The session row is rewritten (and its expiry moved forward) at most this often, so a
# session ends between KASANE_SESSION_IDLE_MINUTES minus this and that many minutes after
# the last request. Saving on every request cost one UPDATE and one commit per page.
REFRESH_SECONDS = 60
_KEY = "_refreshed"
_QUIET = "kasane_quiet"

View = TypeVar("View", bound=Callable[..., Any])


def quiet(view: View) -> View:
    """Marks a view that the page asks for by itself (the header's unread count, polled every
    minute): it does not move the idle expiry, or an open tab would never time out."""
    setattr(view, _QUIET, True)
    return view


class SlidingSessionMiddleware:
    """Marks a signed-in user's session as changed once a minute, so that SessionMiddleware
    saves it with a fresh expiry (SESSION_COOKIE_AGE from now) and sends the cookie again;
    requests to `quiet` views leave it as it is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if getattr(request, _QUIET, False):
            return response
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(_KEY, 0) >= REFRESH_SECONDS:
                session[_KEY] = now
                session_seen(session.session_key)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        if getattr(view, _QUIET, False):
            setattr(request, _QUIET, True)


class HtmxLoginMiddleware:
    """An htmx request made after the session ended is sent to the login page as a whole page
    (`HX-Redirect`, coming back to the page after login) instead of having the login form
    swapped into a fragment. With the header's poll, a screen left open past the idle expiry
    is thereby cleared of what it showed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        login = resolve_url(settings.LOGIN_URL)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code == 302
            and urlsplit(response.get("Location", "")).path == login
        ):
            page = urlsplit(request.headers.get("HX-Current-URL", "")).path or "/"
            redirect = HttpResponse(status=204)
            redirect["HX-Redirect"] = f"{login}?{urlencode({'next': page})}"
            return redirect
        return response
