"""Loads the named consultations and つなぐシート and, once, the generated consultations."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from kasane.accounts.models import User
from kasane.core.japanese import (
    add_business_days,
    business_days_between,
    is_business_day,
)
from kasane.demo import city
from kasane.demo.generators.intake import generate_consultations
from kasane.demo.load.story import (
    business_days_before,
    meeting_day,
    meeting_spec,
    named_member,
    time_on,
)
from kasane.intake import services as intake
from kasane.intake.codes import ensure_default_issue_codes
from kasane.intake.models import (
    Consultation,
    IssueCode,
    Referral,
    ReferralEvent,
)

# Added with the generated people: about two a day at the windows over a year.
GENERATED_CONSULTATIONS = 800


# The named sheets are sent with a fixed submission key, so a second load finds them.
SHEET_KEY_NAMESPACE = uuid.UUID("5c0d1e6a-3f0b-4a8e-9d61-6b8f0c2a7e11")


CONSULTATION_VALUES = (
    "route",
    "consulter_relation",
    "consulter_name",
    "summary",
    "consent",
    "outcome_note",
)


def load_intake(now: dt.datetime) -> None:
    """The named consultations and sheets of the contract, through the services (so they are
    audited), then moved back to their place in the story: the services stamp the current
    time, the story happened over the last weeks. A record already present is left as it is."""
    # A flushed test database has lost the checklist that migration 0002 loaded.
    ensure_default_issue_codes()
    users = {user.username: user for user in User.objects.select_related("organization")}
    for spec in city.CONSULTATIONS:
        _load_consultation(spec, users, now)
    for spec in city.SHEETS:
        _load_sheet(spec, users, now)


def _when(spec: dict[str, Any], now: dt.datetime) -> dt.datetime:
    """`hours_ago`, or `time` on the latest business day at least `days_ago` days and
    `business_days_ago` business days before today, or `business_days` before the day of the
    meeting named by `before_meeting`."""
    if "hours_ago" in spec:
        return now - dt.timedelta(hours=spec["hours_ago"])
    today = timezone.localdate(now)
    if "before_meeting" in spec:
        day = meeting_day(meeting_spec(spec["before_meeting"])["when"], today)
        return time_on(business_days_before(day, spec["business_days"]), spec["time"], now)
    day = today - dt.timedelta(days=spec["days_ago"])
    while not is_business_day(day) or business_days_between(day, today) < spec.get(
        "business_days_ago", 0
    ):
        day -= dt.timedelta(days=1)
    return time_on(day, spec["time"], now)


def _load_consultation(spec: dict[str, Any], users: dict[str, User], now: dt.datetime) -> None:
    actor = users[spec["by"]]
    if Consultation.objects.filter(created_by=actor, summary=spec["summary"]).exists():
        return
    household, person = named_member(spec["household"], spec["person"])
    codes = IssueCode.objects.in_bulk(spec["issues"], field_name="name")
    received_at = _when(spec["received"], now)
    consultation = intake.consultation_create(
        actor=actor,
        person=person,
        household=household,
        issues=[codes[name] for name in spec["issues"]],
        main_issue=codes[spec["main_issue"]],
        outcome=spec["outcome"],
        received_at=received_at,
        urgent_signs=spec.get("urgent_signs", []),
        **{name: spec[name] for name in CONSULTATION_VALUES},
    )
    # What it was passed on with left the office an hour after the consultation.
    for referral in consultation.referrals_sent.all():
        sent_at = min(received_at + dt.timedelta(hours=1), now)
        times = {ReferralEvent.Kind.SENT: sent_at}
        _accept(referral, spec, users, times, now)
        backdate_referral(referral, times)


def _load_sheet(spec: dict[str, Any], users: dict[str, User], now: dt.datetime) -> None:
    actor = users[spec["by"]]
    sheet, created = intake.sheet_submit(
        actor=actor,
        submission_key=uuid.uuid5(SHEET_KEY_NAMESPACE, f"{spec['by']}/{spec['subject_name']}"),
        **{name: spec[name] for name in intake.SHEET_FIELDS},
    )
    if not created:
        return
    times = {ReferralEvent.Kind.SENT: _when(spec["sent"], now)}
    _accept(sheet, spec, users, times, now)
    backdate_referral(sheet, times)


def _accept(
    referral: Referral,
    spec: dict[str, Any],
    users: dict[str, User],
    times: dict[ReferralEvent.Kind, dt.datetime],
    now: dt.datetime,
) -> None:
    """The receiver's 受理 (`acknowledged`) and the person it linked the referral to."""
    acknowledged = spec.get("acknowledged")
    if not acknowledged:
        return
    receiver = users[acknowledged["by"]]
    intake.referral_acknowledge(actor=receiver, referral=referral)
    sent_on = timezone.localdate(times[ReferralEvent.Kind.SENT])
    day = add_business_days(sent_on, acknowledged["business_days_later"])
    times[ReferralEvent.Kind.ACCEPTED] = time_on(day, acknowledged["time"], now)
    if spec.get("link_person"):
        _, person = named_member(*spec["link_person"])
        intake.referral_link_person(actor=receiver, referral=referral, person=person)
        linked_at = times[ReferralEvent.Kind.ACCEPTED] + dt.timedelta(minutes=10)
        times[ReferralEvent.Kind.PERSON_LINKED] = min(linked_at, now)


def backdate_referral(referral: Referral, times: dict[ReferralEvent.Kind, dt.datetime]) -> None:
    """Move a referral's steps (by event kind) back to when they happen in the story. The
    audit rows keep the real time of loading."""
    fields = {"sent_at": times[ReferralEvent.Kind.SENT]}
    if ReferralEvent.Kind.ACCEPTED in times:
        fields["acknowledged_at"] = times[ReferralEvent.Kind.ACCEPTED]
    if ReferralEvent.Kind.COMPLETED in times:
        fields["closed_at"] = times[ReferralEvent.Kind.COMPLETED]
    Referral.objects.filter(pk=referral.pk).update(**fields)
    for kind, at in times.items():
        ReferralEvent.objects.filter(referral=referral, kind=kind).update(at=at)


def load_generated_consultations(people: int) -> None:
    """Generated consultations carry no `created_by`; the named ones always do. Added once,
    with the generated people they may be about."""
    if people <= 0 or Consultation.objects.filter(created_by__isnull=True).exists():
        return
    generate_consultations(GENERATED_CONSULTATIONS, seed=2026)
