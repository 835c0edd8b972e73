"""Builders for the participation tests: デモ市's participation cases and people, and new
matches made through the services as a coordinator would."""

from __future__ import annotations

import datetime as dt

from kasane.accounts.models import User
from kasane.cases.models import Case
from kasane.participation import services
from kasane.participation.models import Match, Stage
from kasane.people.models import Person
from kasane.resources.models import Service
from tests.builders import demo_case, demo_person, today
from tests.resources.helpers import BAKERY, CARERS_CAFE, demo_service

__all__ = ["BAKERY", "CARERS_CAFE", "demo_service"]

WAREHOUSE = "デモ物流の職場体験"


def harada() -> tuple[Case, Person]:
    return demo_case("原田家"), demo_person("原田 康平")


def tanaka() -> tuple[Case, Person]:
    return demo_case("田中家"), demo_person("田中 由美")


def demo_match(name: str) -> Match:
    return Match.objects.select_related("case", "person", "service").get(person=demo_person(name))


def new_match(
    actor: User,
    *,
    case: Case | None = None,
    person: Person | None = None,
    service: Service | None = None,
    proposed_on: dt.date | None = None,
    stages: tuple[tuple[str, dt.date], ...] = (),
) -> Match:
    """A match (on 原田 康平 and the warehouse by default) moved through `stages`."""
    if case is None or person is None:
        case, person = harada()
    match = services.match_create(
        actor=actor,
        case=case,
        person=person,
        service=service or demo_service(WAREHOUSE),
        proposed_on=proposed_on or today() - dt.timedelta(days=120),
    )
    for stage, on in stages:
        match = services.match_move(actor=actor, match=match, to_stage=stage, on=on)
    return match


def started(actor: User, days_ago: int, **kwargs: object) -> Match:
    """A match whose person started attending `days_ago` days ago."""
    on = today() - dt.timedelta(days=days_ago)
    return new_match(actor, stages=((Stage.STARTED, on),), **kwargs)  # type: ignore[arg-type]
