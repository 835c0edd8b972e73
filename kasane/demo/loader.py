"""Loads デモ市 idempotently: running it twice leaves the same city, users and passwords."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from kasane.accounts.models import User, UserRole
from kasane.accounts.roles import Role
from kasane.audit.services import audit_record
from kasane.demo import city
from kasane.organizations.models import Area, AreaKind, Organization
from kasane.people import services as people
from kasane.people.models import Household, Person


class DemoRefused(Exception):
    pass


@dataclass(frozen=True)
class DemoSummary:
    areas: int
    organizations: int
    users: int
    people: int
    households: int


GENERATED_PEOPLE = 300


def load_demo_city(
    *, password: str | None = None, generated: int = GENERATED_PEOPLE
) -> DemoSummary:
    """Create or refresh デモ市. Refused in production: demo users have a known password.
    `generated` fictitious people (in households) are added once, so that lists and search
    are real; the test suite asks for none and works with the named households only."""
    if settings.PRODUCTION:
        raise DemoRefused("KASANE_ENV=production ではデモデータを投入できません。")
    password = password or settings.KASANE_DEMO_PASSWORD
    with transaction.atomic():
        areas = _load_areas()
        organizations = _load_organizations(areas)
        _load_users(organizations, password)
        _load_households(areas)
        _load_generated_people(generated)
        summary = DemoSummary(
            areas=Area.objects.count(),
            organizations=Organization.objects.count(),
            users=User.objects.count(),
            people=Person.objects.count(),
            households=Household.objects.count(),
        )
        audit_record(actor=None, action="demo.load", details=summary.__dict__)
    return summary


def _area(name: str, kana: str, kind: str, parent: Area | None, code: str, order: int) -> Area:
    area, _ = Area.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kana": kana,
            "kind": kind,
            "parent": parent,
            "sort_order": order,
            "is_active": True,
        },
    )
    return area


def _load_areas() -> dict[str, Area]:
    name, kana, code = city.CITY
    city_area = _area(name, kana, AreaKind.CITY, None, code, 0)
    areas = {name: city_area}
    for s, (sphere_name, sphere_kana, districts) in enumerate(city.SPHERES, start=1):
        sphere = _area(sphere_name, sphere_kana, AreaKind.SPHERE, city_area, f"{s:02}", s)
        areas[sphere_name] = sphere
        for d, (district_name, district_kana, towns) in enumerate(districts, start=1):
            district_code = f"{s:02}-{d:02}"
            district = _area(
                district_name, district_kana, AreaKind.DISTRICT, sphere, district_code, d
            )
            areas[district_name] = district
            number = 0
            for town, chome_count in towns:
                for chome in range(1, chome_count + 1):
                    number += 1
                    town_name = f"{town}{chome}丁目"
                    areas[town_name] = _area(
                        town_name,
                        "",
                        AreaKind.TOWN,
                        district,
                        f"{district_code}-{number:02}",
                        number,
                    )
    return areas


def _load_organizations(areas: dict[str, Area]) -> dict[str, Organization]:
    organizations = {}
    for name, kana, kind, fields, programs, area_name, phone in city.ORGANIZATIONS:
        organizations[name], _ = Organization.objects.update_or_create(
            name=name,
            defaults={
                "kana": kana,
                "kind": kind,
                "fields": [str(f) for f in fields],
                "programs": [str(p) for p in programs],
                "area": areas[area_name] if area_name else None,
                "phone": phone,
                "address": f"デモ市役所 {phone[-4:]}" if kind == "city_department" else "",
                "is_active": True,
            },
        )
    return organizations


def _load_users(organizations: dict[str, Organization], password: str) -> None:
    for username, (full_name, organization_name, roles) in city.USERS.items():
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "organization": organizations[organization_name],
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        user.role_assignments.exclude(role__in=roles).delete()
        for role in roles:
            UserRole.objects.get_or_create(user=user, role=role)


DEMO_DATE = dt.date(2026, 4, 1)


def _load_households(areas: dict[str, Area]) -> None:
    """The named households of the contract, through the services (so they are audited and
    indexed like any other). A household already present is left as it is."""
    users = {user.username: user for user in User.objects.select_related("organization")}
    admin = users["admin"]
    for spec in city.HOUSEHOLDS:
        actor = users[spec["by"]]
        if Household.objects.filter(organization=actor.organization, name=spec["name"]).exists():
            continue
        contact = {
            "postal_code": spec["postal_code"],
            "area": areas[spec["town"]],
            "address": spec["address"],
        }
        people_added = []
        for family, given, family_kana, given_kana, sex, born, relation, label, extra in spec[
            "members"
        ]:
            person = Person.objects.filter(
                organization=actor.organization,
                family_name=family,
                given_name=given,
                birth_date=dt.date.fromisoformat(born),
            ).first() or people.person_create(
                actor=actor,
                organization=actor.organization,
                family_name=family,
                given_name=given,
                family_kana=family_kana,
                given_kana=given_kana,
                sex=sex,
                birth_date=dt.date.fromisoformat(born),
                care_level=extra.get("care_level", ""),
                notes=extra.get("notes", ""),
                phone=extra.get("phone", ""),
                **contact,
            )
            if extra.get("consent"):
                people.consent_record(
                    actor=actor,
                    person=person,
                    given_on=DEMO_DATE,
                    method=extra["consent"],
                    all_organizations=True,
                    covers_jusou_meeting=True,
                )
            if extra.get("restricted"):
                people.person_restrict(
                    actor=actor, person=person, since=DEMO_DATE, reason="住民基本台帳の支援措置"
                )
                for username in extra["restricted"]:
                    people.restriction_grant(
                        actor=admin, person=person, user=users[username], reason="担当者"
                    )
            people_added.append((person, relation, label, extra))
        key_person = next(person for person, *_, extra in people_added if extra.get("key"))
        household = people.household_create(
            actor=actor,
            organization=actor.organization,
            key_person=key_person,
            name=spec["name"],
            tags=spec["tags"],
            **contact,
        )
        for person, relation, label, extra in people_added:
            values = {
                "relation": relation,
                "relation_label": label,
                "lives_together": True,
                "is_key_person": bool(extra.get("key")),
                "is_main_carer": bool(extra.get("carer")),
            }
            if extra.get("key"):
                member = household.members.get(person=person)
                people.household_member_update(actor=actor, member=member, **values)
            else:
                people.household_member_add(
                    actor=actor, household=household, person=person, **values
                )


def _load_generated_people(count: int) -> None:
    """Generated people carry no `created_by`; the named ones always do. Added only once."""
    if count <= 0 or Person.objects.filter(created_by__isnull=True).exists():
        return
    # Imported here: the generator refuses production with this module's DemoRefused.
    from kasane.people.generator import generate_people

    case_work = [Role.CONSULTANT, Role.OUTREACH_WORKER]
    organizations = list(
        Organization.objects.filter(users__role_assignments__role__in=case_work).distinct()
    )
    towns = list(Area.objects.filter(kind=AreaKind.TOWN).order_by("code"))
    generate_people(
        count=count, organizations=organizations, towns=towns, seed=2026, households=True
    )
