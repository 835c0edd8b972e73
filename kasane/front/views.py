from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.accounts.roles import ROLE_DESCRIPTIONS, Role
from kasane.audit.services import audit_standalone
from kasane.core import home
from kasane.front.search import SUGGESTIONS, header_search
from kasane.people.search import audit_person_search
from kasane.people.selectors import PersonCriteria


def home_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """今日やること: who you are, the security notes on your account, and your work."""
    user = request.user
    context = {
        "roles": [
            (Role(code).label, ROLE_DESCRIPTIONS[Role(code)])
            for code in Role.values
            if code in user.roles
        ],
        "dashboard": access.may_see_dashboard(user),
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


def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The header's search: people (name, kana) and a case by number, each within the user's
    access; both reads are audited like the people search and the case list."""
    access.person_scope(request.user)  # 404 for roles without case work
    # As the user types, htmx asks for a few suggestions under the box.
    limit = SUGGESTIONS if request.htmx else None
    result = header_search(request.user, request.GET.get("q", ""), limit=limit)
    if result.people is not None:
        audit_person_search(
            actor=request.user,
            terms=PersonCriteria(name=result.query).for_audit(),
            details={"page": 1, "from": "header"},
            shown=[person.pk for person in result.people.people],
            hidden_match=result.people.hidden_match,
        )
    if result.case_number is not None:
        audit_standalone(
            actor=request.user,
            action="case.list",
            target=result.case,
            details={"criteria": ["case_number"], "shown": int(result.case is not None)},
        )
    template = "front/_search_suggestions.html" if request.htmx else "front/search.html"
    context = {"result": result, "may_break_glass": access.may_break_glass(request.user)}
    return render(request, template, context)
