"""A second step before an action that cannot be undone (終結, 中断, 議事録の確定, 取り下げ…).

The action's button posts as before; until the post carries `confirmed=yes` the view answers
with a confirmation page that says what will happen and posts the same fields again with
`confirmed=yes`. Nothing changes on the first post, and it works without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRMED) == "yes"


def confirmation_page(
    request: HttpRequest,
    *,
    title: str,
    consequences: list[str],
    button: str,
    back: str,
) -> HttpResponse:
    """The page that asks once more: `title` names the action, `consequences` say what cannot
    be undone, `button` repeats the action, `back` is where 「やめる」 leads."""
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in request.POST.getlist(name)
    ]
    context = {
        "title": title,
        "consequences": consequences,
        "button": button,
        "back": back,
        "fields": fields,
        "action": request.path,
    }
    return render(request, "core/confirm.html", context)
