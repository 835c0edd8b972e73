"""Where a consultation or case counts (kasane.intake.areas, kasane.cases.areas): stored on the
record by the services when its person or household is set, filled on old rows by the data
migrations, and not moved by a later move."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from kasane.accounts.models import User
from kasane.cases.models import Case
from kasane.core.errors import version_of
from kasane.demo.generators.cases import generate_cases
from kasane.demo.generators.intake import generate_consultations
from kasane.demo.generators.people import consultation_organizations, demo_towns, generate_people
from kasane.intake import services
from kasane.intake.areas import placed_area
from kasane.intake.models import Consultation, Outcome
from kasane.organizations.models import Area
from kasane.people.models import Household, HouseholdMember, Person
from tests.builders import open_case

pytestmark = pytest.mark.django_db


def _town(name: str) -> Area:
    return Area.objects.get(name=name)


def _person(actor: User, town: Area | None) -> Person:
    return Person.objects.create(
        organization=actor.organization, family_name="地域", given_name="花子", area=town
    )


def _household(actor: User, town: Area | None, *people: Person) -> Household:
    household = Household.objects.create(organization=actor.organization, name="地域家", area=town)
    for person in people:
        HouseholdMember.objects.create(household=household, person=person, relation="self")
    return household


def _consult(actor: User, **values: Any) -> Consultation:
    fields: dict[str, Any] = {
        "received_at": timezone.now() - dt.timedelta(hours=1),
        "route": "visit",
        "consulter_relation": "self",
        "summary": "地域の確かめ",
        "consent": "oral",
        "outcome": Outcome.HANDLED,
    }
    return services.consultation_create(actor=actor, **{**fields, **values})


def test_a_consultation_counts_in_its_persons_area_else_its_households(houkatsu: User) -> None:
    person = _person(houkatsu, _town("旭町1丁目"))
    household = _household(houkatsu, _town("桜台1丁目"), person)
    placed = _consult(houkatsu, person=person, household=household)
    placed.refresh_from_db()
    assert (placed.area, placed.area_code) == (_town("旭町1丁目"), _town("旭町1丁目").code)

    homeless = _person(houkatsu, None)  # no 町丁目 of their own: the household's
    by_household = _consult(
        houkatsu, person=homeless, household=_household(houkatsu, _town("桜台1丁目"), homeless)
    )
    assert by_household.area == _town("桜台1丁目")

    anonymous = _consult(houkatsu)
    anonymous.refresh_from_db()
    assert (anonymous.area, anonymous.area_code) == (None, "")


def test_a_household_set_later_places_it_and_a_later_move_does_not(houkatsu: User) -> None:
    anonymous = _consult(houkatsu)
    household = _household(houkatsu, _town("西町1丁目"))
    services.consultation_update(
        actor=houkatsu,
        consultation=anonymous,
        loaded_at=version_of(anonymous.updated_at),
        issues=[],
        main_issue=None,
        household=household,
    )
    anonymous.refresh_from_db()
    assert (anonymous.area, anonymous.area_code) == (_town("西町1丁目"), _town("西町1丁目").code)

    person = _person(houkatsu, _town("旭町1丁目"))
    earlier = _consult(houkatsu, person=person)
    Person.objects.filter(pk=person.pk).update(area=_town("西町2丁目"))  # they moved
    earlier.refresh_from_db()
    assert earlier.area == _town("旭町1丁目")  # counted where they lived when they came


def test_a_case_counts_in_its_households_area(coordinator: User) -> None:
    case = open_case(coordinator)
    case.refresh_from_db()
    assert case.household is not None and case.household.area is not None
    assert (case.area, case.area_code) == (case.household.area, case.household.area.code)


def test_the_data_migrations_fill_old_rows_by_the_same_rule(houkatsu: User) -> None:
    person = _person(houkatsu, None)
    household = _household(houkatsu, _town("旭町2丁目"), person)
    old = _consult(houkatsu, person=person, household=household)
    Consultation.objects.filter(pk=old.pk).update(area=None, area_code="")  # before the field
    case = open_case(User.objects.get(username="coordinator"))
    Case.objects.filter(pk=case.pk).update(area=None, area_code="")

    for module in (
        "kasane.intake.migrations.0008_fill_consultation_areas",
        "kasane.cases.migrations.0007_fill_case_areas",
    ):
        importlib.import_module(module).fill(apps, None)

    old.refresh_from_db()
    case.refresh_from_db()
    assert (old.area, old.area_code) == (_town("旭町2丁目"), _town("旭町2丁目").code)
    assert case.household is not None
    assert case.area == case.household.area and case.area_code == case.household.area.code


def test_generated_consultations_and_cases_are_placed_like_the_services_place_them() -> None:
    generate_people(
        count=200,
        organizations=consultation_organizations(),
        towns=demo_towns(),
        seed=7,
        households=True,
    )
    generate_consultations(40, seed=7)
    generate_cases(20, seed=7)
    consultations = Consultation.objects.filter(created_by=None).select_related(
        "person__area", "household__area"
    )
    cases = Case.objects.filter(created_by=None).select_related(
        "household__area", "main_person__area"
    )
    assert any(c.area_id for c in consultations) and any(c.area_id for c in cases)
    for consultation in consultations:
        expected = placed_area(consultation.person, consultation.household)
        assert consultation.area == expected
        assert consultation.area_code == (expected.code if expected else "")
    for case in cases:
        expected = placed_area(case.household, case.main_person)
        assert (case.area, case.area_code) == (expected, expected.code if expected else "")
