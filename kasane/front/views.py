from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.accounts.roles import ROLE_DESCRIPTIONS, Role
from kasane.core import home


def home_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """今日やること: who you are, the security notes on your account, and your work."""
    user = request.user
    context = {
        "roles": [
            (Role(code).label, ROLE_DESCRIPTIONS[Role(code)])
            for code in Role.values
            if code in user.roles
        ],
        **home.cards_for(user),
    }
    return render(request, "front/home.html", context)


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the app answers and its database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
