"""Loads デモ市 idempotently: running it twice leaves the same city, users and passwords.

One module per domain, called here in the order the story needs; `load_demo_city` is the one
entry point (the load_demo command, the test suite's fixtures and the browser tests use it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.cases.models import Case
from kasane.demo.guard import refuse_in_production
from kasane.demo.load.cases import GENERATED_CASES, load_cases, load_generated_cases
from kasane.demo.load.community_activities import load_community_activities
from kasane.demo.load.community_issues import load_community_issues
from kasane.demo.load.community_map import load_community_map
from kasane.demo.load.community_profiles import load_community_profiles
from kasane.demo.load.intake import (
    GENERATED_CONSULTATIONS,
    load_generated_consultations,
    load_intake,
)
from kasane.demo.load.meetings import (
    GENERATED_MEETING_MONTHS,
    load_generated_meetings,
    load_meeting_bodies,
    load_meeting_targets,
    load_meetings,
)
from kasane.demo.load.notices import load_notices
from kasane.demo.load.organizations import load_areas, load_organizations
from kasane.demo.load.outreach import load_generated_outreach, load_outreach
from kasane.demo.load.participation import load_participation
from kasane.demo.load.people import GENERATED_PEOPLE, load_generated_people, load_households
from kasane.demo.load.plan import load_plan
from kasane.demo.load.resources import load_resources
from kasane.demo.load.users import load_users
from kasane.intake.models import Consultation, Referral
from kasane.meetings.models import Meeting
from kasane.organizations.models import Area, Organization
from kasane.people.models import Household, Person

__all__ = [
    "GENERATED_CASES",
    "GENERATED_CONSULTATIONS",
    "GENERATED_MEETING_MONTHS",
    "GENERATED_PEOPLE",
    "DemoSummary",
    "load_demo_city",
]


@dataclass(frozen=True)
class DemoSummary:
    areas: int
    organizations: int
    users: int
    people: int
    households: int
    consultations: int
    referrals: int
    cases: int
    meetings: int


def load_demo_city(
    *, password: str | None = None, generated: int = GENERATED_PEOPLE
) -> DemoSummary:
    """Create or refresh デモ市. Refused in production: demo users have a known password.
    `generated` fictitious people (in households), and with them a year of consultations,
    cases in every status and monthly 支援会議, are added once, so that lists and search are
    real; the test suite asks for none and works with the named records only."""
    refuse_in_production(action="デモデータを投入")
    password = password or settings.KASANE_DEMO_PASSWORD
    started = timezone.now()
    with transaction.atomic():
        areas = load_areas()
        organizations = load_organizations(areas)
        load_users(organizations, password)
        load_households(areas)
        load_generated_people(generated)
        load_intake(timezone.now())
        load_generated_consultations(generated)
        # Before the cases: 田中家's plan is approved at a 重層的支援会議 of the register.
        load_meeting_bodies()
        load_cases(timezone.now())
        load_meetings(timezone.now())
        load_outreach(timezone.now())
        load_meeting_targets()
        load_resources(timezone.now())
        load_community_activities(timezone.now())
        # After the cases and the directory: matches name both.
        load_participation(timezone.now())
        load_community_map()
        load_generated_cases(generated)
        load_generated_outreach(generated)
        load_generated_meetings(generated, timezone.now())
        load_community_issues(timezone.now())  # after participation's unmet need, the meetings
        load_community_profiles()
        load_plan(timezone.now())
        load_notices(timezone.now(), since=started)
        summary = DemoSummary(
            areas=Area.objects.count(),
            organizations=Organization.objects.count(),
            users=User.objects.count(),
            people=Person.objects.count(),
            households=Household.objects.count(),
            consultations=Consultation.objects.count(),
            referrals=Referral.objects.count(),
            cases=Case.objects.count(),
            meetings=Meeting.objects.count(),
        )
        audit_record(actor=None, action="demo.load", details=summary.__dict__)
    return summary
