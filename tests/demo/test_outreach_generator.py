"""The generated watch list (`generate_outreach`): its stages, dates and next dates are what
the attempts make, as `attempt_record` would have moved them."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest
from django.utils import timezone

from kasane.demo.generators.outreach import generate_outreach
from kasane.demo.generators.people import (
    consultation_organizations,
    demo_towns,
    generate_people,
)
from kasane.outreach.models import (
    OPEN_STAGES,
    ContactAttempt,
    OutreachTarget,
    Stage,
    stage_after,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated() -> list[OutreachTarget]:
    generate_people(
        count=150, organizations=consultation_organizations(), towns=demo_towns(), seed=5
    )
    before = set(OutreachTarget.objects.values_list("pk", flat=True))
    assert generate_outreach(targets=120, attempts=2400, seed=5) == 120
    return list(
        OutreachTarget.objects.exclude(pk__in=before)
        .prefetch_related("attempts", "assignments")
        .order_by("pk")
    )


def test_it_adds_the_targets_and_about_the_attempts(generated: list[OutreachTarget]) -> None:
    assert len(generated) == 120
    attempts = sum(len(target.attempts.all()) for target in generated)
    assert 2000 <= attempts <= 2800
    assert all(target.assignments.all() for target in generated)
    unidentified = [t for t in generated if t.person_id is None]
    assert 0 < len(unidentified) < 60
    assert all(t.area_id and t.description for t in unidentified)
    stages = Counter(target.stage for target in generated)
    assert stages[Stage.CLOSED] and stages[Stage.TRYING] and stages[Stage.CONNECTED]


def test_the_stage_and_dates_follow_the_attempts(generated: list[OutreachTarget]) -> None:
    today = timezone.localdate()
    for target in generated:
        attempts = sorted(target.attempts.all(), key=lambda a: a.occurred_at)
        stage, moved = Stage.KNOWN.value, target.registered_on
        for attempt in attempts:
            stage, before = stage_after(stage, attempt.result), stage
            if stage != before:
                moved = timezone.localdate(attempt.occurred_at)
            assert attempt.occurred_at < timezone.now()
            assert timezone.localdate(attempt.occurred_at) >= target.registered_on
        if target.stage == Stage.CLOSED:
            assert target.closed_on and target.close_reason
            assert target.stage_changed_on == target.closed_on
            assert not attempts or target.closed_on >= attempts[-1].occurred_at.date()
        elif target.stage == Stage.RELATION:
            assert stage == Stage.SPOKE  # a worker's correction
        else:
            assert target.stage == stage, target.pk
            assert target.next_contact_on is not None
            assert target.stage_changed_on == moved, target.pk
        contacts = [timezone.localdate(a.occurred_at) for a in attempts if a.is_contact]
        assert target.last_contact_on == (max(contacts) if contacts else None)
        for attempt, following in itertools.pairwise(attempts):
            assert attempt.next_contact_on == timezone.localdate(following.occurred_at)
        if attempts and target.stage in OPEN_STAGES:
            assert attempts[-1].next_contact_on == target.next_contact_on
        assert target.review_on >= today - dt.timedelta(days=30)


def test_a_person_is_on_the_list_once(generated: list[OutreachTarget]) -> None:
    people = [t.person_id for t in OutreachTarget.objects.filter(person__isnull=False)]
    assert len(people) == len(set(people))


def test_it_is_deterministic_for_a_seed_and_a_database() -> None:
    """Two runs from the same state draw the same; attempts are stamped when they happened."""
    generate_outreach(targets=10, attempts=100, seed=9)
    first = list(
        ContactAttempt.objects.order_by("pk").values_list("result", "method", "target__stage")
    )
    newest = ContactAttempt.objects.order_by("-pk")[0]
    assert newest.created_at == newest.occurred_at
    ContactAttempt.objects.filter(target__in=OutreachTarget.objects.order_by("-pk")[:10]).delete()
    OutreachTarget.objects.filter(
        pk__in=list(OutreachTarget.objects.order_by("-pk").values_list("pk", flat=True)[:10])
    ).delete()
    generate_outreach(targets=10, attempts=100, seed=9)
    again = list(
        ContactAttempt.objects.order_by("pk").values_list("result", "method", "target__stage")
    )
    assert again == first


def test_the_demo_closes_every_generated_target() -> None:
    """`make demo` adds a year of closed targets for the figures; the open watch list stays the
    story's (csw's and the coordinator's home pages)."""
    generate_people(
        count=60, organizations=consultation_organizations(), towns=demo_towns(), seed=7
    )
    before = set(OutreachTarget.objects.values_list("pk", flat=True))
    generate_outreach(targets=30, attempts=300, seed=7, closed_share=1.0)
    added = OutreachTarget.objects.exclude(pk__in=before)
    assert added.count() == 30
    assert not added.exclude(stage=Stage.CLOSED).exists()
    assert not added.filter(close_reason="connected").exclude(attempts__result="connected").exists()
