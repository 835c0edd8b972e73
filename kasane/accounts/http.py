"""The request type of every page behind the login (django-stubs' recommended pattern)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from kasane.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is signed in: LoginRequiredMiddleware turns every other request
    away before a view runs, except views marked `login_not_required`."""

    user: User
    htmx: HtmxDetails  # set by django_htmx's HtmxMiddleware
