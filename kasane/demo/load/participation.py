"""Loads デモ市's 参加支援 (issue 16) through the participation and cases services (so it is
audited), dated in the story's past: the team joins and programs it needs, the wishes, the
matches with their stages and follow-ups, and the unmet need. What is already there is left
as it is, so loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kasane.accounts.models import User
from kasane.cases import services as cases
from kasane.cases.models import Case, TeamRole
from kasane.core.errors import version_of
from kasane.demo import city
from kasane.demo.load.story import named_member
from kasane.organizations.models import Area, Organization
from kasane.participation import services
from kasane.participation.models import Match, ParticipationProfile, UnmetNeed
from kasane.resources.models import Service, ServiceCategory

COORDINATOR = "coordinator"


def load_participation(now: dt.datetime) -> None:
    today = timezone.localdate(now)
    users = {user.username: user for user in User.objects.filter(username__in=city.USERS)}
    for household, organization, worker, days_ago in city.PARTICIPATION_TEAM_JOINS:
        _join(users, household, organization, users[worker], today - dt.timedelta(days=days_ago))
    for spec in city.PARTICIPATION_PROFILES:
        _profile(users, spec)
    for spec in city.PARTICIPATION_MATCHES:
        _match(users, spec, today)
    for spec in city.UNMET_NEEDS:
        _unmet_need(users, spec)


def _case(household: str) -> Case:
    """The named household's case (generated households may share the name)."""
    named = next(spec["person"] for spec in city.CASES if spec["household"] == household)
    _household, person = named_member(household, named)
    return Case.objects.filter(household=_household, main_person=person).earliest("pk")


def _join(
    users: dict[str, User], household: str, name: str, worker: User, joined_on: dt.date
) -> None:
    """The organisation joins the team for 参加支援, and the case takes the program."""
    case = _case(household)
    organization = Organization.objects.get(name=name)
    actor = users[COORDINATOR]
    team = case.team.filter(organization=organization, role=TeamRole.PARTICIPATION)
    if not team.filter(left_on__isnull=True).exists():
        cases.team_add(
            actor=actor,
            case=case,
            organization=organization,
            role=TeamRole.PARTICIPATION,
            worker=worker,
            joined_on=joined_on,
        )
    if "participation" not in case.programs:
        case.refresh_from_db()
        cases.case_update(
            actor=actor,
            case=case,
            loaded_at=version_of(case.updated_at),
            programs=sorted([*case.programs, "participation"]),
        )


def _profile(users: dict[str, User], spec: dict[str, Any]) -> None:
    case = _case(spec["household"])
    _household, person = named_member(spec["household"], spec["person"])
    if ParticipationProfile.objects.filter(case=case, person=person).exists():
        return
    values = {name: spec[name] for name in services.PROFILE_FIELDS}
    services.profile_save(actor=users[spec["by"]], case=case, person=person, **values)


def _match(users: dict[str, User], spec: dict[str, Any], today: dt.date) -> None:
    case = _case(spec["household"])
    _household, person = named_member(spec["household"], spec["person"])
    service = Service.objects.get(name=spec["service"])
    if Match.objects.filter(case=case, person=person, service=service).exists():
        return
    actor = users[spec["by"]]
    match = services.match_create(
        actor=actor,
        case=case,
        person=person,
        service=service,
        proposed_on=today - dt.timedelta(days=spec["proposed"]),
        contact_name=spec["contact"],
        notes=spec["notes"],
    )
    for stage, days_ago in spec["stages"]:
        match = services.match_move(
            actor=actor, match=match, to_stage=stage, on=today - dt.timedelta(days=days_ago)
        )
    for kind, days_ago, still_attending, note in spec["follow_ups"]:
        services.follow_up_record(
            actor=actor,
            match=match,
            kind=kind,
            done_on=today - dt.timedelta(days=days_ago),
            still_attending=still_attending,
            note=note,
        )


def _unmet_need(users: dict[str, User], spec: dict[str, Any]) -> None:
    if UnmetNeed.objects.filter(note=spec["note"]).exists():
        return
    services.unmet_need_record(
        actor=users[spec["by"]],
        case=None,
        theme=spec["theme"],
        category=ServiceCategory.objects.get(code=spec["category"]),
        area=Area.objects.get(name=spec["area"]),
        age_band=spec["age_band"],
        note=spec["note"],
    )
