"""「緊急時の閲覧を申請する」 where a page meets someone another agency knows: the request form
with what the page knows of the person prefilled, for those who may ask."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse

from kasane import access
from kasane.access.roles import AnyUser


def break_glass_url(user: AnyUser, *, name: str, birth_date: dt.date | None = None) -> str | None:
    """The request form with the name (and the birth date, when known) prefilled, as the people
    search links it; None for a user who may not ask (`access.may_break_glass`)."""
    if not access.may_break_glass(user):
        return None
    typed = {"name": name.strip(), "birth_date": birth_date.isoformat() if birth_date else ""}
    query = urlencode({key: value for key, value in typed.items() if value})
    return reverse("breakglass:request") + (f"?{query}" if query else "")
