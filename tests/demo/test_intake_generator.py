"""Generated consultations: a deterministic year at every consultation window, by every route,
about people the receiving organisation may see, and leaving nothing waiting."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from kasane.audit.models import AuditEvent
from kasane.core.japanese import is_business_day
from kasane.demo.generators.intake import consultation_windows, generate_consultations
from kasane.demo.generators.people import consultation_organizations, demo_towns, generate_people
from kasane.demo.guard import DemoRefused
from kasane.intake.models import (
    Consultation,
    Outcome,
    Referral,
    ReferralKind,
    ReferralStatus,
    Route,
    Urgency,
)
from kasane.intake.services import coordination_organization

pytestmark = pytest.mark.django_db

# The demo's windows with staff; 南・北地域包括支援センター have no demo user, so none.
WINDOWS = {
    "重層的支援推進課",
    "こども家庭センター",
    "東地域包括支援センター",
    "西地域包括支援センター",
    "障害者基幹相談支援センター",
    "自立相談支援機関",
}


@pytest.fixture
def people() -> None:
    generate_people(
        count=300,
        organizations=consultation_organizations(),
        towns=demo_towns(),
        seed=11,
        households=True,
    )


def _generate(
    count: int = 400, *, seed: int = 3, now: dt.datetime | None = None
) -> list[Consultation]:
    last = Consultation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert generate_consultations(count, seed=seed, now=now) == count
    return list(
        Consultation.objects.filter(pk__gt=last)
        .select_related("organization", "worker", "person", "household")
        .prefetch_related("issues__code", "referrals_sent__events")
        .order_by("pk")
    )


def _a_run(seed: int, now: dt.datetime) -> list[tuple]:
    with transaction.atomic():
        consultations = _generate(seed=seed, now=now)
        transaction.set_rollback(True)
    return [
        (
            c.organization.name,
            c.worker.username,
            c.route,
            c.received_at,
            c.person_id,
            c.summary,
            c.outcome,
            [(i.code.name, i.is_main) for i in c.issues.all()],
        )
        for c in consultations
    ]


def test_it_covers_every_route_and_every_window_with_staff(people: None) -> None:
    assert {window.name for window in consultation_windows()} == WINDOWS
    consultations = _generate(count=20)
    assert {c.route for c in consultations} == set(Route.values)
    assert {c.organization.name for c in consultations} == WINDOWS
    assert all(c.worker.organization_id == c.organization_id for c in consultations)
    assert all(c.created_by_id is None for c in consultations)


def test_it_gives_the_same_consultations_for_the_same_seed(people: None) -> None:
    now = timezone.make_aware(dt.datetime(2026, 6, 15, 12, 0))
    first = _a_run(seed=3, now=now)
    assert _a_run(seed=3, now=now) == first
    assert _a_run(seed=4, now=now) != first


def test_they_were_received_in_business_hours_over_the_year_before_now(people: None) -> None:
    now = timezone.now()
    consultations = _generate()
    times = [timezone.localtime(c.received_at) for c in consultations]
    assert all(now - dt.timedelta(days=365) <= t < now for t in times)
    assert all(dt.time(8, 30) <= t.time() <= dt.time(17, 15) for t in times)
    assert sum(is_business_day(t.date()) for t in times) >= 0.9 * len(times)
    months = {(t.year, t.month) for t in times}
    assert len(months) >= 12


def test_linked_people_are_generated_people_of_the_receiving_organisation(
    people: None,
) -> None:
    consultations = _generate()
    linked = [c for c in consultations if c.person_id]
    assert 0.3 * len(consultations) < len(linked) < 0.8 * len(consultations)
    for c in linked:
        assert c.person.organization_id == c.organization_id
        assert c.person.created_by_id is None and not c.person.is_restricted
        if c.household_id:
            assert c.household.organization_id == c.organization_id
            assert c.household.members.filter(person=c.person, left_on__isnull=True).exists()
    anonymous = [c for c in consultations if c.person_id is None]
    assert all(c.household_id is None for c in anonymous)
    assert any(c.consulter_name == "匿名の電話" for c in anonymous)


def test_each_has_one_to_three_issues_one_of_them_main(people: None) -> None:
    for c in _generate():
        issues = list(c.issues.all())
        assert 1 <= len(issues) <= 3
        assert [issue.is_main for issue in issues].count(True) == 1


def test_outcomes_are_mixed_and_urgency_mostly_normal(people: None) -> None:
    consultations = _generate()
    outcomes = Counter(c.outcome for c in consultations)
    assert set(outcomes) == set(Outcome.values)
    assert outcomes[Outcome.HANDLED] + outcomes[Outcome.INFORMATION] > 0.7 * len(consultations)
    urgency = Counter(c.urgency for c in consultations)
    assert urgency[Urgency.NORMAL] > 0.75 * len(consultations)


def test_nothing_generated_waits_for_anyone(people: None) -> None:
    now = timezone.now()
    consultations = _generate()
    urgent = [c for c in consultations if c.is_urgent]
    assert urgent and all(c.urgent_signs for c in urgent)
    assert all(c.received_at < c.acknowledged_at < now for c in urgent)
    for c in consultations:
        referrals = list(c.referrals_sent.all())
        if c.outcome not in (Outcome.TO_AGENCY, Outcome.TO_COORDINATION):
            assert referrals == []
            continue
        [referral] = referrals
        assert referral.status != ReferralStatus.SENT
        assert referral.sender_organization_id == c.organization_id
        assert referral.receiver_organization_id != c.organization_id
        assert c.received_at <= referral.sent_at <= referral.acknowledged_at <= now
        assert [e.kind for e in referral.events.all()][:2] == ["sent", "accepted"]
        if c.outcome == Outcome.TO_COORDINATION:
            assert referral.kind == ReferralKind.COORDINATION
            assert referral.receiver_organization == coordination_organization()
        else:
            assert (referral.kind, referral.person_id) == (ReferralKind.AGENCY, None)
    kinds = Counter(Referral.objects.values_list("status", flat=True))
    assert kinds[ReferralStatus.COMPLETED] > 0


def test_it_writes_no_audit_rows(people: None) -> None:
    before = AuditEvent.objects.count()
    _generate(count=50)
    assert AuditEvent.objects.count() == before


@override_settings(KASANE_ENV="production", PRODUCTION=True)
def test_it_is_refused_in_production() -> None:
    before = Consultation.objects.count()
    with pytest.raises(DemoRefused):
        generate_consultations(10, seed=1)
    assert Consultation.objects.count() == before
