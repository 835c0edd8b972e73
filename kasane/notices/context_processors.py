from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kasane.notices import selectors


def unread_notices(request: HttpRequest) -> dict[str, object]:
    """The header's unread count, read only when a template shows it (an htmx partial that
    does not costs no query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notices_unread": SimpleLazyObject(lambda: selectors.unread_count(user))}
