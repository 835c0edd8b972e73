"""Loads the named households and, once, the generated people."""

from __future__ import annotations

import datetime as dt

from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.core.errors import version_of
from kasane.demo import city
from kasane.demo.city.people import HouseholdSpec
from kasane.demo.generators.people import generate_people
from kasane.organizations.models import Area, AreaKind, Organization
from kasane.people import services as people
from kasane.people.models import ConsentState, Household, Person

GENERATED_PEOPLE = 300


DEMO_DATE = dt.date(2026, 4, 1)


def load_households(areas: dict[str, Area]) -> None:
    """The named households of the contract, through the services (so they are audited and
    indexed like any other). A household already present is left as it is."""
    users = {user.username: user for user in User.objects.select_related("organization")}
    admin = users["admin"]
    for spec in city.HOUSEHOLDS:
        actor = users[spec["by"]]
        if Household.objects.filter(organization=actor.organization, name=spec["name"]).exists():
            _record_refusals(actor, spec)
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
            if extra.get("consent") == "refused":
                people.consent_refusal_record(actor=actor, person=person, refused_on=DEMO_DATE)
            elif extra.get("consent"):
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
                # Two people (issue 19): the admin proposes, the coordinator approves.
                for username in extra["restricted"]:
                    grant = people.restriction_grant_propose(
                        actor=admin, person=person, user=users[username], reason="担当者"
                    )
                    people.restriction_grant_approve(actor=users["coordinator"], grant=grant)
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
                people.household_member_update(
                    actor=actor, member=member, loaded_at=version_of(member.updated_at), **values
                )
            else:
                people.household_member_add(
                    actor=actor, household=household, person=person, **values
                )


def _record_refusals(actor: User, spec: HouseholdSpec) -> None:
    """A household loaded before refusals could be recorded gets its members' 同意なし (once)."""
    for family, given, *_, extra in spec["members"]:
        if extra.get("consent") != "refused":
            continue
        person = Person.objects.filter(
            organization=actor.organization, family_name=family, given_name=given
        ).first()
        if person is not None and person.consent_state == ConsentState.UNCONFIRMED:
            people.consent_refusal_record(actor=actor, person=person, refused_on=DEMO_DATE)


def load_generated_people(count: int) -> None:
    """Generated people carry no `created_by`; the named ones always do. Added only once."""
    if count <= 0 or Person.objects.filter(created_by__isnull=True).exists():
        return
    case_work = [Role.CONSULTANT, Role.OUTREACH_WORKER]
    organizations = list(
        Organization.objects.filter(users__role_assignments__role__in=case_work).distinct()
    )
    towns = list(Area.objects.filter(kind=AreaKind.TOWN).order_by("code"))
    generate_people(
        count=count, organizations=organizations, towns=towns, seed=2026, households=True
    )
