"""Builders of the outreach tests: a target on csw's list, an attempt an hour ago."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kasane.accounts.models import User
from kasane.organizations.models import Area
from kasane.outreach import services
from kasane.outreach.models import ContactAttempt, OutreachTarget
from tests.builders import an_hour_ago


def unidentified(actor: User, **values: object) -> OutreachTarget:
    """「北町3丁目のアパート2階の高齢男性、氏名不明」, on the actor's organisation's list."""
    return services.target_register(
        actor=actor,
        source=values.pop("source", "community"),
        area=values.pop("area", None) or Area.objects.get(name="北町3丁目"),
        description="アパート2階の高齢男性、氏名不明",
        noticed="新聞が何日もたまっている",
        aims=["safety"],
        **values,
    )


def attempt(actor: User, target: OutreachTarget, result: str, **values: object):
    values.setdefault("occurred_at", an_hour_ago())
    values.setdefault("method", "visit")
    return services.attempt_record(actor=actor, target=target, result=result, **values)


# When the running test began (tests/outreach/conftest.py): what it records comes after, the
# demo's watch list before.
STARTED = {"at": timezone.now()}


def new_targets() -> Any:
    """The targets the running test registered."""
    return OutreachTarget.objects.filter(created_at__gte=STARTED["at"])


def new_attempts(target: OutreachTarget | None = None) -> Any:
    """The attempts the running test recorded (on `target`)."""
    attempts = ContactAttempt.objects.filter(created_at__gte=STARTED["at"])
    return attempts if target is None else attempts.filter(target=target)
