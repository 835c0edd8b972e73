"""Loads デモ市's committees and members, resident helpers and their matches, and a year of
activities (issue 17, "activities") through the community services, so that each is audited.
What is already there is left as it is: loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.community import activity_services as services
from kasane.community.models import Activity, Committee, HelperMatch, ResidentHelper
from kasane.core.japanese import add_months, fiscal_year
from kasane.demo.city import community_activities as facts
from kasane.organizations.models import Area, Organization
from kasane.resources.models import Service


def load_community_activities(now: dt.datetime) -> None:
    today = timezone.localdate(now)
    coordinator = User.objects.get(username="coordinator")
    chiiki = User.objects.get(username="chiiki")
    areas = {area.name: area for area in Area.objects.all()}

    def actor(area: Area) -> User:
        # 東圏域's community worker records her area's; the coordinator the others'.
        return chiiki if access.keeps_area(chiiki, area) else coordinator

    committees = {
        name: _committee(actor(areas[area]), name, kind, areas[area], secretariat)
        for name, (kind, area, secretariat) in facts.COMMITTEES.items()
    }
    for name, members in facts.MEMBERS.items():
        committee = committees[name]
        for member in members:
            _member(actor(committee.area), committee, today, *member)
    helpers = {
        spec[0]: _helper(actor(areas[spec[3]]), areas[spec[3]], today, *spec)
        for spec in facts.HELPERS
    }
    for helper_name, service_name, role, days_ago in facts.HELPER_MATCHES:
        helper = helpers[helper_name]
        _match(actor(helper.area), helper, service_name, role, today - dt.timedelta(days=days_ago))
    _activities(actor, areas, committees, today)


def _committee(actor: User, name: str, kind: str, area: Area, secretariat: str) -> Committee:
    existing = Committee.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return services.committee_create(
        actor=actor,
        name=name,
        kind=kind,
        area=area,
        secretariat=Organization.objects.get(name=secretariat),
        notes="",
        is_active=True,
    )


def _member(
    actor: User,
    committee: Committee,
    today: dt.date,
    name: str,
    kana: str,
    role: str,
    affiliation: str,
    started: int,
    ended: int | None,
    liaison: bool,
) -> None:
    if committee.members.filter(name=name).exists():
        return
    services.member_add(
        actor=actor,
        committee=committee,
        name=name,
        kana=kana,
        role=role,
        affiliation=affiliation,
        term_start=today - dt.timedelta(days=started),
        term_end=today - dt.timedelta(days=ended) if ended is not None else None,
        is_liaison=liaison,
    )


def _helper(
    actor: User,
    area: Area,
    today: dt.date,
    name: str,
    kana: str,
    kind: str,
    _area: str,
    can_do: str,
    days: list[str],
    times: str,
    phone: str,
    registered: int,
) -> ResidentHelper:
    existing = ResidentHelper.objects.filter(name=name, area=area).first()
    if existing is not None:
        return existing
    return services.helper_register(
        actor=actor,
        name=name,
        kana=kana,
        kind=kind,
        area=area,
        can_do=can_do,
        days=days,
        times=times,
        phone=phone,
        registered_on=today - dt.timedelta(days=registered),
        is_active=True,
        notes="",
    )


def _match(
    actor: User, helper: ResidentHelper, service_name: str, role: str, started_on: dt.date
) -> None:
    service = Service.objects.get(name=service_name)
    if HelperMatch.objects.filter(helper=helper, service=service).exists():
        return
    services.helper_match(
        actor=actor,
        helper=helper,
        service=service,
        project=None,
        role=role,
        started_on=started_on,
    )


def _record(actor: User, values: dict[str, Any], organizations: list[str]) -> None:
    if Activity.objects.filter(
        title=values["title"], held_on=values["held_on"], area=values["area"]
    ).exists():
        return
    services.activity_record(
        actor=actor,
        organizations=Organization.objects.filter(name__in=organizations),
        **values,
    )


def _activities(
    actor: Any, areas: dict[str, Area], committees: dict[str, Committee], today: dt.date
) -> None:
    for name, area_name, people, new, before in facts.GATHERINGS:
        service, area = Service.objects.get(name=name), areas[area_name]
        for months in range(12):
            held_on = add_months(today, -months) - dt.timedelta(days=before)
            values = _values(f"{name} {held_on.month}月", "gathering", area, held_on)
            values |= {
                "service": service,
                "participants": people + months % 3,
                "new_participants": new if months % 4 == 0 else 0,
            }
            _record(actor(area), values, facts.GATHERING_ORGANIZATIONS)
    for spec in facts.ACTIVITIES:
        area = areas[spec["area"]]
        values = _values(
            spec["title"], spec["kind"], area, today - dt.timedelta(days=spec["days_ago"])
        )
        values |= {
            "committee": committees.get(spec["committee"]),
            "place": spec["place"],
            "participants": spec["participants"],
            "new_participants": spec["new"],
        }
        _record(actor(area), values, spec["organizations"])
    for committee in committees.values():
        for days_ago in range(facts.COMMITTEE_FIRST_DAYS_AGO, -1, -facts.COMMITTEE_EVERY_DAYS):
            held_on = today - dt.timedelta(days=days_ago)
            values = _values(f"{committee.name} 定例会", "committee", committee.area, held_on)
            values |= {
                "committee": committee,
                "participants": facts.COMMITTEE_PARTICIPANTS,
                "new_participants": 0,
            }
            _record(
                actor(committee.area),
                values,
                [committee.secretariat.name] if committee.secretariat else [],
            )
    spec = facts.EAST_VISION_MEETING
    month, day = spec["month_day"]
    held_on = dt.date(fiscal_year(today) - 1, month, day)
    area = areas[spec["area"]]
    values = _values(spec["title"], spec["kind"], area, held_on)
    values |= {
        "committee": committees[spec["committee"]],
        "place": spec["place"],
        "participants": spec["participants"],
        "new_participants": spec["new"],
        "note": spec["note"],
    }
    _record(actor(area), values, spec["organizations"])


def _values(title: str, kind: str, area: Area, held_on: dt.date) -> dict[str, Any]:
    return {
        "title": title,
        "kind": kind,
        "area": area,
        "held_on": held_on,
        "service": None,
        "place": "",
        "committee": None,
        "project": None,
        "participants": 0,
        "new_participants": 0,
        "note": "",
    }
