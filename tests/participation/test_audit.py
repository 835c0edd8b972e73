"""Every view and write of 参加支援 is audited, linked to the people it showed or touched;
the unmet need's row names nobody."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEvent
from kasane.organizations.models import Area
from tests.builders import today
from tests.conftest import client_for
from tests.participation.helpers import demo_match, harada, tanaka

pytestmark = pytest.mark.django_db


def last(user, action: str) -> AuditEvent:
    return AuditEvent.objects.filter(actor=user, action=action).latest("pk")


def people_of(event: AuditEvent) -> set[int]:
    return set(event.people.values_list("person_id", flat=True))


def test_the_pages_are_audited_with_their_people(sanka, houkatsu):
    case, yumi = tanaka()
    match = demo_match("田中 由美")
    client_for(houkatsu).get(reverse("participation:case", args=[case.pk]))
    assert yumi.pk in people_of(last(houkatsu, "participation.view"))
    client_for(houkatsu).get(reverse("participation:match", args=[match.pk]))
    event = last(houkatsu, "participation.match_view")
    assert (event.object_id, people_of(event)) == (str(match.pk), {yumi.pk})
    client_for(sanka).get(reverse("participation:proposals", args=[case.pk, yumi.pk]))
    assert people_of(last(sanka, "participation.proposals")) >= {yumi.pk}
    client_for(sanka).get("/")
    assert yumi.pk in people_of(last(sanka, "participation.list"))


def test_the_writes_are_audited(sanka):
    case, kohei = harada()
    client = client_for(sanka)
    client.post(
        reverse("participation:profile", args=[case.pk, kohei.pk]),
        {"wishes": "パンを焼きたい", "wish_tags": ["work"], "days": ["3"]},
    )
    event = last(sanka, "participation.profile_save")
    assert kohei.pk in people_of(event) and "wishes" in event.details["fields"]
    match = demo_match("原田 康平")
    client.post(
        reverse("participation:move", args=[match.pk]),
        {"to_stage": "trial", "on": today().isoformat()},
    )
    event = last(sanka, "participation.match_move")
    assert event.details["from"] == "visit" and event.details["to"] == "trial"
    assert kohei.pk in people_of(event)


def test_the_unmet_need_row_names_nobody(sanka):
    case, _kohei = harada()
    client_for(sanka).post(
        reverse("participation:unmet_need", args=[case.pk]),
        {"theme": "place", "area": Area.objects.get(name="南圏域").pk, "age_band": "young"},
    )
    event = last(sanka, "participation.unmet_need")
    assert people_of(event) == set()
