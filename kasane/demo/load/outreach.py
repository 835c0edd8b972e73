"""Loads デモ市's アウトリーチ対象 through the outreach services (so they are audited): each
target, its assignments and its attempts, the case opened from it and its reviews, dated in the
story's past. A target already present is left as it is, except that its reviews are added
while it has none (a demo loaded before reviews existed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kasane.accounts.models import User
from kasane.cases.models import Case
from kasane.demo import city
from kasane.demo.generators.outreach import generate_outreach
from kasane.demo.load.story import named_member
from kasane.intake.models import Referral
from kasane.organizations.models import Area, Organization
from kasane.outreach import services
from kasane.outreach.models import OutreachTarget
from kasane.outreach.selectors import month_end

# The generated targets of the demo (with `generated` people): a year of closed ones, so that
# the figures have a year to count while the open watch list stays the story's.
GENERATED_TARGETS = 80
GENERATED_ATTEMPTS = 700


def load_outreach(now: dt.datetime) -> None:
    users = {user.username: user for user in User.objects.filter(username__in=city.USERS)}
    for spec in city.OUTREACH:
        target = _existing(spec) or _load_target(spec, users, now)
        if not target.reviews.exists():
            _load_reviews(spec, target, users, timezone.localdate(now))


def _existing(spec: dict[str, Any]) -> OutreachTarget | None:
    if "person" in spec:
        _household, person = named_member(*spec["person"])
        return OutreachTarget.objects.filter(person=person).first()
    return OutreachTarget.objects.filter(description=spec["description"]).first()


def _load_target(spec: dict[str, Any], users: dict[str, User], now: dt.datetime) -> OutreachTarget:
    actor = users[spec["by"]]
    today = timezone.localdate(now)
    person = named_member(*spec["person"])[1] if "person" in spec else None
    referral = (
        Referral.objects.filter(subject_name=spec["referral"]).earliest("pk")
        if "referral" in spec
        else None
    )
    registered_on = today - dt.timedelta(days=spec["registered_days_ago"])
    target = services.target_register(
        actor=actor,
        person=person,
        area=Area.objects.get(name=spec["area"]) if "area" in spec else None,
        description=spec.get("description", ""),
        source=spec["source"],
        referral=referral,
        noticed=spec["noticed"],
        aims=spec["aims"],
        risk=spec["risk"],
        registered_on=registered_on,
    )
    for name, role, worker in spec.get("assign", []):
        services.assignment_add(
            actor=actor,
            target=target,
            organization=Organization.objects.get(name=name),
            worker=users[worker] if worker else None,
            role=role,
            joined_on=registered_on,
        )
    visitor = users[spec.get("visits_by", spec["by"])]
    attempts = spec["attempts"]
    for number, (days_ago, time, method, companion, result, safety, seen) in enumerate(attempts):
        day = today - dt.timedelta(days=days_ago)
        last = number == len(attempts) - 1
        services.attempt_record(
            actor=visitor,
            target=target,
            occurred_at=timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(time))),
            method=method,
            companion=companion,
            result=result,
            safety=safety,
            seen=seen,
            next_step=spec["next_step"] if last else "",
            next_contact_on=_next_contact(spec, today) if last else None,
        )
    if "case" in spec:
        case = Case.objects.filter(main_person=person).earliest("pk")
        services.target_case_opened(actor=actor, target=target, case=case)
    return target


def _next_contact(spec: dict[str, Any], today: dt.date) -> dt.date | None:
    return None if spec["next_in"] is None else today + dt.timedelta(days=spec["next_in"])


def _load_reviews(
    spec: dict[str, Any], target: OutreachTarget, users: dict[str, User], today: dt.date
) -> None:
    """The reviews in the order they were made; "this_month" is due this month whatever day
    the demo is loaded."""
    actor = users[spec.get("visits_by", spec["by"])]
    for days_ago, decision, approach, following, close_reason in spec.get("reviews", []):
        services.target_review(
            actor=actor,
            target=target,
            decision=decision,
            approach=approach,
            close_reason=close_reason,
            reviewed_on=today - dt.timedelta(days=days_ago),
            next_review_on=(
                min(today + dt.timedelta(days=7), month_end(today))
                if following == "this_month"
                else None
            ),
        )


def load_generated_outreach(people: int) -> None:
    """Added once, with the generated people: all closed (the story's targets are the open
    ones on csw's and the coordinator's home pages), none on the outsider's organisation."""
    if people <= 0 or OutreachTarget.objects.count() > len(city.OUTREACH):
        return
    generate_outreach(
        targets=GENERATED_TARGETS,
        attempts=GENERATED_ATTEMPTS,
        seed=2026,
        exclude=(city.USERS["outsider"][1],),
        closed_share=1.0,
    )
