"""The auditor's "who saw this person" (issue 13 point 1): pick a person by name, フリガナ or
birth date (shown: name and birth date only), then read every audit row that showed, printed,
exported or changed them, newest first. Both pages are themselves audited.

They live here, not in the audit app, because the audit trail sits below people in the
import layers: the audit app knows person ids only."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.selectors import (
    PERSON_TRAIL_ORDER,
    audit_events_in_order,
    audit_links_for_person,
)
from kasane.audit.services import audit_standalone, criteria_used
from kasane.core.pagination import keyset_page
from kasane.people.forms import AuditPersonPickForm
from kasane.people.models import Person
from kasane.people.selectors import people_for_audit_pick


def audit_person_pick(request: AuthenticatedHttpRequest) -> HttpResponse:
    people = access.audit_people_for_user(request.user)
    form = AuditPersonPickForm(request.GET or None)
    found: list[Person] = []
    more = False
    if form.is_valid():
        found, more = people_for_audit_pick(people, **form.cleaned_data)
        audit_standalone(
            actor=request.user,
            action="audit.person_pick",
            details={"criteria": criteria_used(form.cleaned_data), "shown": len(found)},
            people=[person.pk for person in found],
        )
    context = {"form": form, "found": found, "more": more}
    return render(request, "people/audit_person_pick.html", context)


def audit_person_trail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(access.audit_people_for_user(request.user), pk=pk)
    events = access.audit_events_for_user(request.user)
    page = keyset_page(request, audit_links_for_person(person.pk), PERSON_TRAIL_ORDER)
    page.object_list = audit_events_in_order(events, [link["event_id"] for link in page])
    audit_standalone(
        actor=request.user,
        action="audit.person_trail",
        details={"person": person.pk, "position": page.start},
        people=[person.pk],
    )
    return render(request, "people/audit_person_trail.html", {"person": person, "page": page})
