from __future__ import annotations

from django.http import HttpRequest

from kasane import access
from kasane.front import navigation


def navigation_items(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_programs": navigation.links_for(user, navigation.PROGRAMS, request.path),
        "nav_management": navigation.links_for(user, navigation.MANAGEMENT, request.path),
        # The header's search box, for those who may search people (the rule of the page).
        "nav_search": access.may_read_case_data(user),
    }
