"""Sliding session expiry without a write on every request, the end of a session seen from an
htmx request, and the second step of a login (2段階認証) that a session still owes."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse

from kasane.accounts.services import session_seen
from kasane.accounts.two_factor import SecondFactor, session_state

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


# What a session that owes its second step may open; and one that must first enrol.
SECOND_STEP_VIEWS = frozenset({"accounts:login_code", "accounts:logout"})
ENROL_VIEWS = frozenset({"accounts:two_factor", "accounts:two_factor_setup", "accounts:logout"})


class SecondFactorMiddleware:
    """Defence in depth for 2段階認証: whatever a view checks, a signed-in session of an
    enrolled user that has not passed the second step reaches only that step and logout, and
    with KASANE_REQUIRE_2FA a user who has not enrolled reaches only enrolment and logout.
    Everything else is sent there (an htmx request by `HX-Redirect`, the whole page). Views
    marked `login_not_required` (the login page, /healthz) are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not getattr(view, "login_required", True) or not request.user.is_authenticated:
            return None
        state = session_state(request)
        name = request.resolver_match.view_name if request.resolver_match else ""
        if state is SecondFactor.OWED and name not in SECOND_STEP_VIEWS:
            return _send_to(request, "accounts:login_code")
        if state is SecondFactor.ENROL and name not in ENROL_VIEWS:
            return _send_to(request, "accounts:two_factor")
        return None


def _send_to(request: HttpRequest, name: str) -> HttpResponse:
    url = reverse(name)
    if request.method == "GET" and not request.headers.get("HX-Request"):
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    response = HttpResponse(status=302)
    response["Location"] = url
    return response
