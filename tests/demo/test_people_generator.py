"""Generated people: deterministic, indexed exactly as person_create indexes, found by search,
grouped into sensible households, and never in production."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.demo.generators import people as generator
from kasane.demo.generators.people import (
    SURNAME_TABLE,
    PeopleFactory,
    consultation_organizations,
    demo_towns,
    generate_people,
)
from kasane.demo.guard import DemoRefused
from kasane.people.keys import name_grams, person_keys
from kasane.people.models import Household, HouseholdMember, NameGram, Person, Relation
from kasane.people.selectors import PersonCriteria, search_people

pytestmark = pytest.mark.django_db


def _generate(count: int = 300, *, seed: int = 7, households: bool = True) -> list[Person]:
    last = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    inserted = generate_people(
        count=count,
        organizations=consultation_organizations(),
        towns=demo_towns(),
        seed=seed,
        households=households,
        batch_size=100,
    )
    assert inserted == count
    return list(Person.objects.filter(pk__gt=last).order_by("pk"))


def _names_of_a_run(seed: int) -> list[tuple[str, str, dt.date | None]]:
    with transaction.atomic():
        people = _generate(seed=seed)
        transaction.set_rollback(True)
    return [(p.family_name, p.given_name, p.birth_date) for p in people]


def test_it_gives_the_same_people_for_the_same_seed() -> None:
    first = _names_of_a_run(seed=7)
    assert len(first) == 300
    assert _names_of_a_run(seed=7) == first
    assert _names_of_a_run(seed=8) != first


def test_it_inserts_exactly_the_count_asked_for() -> None:
    assert len(_generate(count=123, households=True)) == 123


def test_every_person_has_the_keys_and_index_rows_person_create_gives() -> None:
    people = _generate()
    rows: dict[int, dict[str, int]] = {}
    for row in NameGram.objects.filter(person__in=people):
        rows.setdefault(row.person_id, {})[row.gram] = row.rank
        person = next(p for p in people if p.pk == row.person_id)
        assert (row.organization_id, row.kana_key) == (person.organization_id, person.kana_key)
    for person in people:
        keys = person_keys(
            family_name=person.family_name,
            given_name=person.given_name,
            family_kana=person.family_kana,
            given_kana=person.given_kana,
            phone=person.phone,
            address=person.address,
        )
        assert {name: getattr(person, name) for name in keys} == keys
        assert rows[person.pk] == name_grams(keys)


def test_search_finds_a_generated_person_by_the_first_two_kana_of_the_surname(
    coordinator: User,
) -> None:
    person = _generate(count=50, households=False)[17]
    criteria = PersonCriteria(name=person.family_kana[:2])
    number, found = 1, []
    while True:
        page = search_people(coordinator, criteria, page=number)
        found += page.people
        if not page.has_next:
            break
        number += 1
    assert person in found


def test_households_have_one_key_person_whose_relation_is_self() -> None:
    people = _generate()
    households = Household.objects.filter(members__person__in=people).distinct()
    assert households.count() > 20
    for household in households:
        members = list(household.members.select_related("person"))
        assert 1 <= len(members) <= 5
        keys = [member for member in members if member.is_key_person]
        assert [member.relation for member in keys] == [Relation.SELF]
        assert [m.relation for m in members].count(Relation.SELF) == 1
        assert household.name == f"{keys[0].person.family_name}家"


def test_relatives_have_sensible_ages() -> None:
    members = HouseholdMember.objects.filter(person__in=_generate()).select_related(
        "person", "household"
    )
    key_year = {m.household_id: m.person.birth_date.year for m in members if m.is_key_person}
    for member in members:
        gap = member.person.birth_date.year - key_year[member.household_id]
        if member.relation == Relation.CHILD:
            assert gap >= 20
        elif member.relation in (Relation.MOTHER, Relation.FATHER):
            assert gap <= -25
        elif member.relation == Relation.SPOUSE:
            assert abs(gap) <= 5


def test_people_are_registered_by_the_organisations_that_do_case_work(houkatsu: User) -> None:
    people = _generate()
    allowed = {organization.pk for organization in consultation_organizations()}
    assert {person.organization_id for person in people} <= allowed
    assert sum(person.organization_id == houkatsu.organization_id for person in people) > 20


def test_it_writes_no_audit_rows() -> None:
    before = AuditEvent.objects.count()
    _generate(count=20)
    assert AuditEvent.objects.count() == before


def test_surnames_are_heavy_tailed_with_variant_spellings() -> None:
    factory = PeopleFactory(
        seed=1, organization_ids=[1], towns=[(1, "東町1丁目")], now=dt.datetime.now(dt.UTC)
    )
    names = [factory.family().name for _ in range(20_000)]
    sato = names.count("佐藤") / len(names)
    assert 0.013 < sato < 0.021
    assert names.count("髙橋") > 0
    assert len(SURNAME_TABLE.items) > 1000


def test_the_command_prints_the_count() -> None:
    out = StringIO()
    call_command("generate_people", "--count", "20", "--seed", "3", stdout=out)
    assert "20人を生成しました" in out.getvalue()


@override_settings(KASANE_ENV="production", PRODUCTION=True)
def test_it_is_refused_in_production() -> None:
    before = Person.objects.count()
    with pytest.raises(CommandError, match="KASANE_ENV=production"):
        call_command("generate_people", "--count", "5", stdout=StringIO())
    with pytest.raises(DemoRefused):
        _generate(count=5)
    assert Person.objects.count() == before


def test_the_command_asks_for_the_demo_city_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from kasane.demo.management.commands import generate_people as command

    monkeypatch.setattr(command, "consultation_organizations", lambda: [])
    with pytest.raises(CommandError, match="load_demo"):
        call_command("generate_people", "--count", "5", stdout=StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and index rebuild")
def test_a_fast_load_rebuilds_the_same_indexes_and_foreign_keys() -> None:
    def definitions() -> list[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_indexdef(indexrelid), '' FROM pg_index"
                " WHERE indrelid IN ('people_person'::regclass, 'people_namegram'::regclass)"
                " UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid IN ('people_person'::regclass, 'people_namegram'::regclass)"
                " ORDER BY 1"
            )
            return cursor.fetchall()

    before = definitions()
    with generator._FastIndexes():
        assert len(definitions()) < len(before)
    assert definitions() == before
