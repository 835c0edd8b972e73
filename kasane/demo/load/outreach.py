"""Loads デモ市's アウトリーチ対象 through the outreach services (so they are audited): each
target, its assignments and its attempts, dated in the story's past. A target already present
is left as it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kasane.accounts.models import User
from kasane.demo import city
from kasane.demo.load.story import named_member
from kasane.intake.models import Referral
from kasane.organizations.models import Area, Organization
from kasane.outreach import services
from kasane.outreach.models import OutreachTarget


def load_outreach(now: dt.datetime) -> None:
    users = {user.username: user for user in User.objects.filter(username__in=city.USERS)}
    for spec in city.OUTREACH:
        _load_target(spec, users, now)


def _existing(spec: dict[str, Any]) -> bool:
    if "person" in spec:
        _household, person = named_member(*spec["person"])
        return OutreachTarget.objects.filter(person=person).exists()
    return OutreachTarget.objects.filter(description=spec["description"]).exists()


def _load_target(spec: dict[str, Any], users: dict[str, User], now: dt.datetime) -> None:
    if _existing(spec):
        return
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
            next_contact_on=today + dt.timedelta(days=spec["next_in"]) if last else None,
        )
    if spec.get("review") == "this_month":
        # Due this month whatever day the demo is loaded.
        following = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        OutreachTarget.objects.filter(pk=target.pk).update(
            review_on=min(today + dt.timedelta(days=7), following - dt.timedelta(days=1))
        )
